#!/usr/bin/env python3
"""Slow senders against a SIP server's TCP port: when does the server close them?

Opens N TCP connections and drips one byte of a never-ending SIP header on each every INTERVAL
seconds (a slowloris), then records, per connection, how long after its connect the server closed
it. Prints the number refused at once (closed within a second of connecting), the close times of
the others (min / median / max) and how many were still open when the run ended.

    bench/slowloris.py --server parley                  # starts target/parley.jar, default limits
    bench/slowloris.py --server parley --sources 10     # the same connections from 127.0.0.1..10
    bench/slowloris.py --server kamailio                # the shared harness's Kamailio config
    bench/slowloris.py --server none --port 5060        # a server already running

--server parley writes a node configuration that changes only the ports and the data folder: every
parley.sip limit keeps its default. --sources spreads the connections over that many loopback
addresses (127.0.0.1, 127.0.0.2, ...; Linux answers on all of 127/8), to tell a per-source cap from
a message deadline. Everything runs on 127.0.0.1. Results go to bench/results/<timestamp>/ (not
committed).
"""
import argparse
import os
import selectors
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_HARNESS = os.path.normpath(os.path.join(ROOT, "..", "shared", "bench"))

# A header that never ends: no empty line ever comes, so the message is never whole.
HEAD = ("INVITE sip:bob@127.0.0.1 SIP/2.0\r\n"
        "Via: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-slow\r\n"
        "From: <sip:slow@127.0.0.1>;tag=slow\r\n"
        "To: <sip:bob@127.0.0.1>\r\n"
        "Call-ID: slowloris\r\n"
        "CSeq: 1 INVITE\r\n"
        "X-Drip: ").encode("ascii")


def drip_byte(i):
    return HEAD[i:i + 1] if i < len(HEAD) else b"a"


