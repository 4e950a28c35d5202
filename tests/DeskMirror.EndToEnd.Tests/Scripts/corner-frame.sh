#!/bin/sh
# A full-screen program for the phone view tests: on the alternate screen, a frame around the whole terminal
# with a unique marker in each corner and a link inside, then it waits (redrawing on a resize).
link=${1:-https://example.invalid/}

draw() {
  set -- $(stty size)
  rows=$1
  cols=$2
  edge=$(printf '%*s' $((cols - 12)) '' | tr ' ' '-')
  printf '\033[?1049h\033[?25l\033[2J\033[1;1HTL-7Q+%s+TR-4K' "$edge"
  row=2
  while [ "$row" -lt "$rows" ]; do
    printf '\033[%d;1H|\033[%d;%dH|' "$row" "$row" "$cols"
    row=$((row + 1))
  done
  printf '\033[%d;1HBL-9X+%s+BR-2M' "$rows" "$edge"
  printf '\033[3;3Hgrid %sx%s\033[4;3Hdocs: %s\033[2;2H\033[?25h' "$cols" "$rows" "$link"
}

trap draw WINCH
draw
while :; do
  sleep 3600 &
  wait $!
done
