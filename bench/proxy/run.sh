#!/usr/bin/env bash
# Publishes `deskmirror` (Release apphost) and runs the shared proxy benchmark harness with it as a candidate,
# next to direct loopback and the anchors (socat, HAProxy, nginx stream, tokio copy_bidirectional).
#
#   bash bench/proxy/run.sh                        # full profile, ~10 min; report in /tmp/proxy-bench.md
#   bash bench/proxy/run.sh --quick --anchors tokio  # smoke test, ~2.5 min
#
# Every argument is passed to the harness before `--`. HARNESS points to the harness (default ../shared/bench
# next to this repository, as on the build machine); PUBLISH_DIR is where the binary goes.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
harness="${HARNESS:-$repo/../shared/bench}"
publish="${PUBLISH_DIR:-/tmp/deskmirror-bench-publish}"
out="${OUT:-/tmp/proxy-bench.json}"
md="${MD:-/tmp/proxy-bench.md}"

if [[ ! -f "$harness/run.sh" ]]; then
  echo "bench/proxy/run.sh: harness not found at $harness (set HARNESS=/path/to/bench)" >&2
  exit 2
fi

dotnet publish "$repo/src/DeskMirror" -c Release -o "$publish" --nologo -v quiet

bash "$harness/run.sh" --out "$out" --md "$md" "$@" -- \
  "deskmirror=$publish/deskmirror proxy --listen 127.0.0.1:{listen_port} --upstream 127.0.0.1:{upstream_port}"
echo "report: $md  (json: $out)"
