#!/usr/bin/env bash
# HAProxy anchor terminating TLS in `mode tcp`. Usage: haproxy-tls.sh LISTEN_PORT UPSTREAM_PORT CERT KEY
# The same settings as haproxy.sh, with `ssl crt` on the bind line: TLS 1.2+, ALPN http/1.1, no session cache or
# tickets, so every new connection pays a full handshake whatever the client does. Foreground (-db).
set -euo pipefail
L=$1; U=$2; CERT=$3; KEY=$4
D=${BENCH_RUN_DIR:-$(mktemp -d /tmp/bench-haproxy.XXXXXX)}
PEM=$D/haproxy-tls-$L.pem
cat "$CERT" "$KEY" > "$PEM"
CFG=$D/haproxy-tls-$L.cfg
cat > "$CFG" <<CFGEOF
global
    maxconn 9000
    tune.ssl.cachesize 0
    ssl-default-bind-options ssl-min-ver TLSv1.2
defaults
    mode tcp
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    maxconn 9000
frontend fe
    bind 127.0.0.1:$L backlog 4096 ssl crt $PEM alpn http/1.1 no-tls-tickets
    default_backend be
backend be
    server s1 127.0.0.1:$U
CFGEOF
exec haproxy -db -f "$CFG"
