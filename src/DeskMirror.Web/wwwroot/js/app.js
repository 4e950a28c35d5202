// DeskMirror page script: starts Blazor with patient reconnection and a heartbeat deadline, and offers
// the clipboard and focus helpers the components call. The terminal lives in terminal.js (an ES module
// loaded by the session view), the connection banner in connection.js.
(() => {
  'use strict';

  // Retry quickly at first, then every 5 s, for about an hour (a laptop lid, a phone in a pocket).
  const MAX_RETRIES = 720;
  const retryDelay = (attempt) => {
    checkSignedIn();
    return Math.min(500 * attempt, 5000);
  };

  // A connection may drop because this browser's sign-in ended (the desktop sent this device away, or the
  // password changed): then every reconnection is refused with 401 and would be retried for an hour. A small
  // signed-in request tells; on 401 the page reloads, and the server sends it to the sign-in page. Offline or a
  // restarting server answers nothing, and retrying goes on.
  let checking = false;
  async function checkSignedIn() {
    if (checking) return;
    checking = true;
    try {
      const response = await fetch('/ui/img/icon.svg', { method: 'HEAD', cache: 'no-store', credentials: 'same-origin' });
      if (response.status === 401) location.reload();
    } catch {
      // No answer: not signed out, just not reachable yet.
    } finally {
      checking = false;
    }
  }
  // The server pings the circuit every 4 s (UiHosting.CircuitKeepAlive); a connection silent for this
  // long is dead, even when the device still believes it is online (a Wi-Fi that went away quietly).
  const SERVER_TIMEOUT_MS = 10000;

  function watchReconnectModal() {
    const modal = document.getElementById('components-reconnect-modal');
    if (!modal) return;
    // The server no longer knows this circuit (it restarted): a fresh page catches up at once.
    new MutationObserver(() => {
      if (modal.classList.contains('components-reconnect-rejected')) location.reload();
    }).observe(modal, { attributes: true, attributeFilter: ['class'] });
  }

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Plain http on a LAN address is not a secure context: fall back to a selection copy.
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      let ok = false;
      try { ok = document.execCommand('copy'); } catch { ok = false; }
      area.remove();
      return ok;
    }
  }

  const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), '
    + 'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

  // Opens a <dialog> as a modal: the browser moves focus in, makes the page behind it inert and closes it
  // on Escape. Tab and Shift-Tab wrap around inside it rather than leaving for the browser's own UI.
  function showModal(dialog) {
    if (!dialog || dialog.open) return;
    dialog.showModal();
    // A click on the backdrop (the dialog box itself, outside its content) closes it too.
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener('keydown', (event) => {
      if (event.key !== 'Tab') return;
      const inside = [...dialog.querySelectorAll(TABBABLE)].filter((el) => el.checkVisibility ? el.checkVisibility() : el.getClientRects().length > 0);
      if (inside.length === 0) return;
      const first = inside[0];
      const last = inside[inside.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    });
  }

  // A non-modal popup (the status popover): Escape or focus moving elsewhere in the page closes it.
  // Focuses `focusTarget` once the listeners are in place. Returns a handle whose dispose() removes them.
  function dismissable(element, reference, focusTarget) {
    const onKey = (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        reference.invokeMethodAsync('Dismiss', true);
      }
    };
    const onFocusOut = (event) => {
      // After the focus has landed; leaving the window (another app) keeps the popup open.
      setTimeout(() => {
        if (!event.target.isConnected && element.contains(event.relatedTarget || element)) {
          // The focused control went away with what it acted on (a revoked device's row): stay open, focus inside.
          element.querySelector('[role=dialog]')?.focus();
          return;
        }
        if (document.hasFocus() && !element.contains(document.activeElement)) reference.invokeMethodAsync('Dismiss', false);
      }, 0);
    };
    element.addEventListener('keydown', onKey);
    element.addEventListener('focusout', onFocusOut);
    focusTarget?.focus();
    return {
      dispose() {
        element.removeEventListener('keydown', onKey);
        element.removeEventListener('focusout', onFocusOut);
      },
    };
  }

  // Moves focus to the first element matching one of the selectors, in order; false when none is there.
  // An element that is not focusable by itself (a heading) becomes focusable by script only.
  function focusFirst(selectors) {
    for (const selector of selectors) {
      const element = document.querySelector(selector);
      if (element) {
        if (element.tabIndex < 0 && !element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
        element.focus();
        return true;
      }
    }
    return false;
  }

  // Browser notifications the page shows itself (a new device on the desktop). Not when this browser gets Web Push:
  // its service worker shows the same message.
  function notificationPermission() {
    return 'Notification' in window ? Notification.permission : 'unsupported';
  }

  async function requestNotificationPermission() {
    return 'Notification' in window ? Notification.requestPermission() : 'unsupported';
  }

  async function notifyDevice(title, body, tag) {
    if (notificationPermission() !== 'granted') return false;
    try {
      if (window.DeskMirrorPush && await window.DeskMirrorPush.state() === 'on') return false;
    } catch {
      // Push state unknown: show it here.
    }
    new Notification(title, { body, tag, icon: '/pwa/icon-192.png' });
    return true;
  }

  window.DeskMirror = {
    start() {
      watchReconnectModal();
      window.DeskMirrorConnection?.start();
      Blazor.start({
        circuit: {
          reconnectionOptions: { maxRetries: MAX_RETRIES, retryIntervalMilliseconds: retryDelay },
          configureSignalR: (builder) => builder.withServerTimeout(SERVER_TIMEOUT_MS),
        },
      });
      // Back from the background (phones freeze tabs): try at once instead of waiting for the next retry.
      document.addEventListener('visibilitychange', () => {
        const modal = document.getElementById('components-reconnect-modal');
        if (document.visibilityState === 'visible' && modal && modal.classList.contains('components-reconnect-failed')) {
          Blazor.reconnect();
        }
      });
    },
    copy,
    showModal,
    dismissable,
    focusFirst,
    notificationPermission,
    requestNotificationPermission,
    notifyDevice,
  };
})();
