/* Forms that never lose work: what is typed in a form marked data-keep-draft is kept in this browser
 * (localStorage, under the signed-in user and the form) and offered back after a reload or a dropped
 * connection. Nothing is sent anywhere; logging out forgets every kept draft on this phone. */
(function () {
  "use strict";
  var body = document.body;
  var user = body.getAttribute("data-user");
  var PREFIX = "draft:";
  if (!window.localStorage) { return; }

  function text(name, values) {
    var value = body.getAttribute("data-draft-" + name) || "";
    Object.keys(values || {}).forEach(function (k) { value = value.split("{" + k + "}").join(values[k]); });
    return value;
  }
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "version" && el.type !== "file" &&
        el.type !== "submit" && el.type !== "hidden" && el.type !== "button";
    });
  }
  function read(form) {
    var values = {};
    fields(form).forEach(function (el) {
      var key = el.name + (el.type === "radio" || el.type === "checkbox" ? "=" + el.value : "");
      values[key] = el.type === "radio" || el.type === "checkbox" ? el.checked : el.value;
    });
    // A chosen photo cannot be kept in the browser: only which boxes had one, to say so when restoring.
    var photos = Array.prototype.filter.call(form.elements, function (el) {
      return el.type === "file" && el.files && el.files.length;
    }).map(function (el) { return el.name; });
    if (photos.length) { values["__photos"] = photos; }
    return values;
  }
  function askForPhotos(form, names) {
    (names || []).forEach(function (name) {
      var input = form.elements[name];
      if (!input || input.parentNode.querySelector(".draft-photo-lost")) { return; }
      var note = document.createElement("div");
      note.className = "draft-photo-lost text-danger small mt-1";
      note.setAttribute("role", "status");
      note.textContent = text("photo");
      input.insertAdjacentElement("afterend", note);
    });
  }
  function write(form, values) {
    fields(form).forEach(function (el) {
      var key = el.name + (el.type === "radio" || el.type === "checkbox" ? "=" + el.value : "");
      if (!(key in values)) { return; }
      if (el.type === "radio" || el.type === "checkbox") { el.checked = values[key]; } else { el.value = values[key]; }
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  document.querySelectorAll("form[data-keep-draft]").forEach(function (form) {
    if (!user) { return; }
    var key = PREFIX + user + ":" + form.getAttribute("data-keep-draft");
    var kept = null;
    try { kept = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { kept = null; }
    var onPage = read(form);
    if (kept && same(kept.values, onPage)) { localStorage.removeItem(key); kept = null; }  // sent, or nothing new
    if (kept) {
      var box = document.createElement("div");
      box.className = "alert alert-warning d-flex flex-wrap gap-2 align-items-center";
      box.setAttribute("role", "status");
      box.id = "draft-found";
      var when = new Date(kept.at);
      var label = document.createElement("span");
      label.className = "me-auto";
      label.textContent = text("found", { when: when.toLocaleString("vi-VN") });
      var restore = document.createElement("button");
      restore.type = "button";
      restore.className = "btn btn-sm btn-doan";
      restore.textContent = text("restore");
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "btn btn-sm btn-outline-secondary";
      discard.textContent = text("discard");
      restore.addEventListener("click", function () {
        write(form, kept.values);
        askForPhotos(form, kept.values["__photos"]);
        box.remove();
      });
      discard.addEventListener("click", function () { localStorage.removeItem(key); box.remove(); });
      box.append(label, restore, discard);
      form.parentNode.insertBefore(box, form);
    }
    var timer = null;
    function keep() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var values = read(form);
        if (same(values, onPage)) { localStorage.removeItem(key); return; }
        try { localStorage.setItem(key, JSON.stringify({ at: Date.now(), values: values })); } catch (e) { /* full */ }
      }, 400);
    }
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
  });

  document.querySelectorAll("form[data-forget-drafts]").forEach(function (form) {
    form.addEventListener("submit", function () {
      Object.keys(localStorage).forEach(function (k) { if (k.indexOf(PREFIX) === 0) { localStorage.removeItem(k); } });
    });
  });
})();
