// The connection banner. "Offline — reconnecting…" as soon as the device says it is offline (the
// offline event) or the circuit is down; Blazor notices a dead connection by the circuit's heartbeat
// (the server pings every few seconds, app.js gives up waiting after SERVER_TIMEOUT_MS). When both are
// back, the page catches up (the layout reloads the workspace) and says "Live" for a moment.
// "Connection lost. Reload" when Blazor stopped retrying.
(() => {
  'use strict';

  const LIVE_SHOWN_MS = 2500;
  const CIRCUIT_DOWN = ['components-reconnect-show', 'components-reconnect-retrying'];
  const CIRCUIT_FAILED = ['components-reconnect-failed', 'components-reconnect-paused',
    'components-reconnect-resume-failed', 'components-reconnect-rejected'];

  let banner = null;
  let dotnet = null;
  let shown = '';
  let liveTimer = 0;
  let wasDown = false;

  function circuitState() {
    const classes = banner.classList;
    if (CIRCUIT_FAILED.some((c) => classes.contains(c))) return 'failed';
    if (CIRCUIT_DOWN.some((c) => classes.contains(c))) return 'down';
    return 'up';
  }

  function show(state) {
    if (state === shown) return;
    shown = state;
    banner.dataset.state = state;
    document.documentElement.dataset.connection = state === 'offline' || state === 'failed' ? 'offline' : 'online';
    // The banner's text for screen readers, once per change (a live region that is always there).
    const announcer = document.getElementById('connection-announcer');
    const text = banner.querySelector(`.connection-${state}`);
    if (announcer) announcer.textContent = text ? text.textContent.trim() : '';
  }

  async function catchUp() {
    try {
      if (dotnet) await dotnet.invokeMethodAsync('CatchUpAsync');
    } catch {
      // The circuit went down again meanwhile: the next change starts over.
      return;
    }
    if (wasDown || !navigator.onLine || circuitState() !== 'up') return;
    show('live');
    clearTimeout(liveTimer);
    liveTimer = setTimeout(() => { if (shown === 'live') show(''); }, LIVE_SHOWN_MS);
  }

  function update() {
    if (!banner) return;
    const circuit = circuitState();
    if (circuit === 'failed') {
      wasDown = true;
      show('failed');
    } else if (circuit === 'down' || !navigator.onLine) {
      wasDown = true;
      clearTimeout(liveTimer);
      show('offline');
    } else if (wasDown) {
      wasDown = false;
      catchUp();
    }
  }

  window.DeskMirrorConnection = {
    start() {
      banner = document.getElementById('components-reconnect-modal');
      if (!banner) return;
      new MutationObserver(update).observe(banner, { attributes: true, attributeFilter: ['class'] });
      window.addEventListener('offline', update);
      window.addEventListener('online', update);
      update();
    },
    // The layout's handle: CatchUpAsync reloads what the page shows once the connection is back.
    attach(reference) {
      dotnet = reference;
    },
  };
})();
