#!/usr/bin/env python3
"""TCP reverse-proxy benchmark harness. Entry point: bench/proxy/run.sh (see bench/README.md).

Every candidate is NAME=COMMAND_TEMPLATE with {listen_port} and {upstream_port}; a template that also has
{cert} and {key} (PEM files the harness makes: ECDSA P-256, as DeskMirror's own) terminates TLS and runs in
the *-tls workloads only, where direct (the ratio's 1.0) is still plain HTTP to the backend. For each
workload the harness starts the backend, starts every proxy (fresh) pointed at it, waits until
each one LISTENs on 127.0.0.1:{listen_port}, measures direct + all proxies interleaved over
several repetitions, then stops what it started (by process group of the PID it spawned).
"""
import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

LIB = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(LIB)
TOOLS = os.path.join(LIB, "tools.py")
WRK_LUA = os.path.join(LIB, "wrk-report.lua")
BUILD = os.environ.get("BENCH_BUILD", "/tmp/deskmirror-bench-build")
SSE_BIN = os.path.join(BUILD, "sse")  # built from lib/sse.c by run.sh; tools.py is the fallback
TOKIO_BIN = os.path.join(BUILD, "tokio-target", "release", "tokio-proxy")
PY = sys.executable or "python3"

ANCHORS = [
    ("socat", "socat TCP4-LISTEN:{listen_port},bind=127.0.0.1,fork,reuseaddr,backlog=4096,nodelay "
              "TCP4:127.0.0.1:{upstream_port},nodelay"),
    ("haproxy", "bash " + os.path.join(BENCH, "anchors", "haproxy.sh") + " {listen_port} {upstream_port}"),
    ("nginx-stream", "bash " + os.path.join(BENCH, "anchors", "nginx-stream.sh") + " {listen_port} {upstream_port}"),
    ("tokio", TOKIO_BIN + " 127.0.0.1:{listen_port} 127.0.0.1:{upstream_port}"),
    ("haproxy-tls", "bash " + os.path.join(BENCH, "anchors", "haproxy-tls.sh") + " {listen_port} {upstream_port} {cert} {key}"),
    ("nginx-stream-tls", "bash " + os.path.join(BENCH, "anchors", "nginx-stream-tls.sh") + " {listen_port} {upstream_port} {cert} {key}"),
]

TLS_WORKLOADS = ["bulk1-tls", "bulk4-tls", "http-ka-tls", "http-close-tls"]
WORKLOADS = ["bulk1", "bulk4", "http-ka", "http-close", "idle", "sse"] + TLS_WORKLOADS
ALIASES = {"bulk": ["bulk1", "bulk4"], "http": ["http-ka", "http-close"], "tls": TLS_WORKLOADS,
           "all": WORKLOADS, "plain": WORKLOADS[:6]}
TLS_BULK_FILE_MIB = 64  # the file wrk fetches again and again in bulk*-tls (over one connection per stream)

PROFILES = {
    # reps: repetitions per candidate (interleaved); durations in seconds
    # many short interleaved reps + ratios paired within a rep: the VM's noise comes in bursts
    "full": dict(reps=5, bulk_secs=2, bulk_omit=1, http_secs=3, http_warm=2, http_threads=2,
                 http_conns=50, idle_n=5000, idle_hold=3, sse_clients=500, sse_secs=3,
                 sse_reps=3, sse_interval_ms=10, tls_warm=5),
    "quick": dict(reps=1, bulk_secs=2, bulk_omit=1, http_secs=2, http_warm=1, http_threads=2,
                  http_conns=50, idle_n=1000, idle_hold=1, sse_clients=500, sse_secs=2,
                  sse_reps=1, sse_interval_ms=10, tls_warm=4),
}

CLK_TCK = os.sysconf("SC_CLK_TCK")
STARTED = []  # every Proc we spawned, for cleanup


