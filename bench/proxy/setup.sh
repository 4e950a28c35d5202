#!/usr/bin/env bash
# Installs what the proxy benchmark needs (Debian 12, as root) and builds the tokio anchor offline.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export PATH="$PATH:/root/.cargo/bin"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  python3 gcc libc6-dev iperf3 wrk haproxy socat nginx libnginx-mod-stream librust-tokio-dev cargo util-linux
export BENCH_BUILD="${BENCH_BUILD:-/tmp/deskmirror-bench-build}"
(cd "$here/anchors/tokio-proxy" && CARGO_TARGET_DIR="$BENCH_BUILD/tokio-target" cargo build --release --offline --locked)
echo "setup done; now: bash bench/proxy/run.sh"
