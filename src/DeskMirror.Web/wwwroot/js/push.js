// Web Push for this device: registers the service worker (/sw.js) and turns notifications on or off.
// Service workers and push need a secure context (https:, or http://127.0.0.1 and localhost); on plain
// http: over the LAN the page says why notifications are unavailable. The Razor component
// NotificationsButton calls DeskMirrorPush.state(), enable() and disable(), which answer with one of:
// 'insecure', 'unsupported', 'denied', 'off', 'on', 'failed'.
(() => {
  'use strict';

  const ID_KEY = 'deskmirror.push.subscriptionId';

  function missing() {
    if (!window.isSecureContext) return 'insecure';
    if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return 'unsupported';
    return null;
  }

  const register = () => navigator.serviceWorker.register('/sw.js', { scope: '/' });

  async function current() {
    const registration = await navigator.serviceWorker.getRegistration('/');
    const subscription = registration ? await registration.pushManager.getSubscription() : null;
    return { registration, subscription };
  }

  async function serverKey() {
    const response = await fetch('/push/key', { credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) throw new Error(`GET /push/key answered ${response.status}`);
    return (await response.json()).publicKey;
  }

  function toBase64Url(buffer) {
    let text = '';
    for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // A subscription for this server's current key: after the server made new keys, the device subscribes anew.
  async function subscribe(registration, key) {
    let subscription = await registration.pushManager.getSubscription();
    const made = subscription && subscription.options.applicationServerKey;
    if (subscription && (!made || toBase64Url(made) !== key)) {
      await subscription.unsubscribe();
      subscription = null;
    }
    return subscription || registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  }

  async function save(subscription) {
    const response = await fetch('/push/subscription', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(subscription),
    });
    if (!response.ok) throw new Error(`POST /push/subscription answered ${response.status}`);
    localStorage.setItem(ID_KEY, (await response.json()).id);
  }

  async function state() {
    const reason = missing();
    if (reason) return reason;
    if (Notification.permission === 'denied') return 'denied';
    const { subscription } = await current();
    return subscription && Notification.permission === 'granted' && localStorage.getItem(ID_KEY) ? 'on' : 'off';
  }

  async function enable() {
    const reason = missing();
    if (reason) return reason;
    const permission = await Notification.requestPermission();
    if (permission === 'denied') return 'denied';
    if (permission !== 'granted') return 'off';
    try {
      const registration = await register();
      await navigator.serviceWorker.ready;
      await save(await subscribe(registration, await serverKey()));
      return 'on';
    } catch (error) {
      console.warn('DeskMirror: notifications could not be turned on:', error);
      return 'failed';
    }
  }

  async function disable() {
    const id = localStorage.getItem(ID_KEY);
    localStorage.removeItem(ID_KEY);
    if (missing()) return 'off';
    const { subscription } = await current();
    if (id) {
      await fetch(`/push/subscription/${encodeURIComponent(id)}`, { method: 'DELETE', credentials: 'same-origin' }).catch(() => undefined);
    }
    if (subscription) await subscription.unsubscribe().catch(() => false);
    return 'off';
  }

  // On every page load: keep the server's copy of this device's subscription current.
  async function refresh() {
    if (Notification.permission !== 'granted' || !localStorage.getItem(ID_KEY)) return;
    const { registration } = await current();
    if (registration) await save(await subscribe(registration, await serverKey()));
  }

  // The path a notification opens: the session, with its line box ready for an answer.
  function replyPath(path) {
    const target = new URL(path, window.location.origin);
    target.searchParams.set('reply', '1');
    return target.pathname + target.search;
  }

  // The desktop page's own notification when a session needs its person. The tag is the one the service worker
  // gives a push about the same session, so a device that also gets the push sees one notification, not two.
  // Answers whether one was shown: without permission the page's "Needs you" list is all there is.
  async function showAttention(notice) {
    if (!('Notification' in window) || Notification.permission !== 'granted') return false;
    if (document.visibilityState === 'visible' && document.hasFocus() && window.location.pathname === notice.url) return false;
    const options = {
      body: notice.body,
      tag: `session-${notice.sessionId}`,
      icon: '/pwa/icon-192.png',
      badge: '/pwa/badge-96.png',
      data: { url: notice.url, sessionId: notice.sessionId },
    };
    try {
      const registration = window.isSecureContext && 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration('/') : null;
      if (registration && registration.active) {
        await registration.showNotification(notice.title, options);
        return true;
      }
      const shown = new Notification(notice.title, options);
      shown.onclick = () => {
        shown.close();
        window.focus();
        window.location.assign(replyPath(notice.url));
      };
      return true;
    } catch (error) {
      console.warn('DeskMirror: the notification could not be shown:', error);
      return false;
    }
  }

  window.DeskMirrorPush = { state, enable, disable, showAttention };
  // The worker also serves the offline page, so it is registered wherever it can run, push or not.
  if (window.isSecureContext && 'serviceWorker' in navigator) {
    register()
      .then(() => (missing() ? undefined : refresh()))
      .catch((error) => console.warn('DeskMirror: service worker or push refresh failed:', error));
  }
})();
