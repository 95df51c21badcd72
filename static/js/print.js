/* A "Print" button (data-print) opens the browser's print dialog; the print stylesheet lays the page out on A4. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
