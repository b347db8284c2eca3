// Biurko's service worker: caches the app shell and static assets, and shows an offline page
// ("Brak połączenia") when the network is gone. Live pages and the websocket are never cached:
// Biurko's data always comes fresh from the server.
const CACHE = 'biurko-shell-v1';
const SHELL = ['/offline', '/static/icon-192.png', '/static/icon-512.png',
               '/static/apple-touch-icon.png', '/manifest.webmanifest'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/_nicegui_ws') || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match('/offline')));
    return;
  }
  if (url.pathname.startsWith('/static/') || url.pathname.startsWith('/_nicegui/')) {
    // Static assets: cache first, filled on first use (NiceGUI's bundles are versioned URLs).
    event.respondWith(caches.open(CACHE).then((cache) => cache.match(request).then((hit) =>
      hit || fetch(request).then((response) => {
        if (response.ok) cache.put(request, response.clone());
        return response;
      }))));
  }
});
