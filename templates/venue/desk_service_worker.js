/* The check-in desk's service worker (served by venue/views_offline.py beside the desk page,
   so that its scope is this desk). The desk page: from the network, from the cache when the
   network is down; the static files it uses: from the cache, refreshed from the network. The
   offline list, the queue and every other request go to the network untouched. */
"use strict";

const CACHE = "taskforce-desk-v1";
const DESK_URL = new URL("./", self.location).pathname;

function staticUrls(html) {
  const urls = new Set();
  const pattern = /(?:src|href)="(\/static\/[^"]+)"/g;
  let match;
  while ((match = pattern.exec(html)) !== null) {
    urls.add(match[1].replace(/&amp;/g, "&"));
  }
  return Array.from(urls);
}

async function cacheDesk() {
  const cache = await caches.open(CACHE);
  const response = await fetch(DESK_URL, { credentials: "same-origin", redirect: "follow" });
  if (!response.ok || response.redirected) {
    return;
  }
  const html = await response.clone().text();
  await cache.put(DESK_URL, response);
  await Promise.all(
    staticUrls(html).map((url) => cache.add(url).catch(() => undefined))
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(cacheDesk().catch(() => undefined).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name)))
      )
      .then(() => self.clients.claim())
  );
});

async function deskPage(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected && new URL(request.url).search === "") {
      await cache.put(DESK_URL, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await cache.match(DESK_URL);
    if (cached) {
      return cached;
    }
    throw error;
  }
}

async function staticFile(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  const fresh = fetch(request)
    .then((response) => {
      if (response.ok) {
        cache.put(request, response.clone());
      }
      return response;
    })
    .catch(() => undefined);
  return cached || (await fresh) || Response.error();
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate" && url.pathname === DESK_URL) {
    event.respondWith(deskPage(request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFile(request));
  }
});
