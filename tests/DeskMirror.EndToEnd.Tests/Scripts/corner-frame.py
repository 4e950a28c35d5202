# A full-screen program for the phone view tests: on the alternate screen, a frame around the whole terminal
# with a unique marker in each corner and a link inside, then it waits (redrawing on a resize).
import os
import signal
import sys

LINK = sys.argv[1] if len(sys.argv) > 1 else "https://example.invalid/"
MARKERS = ("TL-7Q", "TR-4K", "BL-9X", "BR-2M")


def at(row, col, text):
    return f"\x1b[{row};{col}H{text}"


def draw(*_):
    cols, rows = os.get_terminal_size(sys.stdout.fileno())
    out = ["\x1b[?1049h\x1b[?25l\x1b[2J"]
    inner = cols - 2 * (len(MARKERS[0]) + 1)
    out.append(at(1, 1, f"{MARKERS[0]}+" + "-" * inner + f"+{MARKERS[1]}"))
    for row in range(2, rows):
        out.append(at(row, 1, "|") + at(row, cols, "|"))
    out.append(at(rows, 1, f"{MARKERS[2]}+" + "-" * inner + f"+{MARKERS[3]}"))
    out.append(at(3, 3, f"grid {cols}x{rows}"))
    out.append(at(4, 3, f"docs: {LINK}"))
    out.append(at(2, 2, "\x1b[?25h"))
    sys.stdout.write("".join(out))
    sys.stdout.flush()


signal.signal(signal.SIGWINCH, draw)
draw()
while True:
    signal.pause()
