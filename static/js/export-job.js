// The export job's page follows the job: asks its status every 1.5 s (less often while the connection is down),
// moves the bar, and shows the download link when the file is ready.
(function () {
  var box = document.getElementById("export-job");
  if (!box || box.dataset.status === "done" || box.dataset.status === "failed") return;
  var bar = box.querySelector("progress");
  var label = box.querySelector("[data-label]");
  var rows = box.querySelector("[data-rows]");
  var delay = 1500;

  function show(state) {
    bar.value = state.percent;
    label.textContent = state.label;
    rows.textContent = state.total
      ? " · " + box.dataset.rowsText.replace("__W__", state.written.toLocaleString("vi-VN"))
          .replace("__T__", state.total.toLocaleString("vi-VN"))
      : "";
    box.dataset.status = state.status;
    if (state.status === "done") {
      box.querySelector("[data-file]").href = state.url;
      box.querySelector("[data-ready]").hidden = false;
    }
    if (state.status === "failed") box.querySelector("[data-failed]").hidden = false;
    var wait = box.querySelector("[data-wait]");
    if (wait && (state.status === "done" || state.status === "failed")) wait.hidden = true;
    return state.status === "done" || state.status === "failed";
  }

  function ask() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) {
        delay = 1500;
        if (!show(state)) window.setTimeout(ask, delay);
      })
      .catch(function () {
        label.textContent = box.dataset.offlineText;
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(ask, delay);
      });
  }
  window.setTimeout(ask, 800);
})();
