// One session's terminal: xterm.js renders the session's stream (terminal-stream.js: a snapshot of the
// screen, then live output, flow-controlled). The desktop fits the grid to its box and reports the size
// (the PTY follows); a mirror keeps the session's grid and shows it in one of its views (terminal-views.js).

import { SessionStream } from './terminal-stream.js';
import { TerminalViews } from './terminal-views.js';

const FIT_DEBOUNCE_MS = 80;
const BASE_FONT_PX = 14;
// Input typed while a send is in flight is joined into the next one, so order is kept without a
// round trip per key; this caps one send.
const MAX_INPUT_CHARS = 16 * 1024;
// Esc, then Esc again within this time, moves focus out of the terminal (the documented way out).
const LEAVE_WINDOW_MS = 500;
// A touch fling keeps scrolling at this share of its speed per frame, until slower than FLING_STOP_PX.
const FLING_DECAY = 0.94;
const FLING_STOP_PX = 0.5;
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), '
  + 'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

const THEME = {
  background: '#0b0f14', foreground: '#d7dde5', cursor: '#2dd4bf', cursorAccent: '#0b0f14',
  selectionBackground: '#2dd4bf55',
  black: '#1b2129', red: '#f47067', green: '#57d38c', yellow: '#e5c07b', blue: '#6cb6ff',
  magenta: '#dcbdfb', cyan: '#56d4dd', white: '#d7dde5',
  brightBlack: '#5c6773', brightRed: '#ff938a', brightGreen: '#8ddb8c', brightYellow: '#f0d58c',
  brightBlue: '#96d0ff', brightMagenta: '#e2c5ff', brightCyan: '#76e3ea', brightWhite: '#ffffff',
};

// Keyboard: Esc twice within LEAVE_WINDOW_MS moves focus to the next control after the terminal (the
// first Esc still reaches the session at once, as TUIs expect). A read-only terminal lets Tab and
// Shift-Tab through as well, since it has no use for them.
function addKeyboardExit(view) {
  let lastEscape = -Infinity;
  view.term.attachCustomKeyEventHandler((event) => {
    if (event.type !== 'keydown') return true;
    if (event.key === 'Tab' && !view.options.canType) return false;
    const plainEscape = event.key === 'Escape' && !event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey;
    if (!plainEscape) {
      lastEscape = -Infinity;
      return true;
    }
    if (event.timeStamp - lastEscape <= LEAVE_WINDOW_MS) {
      lastEscape = -Infinity;
      event.preventDefault();
      focusOutside(view.frame);
      return false;
    }
    lastEscape = event.timeStamp;
    return true;
  });
}

