// Prints the character widths of xterm.js's unicode11 addon as ranges "start end width" (hex),
// one line per run, so the emulator's table can be checked against the addon itself.
'use strict';
const { Unicode11Addon } = require('@xterm/addon-unicode11');
let provider;
new Unicode11Addon().activate({ unicode: { register: p => { provider = p; } } });
const out = [];
let start = 0;
let width = provider.wcwidth(0);
for (let cp = 1; cp <= 0x110000; cp++) {
  const w = cp <= 0x10ffff ? provider.wcwidth(cp) : -1;
  if (w !== width) {
    out.push(`${start.toString(16)} ${(cp - 1).toString(16)} ${width}`);
    start = cp;
    width = w;
  }
}
process.stdout.write(out.join('\n') + '\n');
