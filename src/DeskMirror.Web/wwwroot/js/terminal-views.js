// How a mirror shows the session's grid, which it never resizes. Three views, one tap apart, the choice kept per
// device (localStorage):
// - fit: the whole grid scaled down to the frame's width (a CSS transform of the rendered terminal), the frame
//   as high as the scaled grid;
// - read: a readable font (READ_MIN_FONT_PX or more), the frame pans sideways and down to every cell, a pinch
//   changes the font (the page itself does not zoom), and new output brings the cursor's area into view;
// - text: the screen and scrollback as plain wrapped text (terminal-text.js).

import { TerminalText } from './terminal-text.js';

const VIEW_KEY = 'deskmirror.terminalView';
const READ_FONT_KEY = 'deskmirror.readFontPx';
const VIEWS = ['fit', 'read', 'text'];
const FIT_FONT_PX = 14;
const READ_MIN_FONT_PX = 12;
const READ_MAX_FONT_PX = 32;
const READ_DEFAULT_FONT_PX = 13;
// After the user pans or pinches, output does not move the view for this long.
const FOLLOW_PAUSE_MS = 4000;

function stored(key) {
  try { return localStorage.getItem(key); } catch { return null; }
}

function store(key, value) {
  try { localStorage.setItem(key, value); } catch { /* private mode: the choice lasts for this page */ }
}

function clamp(value, low, high) {
  return Math.max(low, Math.min(high, value));
}

export class TerminalViews {
  // view: the TerminalView (term, frame, host); root: the element holding the view switch and the text panel.
  constructor(view, root, strings) {
    this.view = view;
    this.term = view.term;
    this.frame = view.frame;
    this.host = view.host;
    this.root = root;
    this.lastUserMove = -Infinity;
    const font = Number(stored(READ_FONT_KEY));
    this.readFont = Number.isFinite(font) && font > 0 ? clamp(font, READ_MIN_FONT_PX, READ_MAX_FONT_PX) : READ_DEFAULT_FONT_PX;
    this.text = new TerminalText(view.term, root.querySelector('.terminal-text'), strings);
    this.buttons = [...root.querySelectorAll('.view-choice')];
    for (const button of this.buttons) {
      button.addEventListener('click', () => this.show(button.dataset.view, true));
    }
    this.term.onWriteParsed(() => this.outputArrived());
    const choice = stored(VIEW_KEY);
    this.show(VIEWS.includes(choice) ? choice : 'read', false);
  }

  show(name, remember) {
    if (!VIEWS.includes(name)) return;
    this.current = name;
    if (remember) store(VIEW_KEY, name);
    this.root.dataset.view = name;
    this.frame.dataset.view = name;
    for (const button of this.buttons) button.setAttribute('aria-pressed', button.dataset.view === name ? 'true' : 'false');
    this.text.setVisible(name === 'text');
    if (name === 'text') return;
    this.term.options.fontSize = name === 'fit' ? FIT_FONT_PX : this.readFont;
    this.layout();
    if (name === 'read') this.followCursor(true);
  }

  // The frame's box changed (rotation, keyboard, toolbar) or the grid did: redo the current view's layout.
  layout() {
    if (this.view.disposed) return;
    if (this.current === 'fit') {
      const screen = this.host.querySelector('.xterm-screen');
      const style = getComputedStyle(this.frame);
      const width = this.frame.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (!screen || width <= 0 || screen.offsetWidth === 0) return;
      const scale = Math.min(1, width / screen.offsetWidth);
      this.host.style.transform = `scale(${scale})`;
      // The height follows the width only, so this does not feed back into the next layout.
      const height = (screen.offsetHeight * scale) + parseFloat(style.paddingTop) + parseFloat(style.paddingBottom)
        + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
      this.frame.style.height = `${Math.ceil(height)}px`;
      this.frame.dataset.scale = scale.toFixed(4);
    } else {
      this.host.style.transform = '';
      this.frame.style.height = '';
      delete this.frame.dataset.scale;
    }
  }

  // Read: a two-finger pinch on the terminal sets the font, keeping the point between the fingers in place.
  pinchStart(event) {
    if (this.current !== 'read' || event.touches.length !== 2) return false;
    this.pinch = { distance: this.distance(event.touches), font: this.readFont };
    this.lastUserMove = performance.now();
    return true;
  }