def log(msg):
    print("[bench %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


# ------------------------------------------------------------------ processes
class Proc:
    """A process we started, in its own session/process group (pgid == pid)."""

    def __init__(self, name, cmd, cpus, logdir, env=None, stdin=None, stdout=None):
        self.name = name
        self.cmd = cmd
        # `env` lets a template start with VAR=value assignments; every step execs, so self.pid
        # is the proxy process itself.
        shell = "exec " + (("taskset -c %s " % cpus) if cpus else "") + "env " + cmd
        self.logpath = os.path.join(logdir, re.sub(r"[^A-Za-z0-9_.-]", "_", name) + ".log")
        self.logf = open(self.logpath, "ab")
        self.p = subprocess.Popen(["bash", "-c", shell], stdin=stdin or subprocess.DEVNULL,
                                  stdout=stdout or self.logf, stderr=self.logf,
                                  start_new_session=True, env=env)
        self.pid = self.p.pid
        STARTED.append(self)

    def alive(self):
        return self.p.poll() is None

    def stop(self, grace=3.0):
        if self.p.poll() is None:
            try:
                os.killpg(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.p.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        # the group may still hold children (e.g. socat forks, nginx workers)
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.p.wait(2)
        except subprocess.TimeoutExpired:
            pass
        self.logf.close()
        if self in STARTED:
            STARTED.remove(self)


def cleanup(*_):
    for p in list(STARTED):
        try:
            p.stop(grace=1.0)
        except Exception:
            pass


def _stat(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return None
    rest = s[s.rfind(")") + 2:].split()
    return rest


def proc_tree(root):
    """root pid plus all descendants (scans /proc once)."""
    children = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        st = _stat(int(d))
        if st:
            children.setdefault(int(st[1]), []).append(int(d))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def tree_cpu_s(root):
    """user+sys CPU seconds of the tree, including reaped children (cutime/cstime)."""
    tot = 0
    for p in proc_tree(root):
        st = _stat(p)
        if st:
            tot += sum(int(x) for x in st[11:15])
    return tot / CLK_TCK


def tree_mem_kb(root):
    rss = pss = 0
    pids = proc_tree(root)
    for p in pids:
        try:
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
                        break
        except OSError:
            pass
        try:
            with open("/proc/%d/smaps_rollup" % p) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                        break
        except OSError:
            pass
    return {"rss_kb": rss, "pss_kb": pss, "procs": len(pids)}


def threads_of(root):
    n = 0
    for p in proc_tree(root):
        try:
            n += len(os.listdir("/proc/%d/task" % p))
        except OSError:
            pass
    return n


_used_ports = set()


def free_port():
    for _ in range(100):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        if port not in _used_ports and port < 32768:  # outside the ephemeral range
            _used_ports.add(port)
            return port
    # fall back to a fixed low range
    for port in range(20000, 30000):
        if port in _used_ports:
            continue
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            s.close()
        _used_ports.add(port)
        return port
    raise RuntimeError("no free port")


def listening(port):
    hexport = ":%04X" % port
    for fn in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(fn) as f:
                next(f)
                for line in f:
                    parts = line.split()
                    if parts[1].endswith(hexport) and parts[3] == "0A":
                        return True
        except OSError:
            pass
    return False


def wait_listen(port, proc, timeout=30.0):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc is not None and not proc.alive():
            return False
        if listening(port):
            return True
        time.sleep(0.05)
    return False


def run_cmd(args, timeout):
    t0 = time.monotonic()
    try:
        r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           stdin=subprocess.DEVNULL, timeout=timeout)
        return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace"), \
            time.monotonic() - t0
    except subprocess.TimeoutExpired as e:
        return 124, (e.stdout or b"").decode(errors="replace"), "timeout", time.monotonic() - t0


# ------------------------------------------------------------------ harness
class Bench:
    def __init__(self, args, cands, prof):
        self.args = args
        self.cands = cands  # list of (name, template)
        self.P = prof
        self.rundir = tempfile.mkdtemp(prefix="bench-run-", dir="/tmp")
        os.chmod(self.rundir, 0o755)  # nginx workers run as nobody and must read the static file
        self.env = dict(os.environ, BENCH_RUN_DIR=self.rundir)
        self.cc, self.cb, self.cp = args.cpus_client, args.cpus_backend, args.cpus_proxy
        self.results = {}
        self.cert, self.key = None, None

    def certificate(self):
        """One self-signed ECDSA P-256 server certificate for 127.0.0.1 and localhost, shared by every TLS candidate."""
        if self.cert is None:
            cert, key = os.path.join(self.rundir, "tls.crt"), os.path.join(self.rundir, "tls.key")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                            "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                            "-addext", "extendedKeyUsage=serverAuth"],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            os.chmod(key, 0o600)
            self.cert, self.key = cert, key
        return self.cert, self.key

    def pin(self, cpus, argv):
        return (["taskset", "-c", cpus] if cpus else []) + argv

    def order(self, rep):
        names = ["direct"] + [n for n, _ in self.cands]
        k = rep % len(names)
        return names[k:] + names[:k]

    def start_proxy(self, name, tmpl, upstream):
        lp = free_port()
        cmd = tmpl.replace("{listen_port}", str(lp)).replace("{upstream_port}", str(upstream))
        if "{cert}" in cmd:
            cert, key = self.certificate()
            cmd = cmd.replace("{cert}", cert).replace("{key}", key)
        p = Proc(name, cmd, self.cp, self.rundir, env=self.env)
        if not wait_listen(lp, p):
            rc = p.p.poll()
            p.stop()
            why = ("exited (rc=%s) before listening" % rc) if rc is not None else \
                "did not listen on 127.0.0.1:%d within 30 s" % lp
            return None, lp, "%s; log %s" % (why, p.logpath)
        time.sleep(0.2)
        return p, lp, None

    def start_proxies(self, upstream):
        px = {}
        for name, tmpl in self.cands:
            p, lp, err = self.start_proxy(name, tmpl, upstream)
            px[name] = (p, lp, err)
            if err:
                log("%s: %s" % (name, err))
        return px

    def stop_proxies(self, px):
        for p, _, _ in px.values():
            if p:
                p.stop()

    def target(self, name, px, backend_port):
        if name == "direct":
            return None, backend_port, None
        p, lp, err = px[name]
        if err:
            return None, None, err
        if not p.alive():
            return None, None, "proxy exited (rc=%s, log %s)" % (p.p.poll(), p.logpath)
        return p, lp, None

    # -------------------------------------------------------------- bulk (iperf3)
    def w_bulk(self, streams):
        P = self.P
        bp = free_port()
        srv = Proc("iperf3-server", "iperf3 -s -B 127.0.0.1 -p %d" % bp, self.cb, self.rundir)
        if not wait_listen(bp, srv, 10):
            srv.stop()
            return {"error": "iperf3 server did not start"}
        px = self.start_proxies(bp)
        res = {n: {"runs": [], "errors": []} for n in ["direct"] + [c for c, _ in self.cands]}
        try:
            for rep in range(P["reps"]):
                for name in self.order(rep):
                    p, port, err = self.target(name, px, bp)
                    if err:
                        res[name]["errors"].append(err)
                        continue
                    if not srv.alive():
                        srv.stop()
                        srv = Proc("iperf3-server", "iperf3 -s -B 127.0.0.1 -p %d" % bp, self.cb, self.rundir)
                        wait_listen(bp, srv, 10)
                    c0 = tree_cpu_s(p.pid) if p else 0.0
                    t0 = time.monotonic()
                    rc, out, errs, wall = run_cmd(self.pin(self.cc, [
                        "iperf3", "-c", "127.0.0.1", "-p", str(port), "-t", str(P["bulk_secs"]),
                        "-O", str(P["bulk_omit"]), "-P", str(streams), "-J", "--connect-timeout", "5000"]),
                        timeout=P["bulk_secs"] + P["bulk_omit"] + 20)
                    wall = time.monotonic() - t0
                    cpu = (tree_cpu_s(p.pid) - c0) if p else None
                    try:
                        j = json.loads(out)
                        if j.get("error"):
                            raise ValueError(j["error"])
                        bps = j["end"]["sum_received"]["bits_per_second"]
                        res[name]["runs"].append({
                            "rep": rep, "gbps": bps / 1e9,
                            "retransmits": j["end"].get("sum_sent", {}).get("retransmits"),
                            "proxy_cpu_pct": round(100 * cpu / wall, 1) if cpu is not None else None})
                    except Exception as e:  # noqa
                        res[name]["errors"].append("iperf3 rc=%s: %s %s" % (rc, str(e)[:200], errs[:200]))
                    time.sleep(0.3)
        finally:
            self.stop_proxies(px)
            srv.stop()
        for name, r in res.items():
            r["summary"] = summarize(r["runs"], ["gbps", "proxy_cpu_pct"], res["direct"]["runs"], ["gbps"])
        return {"params": {"tool": "iperf3", "streams": streams, "secs": P["bulk_secs"],
                           "omit_secs": P["bulk_omit"], "reps": P["reps"]}, "results": res}

    # -------------------------------------------------------------- http (wrk -> nginx)
    def start_nginx_backend(self):
        port = free_port()
        d = os.path.join(self.rundir, "nginx-backend")
        os.makedirs(os.path.join(d, "www"), exist_ok=True)
        with open(os.path.join(d, "www", "100b.txt"), "wb") as f:
            f.write(b"x" * 99 + b"\n")
        with open(os.path.join(d, "www", "bulk.bin"), "wb") as f:
            f.write(os.urandom(TLS_BULK_FILE_MIB << 20))
        conf = os.path.join(d, "nginx.conf")
        with open(conf, "w") as f:
            f.write("""worker_processes 1;
worker_rlimit_nofile 20000;
pid %(d)s/nginx.pid;
error_log %(d)s/error.log warn;
events { worker_connections 19000; }
http {
    access_log off;
    default_type text/plain;
    sendfile on;
    tcp_nodelay on;
    keepalive_requests 10000000;
    keepalive_timeout 120s;
    server {
        listen 127.0.0.1:%(port)d backlog=4096;
        root %(d)s/www;
    }
}
""" % {"d": d, "port": port})
        srv = Proc("nginx-backend", "nginx -p %s -c %s -e %s/error.log -g 'daemon off;'" % (d, conf, d),
                   self.cb, self.rundir)
        if not wait_listen(port, srv, 10):
            srv.stop()
            return None, port
        return srv, port

    def wrk(self, port, secs, close, tls=False, streams=None):
        P = self.P
        threads, conns = (min(2, streams), streams) if streams else (P["http_threads"], P["http_conns"])
        argv = ["wrk", "-t", str(threads), "-c", str(conns), "-d", "%ds" % secs,
                "--timeout", "5s", "-s", WRK_LUA]
        if close:
            argv += ["-H", "Connection: close"]
        argv.append("%s://127.0.0.1:%d/%s" % ("https" if tls else "http", port,
                                              "bulk.bin" if streams else "100b.txt"))
        rc, out, errs, wall = run_cmd(self.pin(self.cc, argv), timeout=secs + 20)
        m = re.search(r"^WRKJSON (\{.*\})$", out, re.M)
        if not m:
            raise RuntimeError("wrk rc=%s: %s %s" % (rc, out[-200:], errs[-200:]))
        j = json.loads(m.group(1))
        j["rps"] = j["requests"] / (j["duration_us"] / 1e6)
        j["gbps"] = j["bytes"] * 8 / (j["duration_us"] / 1e6) / 1e9
        j["errors"] = sum(j[k] for k in ("err_connect", "err_read", "err_write", "err_status", "err_timeout"))
        return j

    def w_http(self, close, tls=False, streams=None):
        """wrk through every candidate; with tls the candidates are spoken to over https (direct stays plain);
        with streams, that many connections fetch a large file again and again (bulk, measured in Gbit/s)."""
        P = self.P
        srv, bp = self.start_nginx_backend()
        if not srv:
            return {"error": "nginx backend did not start"}
        px = self.start_proxies(bp)
        names = ["direct"] + [c for c, _ in self.cands]
        res = {n: {"runs": [], "errors": []} for n in names}
        try:
            # The TLS paths (handshake, record layer) have more code to reach its optimised tier: a longer warm-up.
            warm = P["tls_warm"] if tls else P["http_warm"]
            for name in names:  # warm-up (JIT, allocator, conn pools); not recorded
                p, port, err = self.target(name, px, bp)
                if not err and warm > 0:
                    try:
                        self.wrk(port, warm, close, tls and name != "direct", streams)
                    except Exception as e:  # noqa
                        res[name]["errors"].append("warm-up: " + str(e)[:200])
                    time.sleep(0.3)
            for rep in range(P["reps"]):
                for name in self.order(rep):
                    p, port, err = self.target(name, px, bp)
                    if err:
                        res[name]["errors"].append(err)
                        continue
                    c0 = tree_cpu_s(p.pid) if p else 0.0
                    t0 = time.monotonic()
                    try:
                        j = self.wrk(port, P["http_secs"], close, tls and name != "direct", streams)
                        wall = time.monotonic() - t0
                        cpu = (tree_cpu_s(p.pid) - c0) if p else None
                        res[name]["runs"].append({
                            "rep": rep, "rps": j["rps"], "gbps": j["gbps"], "p50_ms": j["lat_p50_us"] / 1000.0,
                            # every request is a new connection with Connection: close
                            "cpu_us_per_req": round(cpu * 1e6 / j["requests"], 1) if cpu is not None and j["requests"] else None,
                            "p99_ms": j["lat_p99_us"] / 1000.0, "max_ms": j["lat_max_us"] / 1000.0,
                            "errors": j["errors"], "requests": j["requests"],
                            "proxy_cpu_pct": round(100 * cpu / wall, 1) if cpu is not None else None,
                            "raw": j})
                    except Exception as e:  # noqa
                        res[name]["errors"].append(str(e)[:300])
                    time.sleep(0.5 if close else 0.3)
        finally:
            self.stop_proxies(px)
            srv.stop()
        for name, r in res.items():
            r["summary"] = summarize(r["runs"], ["rps", "gbps", "p50_ms", "p99_ms", "errors", "proxy_cpu_pct", "cpu_us_per_req"],
                                     res["direct"]["runs"], ["rps", "gbps", "p50_ms", "p99_ms"])
        return {"params": {"tool": "wrk", "threads": min(2, streams) if streams else P["http_threads"],
                           "connections": streams or P["http_conns"],
                           "secs": P["http_secs"], "warmup_secs": warm, "reps": P["reps"],
                           "connection_close": close, "body_bytes": (TLS_BULK_FILE_MIB << 20) if streams else 100,
                           "tls": tls,
                           "backend": "nginx, 1 worker, static 100-byte file"},
                "results": res}

    # -------------------------------------------------------------- idle connections
    def w_idle(self):
        P = self.P
        n = P["idle_n"]
        bp = free_port()
        srv = Proc("hold-server", "%s %s hold-server %d" % (PY, TOOLS, bp), self.cb, self.rundir)
        if not wait_listen(bp, srv, 10):
            srv.stop()
            return {"error": "hold server did not start"}
        res = {}
        try:
            for name in ["direct"] + [c for c, _ in self.cands]:
                r = {"runs": [], "errors": []}
                res[name] = r
                p = None
                port = bp
                if name != "direct":
                    tmpl = dict(self.cands)[name]
                    p, port, err = self.start_proxy(name, tmpl, bp)
                    if err:
                        r["errors"].append(err)
                        continue
                try:
                    r["runs"].append(self.idle_one(name, p, port, n))
                except Exception as e:  # noqa
                    r["errors"].append(str(e)[:300])
                finally:
                    if p:
                        p.stop()
                time.sleep(0.5)
        finally:
            srv.stop()
        for name, r in res.items():
            r["summary"] = r["runs"][0] if r["runs"] else {}
        return {"params": {"connections": n, "hold_secs": P["idle_hold"],
                           "method": "each connection verified end-to-end by a 1-byte echo; "
                                     "memory = VmRSS (and Pss) summed over the proxy's process tree"},
                "results": res}

    def idle_one(self, name, p, port, n):
        P = self.P
        cl = Proc("idle-client-" + name, "%s %s idle-client %d %d" % (PY, TOOLS, port, n),
                  self.cc, self.rundir, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        out = {"n": n}

        def readline(timeout):
            import select as _s
            r, _, _ = _s.select([cl.p.stdout], [], [], timeout)
            if not r:
                raise RuntimeError("idle-client: no answer within %ss" % timeout)
            return cl.p.stdout.readline().decode().split()

        def say(s):
            cl.p.stdin.write((s + "\n").encode())
            cl.p.stdin.flush()

        try:
            w = readline(30)
            out["warm_ok"] = int(w[1])
            time.sleep(0.5)
            if p:
                out["base"] = tree_mem_kb(p.pid)
            say("GO")
            rd = readline(120)
            out["opened"], out["failed"], out["open_secs"] = int(rd[1]), int(rd[2]), float(rd[3])
            time.sleep(1.0)
            if p:
                out["at_n"] = tree_mem_kb(p.pid)
                out["threads_at_n"] = threads_of(p.pid)
            time.sleep(P["idle_hold"])
            say("CHECK")
            a = readline(60)
            out["alive_after_hold"] = int(a[1])
            if p:
                out["after_check"] = tree_mem_kb(p.pid)
            say("QUIT")
            readline(30)
            time.sleep(1.0)
            if p:
                out["after_close"] = tree_mem_kb(p.pid)
                b, a = out["base"], out["at_n"]
                out["rss_kib_per_conn"] = round((a["rss_kb"] - b["rss_kb"]) / max(1, out["opened"]), 2)
                out["pss_kib_per_conn"] = round((a["pss_kb"] - b["pss_kb"]) / max(1, out["opened"]), 2)
                out["alive_proxy"] = p.alive()
        finally:
            cl.stop(grace=1.0)
        return out

    # -------------------------------------------------------------- sse streaming
    def w_sse(self):
        P = self.P
        bp = free_port()
        if os.access(SSE_BIN, os.X_OK):
            impl, srv_cmd, cli = "c", "%s server %d %s" % (SSE_BIN, bp, P["sse_interval_ms"]), [SSE_BIN, "client"]
        else:
            impl, srv_cmd, cli = "python", "%s %s sse-server %d %s" % (PY, TOOLS, bp, P["sse_interval_ms"]), \
                [PY, TOOLS, "sse-client"]
        srv = Proc("sse-server", srv_cmd, self.cb, self.rundir)
        if not wait_listen(bp, srv, 10):
            srv.stop()
            return {"error": "sse server did not start"}
        px = self.start_proxies(bp)
        res = {n: {"runs": [], "errors": []} for n in ["direct"] + [c for c, _ in self.cands]}
        try:
            for rep in range(P["sse_reps"]):
                for name in self.order(rep):
                    p, port, err = self.target(name, px, bp)
                    if err:
                        res[name]["errors"].append(err)
                        continue
                    c0 = tree_cpu_s(p.pid) if p else 0.0
                    t0 = time.monotonic()
                    rc, out, errs, wall = run_cmd(self.pin(self.cc, cli + [
                        str(port), str(P["sse_clients"]), str(P["sse_secs"]),
                        str(P["sse_interval_ms"])]), timeout=P["sse_secs"] + 60)
                    wall = time.monotonic() - t0
                    cpu = (tree_cpu_s(p.pid) - c0) if p else None
                    try:
                        j = json.loads(out.strip().splitlines()[-1])
                        j["p50_ms"] = j["lat_p50_us"] / 1000.0
                        j["p99_ms"] = j["lat_p99_us"] / 1000.0
                        j["p999_ms"] = j["lat_p999_us"] / 1000.0
                        j["max_ms"] = j["lat_max_us"] / 1000.0
                        j["proxy_cpu_pct"] = round(100 * cpu / wall, 1) if cpu is not None else None
                        j["rep"] = rep
                        res[name]["runs"].append(j)
                    except Exception as e:  # noqa
                        res[name]["errors"].append("sse-client rc=%s: %s %s" % (rc, str(e)[:100], errs[-200:]))
                    time.sleep(0.5)
        finally:
            self.stop_proxies(px)
            srv.stop()
        for name, r in res.items():
            r["summary"] = summarize(r["runs"], ["p50_ms", "p99_ms", "p999_ms", "max_ms",
                                                 "delivered_ratio", "connected", "proxy_cpu_pct"],
                                     res["direct"]["runs"], ["p50_ms", "p99_ms"])
        return {"params": {"clients": P["sse_clients"], "interval_ms": P["sse_interval_ms"],
                           "secs": P["sse_secs"], "reps": P["sse_reps"], "impl": impl,
                           "method": "epoll backend (lib/sse.c, or tools.py fallback) writes 'data: SEQ TS' to every client each "
                                     "interval; client latency = recv time - TS (CLOCK_MONOTONIC)"},
                "results": res}


def noise_probe(cpus_list, secs=2.0):
    """Spin on each CPU at once and report the longest gap (the CPU was taken away: host steal,
    interrupts). Gaps of several ms on an idle machine mean latency percentiles are noisy."""
    if not os.access(SSE_BIN, os.X_OK):
        return None
    procs = [subprocess.Popen((["taskset", "-c", c] if c else []) + [SSE_BIN, "hiccup", str(secs)],
                              stdout=subprocess.PIPE) for c in cpus_list]
    out = {}
    for c, p in zip(cpus_list, procs):
        try:
            out["cpu" + (c or "any")] = json.loads(p.communicate(timeout=secs + 10)[0])
        except Exception:  # noqa
            pass
    return out


def summarize(runs, keys, direct_runs=None, ratio_keys=()):
    """median/min/max per key; plus ratio_KEY = run / direct run of the same repetition
    (paired, so a noisy minute on the shared host hits both sides of the ratio)."""
    s = {"n": len(runs)}
    for k in keys:
        vals = [r[k] for r in runs if r.get(k) is not None]
        if vals:
            s[k] = {"median": statistics.median(vals), "min": min(vals), "max": max(vals)}
    if direct_runs:
        d = {r.get("rep"): r for r in direct_runs}
        for k in ratio_keys:
            rs = [r[k] / d[r.get("rep")][k] for r in runs
                  if r.get(k) is not None and r.get("rep") in d and d[r.get("rep")].get(k)]
            if rs:
                s["ratio_" + k] = {"median": statistics.median(rs), "min": min(rs), "max": max(rs)}
    return s


# ------------------------------------------------------------------ report
def fmt(v, nd=2):
    if v is None:
        return "—"
    if isinstance(v, float):
        if abs(v) >= 1000:
            return "%.0f" % v
        return ("%." + str(nd) + "f") % v
    return str(v)


def med(res, name, key):
    try:
        return res[name]["summary"][key]["median"]
    except (KeyError, TypeError):
        return None


def mmm(res, name, key, nd=2):
    try:
        s = res[name]["summary"][key]
    except (KeyError, TypeError):
        return "—"
    if s["min"] == s["max"]:
        return fmt(s["median"], nd)
    return "%s (%s–%s)" % (fmt(s["median"], nd), fmt(s["min"], nd), fmt(s["max"], nd))


def pr(W, wl, n, key, spread=False):
    """paired ratio median (falls back to median/median); with spread: 'med (min–max)'."""
    try:
        s = W[wl]["results"][n]["summary"]["ratio_" + key]
        if spread and s["min"] != s["max"]:
            return "%s (%s–%s)" % (fmt(s["median"]), fmt(s["min"]), fmt(s["max"]))
        return s["median"]
    except (KeyError, TypeError):
        res = W.get(wl, {}).get("results", {})
        return ratio(med(res, n, key), med(res, "direct", key))


def ratio(a, b):
    if a is None or b in (None, 0):
        return None
    return a / b


def idle_cell(s):
    r, p = s.get("rss_kib_per_conn"), s.get("pss_kib_per_conn")
    if r is None:
        return None
    if p is not None and abs(r - p) > 0.1 * max(abs(r), 1):
        return "%s (%s)" % (fmt(float(r)), fmt(float(p)))
    return float(r)


def err_note(r):
    e = r.get("errors") or []
    return ("%d error(s): %s" % (len(e), e[0][:80])) if e else ""


def report(meta, W, names):
    L = []
    L.append("# Proxy benchmark — %s" % meta["date"])
    L.append("")
    L.append("Machine: %s, %s CPUs, kernel %s. Profile: %s. Placement: client cpu %s, backend cpu %s, "
             "proxy cpus %s." % (meta["host"]["cpu_model"], meta["host"]["nproc"], meta["host"]["kernel"],
                                 meta["profile"], meta["placement"]["client"], meta["placement"]["backend"],
                                 meta["placement"]["proxy"]))
    L.append("Cells are `median (min–max)` over repetitions. ratio = candidate / direct measured in the same "
             "repetition (paired), median (min–max) over repetitions; >1 means more throughput or more latency.")
    for k in ("noise_before", "noise_after"):
        nz = meta.get(k)
        if nz:
            L.append("Noise probe %s (idle spin, longest time a CPU was taken away): %s." % (
                k.split("_")[1], ", ".join("%s max %.1f ms, %d gaps >1 ms, %.1f%% lost" % (
                    c, v["max_gap_ms"], v["gaps_over_1ms"], v["lost_pct"]) for c, v in nz.items())))
    L.append("")
    # summary
    cols = []
    if "bulk1" in W: cols.append(("bulk 1-stream ×", lambda n: pr(W, "bulk1", n, "gbps")))
    if "bulk4" in W: cols.append(("bulk 4-stream ×", lambda n: pr(W, "bulk4", n, "gbps")))
    if "http-ka" in W: cols.append(("HTTP keep-alive req/s ×", lambda n: pr(W, "http-ka", n, "rps")))
    if "http-ka" in W: cols.append(("keep-alive p99 ×", lambda n: pr(W, "http-ka", n, "p99_ms")))
    if "http-close" in W: cols.append(("conn churn req/s ×", lambda n: pr(W, "http-close", n, "rps")))
    if "idle" in W: cols.append(("idle KiB/conn RSS (PSS if different)", lambda n: idle_cell(W["idle"]["results"].get(n, {}).get("summary", {}))))
    if "sse" in W: cols.append(("SSE p50 ms", lambda n: med(W["sse"]["results"], n, "p50_ms")))
    if "sse" in W: cols.append(("SSE p99 ms", lambda n: med(W["sse"]["results"], n, "p99_ms")))
    if "bulk1-tls" in W: cols.append(("TLS bulk 1 ×", lambda n: pr(W, "bulk1-tls", n, "gbps")))
    if "bulk4-tls" in W: cols.append(("TLS bulk 4 ×", lambda n: pr(W, "bulk4-tls", n, "gbps")))
    if "http-ka-tls" in W: cols.append(("TLS keep-alive ×", lambda n: pr(W, "http-ka-tls", n, "rps")))
    if "http-ka-tls" in W: cols.append(("TLS keep-alive p99 ×", lambda n: pr(W, "http-ka-tls", n, "p99_ms")))
    if "http-close-tls" in W: cols.append(("TLS churn ×", lambda n: pr(W, "http-close-tls", n, "rps")))
    if "http-close-tls" in W: cols.append(("TLS churn p99 ×", lambda n: pr(W, "http-close-tls", n, "p99_ms")))
    if "http-close-tls" in W: cols.append(("CPU µs/conn TLS", lambda n: med(W["http-close-tls"]["results"], n, "cpu_us_per_req")))
    if cols:
        L.append("## Summary (ratios: higher is better for throughput, lower is better for latency)")
        L.append("")
        L.append("| candidate | " + " | ".join(c for c, _ in cols) + " |")
        L.append("|---|" + "---|" * len(cols))
        for n in names:
            L.append("| %s | %s |" % (n, " | ".join(fmt(f(n)) for _, f in cols)))
        L.append("")
    for wl, title in (("bulk1", "Bulk throughput, 1 stream (iperf3)"), ("bulk4", "Bulk throughput, 4 parallel streams (iperf3)")):
        if wl not in W:
            continue
        res = W[wl].get("results", {})
        p = W[wl].get("params", {})
        L.append("## %s — %s s + %s s omitted, %s reps" % (title, p.get("secs"), p.get("omit_secs"), p.get("reps")))
        L.append("")
        L.append("| candidate | Gbit/s | ratio | proxy CPU % (100 = one core) | notes |")
        L.append("|---|---|---|---|---|")
        d = med(res, "direct", "gbps")
        for n in names:
            if n not in res:
                continue
            L.append("| %s | %s | %s | %s | %s |" % (n, mmm(res, n, "gbps"), fmt(pr(W, wl, n, "gbps", True)),
                                                    mmm(res, n, "proxy_cpu_pct", 0) if n != "direct" else "—",
                                                    err_note(res[n])))
        L.append("")
    for wl, title in (("bulk1-tls", "TLS bulk, 1 connection (wrk fetching a %d MiB file over https; direct: plain http)" % TLS_BULK_FILE_MIB),
                      ("bulk4-tls", "TLS bulk, 4 connections (wrk fetching a %d MiB file over https; direct: plain http)" % TLS_BULK_FILE_MIB)):
        if wl not in W:
            continue
        res = W[wl].get("results", {})
        p = W[wl].get("params", {})
        L.append("## %s — %s s, %s reps" % (title, p.get("secs"), p.get("reps")))
        L.append("")
        L.append("| candidate | Gbit/s | ratio to plain direct | proxy CPU % (100 = one core) | notes |")
        L.append("|---|---|---|---|---|")
        for n in names:
            if n not in res:
                continue
            L.append("| %s | %s | %s | %s | %s |" % (n, mmm(res, n, "gbps"), fmt(pr(W, wl, n, "gbps", True)),
                                                    mmm(res, n, "proxy_cpu_pct", 0) if n != "direct" else "—",
                                                    err_note(res[n])))
        L.append("")
    for wl, title in (("http-ka", "Small HTTP requests, keep-alive (wrk → nginx, 100-byte body)"),
                      ("http-close", "Connection churn, `Connection: close` (wrk → nginx, new TCP connection per request)"),
                      ("http-ka-tls", "Small HTTPS requests, keep-alive (wrk over https → TLS proxy → nginx; direct: plain http)"),
                      ("http-close-tls", "TLS connection churn, `Connection: close`: a full TLS handshake per request (direct: plain http)")):
        if wl not in W:
            continue
        res = W[wl].get("results", {})
        p = W[wl].get("params", {})
        L.append("## %s — wrk -t%s -c%s, %s s, %s reps" % (title, p.get("threads"), p.get("connections"), p.get("secs"), p.get("reps")))
        L.append("")
        L.append("| candidate | req/s | ratio | p50 ms | p99 ms | p99 ratio | proxy CPU % (100 = one core) | proxy CPU µs/request | socket errors | notes |")
        L.append("|---|---|---|---|---|---|---|---|---|---|")
        d = med(res, "direct", "rps")
        d99 = med(res, "direct", "p99_ms")
        for n in names:
            if n not in res:
                continue
            L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                n, mmm(res, n, "rps"), fmt(pr(W, wl, n, "rps", True)), mmm(res, n, "p50_ms", 3),
                mmm(res, n, "p99_ms", 3), fmt(pr(W, wl, n, "p99_ms")),
                mmm(res, n, "proxy_cpu_pct", 0) if n != "direct" else "—",
                mmm(res, n, "cpu_us_per_req", 0) if n != "direct" else "—",
                fmt(med(res, n, "errors"), 0), err_note(res[n])))
        L.append("")
    if "http-close-tls" in W and "http-close" in W:
        tls, plain = W["http-close-tls"].get("results", {}), W["http-close"].get("results", {})
        L.append("## TLS handshake cost per connection (http-close-tls beside http-close)")
        L.append("")
        L.append("Proxy CPU per connection with a full TLS handshake, less the same proxy's CPU per plain connection "
                 "(the candidate named without `-tls`); p50 is the latency a new connection's request adds.")
        L.append("")
        L.append("| candidate | CPU µs/conn TLS | CPU µs/conn plain | handshake CPU µs | p50 ms TLS | p50 ms plain | handshake p50 ms |")
        L.append("|---|---|---|---|---|---|---|")
        for n in names:
            if n == "direct" or n not in tls:
                continue
            base = n[:-4] if n.endswith("-tls") else None
            ct, cp = med(tls, n, "cpu_us_per_req"), med(plain, base, "cpu_us_per_req") if base else None
            lt, lp = med(tls, n, "p50_ms"), med(plain, base, "p50_ms") if base else None
            L.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                n, fmt(ct, 0), fmt(cp, 0), fmt(ct - cp if ct is not None and cp is not None else None, 0),
                fmt(lt, 3), fmt(lp, 3), fmt(lt - lp if lt is not None and lp is not None else None, 3)))
        L.append("")
    if "idle" in W:
        res = W["idle"].get("results", {})
        p = W["idle"].get("params", {})
        L.append("## Many idle connections — N=%s, held %s s" % (p.get("connections"), p.get("hold_secs")))
        L.append("")
        L.append("| candidate | opened | alive after hold | open time s | RSS base MiB | RSS at N MiB | RSS KiB/conn | PSS KiB/conn | procs/threads at N | RSS after close MiB | notes |")
        L.append("|---|---|---|---|---|---|---|---|---|---|---|")
        for n in names:
            if n not in res:
                continue
            s = res[n].get("summary") or {}
            mb = lambda k: fmt(s[k]["rss_kb"] / 1024.0, 1) if k in s else "—"  # noqa
            pt = ("%s/%s" % (s["at_n"]["procs"], s.get("threads_at_n"))) if "at_n" in s else "—"
            L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                n, ("%s/%s" % (s.get("opened"), s.get("n"))) if s else "—", fmt(s.get("alive_after_hold")),
                fmt(s.get("open_secs")), mb("base"), mb("at_n"), fmt(s.get("rss_kib_per_conn")),
                fmt(s.get("pss_kib_per_conn")), pt, mb("after_close"),
                (err_note(res[n]) + (" proxy exited during the test" if s.get("alive_proxy") is False else ""))))
        L.append("")
    if "sse" in W:
        res = W["sse"].get("results", {})
        p = W["sse"].get("params", {})
        L.append("## Long-lived streaming (SSE-style) — %s clients, 1 event / %s ms each, %s s, %s reps" % (
            p.get("clients"), p.get("interval_ms"), p.get("secs"), p.get("reps")))
        L.append("")
        L.append("| candidate | p50 ms | p99 ms | p99.9 ms | max ms | p50 ratio | p99 ratio | delivered | proxy CPU % | notes |")
        L.append("|---|---|---|---|---|---|---|---|---|---|")
        d50, d99 = med(res, "direct", "p50_ms"), med(res, "direct", "p99_ms")
        for n in names:
            if n not in res:
                continue
            L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                n, mmm(res, n, "p50_ms", 3), mmm(res, n, "p99_ms", 3), mmm(res, n, "p999_ms", 2),
                mmm(res, n, "max_ms", 1), fmt(pr(W, "sse", n, "p50_ms")),
                fmt(pr(W, "sse", n, "p99_ms")), mmm(res, n, "delivered_ratio", 3),
                mmm(res, n, "proxy_cpu_pct", 0) if n != "direct" else "—", err_note(res[n])))
        L.append("")
    for wl in W:
        if W[wl].get("error"):
            L.append("**%s failed:** %s" % (wl, W[wl]["error"]))
    L.append("")
    L.append("## Candidates and versions")
    L.append("")
    for n, t in meta["candidates"].items():
        L.append("- `%s`: %s" % (n, "(no proxy: clients connect to the backend)" if t is None else "`%s`" % t))
    for n, why in (meta.get("skipped_anchors") or {}).items():
        L.append("- `%s`: skipped, %s" % (n, why))
    v = meta.get("versions", {})
    L.append("- versions: " + "; ".join("%s %s" % (k, v[k]) for k in
                                        ("iperf3", "wrk", "nginx", "haproxy", "socat", "rustc", "tokio_crate", "python")
                                        if v.get(k)))
    L.append("- Debian packages: " + ", ".join("%s=%s" % (k, x) for k, x in (v.get("dpkg") or {}).items() if x))
    L.append("- total run time %s s; per-run logs in `%s`" % (meta.get("elapsed_s"), meta.get("rundir")))
    return "\n".join(L) + "\n"


