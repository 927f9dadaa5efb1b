/* hocvuso: keeps the pages of {{ scope }} on the phone, so they open with no connection. */
"use strict";
const CACHE = "{{ cache }}";
const OFFLINE = "{{ offline }}";
const STATIC = "{{ static_prefix }}";
const SHELL = {{ shell_json|safe }};
// "network": pages from the network first, the phone's copy when there is none (learning,
// so a learner online always sees their latest progress). "shell": the scope's own page
// (OFFLINE) holds no one's data (the volunteer app) and is answered from the phone at once;
// its other pages come from the network first.
const NAVIGATE = "{{ navigate }}";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  const mine = (key) => key.startsWith(CACHE.replace(/-v[^-]*$/, "-v"));
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE && mine(key)).map((key) => caches.delete(key))))
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
  if (request.mode === "navigate" && NAVIGATE === "shell" && url.pathname === OFFLINE) {
    event.respondWith(caches.match(OFFLINE).then((hit) => hit || fetch(request)));
  } else if (request.mode === "navigate") {
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
