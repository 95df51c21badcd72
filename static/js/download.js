// An export starts a background job and opens its page: one tap is enough, so the button waits once pressed.
document.querySelectorAll("form[data-export]").forEach(function (form) {
  form.addEventListener("submit", function () {
    var button = form.querySelector("button");
    if (button) button.disabled = true;
    var note = document.getElementById("download-wait");
    if (note) note.classList.remove("d-none");
  });
});
// Coming back to this page (the browser's Back keeps it as it was): the buttons work again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-export] button").forEach(function (button) { button.disabled = false; });
  var note = document.getElementById("download-wait");
  if (note) note.classList.add("d-none");
});
