// DeskMirror's service worker, served at /sw.js so its scope is the whole app. It shows Web Push
// messages as notifications, opens the session a notification is about, and answers a page load that
// cannot reach the server with the cached "desktop not reachable" page. It caches only that page and
// the notification icons: never a session, an API answer or any other page, so nothing shown offline
// can be stale. The server writes its build into VERSION, so an upgrade installs a fresh copy.
'use strict';

const VERSION = '__DESKMIRROR_VERSION__';
const SHELL = `deskmirror-shell-${VERSION}`;
const OFFLINE = '/offline';
const ICON = '/pwa/icon-192.png';
const BADGE = '/pwa/badge-96.png';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    // 'reload' skips the HTTP cache: the shell is what this server serves now.
    await cache.addAll([OFFLINE, ICON, BADGE].map((url) => new Request(url, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('deskmirror-shell-') && name !== SHELL) await caches.delete(name);
    }
    if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    await self.clients.claim();
  })());
});

// Only page loads are answered here, and only from the network; everything else is not touched.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.mode !== 'navigate' || request.method !== 'GET') return;
  event.respondWith((async () => {
    try {
      return (await event.preloadResponse) || await fetch(request);
    } catch {
      return (await caches.match(OFFLINE, { cacheName: SHELL })) || Response.error();
    }
  })());
});

// A path on this origin; anything else opens the app's start page.
function localPath(url) {
  try {
    const target = new URL(typeof url === 'string' ? url : '/', self.location.origin);
    return target.origin === self.location.origin ? target.pathname + target.search + target.hash : '/';
  } catch {
    return '/';
  }
}

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const title = typeof data.title === 'string' && data.title ? data.title : 'DeskMirror';
  const body = typeof data.message === 'string' && data.message ? data.message : (typeof data.reason === 'string' ? data.reason : '');
  const sessionId = typeof data.sessionId === 'string' ? data.sessionId : null;
  event.waitUntil(self.registration.showNotification(title, {
    body,
    // One notification per session: a repeat replaces the last one and alerts again.
    tag: sessionId ? `session-${sessionId}` : 'deskmirror',
    renotify: true,
    icon: ICON,
    badge: BADGE,
    data: { url: localPath(data.url), sessionId },
  }));
});

// Focuses a window already on the page, else turns an open DeskMirror window to it, else opens one.
async function openPage(path) {
  const url = new URL(path, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const already = windows.find((client) => client.url === url);
  if (already) return already.focus();
  for (const client of windows) {
    if (new URL(client.url).origin !== self.location.origin) continue;
    try {
      // navigate() answers with the window as it is after the load, which is the one to focus.
      const moved = await client.navigate(url);
      if (moved) {
        await moved.focus().catch(() => undefined);
        return moved;
      }
    } catch {
      // A window this worker does not control cannot be navigated from here; try the next.
    }
  }
  return self.clients.openWindow(url);
}

// The session a notification is about opens with its line box ready for an answer (?reply=1).
function replyPath(path) {
  const target = new URL(path, self.location.origin);
  target.searchParams.set('reply', '1');
  return target.pathname + target.search + target.hash;
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  event.waitUntil(openPage(replyPath(localPath(data.url))));
});
