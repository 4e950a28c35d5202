#!/usr/bin/env bash
# The proxy benchmark: publishes `deskmirror` (Release) and measures it beside direct loopback and the anchors
# (socat, HAProxy, nginx stream, tokio copy_bidirectional; HAProxy and nginx stream terminating TLS beside
# `deskmirror proxy --tls-cert`), all in one run, all traffic on 127.0.0.1.
#
#   bash bench/proxy/setup.sh                        # once per machine (apt packages, tokio anchor)
#   bash bench/proxy/run.sh                          # full profile (~10 min): table on stdout and in $MD
#   bash bench/proxy/run.sh --quick --anchors haproxy,tokio --only http-close,idle   # while iterating (~1 min)
#
# Arguments go to lib/bench.py (see bench/README.md); extra candidates may follow `--` as NAME=TEMPLATE, for
# example a second build to compare: `-- 'before=/tmp/old/deskmirror proxy --listen 127.0.0.1:{listen_port} ...'`.
# PUBLISH_DIR is where the binary goes; OUT and MD where the JSON and markdown go; BENCH_BUILD where helpers are built.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
publish="${PUBLISH_DIR:-/tmp/deskmirror-bench-publish}"
out="${OUT:-/tmp/proxy-bench.json}"
md="${MD:-/tmp/proxy-bench.md}"
export PATH="$PATH:/root/.cargo/bin:/usr/sbin:/sbin"
export BENCH_BUILD="${BENCH_BUILD:-/tmp/deskmirror-bench-build}"
mkdir -p "$BENCH_BUILD"

for tool in python3 wrk iperf3; do
  command -v "$tool" >/dev/null || { echo "bench/proxy/run.sh: $tool is missing; run bash bench/proxy/setup.sh first" >&2; exit 2; }
done

# The tokio anchor, built offline from Debian's packaged crates (setup.sh installs them).
tokio_bin="$BENCH_BUILD/tokio-target/release/tokio-proxy"
if [[ ! -x "$tokio_bin" ]] && command -v cargo >/dev/null && ls -d /usr/share/cargo/registry/tokio-1.* >/dev/null 2>&1; then
  echo "[bench] building anchors/tokio-proxy (offline)" >&2
  (cd "$here/anchors/tokio-proxy" && CARGO_TARGET_DIR="$BENCH_BUILD/tokio-target" cargo build --release --offline --locked -q) \
    || echo "[bench] WARNING: the tokio anchor did not build and will be skipped" >&2
fi

# SSE backend/client and noise probe in C (lib/tools.py is the slower fallback without a compiler).
sse_src="$here/lib/sse.c"; sse_bin="$BENCH_BUILD/sse"
if command -v cc >/dev/null && { [[ ! -x "$sse_bin" ]] || [[ "$sse_src" -nt "$sse_bin" ]]; }; then
  cc -O2 -o "$sse_bin" "$sse_src" || echo "[bench] WARNING: lib/sse.c did not compile; using the Python fallback" >&2
fi

# Thousands of idle connections need descriptors in every process we start.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
  dotnet publish "$repo/src/DeskMirror" -c Release -o "$publish" --nologo -v quiet
fi

# Options before `--` go to the harness, candidates after it are added to ours.
options=(); extra=(); seen_separator=0
for arg in "$@"; do
  if [[ $seen_separator == 0 && "$arg" == "--" ]]; then seen_separator=1; continue; fi
  if [[ $seen_separator == 1 ]]; then extra+=("$arg"); else options+=("$arg"); fi
done

# The per-address limit is lifted: every benchmark client is 127.0.0.1, and the idle workload holds thousands.
python3 "$here/lib/bench.py" --out "$out" --md "$md" "${options[@]}" -- \
  "deskmirror=$publish/deskmirror proxy --listen 127.0.0.1:{listen_port} --upstream 127.0.0.1:{upstream_port} --max-connections-per-address 100000" \
  "deskmirror-tls=$publish/deskmirror proxy --listen 127.0.0.1:{listen_port} --upstream 127.0.0.1:{upstream_port} --max-connections-per-address 100000 --tls-cert {cert} --tls-key {key}" \
  "${extra[@]}"
cat "$md"
echo "report: $md  (json: $out)"