  pinchMove(event) {
    if (!this.pinch || event.touches.length !== 2) return false;
    const font = clamp(Math.round(this.pinch.font * (this.distance(event.touches) / this.pinch.distance) * 2) / 2, READ_MIN_FONT_PX, READ_MAX_FONT_PX);
    this.lastUserMove = performance.now();
    if (font !== this.readFont) {
      const rect = this.frame.getBoundingClientRect();
      const focusX = ((event.touches[0].clientX + event.touches[1].clientX) / 2) - rect.left;
      const focusY = ((event.touches[0].clientY + event.touches[1].clientY) / 2) - rect.top;
      const ratio = font / this.readFont;
      const left = ((this.frame.scrollLeft + focusX) * ratio) - focusX;
      const top = ((this.frame.scrollTop + focusY) * ratio) - focusY;
      this.readFont = font;
      this.term.options.fontSize = font;
      this.frame.scrollLeft = left;
      this.frame.scrollTop = top;
    }
    return true;
  }

  pinchEnd() {
    if (!this.pinch) return;
    this.pinch = null;
    store(READ_FONT_KEY, String(this.readFont));
  }

  distance(touches) {
    return Math.max(1, Math.hypot(touches[0].clientX - touches[1].clientX, touches[0].clientY - touches[1].clientY));
  }

  // A one-finger vertical swipe in Read: the grid can be taller than the frame, so the swipe first moves the
  // frame over the grid and then through the scrollback, as one long page of scrollback above the screen.
  // Returns the pixels left for the scrollback.
  panVertically(pixels) {
    this.lastUserMove = performance.now();
    if (this.current !== 'read') return pixels;
    const frame = this.frame;
    const buffer = this.term.buffer.active;
    const maxTop = frame.scrollHeight - frame.clientHeight;
    if (pixels > 0 && buffer.viewportY >= buffer.baseY && frame.scrollTop < maxTop) {
      const step = Math.min(pixels, maxTop - frame.scrollTop);
      frame.scrollTop += step;
      return pixels - step;
    }
    if (pixels < 0 && frame.scrollTop > 0) {
      const step = Math.max(pixels, -frame.scrollTop);
      frame.scrollTop += step;
      return pixels - step;
    }
    return pixels;
  }

  panHorizontally(pixels) {
    if (this.current !== 'read' || pixels === 0) return;
    this.lastUserMove = performance.now();
    this.frame.scrollLeft += pixels;
  }

  outputArrived() {
    if (this.current === 'read') {
      if (this.followFrame) return;
      this.followFrame = requestAnimationFrame(() => {
        this.followFrame = 0;
        this.followCursor(false);
      });
    } else if (this.current === 'text') {
      this.text.outputArrived();
    }
  }

  // Brings the cursor's cell, with some of what is around it, into the frame, unless the user moved the view
  // a moment ago or looks at the scrollback.
  followCursor(always) {
    if (this.view.disposed || this.current !== 'read') return;
    if (!always && performance.now() - this.lastUserMove < FOLLOW_PAUSE_MS) return;
    const buffer = this.term.buffer.active;
    const screen = this.host.querySelector('.xterm-screen');
    if (!screen || buffer.viewportY < buffer.baseY) return;
    const cellWidth = screen.offsetWidth / this.term.cols;
    const cellHeight = screen.offsetHeight / this.term.rows;
    const frame = this.frame;
    const screenBox = screen.getBoundingClientRect();
    const frameBox = frame.getBoundingClientRect();
    const x = screenBox.left - frameBox.left + frame.scrollLeft + (buffer.cursorX * cellWidth);
    const y = screenBox.top - frameBox.top + frame.scrollTop + (buffer.cursorY * cellHeight);
    if (x < frame.scrollLeft || x + cellWidth > frame.scrollLeft + frame.clientWidth) {
      frame.scrollLeft = x - (frame.clientWidth / 3);
    }
    if (y < frame.scrollTop || y + cellHeight > frame.scrollTop + frame.clientHeight) {
      frame.scrollTop = y - (frame.clientHeight / 2);
    }
  }

  dispose() {
    cancelAnimationFrame(this.followFrame);
    this.text.dispose();
  }
}
