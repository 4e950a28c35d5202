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

  window.DeskMirrorPush = { state, enable, disable };
  // The worker also serves the offline page, so it is registered wherever it can run, push or not.
  if (window.isSecureContext && 'serviceWorker' in navigator) {
    register()
      .then(() => (missing() ? undefined : refresh()))
      .catch((error) => console.warn('DeskMirror: service worker or push refresh failed:', error));
  }
})();
