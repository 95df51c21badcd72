/* Uploads on a slow link (issue: a day on the phone).
 * - A photo larger than 1600 px or than the limit is shrunk in the browser (canvas → JPEG) before it is sent;
 *   the server still checks and re-encodes everything, and without JavaScript its limit still applies.
 * - A file over the limit is refused at once, not after minutes of sending.
 * - A form sending files shows how much has been sent; a lost connection keeps the page as it was.
 * Messages come translated from <body data-upload-*>. */
(function () {
  "use strict";
  var body = document.body;
  function say(name, values) {
    var text = body.getAttribute("data-upload-" + name) || "";
    Object.keys(values || {}).forEach(function (key) { text = text.split("{" + key + "}").join(values[key]); });
    return text;
  }
  function megabytes(bytes) { return (bytes / 1048576).toFixed(1).replace(".", ","); }
  function note(input, text, bad) {
    var box = input.parentNode.querySelector(".upload-note");
    if (!box) {
      box = document.createElement("div");
      box.className = "upload-note small mt-1";
      box.setAttribute("role", "status");
      input.parentNode.appendChild(box);
    }
    box.className = "upload-note small mt-1 " + (bad ? "text-danger" : "text-success");
    box.textContent = text;
  }

  function shrink(file, side) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) { return Promise.resolve(file); }
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.size < 1048576) { return file; }
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          if (!blob || blob.size >= file.size) { resolve(file); return; }
          resolve(new File([blob], file.name.replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg" }));
        }, "image/jpeg", 0.85);
      });
    }).catch(function () { return file; });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]") || !input.files.length) { return; }
    var limit = parseInt(input.getAttribute("data-max-bytes"), 10);
    var side = parseInt(input.getAttribute("data-max-side") || "0", 10);
    var original = input.files[0];
    (side ? shrink(original, side) : Promise.resolve(original)).then(function (file) {
      if (file !== original && window.DataTransfer) {
        var transfer = new DataTransfer();
        transfer.items.add(file);
        input.files = transfer.files;
        note(input, say("shrunk", { before: megabytes(original.size) + " MB", after: megabytes(file.size) + " MB" }));
      }
      if (file.size > limit) {
        note(input, say("too-large", { size: megabytes(file.size), max: megabytes(limit) }), true);
        input.value = "";
      }
      input.dispatchEvent(new CustomEvent("upload-ready", { bubbles: true }));
    });
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.enctype !== "multipart/form-data" || !window.FormData || !window.XMLHttpRequest) { return; }
    var files = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (i) { return i.files.length; });
    if (!files) { return; }
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
    var bar = form.querySelector("progress.upload-progress");
    if (!bar) {
      bar = document.createElement("progress");
      bar.className = "upload-progress w-100 mt-2";
      bar.max = 100;
      form.appendChild(bar);
    }
    var buttons = form.querySelectorAll("button[type=submit]");
    buttons.forEach(function (b) { b.disabled = true; });
    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.upload.onprogress = function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round(100 * e.loaded / e.total);
        bar.textContent = say("sending", { percent: bar.value });
      }
    };
    request.onload = function () {
      // The page the server answered (after a redirect: the next page, whose messages the request already
      // consumed, so it is shown as received rather than loaded again), at its own address.
      var address = request.responseURL || window.location.href;
      document.open();
      document.write(request.responseText);
      document.close();
      if (address !== window.location.href) { window.history.replaceState(null, "", address); }
    };
    request.onerror = function () {
      buttons.forEach(function (b) { b.disabled = false; });
      bar.remove();
      window.alert(say("failed"));
    };
    request.send(data);
  });
})();
