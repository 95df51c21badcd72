// Web Push for this phone (notices/push.py): subscribe through the service worker with the portal's VAPID key,
// send the subscription to the portal; turning it off unsubscribes and tells the portal.
(function () {
  var box = document.getElementById("push");
  if (!box) { return; }
  var on = box.querySelector("[data-push=on]");
  var off = box.querySelector("[data-push=off]");
  var status = box.querySelector("[data-push-status]");

  function say(key, text) { status.textContent = text || status.getAttribute("data-" + key) || ""; }
  function key() {
    var raw = box.getAttribute("data-key").replace(/-/g, "+").replace(/_/g, "/");
    var padded = raw + "===".slice((raw.length + 3) % 4);
    var bytes = atob(padded);
    var out = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) { out[i] = bytes.charCodeAt(i); }
    return out;
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": box.getAttribute("data-csrf")},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.detail || ""); }
        return data;
      });
    });
  }
  function shown(subscribed) { on.hidden = subscribed; off.hidden = !subscribed; }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    on.disabled = true;
    say("unsupported");
    return;
  }
  navigator.serviceWorker.ready.then(function (registration) {
    return registration.pushManager.getSubscription();
  }).then(function (subscription) { shown(!!subscription); });

  on.addEventListener("click", function () {
    on.disabled = true;
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { throw new Error(status.getAttribute("data-denied")); }
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      return registration.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: key()});
    }).then(function (subscription) {
      return post(box.getAttribute("data-subscribe"), subscription.toJSON());
    }).then(function (data) {
      shown(true);
      say(null, data.detail);
    }).catch(function (error) {
      say("failed", error && error.message);
    }).then(function () { on.disabled = false; });
  });

  off.addEventListener("click", function () {
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) { return {detail: ""}; }
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return post(box.getAttribute("data-unsubscribe"), {endpoint: endpoint});
      });
    }).then(function (data) {
      shown(false);
      say(null, data.detail);
    }).catch(function () { say("failed"); });
  });
})();
