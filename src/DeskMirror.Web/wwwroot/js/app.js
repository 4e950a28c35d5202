// DeskMirror page script: starts Blazor with patient reconnection and a heartbeat deadline, and offers
// the clipboard and focus helpers the components call. The terminal lives in terminal.js (an ES module
// loaded by the session view), the connection banner in connection.js.
(() => {
  'use strict';

  // Retry quickly at first, then every 5 s, for about an hour (a laptop lid, a phone in a pocket).
  const MAX_RETRIES = 720;
  const retryDelay = (attempt) => Math.min(500 * attempt, 5000);
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
  // Returns a handle whose dispose() removes the listeners.
  function dismissable(element, reference) {
    const onKey = (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        reference.invokeMethodAsync('Dismiss', true);
      }
    };
    const onFocusOut = () => {
      // After the focus has landed; leaving the window (another app) keeps the popup open.
      setTimeout(() => {
        if (document.hasFocus() && !element.contains(document.activeElement)) reference.invokeMethodAsync('Dismiss', false);
      }, 0);
    };
    element.addEventListener('keydown', onKey);
    element.addEventListener('focusout', onFocusOut);
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
  };
})();
