// A session's stream into an xterm.js terminal (the protocol is in docs/sessions.md, "The stream").
// The server starts with a snapshot of the session's screen (or, on a reconnect, with the offset output resumes
// at), then sends live output; text frames say which is which and the output offset each stands for, and when
// the session's size changes. Flow control is credit-based: every binary frame is written with a callback, and
// what xterm.js has finished writing is acknowledged, so the server never runs more than its window ahead and
// xterm's write queue stays bounded. A viewer that falls far behind gets a fresh snapshot instead of the backlog.
// The view (terminal.js) owns the terminal and its size; this module only feeds it.

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5000;
// Acknowledge after this much was written, or whenever everything received has been written.
const ACK_STEP_BYTES = 32 * 1024;

export class SessionStream {
  // options: { sessionId, term, onState(state), onSize(cols, rows) }
  constructor(options) {
    this.options = options;
    this.term = options.term;
    this.offset = null; // output offset of what has been handed to xterm; null before the first header
    this.backoff = MIN_BACKOFF_MS;
    this.disposed = false;
  }

  connect() {
    if (this.disposed) return;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const from = this.offset === null ? '' : `&from=${this.offset}`;
    const url = `${scheme}//${location.host}/session/${encodeURIComponent(this.options.sessionId)}/stream?credit=1${from}`;
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    // Per connection: binary bytes received, bytes xterm finished writing, and the last count acknowledged.
    const counts = { received: 0, written: 0, acknowledged: 0, snapshotLeft: 0, pendingOffset: null };
    socket.onopen = () => {
      this.backoff = MIN_BACKOFF_MS;
      this.options.onState('live');
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      if (typeof event.data === 'string') {
        this.control(JSON.parse(event.data), counts);
      } else {
        this.output(new Uint8Array(event.data), counts, socket);
      }
    };
    socket.onclose = (event) => {
      if (this.disposed || this.socket !== socket) return;
      // A normal close means the session ended and everything was sent.
      if (event.code === 1000) {
        this.options.onState('ended');
        return;
      }
      // A snapshot cut short leaves nothing to resume from: the next connection starts with a new one.
      if (counts.snapshotLeft > 0) this.offset = null;
      this.options.onState('reconnecting');
      const delay = this.backoff;
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
      this.retryTimer = setTimeout(() => this.connect(), delay);
    };
  }

  control(message, counts) {
    // The size applies in order: after everything queued before it has been written.
    const { cols, rows } = message;
    this.term.write('', () => this.options.onSize(cols, rows));
    if (message.type === 'snapshot') {
      counts.snapshotLeft = message.length;
      counts.pendingOffset = message.offset;
      if (message.length === 0) this.offset = message.offset;
    } else if (message.type === 'output') {
      this.offset = message.offset;
    }
  }

  output(bytes, counts, socket) {
    counts.received += bytes.length;
    if (counts.snapshotLeft > 0) {
      counts.snapshotLeft -= bytes.length;
      if (counts.snapshotLeft <= 0) this.offset = counts.pendingOffset;
    } else if (this.offset !== null) {
      this.offset += bytes.length;
    }
    this.term.write(bytes, () => {
      counts.written += bytes.length;
      const caughtUp = counts.written === counts.received;
      if (counts.written - counts.acknowledged >= ACK_STEP_BYTES || (caughtUp && counts.written > counts.acknowledged)) {
        counts.acknowledged = counts.written;
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'ack', bytes: counts.written }));
      }
    });
  }

  dispose() {
    this.disposed = true;
    clearTimeout(this.retryTimer);
    if (this.socket) {
      this.socket.onclose = null;
      this.socket.close();
    }
  }
}