def start_parley(a, out):
    conf = os.path.join(out, "parley.conf")
    with open(conf, "w") as f:
        f.write("""parley.sip.listen = ["udp:127.0.0.1:%d", "tcp:127.0.0.1:%d"]
parley.storage.jdbc-url = "jdbc:h2:file:%s/data/parley"
parley.cluster.port = 0
pekko.management.http.port = 0
""" % (a.port, a.port, out))
    if not os.path.exists(a.jar):
        subprocess.run(["mvn", "-B", "-q", "-DskipTests", "package"], cwd=ROOT, check=True)
    return subprocess.Popen(["java"] + a.java_opts.split() + ["-Dconfig.file=" + conf, "-jar", a.jar],
                            stdout=open(os.path.join(out, "server.log"), "w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def start_kamailio(a, out):
    db = os.path.join(out, "kamailio-db")
    os.makedirs(db)
    with open(os.path.join(db, "htable"), "w") as f:
        f.write("id(int,auto) key_name(string) key_type(int) value_type(int) key_value(string) expires(int)\n")
    with open(os.path.join(db, "version"), "w") as f:
        f.write("table_name(string) table_version(int)\nhtable:2\n")
    cfg = os.path.join(a.harness, "kamailio", "kamailio.cfg")
    return subprocess.Popen(["kamailio", "-DD", "-E", "-f", cfg, "-m", "256", "-M", "16", "-w", out,
                             "-A", 'CREDS_DB_URL="text://%s"' % db,
                             "-A", 'CTL_SOCK="unix:%s/ctl.sock"' % out],
                            stdout=open(os.path.join(out, "server.log"), "w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_listening(port, server, seconds=90):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if server is not None and server.poll() is not None:
            sys.exit("the server exited; see its server.log")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("nothing listens on 127.0.0.1:%d" % port)


def stop(server):
    if server is None or server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def run(a):
    sel = selectors.DefaultSelector()
    conns = []  # [socket, source, connected_at, closed_after or None, bytes sent]
    for i in range(a.connections):
        source = "127.0.0.%d" % (1 + i % a.sources)
        s = socket.socket()
        s.bind((source, 0))
        s.settimeout(5)
        try:
            s.connect(("127.0.0.1", a.port))
        except OSError as e:
            print("connect %d from %s failed: %s" % (i, source, e))
            s.close()
            continue
        s.setblocking(False)
        c = [s, source, time.monotonic(), None, 0]
        conns.append(c)
        sel.register(s, selectors.EVENT_READ, c)

    def closed(c, now):
        if c[3] is None:
            c[3] = now - c[2]
            sel.unregister(c[0])
            c[0].close()

    started = time.monotonic()
    next_drip = started
    while time.monotonic() - started < a.max_seconds:
        now = time.monotonic()
        if now >= next_drip:
            for c in conns:
                if c[3] is None:
                    try:
                        c[0].send(drip_byte(c[4]))
                        c[4] += 1
                    except BlockingIOError:
                        pass
                    except OSError:
                        closed(c, now)
            next_drip += a.interval
        if all(c[3] is not None for c in conns):
            break
        for key, _ in sel.select(timeout=max(0.0, next_drip - time.monotonic())):
            c = key.data
            try:
                data = c[0].recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:  # FIN or reset: the server closed it (a response would be data)
                closed(c, time.monotonic())
    return conns, time.monotonic() - started


def report(a, conns, elapsed):
    refused = [c for c in conns if c[3] is not None and c[3] < 1.0]
    later = sorted(c[3] for c in conns if c[3] is not None and c[3] >= 1.0)
    still = [c for c in conns if c[3] is None]
    lines = ["server: %s, %d connections from %d source address(es), one byte every %.1f s, run %.0f s"
             % (a.server, len(conns), a.sources, a.interval, elapsed),
             "refused at once (closed < 1 s after connect): %d" % len(refused)]
    if later:
        lines.append("closed later: %d, after min %.1f s / median %.1f s / max %.1f s"
                     % (len(later), later[0], statistics.median(later), later[-1]))
    else:
        lines.append("closed later: 0")
    lines.append("still open at the end: %d (each had sent %s bytes)"
                 % (len(still), "/".join(sorted({str(c[4]) for c in still})) or "-"))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", choices=["parley", "kamailio", "none"], default="parley")
    ap.add_argument("--port", type=int, help="default 5080 (parley), 5070 (kamailio, fixed by its config)")
    ap.add_argument("--connections", type=int, default=200)
    ap.add_argument("--sources", type=int, default=1, help="client addresses 127.0.0.1..N, round robin")
    ap.add_argument("--interval", type=float, default=1.0, help="seconds between two bytes on a connection")
    ap.add_argument("--max-seconds", type=float, default=180)
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "parley.jar"))
    ap.add_argument("--java-opts", default="-Xms512m -Xmx512m")
    ap.add_argument("--harness", default=DEFAULT_HARNESS, help="the shared bench folder (its kamailio/ config)")
    a = ap.parse_args()
    if a.port is None:
        a.port = 5070 if a.server == "kamailio" else 5080
    if not 1 <= a.sources <= 254:
        sys.exit("--sources: 1 to 254")
    out = os.path.join(HERE, "results", time.strftime("slowloris-%Y%m%d-%H%M%S"))
    os.makedirs(out)
    server = None
    try:
        if a.server == "parley":
            server = start_parley(a, out)
        elif a.server == "kamailio":
            if shutil.which("kamailio") is None:
                sys.exit("kamailio is not installed (apt-get install -y kamailio)")
            server = start_kamailio(a, out)
        wait_listening(a.port, server)
        time.sleep(1)
        conns, elapsed = run(a)
        text = report(a, conns, elapsed)
        print(text)
        with open(os.path.join(out, "summary.txt"), "w") as f:
            f.write(text + "\n")
            for c in conns:
                f.write("%s %s %s\n" % (c[1], "open" if c[3] is None else "%.2f" % c[3], c[4]))
        print("results: " + out)
    finally:
        stop(server)


if __name__ == "__main__":
    main()