def versions(cands):
    def first(cmd):
        try:
            r = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=10)
            s = r.stdout.decode(errors="replace").strip().splitlines()
            return s[0].strip() if s else None
        except Exception:
            return None
    v = {
        "python": sys.version.split()[0],
        "iperf3": first("iperf3 --version"),
        "wrk": first("wrk -v 2>&1 | head -1"),
        "nginx": first("nginx -v 2>&1"),
        "haproxy": first("haproxy -v | head -1"),
        "socat": first("socat -V | grep 'socat version'"),
        "rustc": first("PATH=$PATH:/root/.cargo/bin rustc --version"),
        "dpkg": {},
    }
    for pkg in ("iperf3", "wrk", "nginx", "libnginx-mod-stream", "haproxy", "socat", "librust-tokio-dev"):
        v["dpkg"][pkg] = first("dpkg-query -W -f='${Version}' %s 2>/dev/null" % pkg)
    lock = os.path.join(BENCH, "anchors", "tokio-proxy", "Cargo.lock")
    if os.path.exists(lock):
        m = re.search(r'name = "tokio"\nversion = "([^"]+)"', open(lock).read())
        v["tokio_crate"] = m.group(1) if m else None
    return v


def host_info():
    model = None
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {"nproc": os.cpu_count(), "cpu_model": model, "kernel": os.uname().release,
            "mem_total_mb": int(open("/proc/meminfo").readline().split()[1]) // 1024}


def anchor_available(name):
    if name == "socat":
        return shutil.which("socat") is not None, "apt-get install socat"
    if name == "haproxy":
        return shutil.which("haproxy") is not None, "apt-get install haproxy"
    if name == "nginx-stream":
        return (shutil.which("nginx") is not None and
                os.path.exists("/usr/lib/nginx/modules/ngx_stream_module.so")), \
            "apt-get install nginx libnginx-mod-stream"
    if name == "tokio":
        return os.access(TOKIO_BIN, os.X_OK), "bash bench/setup.sh (needs librust-tokio-dev + cargo)"
    return True, ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="short run (~2 min with the 4 anchors)")
    ap.add_argument("--only", default="all", help="comma list of: %s (aliases: bulk, http, all)" % ", ".join(WORKLOADS))
    ap.add_argument("--anchors", default="socat,haproxy,nginx-stream,tokio,haproxy-tls,nginx-stream-tls",
                    help="comma list of built-in anchors to include, or 'none' (direct is always run)")
    ap.add_argument("--out", default=None, help="write results JSON here (default /tmp/bench-results-<time>.json)")
    ap.add_argument("--md", default=None, help="also write the markdown report to this file")
    ap.add_argument("--reps", type=int, default=None, help="override repetitions (all workloads)")
    ap.add_argument("--idle-n", type=int, default=None, help="override N for the idle workload")
    ap.add_argument("--cpus-client", default="0", help="taskset CPU list for load generators (default 0)")
    ap.add_argument("--cpus-backend", default="1", help="taskset CPU list for backends (default 1)")
    ap.add_argument("--cpus-proxy", default="0,1", help="taskset CPU list for proxies (default 0,1)")
    ap.add_argument("candidates", nargs="*", help="NAME=COMMAND_TEMPLATE with {listen_port} {upstream_port}")
    args = ap.parse_args()

    if os.cpu_count() and os.cpu_count() < 2:
        args.cpus_client = args.cpus_backend = args.cpus_proxy = ""
    prof = dict(PROFILES["quick" if args.quick else "full"])
    if args.reps:
        prof["reps"] = args.reps
        prof["sse_reps"] = args.reps
    if args.idle_n:
        prof["idle_n"] = args.idle_n

    wls = []
    for w in args.only.split(","):
        w = w.strip()
        for x in ALIASES.get(w, [w]):
            if x not in WORKLOADS:
                ap.error("unknown workload %r" % x)
            if x not in wls:
                wls.append(x)
    wls = [w for w in WORKLOADS if w in wls]

    cands = []
    skipped = {}
    if args.anchors != "none":
        wanted = [a.strip() for a in args.anchors.split(",") if a.strip()]
        for name, tmpl in ANCHORS:
            if name in wanted:
                ok, how = anchor_available(name)
                if ok:
                    cands.append((name, tmpl))
                else:
                    skipped[name] = "not installed: " + how
                    log("skipping anchor %s (%s)" % (name, skipped[name]))
    for c in args.candidates:
        if "=" not in c:
            ap.error("candidate must be NAME=COMMAND_TEMPLATE: %r" % c)
        name, tmpl = c.split("=", 1)
        if "{listen_port}" not in tmpl or "{upstream_port}" not in tmpl:
            ap.error("template for %s needs {listen_port} and {upstream_port}" % name)
        if name == "direct" or name in dict(cands):
            ap.error("duplicate candidate name %r" % name)
        cands.append((name.strip(), tmpl.strip()))
    for tool in ("iperf3", "wrk", "nginx", "taskset"):
        if not shutil.which(tool):
            ap.error("%s not found; run bash bench/setup.sh" % tool)

    signal.signal(signal.SIGTERM, lambda *a: (cleanup(), sys.exit(143)))
    out = args.out or "/tmp/bench-results-%s.json" % time.strftime("%Y%m%d-%H%M%S")
    plain_cands = [(n, t) for n, t in cands if "{cert}" not in t]
    tls_cands = [(n, t) for n, t in cands if "{cert}" in t]
    if any(w in TLS_WORKLOADS for w in wls) and tls_cands and not shutil.which("openssl"):
        ap.error("openssl not found (it makes the TLS workloads' certificate)")
    b = Bench(args, plain_cands, prof)
    names = ["direct"] + [n for n, _ in cands]
    meta = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "host": host_info(), "versions": versions(cands), "profile": "quick" if args.quick else "full",
            "params": prof, "placement": {"client": args.cpus_client, "backend": args.cpus_backend,
                                          "proxy": args.cpus_proxy},
            "candidates": dict([("direct", None)] + cands), "skipped_anchors": skipped,
            "workloads": wls, "rundir": b.rundir}
    log("candidates: %s; workloads: %s; logs in %s" % (", ".join(names), ", ".join(wls), b.rundir))
    W = {}
    t_all = time.monotonic()
    cpus = sorted(set(x for x in (args.cpus_client, args.cpus_backend) if x)) or [""]
    meta["noise_before"] = noise_probe(cpus)
    try:
        for wl in wls:
            t0 = time.monotonic()
            log("workload %s ..." % wl)
            # A candidate with {cert} speaks TLS to its clients: it runs in the *-tls workloads only, the rest elsewhere.
            b.cands = tls_cands if wl in TLS_WORKLOADS else plain_cands
            if wl == "bulk1":
                W[wl] = b.w_bulk(1)
            elif wl == "bulk4":
                W[wl] = b.w_bulk(4)
            elif wl == "http-ka":
                W[wl] = b.w_http(False)
            elif wl == "http-close":
                W[wl] = b.w_http(True)
            elif wl == "idle":
                W[wl] = b.w_idle()
            elif wl == "sse":
                W[wl] = b.w_sse()
            elif wl in ("bulk1-tls", "bulk4-tls"):
                W[wl] = b.w_http(False, tls=True, streams=1 if wl == "bulk1-tls" else 4)
            elif wl == "http-ka-tls":
                W[wl] = b.w_http(False, tls=True)
            elif wl == "http-close-tls":
                W[wl] = b.w_http(True, tls=True)
            W[wl]["elapsed_s"] = round(time.monotonic() - t0, 1)
            log("workload %s done in %.0f s" % (wl, time.monotonic() - t0))
            meta["elapsed_s"] = round(time.monotonic() - t_all, 1)
            with open(out, "w") as f:  # write after each workload: partial results survive
                json.dump({"meta": meta, "workloads": W}, f, indent=1)
    except KeyboardInterrupt:
        log("interrupted")
    finally:
        cleanup()
    meta["noise_after"] = noise_probe(cpus)
    meta["elapsed_s"] = round(time.monotonic() - t_all, 1)
    with open(out, "w") as f:
        json.dump({"meta": meta, "workloads": W}, f, indent=1)
    md = report(meta, W, names)
    if args.md:
        with open(args.md, "w") as f:
            f.write(md)
    print(md)
    log("total %.0f s; JSON: %s" % (meta["elapsed_s"], out))


if __name__ == "__main__":
    main()
