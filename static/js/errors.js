// After a refused send the page comes back at its top while the box to fix may be far below (a phone scrolls
// 2,500 px to reach it): take the person to the first marked box, or else to the form's message, and focus it.
(function () {
  function showFirstError() {
    var field = document.querySelector("form .is-invalid");
    var target = field || document.querySelector("form .alert-danger");
    if (!target) return;
    target.scrollIntoView({ block: "center", behavior: "instant" }); // not Bootstrap's smooth scroll: at once
    if (field) {
      field.setAttribute("aria-invalid", "true");
      field.focus({ preventScroll: true });
    }
  }
  // After the whole page has loaded: the browser's own scroll restoration and late images would move it again.
  if (document.readyState === "complete") showFirstError();
  else window.addEventListener("load", showFirstError);
})();
