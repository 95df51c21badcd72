/* The installable app: register the service worker (/sw.js), which keeps static files and shows an offline page;
 * it never keeps pages, which hold one person's data. */
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(function () { /* the site works without it */ });
}
