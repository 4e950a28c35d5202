#!/usr/bin/env bash
# nginx `stream` anchor terminating TLS (ngx_stream_ssl_module). Usage: nginx-stream-tls.sh LISTEN_PORT UPSTREAM_PORT CERT KEY
# The same settings as nginx-stream.sh, with `listen … ssl`: TLS 1.2+, no session cache or tickets, so every new
# connection pays a full handshake whatever the client does. Foreground (daemon off): master + workers.
set -euo pipefail
L=$1; U=$2; CERT=$3; KEY=$4
D=${BENCH_RUN_DIR:-$(mktemp -d /tmp/bench-nginx.XXXXXX)}/nginx-stream-tls-$L
mkdir -p "$D"
cat > "$D/nginx.conf" <<CFGEOF
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
worker_processes auto;
worker_rlimit_nofile 20000;
pid $D/nginx.pid;
error_log $D/error.log warn;
events { worker_connections 19000; }
stream {
    server {
        listen 127.0.0.1:$L ssl backlog=4096;
        ssl_certificate $CERT;
        ssl_certificate_key $KEY;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache off;
        ssl_session_tickets off;
        proxy_pass 127.0.0.1:$U;
        proxy_connect_timeout 5s;
        proxy_timeout 1h;
        tcp_nodelay on;
    }
}
CFGEOF
exec nginx -p "$D" -c "$D/nginx.conf" -e "$D/error.log" -g 'daemon off;'
