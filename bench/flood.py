#!/usr/bin/env python3
"""Issue 10's memory flood against a node with a small heap: the heap curve, and whether the node
keeps answering.

Starts target/parley.jar as ./parley does (-XX:+ExitOnOutOfMemoryError) with -Xmx512m (--heap),
provisions alice@example.com, then sends INVITEs from alice without credentials, each a new call,
that never answer the 407 (--rate a second for --seconds), from one UDP socket on 127.0.0.1.
Every second it records the heap in use (jstat, no collection forced), the node's CPU and whether
an OPTIONS got its 200 within a second; before the flood and --settle seconds after it, the heap
after a full collection (jcmd GC.run). Flood protection (pike-style bans) is off unless --pike:
otherwise the first 200 INVITEs would ban the source and nothing else would be measured.

    bench/flood.py                       # 6,000/s for 30 s, 512 MB, flood protection off
    bench/flood.py --pike                # the same with the default flood protection
    bench/flood.py --jar /other/parley.jar --out bench/results/before

Everything runs on 127.0.0.1. Results go to bench/results/<timestamp>/ (not committed).
"""
import argparse
import os
import re
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
JAR = os.path.join(ROOT, "target", "parley.jar")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        u.bind(("127.0.0.1", 0))
        port = u.getsockname()[1]
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
        t.bind(("127.0.0.1", port))
    return port


def start(a, out, sip, mgmt):
    conf = os.path.join(out, "parley.conf")
    with open(conf, "w") as f:
        f.write(f"""parley.domains = ["example.com"]
parley.sip.listen = ["udp:127.0.0.1:{sip}", "tcp:127.0.0.1:{sip}"]
parley.storage.jdbc-url = "jdbc:h2:file:{out}/data/parley"
parley.cluster.port = 0
pekko.management.http.port = {mgmt}
parley.flood.enabled = {"true" if a.pike else "false"}
""")
    cmd = ["java", "-XX:+ExitOnOutOfMemoryError", f"-Xmx{a.heap}", f"-Dconfig.file={conf}", "-jar", a.jar]
    log = open(os.path.join(out, "server.log"), "w")
    p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 90
    while time.time() < deadline:
        if "taking SIP traffic" in open(os.path.join(out, "server.log")).read():
            return p, conf
        if p.poll() is not None:
            sys.exit("the node did not start; see " + log.name)
        time.sleep(0.5)
    sys.exit("the node did not start within 90 s")


def options(sock, sip, n):
    msg = (f"OPTIONS sip:127.0.0.1:{sip} SIP/2.0\r\n"
           f"Via: SIP/2.0/UDP 127.0.0.2:{sock.getsockname()[1]};branch=z9hG4bK-opt{n};rport\r\n"
           "Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=p\r\nTo: <sip:127.0.0.1>\r\n"
           f"Call-ID: opt-{n}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n").encode()
    sock.sendto(msg, ("127.0.0.1", sip))
    end = time.time() + 1.0
    while time.time() < end:
        sock.settimeout(max(0.01, end - time.time()))
        try:
            data = sock.recv(65535)
        except socket.timeout:
            break
        if f"Call-ID: opt-{n}\r\n".encode() in data and data.startswith(b"SIP/2.0 200"):
            return True
    return False


def heap_mb(pid):
    """Heap in use now (eden + survivors + old), from jstat: no collection is forced."""
    out = subprocess.run(["jstat", "-gc", str(pid)], capture_output=True, text=True).stdout.split("\n")
    if len(out) < 2 or not out[1].strip():
        return None
    cols = dict(zip(out[0].split(), out[1].split()))
    return sum(float(cols[k]) for k in ("S0U", "S1U", "EU", "OU")) / 1024


