// One session's terminal: xterm.js renders the session's stream (terminal-stream.js: a snapshot of the
// screen, then live output, flow-controlled). The desktop fits the grid to its box and reports the size
// (the PTY follows); a mirror keeps the session's grid and scales the font to its width, scrolling
// sideways below a readable size.

import { SessionStream } from './terminal-stream.js';

const FIT_DEBOUNCE_MS = 80;
const BASE_FONT_PX = 14;
const MIN_FONT_PX = 7;
// Input typed while a send is in flight is joined into the next one, so order is kept without a
// round trip per key; this caps one send.
const MAX_INPUT_CHARS = 16 * 1024;

const THEME = {
  background: '#0b0f14', foreground: '#d7dde5', cursor: '#2dd4bf', cursorAccent: '#0b0f14',
  selectionBackground: '#2dd4bf55',
  black: '#1b2129', red: '#f47067', green: '#57d38c', yellow: '#e5c07b', blue: '#6cb6ff',
  magenta: '#dcbdfb', cyan: '#56d4dd', white: '#d7dde5',
  brightBlack: '#5c6773', brightRed: '#ff938a', brightGreen: '#8ddb8c', brightYellow: '#f0d58c',
  brightBlue: '#96d0ff', brightMagenta: '#e2c5ff', brightCyan: '#76e3ea', brightWhite: '#ffffff',
};

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

    if (options.fit) {
      this.fitAddon = new FitAddon.FitAddon();
      this.term.loadAddon(this.fitAddon);
      this.observer = new ResizeObserver(() => this.scheduleFit());
      this.observer.observe(frame);
      this.fitNow();
    } else {
      this.observer = new ResizeObserver(() => this.scale());
      this.observer.observe(frame);
      this.scale();
    }

    if (options.canType) {
      this.term.onData((data) => this.send(data));
      if (options.fit) this.term.focus();
    }

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

  // Mirror: the grid is the desktop's; pick the font size that makes it fit the width.
  scale() {
    if (this.disposed) return;
    const width = this.frame.clientWidth - 16;
    if (width <= 0) return;
    const cell = this.measureCellWidth();
    let size = Math.floor((BASE_FONT_PX * width) / (cell * this.term.cols));
    size = Math.max(MIN_FONT_PX, Math.min(BASE_FONT_PX, size));
    if (this.term.options.fontSize !== size) this.term.options.fontSize = size;
  }

  measureCellWidth() {
    if (!this.cellWidth) {
      const canvas = document.createElement('canvas');
      const context = canvas.getContext('2d');
      context.font = `${BASE_FONT_PX}px ${this.term.options.fontFamily}`;
      this.cellWidth = context.measureText('W').width || BASE_FONT_PX * 0.6;
    }
    return this.cellWidth;
  }

  setSize(cols, rows) {
    if (this.disposed) return;
    if (cols !== this.term.cols || rows !== this.term.rows) this.term.resize(cols, rows);
    if (!this.options.fit) this.scale();
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
    this.observer?.disconnect();
    this.stream?.dispose();
    this.term.dispose();
  }
}

export function open(frame, host, options, dotnet) {
  return new TerminalView(frame, host, options, dotnet);
}