// The next focusable control after the element in document order, else the last one before it.
function focusOutside(element) {
  const candidates = [...document.querySelectorAll(FOCUSABLE)].filter((el) => !element.contains(el)
    && (el.checkVisibility ? el.checkVisibility({ visibilityProperty: true }) : el.getClientRects().length > 0)
    && !el.closest('[inert]'));
  const after = candidates.find((el) => element.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  const target = after ?? candidates.filter((el) => element.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING).pop();
  target?.focus();
}

// Screen readers: the terminal's input is named in the page's language and described by the visible
// hint that tells the way out.
function describeInput(view) {
  const textarea = view.term.textarea;
  if (textarea && view.options.hintId) textarea.setAttribute('aria-describedby', view.options.hintId);
}

// Touch: a vertical swipe scrolls the scrollback (in a mirror's Read view, first the frame over the grid), a
// sideways one pans the Read view, and a fling carries on and slows down. A pinch is the Read view's font,
// never the page's zoom (touch-action: none on the host, see app.css). xterm.js has a touch handler of its own (listening on
// the document, with its own inertia): the touches stop here, so one gesture has one scroller, and nothing
// carries the view on after a tap on jump-to-latest.
function enableTouchScroll(view) {
  const host = view.host;
  let lastY = null;
  let lastX = 0;
  let lastTime = 0;
  let speed = 0;
  let speedX = 0;
  let carry = 0;
  const lineHeight = () => {
    const screen = host.querySelector('.xterm-screen');
    const height = screen ? screen.getBoundingClientRect().height / view.term.rows : 0;
    return height > 0 ? height : BASE_FONT_PX;
  };
  const scrollBy = (pixels) => {
    if (view.views) pixels = view.views.panVertically(pixels);
    carry += pixels;
    const lines = Math.trunc(carry / lineHeight());
    if (lines !== 0) {
      view.term.scrollLines(lines);
      carry -= lines * lineHeight();
    }
  };
  host.addEventListener('touchstart', (event) => {
    event.stopPropagation();
    cancelAnimationFrame(view.flingFrame);
    view.frame.dataset.fling = 'false';
    if (view.views?.pinchStart(event)) {
      lastY = null;
      return;
    }
    lastY = event.touches.length === 1 ? event.touches[0].clientY : null;
    lastX = event.touches.length === 1 ? event.touches[0].clientX : 0;
    lastTime = event.timeStamp;
    speed = 0;
    speedX = 0;
    carry = 0;
  }, { passive: true });
  host.addEventListener('touchmove', (event) => {
    event.stopPropagation();
    if (view.views?.pinchMove(event)) {
      event.preventDefault();
      return;
    }
    if (lastY === null || event.touches.length !== 1) return;
    const y = event.touches[0].clientY;
    const x = event.touches[0].clientX;
    const elapsed = Math.max(1, event.timeStamp - lastTime);
    speed = (lastY - y) / elapsed;
    speedX = (lastX - x) / elapsed;
    scrollBy(lastY - y);
    view.views?.panHorizontally(lastX - x);
    lastY = y;
    lastX = x;
    lastTime = event.timeStamp;
  }, { passive: false });
  host.addEventListener('touchend', (event) => {
    event.stopPropagation();
    view.views?.pinchEnd();
    if (lastY === null) return;
    lastY = null;
    let perFrame = speed * 16;
    let perFrameX = speedX * 16;
    view.frame.dataset.fling = 'true';
    const step = () => {
      if (view.disposed || (Math.abs(perFrame) < FLING_STOP_PX && Math.abs(perFrameX) < FLING_STOP_PX)) {
        view.frame.dataset.fling = 'false';
        return;
      }
      scrollBy(perFrame);
      view.views?.panHorizontally(perFrameX);
      perFrame *= FLING_DECAY;
      perFrameX *= FLING_DECAY;
      view.flingFrame = requestAnimationFrame(step);
    };
    view.flingFrame = requestAnimationFrame(step);
  }, { passive: true });
}

// Scrolled back from the end: the frame says so (data-scrolled-back) and shows its jump-to-latest button.
function trackScrollBack(view) {
  const update = () => {
    const buffer = view.term.buffer.active;
    view.frame.dataset.scrolledBack = buffer.viewportY < buffer.baseY ? 'true' : 'false';
  };
  view.term.onScroll(update);
  view.term.onWriteParsed(update);
  view.term.onRender(update);
  view.frame.querySelector('.jump-latest')?.addEventListener('click', () => {
    // A fling still under way would carry the view back up.
    cancelAnimationFrame(view.flingFrame);
    view.frame.dataset.fling = 'false';
    view.term.scrollToBottom();
    update();
  });
  update();
}

// The on-screen keyboard and the browser's toolbars change the visual viewport, not always the layout one (iOS):
// the app's height follows the visual viewport, so the frame (and its layout) and the line box under it stay
// above the keyboard, and a focused input is kept in view.
function followVisualViewport(frame) {
  const viewport = window.visualViewport;
  if (!viewport) return () => {};
  const root = document.documentElement;
  const update = () => {
    // Pinch-zoomed (outside the terminal), the visible viewport is a part of the page, not its height.
    if (viewport.scale > 1.01) return;
    root.style.setProperty('--app-height', `${Math.round(viewport.height)}px`);
    const focused = document.activeElement;
    if (focused && focused !== document.body && focused.matches('input, textarea')) {
      focused.scrollIntoView({ block: 'nearest' });
    }
  };
  viewport.addEventListener('resize', update);
  update();
  return () => {
    viewport.removeEventListener('resize', update);
    root.style.removeProperty('--app-height');
  };
}

class TerminalView {
  constructor(frame, host, options, dotnet) {
    this.frame = frame;
    this.host = host;
    this.options = options;
    this.dotnet = dotnet;
    this.disposed = false;
    this.pendingInput = '';
    this.sending = false;
    this.encoder = new TextEncoder();

    if (options.inputLabel) Terminal.strings.promptLabel = options.inputLabel;
    if (options.tooMuchOutput) Terminal.strings.tooMuchOutput = options.tooMuchOutput;
    this.term = new Terminal({
      cols: options.cols,
      rows: options.rows,
      cursorBlink: options.canType,
      disableStdin: !options.canType,
      scrollback: 10000,
      fontSize: BASE_FONT_PX,
      fontFamily: '"JetBrains Mono", "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace',
      theme: THEME,
      // The unicode addon's widths and the title stack are what the server's emulator uses, so a snapshot
      // from the server draws here exactly as it does there.
      allowProposedApi: true,
      windowOptions: { pushTitle: true, popTitle: true },
    });
    this.term.loadAddon(new Unicode11Addon.Unicode11Addon());
    this.term.unicode.activeVersion = '11';
    this.term.open(host);
    host.__deskmirrorTerminal = this.term;

    // Links open in a new tab, without a way back to this page.
    this.term.loadAddon(new WebLinksAddon.WebLinksAddon((event, uri) => {
      if (this.views?.current === 'fit') return;
      window.open(uri, '_blank', 'noopener,noreferrer');
    }));

    if (options.fit) {
      this.fitAddon = new FitAddon.FitAddon();
      this.term.loadAddon(this.fitAddon);
      this.observer = new ResizeObserver(() => this.scheduleFit());
      this.observer.observe(frame);
      this.fitNow();
    } else {
      this.views = new TerminalViews(this, frame.parentElement, options.text);
      this.observer = new ResizeObserver(() => this.views.layout());
      this.observer.observe(frame);
      this.observer.observe(host);
      this.stopViewport = followVisualViewport(frame);
    }

    if (options.canType) {
      this.term.onData((data) => this.send(data));
      if (options.fit) this.term.focus();
    }

    addKeyboardExit(this);
    describeInput(this);
    enableTouchScroll(this);
    trackScrollBack(this);

    this.connect();
  }

  setState(state) {
    this.frame.dataset.stream = state;
  }

  connect() {
    this.stream = new SessionStream({
      sessionId: this.options.sessionId,
      term: this.term,
      onState: (state) => this.setState(state),
      onSize: (cols, rows) => this.setSize(cols, rows),
    });
    this.stream.connect();
  }

  send(data) {
    if (this.pendingInput.length + data.length > MAX_INPUT_CHARS) return;
    this.pendingInput += data;
    if (!this.sending) this.flushInput();
  }

  async flushInput() {
    this.sending = true;
    try {
      while (this.pendingInput.length > 0 && !this.disposed) {
        const chunk = this.pendingInput;
        this.pendingInput = '';
        await this.dotnet.invokeMethodAsync('SendInput', chunk);
      }
    } catch {
      // The circuit is reconnecting; what was typed meanwhile is dropped rather than replayed late.
      this.pendingInput = '';
    } finally {
      this.sending = false;
    }
  }

  scheduleFit() {
    clearTimeout(this.fitTimer);
    this.fitTimer = setTimeout(() => this.fitNow(), FIT_DEBOUNCE_MS);
  }

  fitNow() {
    if (this.disposed || !this.fitAddon) return;
    const dims = this.fitAddon.proposeDimensions();
    if (!dims || !Number.isFinite(dims.cols) || !Number.isFinite(dims.rows) || dims.cols < 2 || dims.rows < 1) return;
    if (dims.cols !== this.term.cols || dims.rows !== this.term.rows) this.term.resize(dims.cols, dims.rows);
    if (dims.cols !== this.reportedCols || dims.rows !== this.reportedRows) {
      this.reportedCols = dims.cols;
      this.reportedRows = dims.rows;
      this.dotnet.invokeMethodAsync('Resize', dims.cols, dims.rows).catch(() => {});
    }
  }

  setSize(cols, rows) {
    if (this.disposed) return;
    if (cols !== this.term.cols || rows !== this.term.rows) this.term.resize(cols, rows);
    this.views?.layout();
  }

  applicationCursorKeys() {
    return !!this.term.modes.applicationCursorKeysMode;
  }

  focus() {
    this.term.focus();
  }

  dispose() {
    this.disposed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.fitTimer);
    cancelAnimationFrame(this.flingFrame);
    this.observer?.disconnect();
    this.stopViewport?.();
    this.views?.dispose();
    this.stream?.dispose();
    this.term.dispose();
  }
}

export function open(frame, host, options, dotnet) {
  return new TerminalView(frame, host, options, dotnet);
}
