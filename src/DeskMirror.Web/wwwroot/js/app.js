// DeskMirror page script: starts Blazor with patient reconnection and offers the clipboard helper.
// The terminal lives in terminal.js (an ES module loaded by the session view).
(() => {
  'use strict';

  // Retry quickly at first, then every 5 s, for about an hour (a laptop lid, a phone in a pocket).
  const MAX_RETRIES = 720;
  const retryDelay = (attempt) => Math.min(500 * attempt, 5000);

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

  window.DeskMirror = {
    start() {
      watchReconnectModal();
      Blazor.start({
        circuit: { reconnectionOptions: { maxRetries: MAX_RETRIES, retryIntervalMilliseconds: retryDelay } },
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
  };
})();
