{% load static %}/* The portal's service worker (served at /sw.js so that it covers the whole site).
 * Static files: kept after the first load (their names change with their content in production).
 * Pages: always from the network, never kept — they hold one person's data; when the network is gone the
 * offline page (which holds no one's data) is shown instead. Nothing else is cached. */
"use strict";
var CACHE = "can-bo-doan-{{ version }}";
var OFFLINE = "{% url 'common:offline' %}";
var ASSETS = [
  OFFLINE,
  "{% static 'vendor/bootstrap/bootstrap.min.css' %}",
  "{% static 'css/site.css' %}",
  "{% static 'css/widths.css' %}",
  "{% static 'css/print.css' %}",
  "{% static 'vendor/bootstrap/bootstrap.bundle.min.js' %}",
  "{% static 'js/uploads.js' %}",
  "{% static 'js/drafts.js' %}",
  "{% static 'js/pwa.js' %}",
  "{% static 'js/errors.js' %}",
  "{% static 'icons/icon-192.png' %}"
];
var STATIC_PREFIX = "{% get_static_prefix %}";
var KEEP_STATIC = {{ keep_static|yesno:"true,false" }};

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(KEEP_STATIC ? ASSETS : [OFFLINE]); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () { return caches.match(OFFLINE); }));
    return;
  }
  if (KEEP_STATIC && url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(request).then(function (kept) {
        return kept || fetch(request).then(function (response) {
          if (response.ok) { cache.put(request, response.clone()); }
          return response;
        });
      });
    }));
  }
});

// Web Push (notices/push.py): a notice on the lock screen; a tap opens its page.
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {title: event.data && event.data.text()}; }
  event.waitUntil(self.registration.showNotification(data.title || "Cán bộ Đoàn", {
    body: data.body || "",
    icon: "{% static 'icons/icon-192.png' %}",
    data: {url: data.url || "/"}
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(self.clients.matchAll({type: "window"}).then(function (windows) {
    for (var i = 0; i < windows.length; i++) {
      if (new URL(windows[i].url).pathname === url && "focus" in windows[i]) { return windows[i].focus(); }
    }
    return self.clients.openWindow(url);
  }));
});
