// Exports take a few seconds to build before the download starts: say so, so nobody clicks twice.
document.querySelectorAll("a[data-download]").forEach(function (link) {
  link.addEventListener("click", function () {
    var note = document.getElementById("download-wait");
    if (!note) return;
    note.classList.remove("d-none");
    window.setTimeout(function () { note.classList.add("d-none"); }, 8000);
  });
});
