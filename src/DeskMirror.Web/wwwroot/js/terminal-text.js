// The Text view of a session: the active buffer (scrollback and screen) of xterm.js as plain text, wrapped at the
// phone's width by the page rather than by the grid. Lines the terminal wrapped are joined back into one, trailing
// blanks dropped, links made tappable. Search goes through @xterm/addon-search on the terminal's buffer; the
// match it selects is marked and scrolled to here. Copy uses the clipboard where the page may (a secure
// context) and otherwise selects the whole text, so the phone's own Copy takes it (plain HTTP on a LAN).

const REFRESH_MS = 300;
const LINK = /https?:\/\/[^\s"'<>`]+[^\s"'<>`.,;:!?)\]}]/g;

export class TerminalText {
  constructor(term, panel, strings) {
    this.term = term;
    this.panel = panel;
    this.strings = strings ?? {};
    this.visible = false;
    this.lines = [];
    this.rowStarts = [];
    if (!panel) return;
    this.body = panel.querySelector('.text-body');
    this.status = panel.querySelector('.text-status');
    this.input = panel.querySelector('.text-search');
    this.search = new SearchAddon.SearchAddon();
    term.loadAddon(this.search);
    this.input.addEventListener('input', () => this.find('next', true));
    this.input.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      this.find(event.shiftKey ? 'previous' : 'next', false);
    });
    panel.querySelector('.text-next').addEventListener('click', () => this.find('next', false));
    panel.querySelector('.text-previous').addEventListener('click', () => this.find('previous', false));
    panel.querySelector('.text-copy').addEventListener('click', () => this.copy());
  }

  setVisible(visible) {
    if (!this.panel) return;
    this.visible = visible;
    this.panel.hidden = !visible;
    if (visible) {
      this.render();
      this.body.scrollTop = this.body.scrollHeight;
    }
  }

  outputArrived() {
    if (!this.visible || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = 0;
      // Rebuilding would drop what the user is selecting by hand.
      const selection = document.getSelection();
      if (selection && !selection.isCollapsed && this.body.contains(selection.anchorNode)) return;
      const atEnd = this.body.scrollTop + this.body.clientHeight >= this.body.scrollHeight - 4;
      this.render();
      if (atEnd) this.body.scrollTop = this.body.scrollHeight;
    }, REFRESH_MS);
  }

  // The buffer's logical lines: rows the terminal wrapped are joined; rowStarts[i] is line i's first row.
  read() {
    const buffer = this.term.buffer.active;
    const lines = [];
    const rowStarts = [];
    for (let row = 0; row < buffer.length; row++) {
      const line = buffer.getLine(row);
      if (!line) continue;
      const next = buffer.getLine(row + 1);
      // A row that continues on the next one keeps its trailing blanks: they are part of the text.
      const text = line.translateToString(!(next && next.isWrapped));
      if (line.isWrapped && lines.length > 0) {
        lines[lines.length - 1] += text;
      } else {
        lines.push(text);
        rowStarts.push(row);
      }
    }
    while (lines.length > 0 && lines[lines.length - 1].trim() === '') {
      lines.pop();
      rowStarts.pop();
    }
    this.lines = lines;
    this.rowStarts = rowStarts;
    return lines;
  }

  render() {
    const fragment = document.createDocumentFragment();
    this.read().forEach((text, index) => fragment.append(this.lineElement(text, index)));
    this.body.replaceChildren(fragment);
  }

  lineElement(text, index, mark) {
    const element = document.createElement('span');
    element.className = 'text-line';
    element.dataset.line = String(index);
    if (mark) {
      const match = document.createElement('mark');
      match.textContent = text.slice(mark.start, mark.end);
      element.append(text.slice(0, mark.start), match, text.slice(mark.end));
    } else {
      let last = 0;
      for (const found of text.matchAll(LINK)) {
        element.append(text.slice(last, found.index));
        const link = document.createElement('a');
        link.href = found[0];
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        link.textContent = found[0];
        element.append(link);
        last = found.index + found[0].length;
      }
      element.append(text.slice(last));
    }
    element.append('\n');
    return element;
  }

  find(direction, incremental) {
    const query = this.input.value;
    this.clearMark();
    if (!query) {
      this.term.clearSelection();
      this.say('');
      return;
    }
    const options = { caseSensitive: false, incremental };
    const found = direction === 'previous' ? this.search.findPrevious(query, options) : this.search.findNext(query, options);
    if (!found) {
      this.say(this.strings.noMatches ?? '');
      return;
    }
    this.say('');
    this.markSelection();
  }

  // The addon selected the match in the terminal: mark the same text in the line it belongs to.
  markSelection() {
    const position = this.term.getSelectionPosition();
    const selected = this.term.getSelection();
    if (!position || !selected) return;
    this.read();
    const row = position.start.y;
    let index = this.rowStarts.length - 1;
    while (index > 0 && this.rowStarts[index] > row) index--;
    const text = this.lines[index] ?? '';
    const near = ((row - this.rowStarts[index]) * this.term.cols) + position.start.x;
    const lower = text.toLowerCase();
    const wanted = selected.toLowerCase();
    let start = lower.indexOf(wanted, Math.max(0, near - 2));
    if (start < 0) start = lower.indexOf(wanted);
    if (start < 0) return;
    const current = this.body.querySelector(`.text-line[data-line="${index}"]`);
    if (!current) {
      this.render();
      return this.markSelection();
    }
    const marked = this.lineElement(text, index, { start, end: start + selected.length });
    current.replaceWith(marked);
    this.marked = { element: marked, text, index };
    marked.querySelector('mark').scrollIntoView({ block: 'center', inline: 'nearest' });
  }

  clearMark() {
    if (!this.marked) return;
    const { element, text, index } = this.marked;
    if (element.isConnected) element.replaceWith(this.lineElement(text, index));
    this.marked = null;
  }

  async copy() {
    const text = this.read().join('\n');
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        this.say(this.strings.copied ?? '');
        return;
      } catch {
        // Refused (permissions): fall back to a selection.
      }
    }
    this.clearMark();
    this.render();
    const range = document.createRange();
    range.selectNodeContents(this.body);
    const selection = document.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    let copied = false;
    try {
      // Still the one way to copy outside a secure context; it works while handling the tap.
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    this.say(copied ? (this.strings.copied ?? '') : (this.strings.selected ?? ''));
  }

  say(message) {
    if (this.status) this.status.textContent = message;
  }

  dispose() {
    clearTimeout(this.refreshTimer);
  }
}
