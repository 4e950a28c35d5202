// Test harness around xterm.js in the page: terminals created, fed and read back by the fidelity tests.
'use strict';
(() => {
  const terminals = new Map();
  let next = 1;

  function decode(base64) {
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  function cellSignature(cell) {
    const flags = (cell.isBold() ? 'b' : '') + (cell.isDim() ? 'd' : '') + (cell.isItalic() ? 'i' : '')
      + (cell.isUnderline() ? 'u' : '') + (cell.isBlink() ? 'k' : '') + (cell.isInverse() ? 'r' : '')
      + (cell.isInvisible() ? 'h' : '') + (cell.isStrikethrough() ? 's' : '') + (cell.isOverline() ? 'o' : '');
    return `${cell.getWidth()}:${cell.getFgColorMode() >>> 24}/${cell.getFgColor()}:${cell.getBgColorMode() >>> 24}/${cell.getBgColor()}:${flags}`;
  }

  // Every line of a buffer: text (trailing spaces trimmed), wrap flag, and the attributes of each cell up to the
  // last cell that differs from a never-written one.
  function dumpBuffer(buffer) {
    const lines = [];
    const cell = buffer.getNullCell();
    for (let y = 0; y < buffer.length; y++) {
      const line = buffer.getLine(y);
      const cells = [];
      for (let x = 0; x < line.length; x++) {
        line.getCell(x, cell);
        cells.push(cellSignature(cell));
      }
      const empty = '1:0/-1:0/-1:';
      while (cells.length && cells[cells.length - 1] === empty) cells.pop();
      lines.push({ text: line.translateToString(false).replace(/ +$/, ''), wrapped: line.isWrapped, cells: cells.join(' ') });
    }
    return lines;
  }

  function dumpInternal(core, which) {
    const buffer = core.buffers[which];
    const tabs = [];
    for (let x = 0; x < core.cols; x++) if (buffer.tabs[x]) tabs.push(x);
    return {
      scrollTop: buffer.scrollTop, scrollBottom: buffer.scrollBottom,
      savedX: buffer.savedX, savedRow: buffer.savedY - buffer.ybase,
      savedFg: buffer.savedCurAttrData.fg, savedBg: buffer.savedCurAttrData.bg,
      tabs: tabs.join(','),
    };
  }

  window.deskmirror = {
    create(cols, rows, scrollback) {
      const term = new Terminal({
        cols, rows, scrollback, allowProposedApi: true,
        windowOptions: { pushTitle: true, popTitle: true },
      });
      term.loadAddon(new Unicode11Addon.Unicode11Addon());
      term.unicode.activeVersion = '11';
      const id = next++;
      const entry = { term, title: '', bells: 0 };
      term.onTitleChange(t => { entry.title = t; });
      term.onBell(() => { entry.bells++; });
      terminals.set(id, entry);
      return id;
    },
    write(id, base64) {
      const { term } = terminals.get(id);
      return new Promise(resolve => term.write(decode(base64), resolve));
    },
    dump(id) {
      const { term, title, bells } = terminals.get(id);
      const core = term._core;
      const active = term.buffer.active;
      const alternate = active.type === 'alternate';
      return {
        cursorX: active.cursorX, cursorY: active.cursorY, alternate, title, bells,
        lines: dumpBuffer(active),
        normal: alternate ? dumpBuffer(term.buffer.normal) : null,
        modes: {
          applicationCursorKeys: term.modes.applicationCursorKeysMode,
          applicationKeypad: term.modes.applicationKeypadMode,
          bracketedPaste: term.modes.bracketedPasteMode,
          mouse: term.modes.mouseTrackingMode,
          mouseEncoding: core.coreMouseService.activeEncoding,
          focusEvents: term.modes.sendFocusMode,
          cursorVisible: !core.coreService.isCursorHidden,
          insert: term.modes.insertMode,
          wraparound: term.modes.wraparoundMode,
          origin: term.modes.originMode,
          reverseWraparound: term.modes.reverseWraparoundMode,
          newLine: !!term.options.convertEol,
        },
        state: { active: dumpInternal(core, alternate ? 'alt' : 'normal'), normal: alternate ? dumpInternal(core, 'normal') : null },
      };
    },
    resize(id, cols, rows) {
      terminals.get(id).term.resize(cols, rows);
    },
    dispose(id) {
      terminals.get(id).term.dispose();
      terminals.delete(id);
    },
  };
})();