def heap_after_gc_mb(pid):
    subprocess.run(["jcmd", str(pid), "GC.run"], stdout=subprocess.DEVNULL)
    info = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True).stdout
    m = re.search(r"used (\d+)K", info)
    return int(m.group(1)) / 1024 if m else None


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--jar", default=JAR)
    p.add_argument("--heap", default="512m")
    p.add_argument("--rate", type=int, default=6000)
    p.add_argument("--seconds", type=int, default=30)
    p.add_argument("--settle", type=int, default=30)
    p.add_argument("--pike", action="store_true", help="keep the default flood protection on")
    p.add_argument("--out", default=os.path.join(HERE, "results", time.strftime("flood-%Y%m%d-%H%M%S")))
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    out = os.path.abspath(a.out)
    if not os.path.exists(a.jar):
        subprocess.run(["mvn", "-B", "-q", "-DskipTests", "package"], cwd=ROOT, check=True)
    sip, mgmt = free_port(), free_port()
    node, conf = start(a, out, sip, mgmt)
    try:
        subprocess.run(["java", f"-Dconfig.file={conf}", "-jar", a.jar, "subscriber", "add", "alice@example.com",
                        "alicepw", "--management", f"http://127.0.0.1:{mgmt}"], check=True,
                       stdout=subprocess.DEVNULL)
        # the probe is another source than the flood (127.0.0.2, loopback on Linux): with --pike the
        # flood's address is banned, and a probe from it would be too
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        probe.bind(("127.0.0.2", 0))
        time.sleep(2)
        idle = heap_after_gc_mb(node.pid)
        print(f"idle heap after GC: {idle:.0f} MB")
        flood = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        flood.bind(("127.0.0.1", 0))
        flood.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 16)
        fport = flood.getsockname()[1]
        rows, sent, n = [], 0, 0
        t0 = time.time()
        cpu0 = cpu_seconds(node.pid)
        next_sample = t0 + 1
        total = a.seconds + a.settle
        while time.time() - t0 < total and node.poll() is None:
            now = time.time()
            if now - t0 < a.seconds:
                due = int((now - t0) * a.rate)
                while sent < due:
                    flood.sendto((f"INVITE sip:bob@example.com SIP/2.0\r\n"
                                  f"Via: SIP/2.0/UDP 127.0.0.1:{fport};branch=z9hG4bK-f{sent};rport\r\n"
                                  "Max-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=f\r\n"
                                  f"To: <sip:bob@example.com>\r\nCall-ID: flood-{sent}@127.0.0.1\r\n"
                                  "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n").encode(), ("127.0.0.1", sip))
                    sent += 1
                try:
                    while True:
                        flood.recv(65535, socket.MSG_DONTWAIT)  # drain the 407s
                except BlockingIOError:
                    pass
            if now >= next_sample:
                n += 1
                ok = options(probe, sip, n)
                cpu1 = cpu_seconds(node.pid)
                rows.append((round(now - t0), heap_mb(node.pid), ok, 100 * (cpu1 - cpu0)))
                cpu0 = cpu1
                next_sample += 1
            else:
                time.sleep(0.0005)
        alive = node.poll() is None
        after = heap_after_gc_mb(node.pid) if alive else None
        with open(os.path.join(out, "curve.tsv"), "w") as f:
            f.write("second\theap_used_mb\toptions_ok\tcpu_percent\n")
            for r in rows:
                f.write(f"{r[0]}\t{r[1]:.0f}\t{r[2]}\t{r[3]:.0f}\n" if r[1] is not None else f"{r[0]}\t-\t{r[2]}\t-\n")
        print(open(os.path.join(out, "curve.tsv")).read())
        answered = sum(1 for r in rows if r[2])
        print(f"sent {sent} INVITEs in {a.seconds} s; OPTIONS answered {answered}/{len(rows)}; "
              f"heap max {max((r[1] or 0) for r in rows):.0f} MB; node alive: {alive}; "
              f"heap after GC {a.settle} s after the flood: {after if after is None else round(after)} MB "
              f"(idle before: {idle:.0f} MB)")
    finally:
        node.terminate()
        try:
            node.wait(30)
        except subprocess.TimeoutExpired:
            node.kill()


if __name__ == "__main__":
    main()
