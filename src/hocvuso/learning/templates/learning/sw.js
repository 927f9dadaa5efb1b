{% load static %}/* hocvuso: keeps every learning page once opened, so it reads with no connection. */
"use strict";
// v2: drops what v1 kept of pages now marked no-store.
const CACHE = "hocvuso-learn-v2";
const OFFLINE = "{% url 'learning:offline' %}";
const STATIC = "{% get_static_prefix %}";
const SHELL = [OFFLINE, "{% static 'hocvuso/site.css' %}", "{% static 'learning/learn.js' %}",
  "{% static 'learning/textsize.js' %}"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

// A response marked no-store shows someone's own data (their account, their household):
// it is never kept on the phone, where the next person to pick it up would read it.
function keep(request, response) {
  const personal = /no-store/.test(response.headers.get("Cache-Control") || "");
  if (response.ok && response.type === "basic" && !personal) {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // The network first, so a learner online always sees their latest progress.
    event.respondWith(
      fetch(request)
        .then((response) => keep(request, response))
        .catch(() => caches.match(request).then((hit) => hit || caches.match(OFFLINE)))
    );
  } else if (url.pathname.startsWith(STATIC)) {
    // Styles, script and drawings: from the phone at once, refreshed behind the scenes.
    event.respondWith(
      caches.match(request).then((hit) => {
        const fresh = fetch(request).then((response) => keep(request, response));
        return hit || fresh;
      })
    );
  }
});
