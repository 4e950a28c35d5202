#!/usr/bin/env python3
"""CPU time a proxy spends per connection and per request: a noise-robust complement to the throughput ratios.

On a busy machine throughput ratios swing with every burst of other load, but the CPU time a proxy consumes for a
fixed amount of work moves much less. This runs the same fixed work through each candidate, interleaved over
repetitions: CHURN connections that each send one HTTP request and read the answer to the end (nginx backend,
100-byte body), then KEEPALIVE requests on 4 keep-alive connections, and reads the proxy process tree's utime+stime
from /proc before and after. Output: microseconds of proxy CPU per connection and per keep-alive request, median
over repetitions, as JSON and a markdown table.

A candidate whose template has {cert} and {key} terminates TLS: it is spoken to over TLS (1.3, no session resumed,
so every connection is a full handshake), and its churn figure includes the handshake.

Usage: cpucost.py [--reps 3] [--churn 3000] [--keepalive 20000] [--out F.json] NAME=TEMPLATE ...
TEMPLATE as for bench.py ({listen_port}, {upstream_port}, {cert}, {key}).
"""
import argparse, json, os, socket, ssl, statistics, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (Proc, free_port, wait_listen, tree_cpu_s, Bench's nginx backend)

REQ = b"GET /100b.txt HTTP/1.1\r\nHost: bench\r\n%s\r\n"

# The benchmark's certificate is self-signed and made for the run: nothing to verify it against.
TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
TLS.check_hostname = False
TLS.verify_mode = ssl.CERT_NONE


def connect(port, tls):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return TLS.wrap_socket(s, server_hostname="localhost") if tls else s


def read_to_end(s):
    try:
        while s.recv(65536):
            pass
    except (ssl.SSLEOFError, ssl.SSLZeroReturnError, ConnectionResetError):
        pass  # a server that closes without close_notify (or resets): the answer has arrived all the same


def churn(port, n, tls=False, threads=4):
    def work(k):
        for _ in range(k):
            s = connect(port, tls)
            s.sendall(REQ % b"Connection: close\r\n")
            read_to_end(s)
            s.close()
    ts = [threading.Thread(target=work, args=(n // threads,)) for _ in range(threads)]
    [t.start() for t in ts]
    [t.join() for t in ts]


def keepalive(port, n, tls=False, threads=4):
    def work(k):
        s = connect(port, tls)
        buf = b""
        for _ in range(k):
            s.sendall(REQ % b"")
            while True:
                head, sep, rest = buf.partition(b"\r\n\r\n")
                if sep:
                    length = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0].split(b":")[1])
                    if len(rest) >= length:
                        buf = rest[length:]
                        break
                buf += s.recv(65536)
        s.close()
    ts = [threading.Thread(target=work, args=(n // threads,)) for _ in range(threads)]
    [t.start() for t in ts]
    [t.join() for t in ts]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--churn", type=int, default=3000)
    ap.add_argument("--keepalive", type=int, default=20000)
    ap.add_argument("--out", default="/tmp/proxy-cpucost.json")
    ap.add_argument("candidates", nargs="+")
    a = ap.parse_args()
    cands = [c.split("=", 1) for c in a.candidates]
    tls = {n for n, t in cands if "{cert}" in t}
    args = argparse.Namespace(quick=True, reps=1, idle_n=None, cpus_client="0", cpus_backend="1", cpus_proxy="0,1")
    b = bench.Bench(args, cands, dict(bench.PROFILES["quick"]))
    srv, bp = b.start_nginx_backend()
    res = {n: {"churn_us": [], "keepalive_us": []} for n, _ in cands}
    try:
        px = b.start_proxies(bp)
        for name, (p, lp, err) in px.items():
            if err:
                sys.exit("%s: %s" % (name, err))
            churn(lp, 600 if name in tls else 200, name in tls)  # warm-up (JIT)
            keepalive(lp, 2000, name in tls)
        for rep in range(a.reps):
            for name, _ in (cands if rep % 2 == 0 else list(reversed(cands))):
                p, lp, _ = px[name]
                c0 = bench.tree_cpu_s(p.pid)
                churn(lp, a.churn, name in tls)
                c1 = bench.tree_cpu_s(p.pid)
                keepalive(lp, a.keepalive, name in tls)
                c2 = bench.tree_cpu_s(p.pid)
                res[name]["churn_us"].append(1e6 * (c1 - c0) / a.churn)
                res[name]["keepalive_us"].append(1e6 * (c2 - c1) / a.keepalive)
                time.sleep(0.3)
        b.stop_proxies(px)
    finally:
        srv.stop()
    print("| candidate | proxy CPU µs per connection (churn) | proxy CPU µs per keep-alive request |")
    print("|---|---|---|")
    for name, r in res.items():
        fmt = lambda v: "%.1f (%.1f–%.1f)" % (statistics.median(v), min(v), max(v))
        print("| %s | %s | %s |" % (name, fmt(r["churn_us"]), fmt(r["keepalive_us"])))
    with open(a.out, "w") as f:
        json.dump({"date": time.strftime("%Y-%m-%dT%H:%M:%S"), "params": vars(a), "results": res}, f, indent=1)


if __name__ == "__main__":
    main()
