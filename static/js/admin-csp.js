// The admin runs under a Content-Security-Policy without inline scripts. django-import-export's export
// page still wires its "select all" box with an inline onchange attribute, which the policy blocks:
// the same handler is attached here instead.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input.select-toggle").forEach((box) => {
    if (typeof window.onSelectToggleChange === "function") {
      box.addEventListener("change", window.onSelectToggleChange);
    }
  });
});
