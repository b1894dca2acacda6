#!/usr/bin/env python3
"""The cost of NAT keepalives on one node: CPU and heap for N NATed bindings (issue 13).

One node (target/parley.jar, H2, authentication off) is run twice: with keepalives off
(parley.nat.keepalive-interval = 0) and on (every --interval seconds, max-missed 0). Each time
--bindings phones register from behind a NAT (their Via names port 5999, not the port they send
from: parley.nat.detect's via-port), all from one UDP socket of this script, which also answers
every OPTIONS with 200. Once every phone is registered the node is left --settle seconds (its
AORs park after parley.location.passivate-idle-after, 2 minutes), then its CPU (utime+stime of
all its threads, from /proc) is read over --measure seconds, with the pings sent and answered in
that time (/stats), and its heap after a full GC. The difference between the two runs is what the
keepalives cost: CPU as a share of one core, heap per binding.

    bench/keepalives.py --bindings 100000 --rate 1000 --interval 30 --settle 150 --measure 60

Everything runs on 127.0.0.1. Results go to bench/results/<timestamp>-keepalives/ (not committed).
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from registrations import JAR, REALM, cpu_ticks, heap_used, histogram, java_cmd, wait_for, write_config  # noqa: E402


def free_port(kind):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Phones:
    """Every phone at once: one UDP socket that sends the REGISTERs and answers the OPTIONS."""

    def __init__(self, node):
        self.node = node
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        self.sock.bind(("127.0.0.1", 0))
        self.registered = set()
        self.options = 0
        self.running = True
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self):
        while self.running:
            try:
                data, peer = self.sock.recvfrom(65536)
            except OSError:
                return
            text = data.decode("utf-8", "replace")
            if text.startswith("OPTIONS "):
                self.options += 1
                keep = [l for l in text.split("\r\n") if l[:4].lower() in ("via:", "from", "call", "cseq")
                        or l.lower().startswith("to:")]
                lines = ["SIP/2.0 200 OK"] + [l + ";tag=ua" if l.lower().startswith("to:") else l for l in keep]
                self.sock.sendto(("\r\n".join(lines) + "\r\nContent-Length: 0\r\n\r\n").encode(), peer)
            elif text.startswith("SIP/2.0 200") and " REGISTER\r\n" in text:
                for l in text.split("\r\n"):
                    if l.lower().startswith("call-id:"):
                        self.registered.add(l.split(":", 1)[1].strip())

    def register(self, i):
        user = f"nat{i}"
        msg = (f"REGISTER sip:{REALM} SIP/2.0\r\n"
               f"Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-kb-{i}-{time.monotonic_ns()};rport\r\n"
               "Max-Forwards: 70\r\n"
               f"To: <sip:{user}@{REALM}>\r\n"
               f"From: <sip:{user}@{REALM}>;tag=kb{i}\r\n"
               f"Call-ID: kb-{i}\r\n"
               "CSeq: 1 REGISTER\r\n"
               f"Contact: <sip:{user}@127.0.0.1:5999>\r\n"
               "Expires: 3600\r\n"
               "Content-Length: 0\r\n\r\n")
        self.sock.sendto(msg.encode(), self.node)

    def close(self):
        self.running = False
        self.sock.close()


def stats(management_port):
    with urllib.request.urlopen(f"http://127.0.0.1:{management_port}/stats", timeout=10) as r:
        return json.load(r)


def run(args, interval, out):
    work = tempfile.mkdtemp(prefix="parley-keepalive-bench-")
    port = free_port(socket.SOCK_DGRAM)
    management = free_port(socket.SOCK_STREAM)
    conf = write_config(work, port, management, f"""parley.registrar.authenticate = off
parley.nat.keepalive-interval = {interval}s
parley.nat.max-missed = 0
""")
    label = "on" if interval else "off"
    log = open(os.path.join(out, f"node-{label}.log"), "w")
    node = subprocess.Popen(java_cmd(conf, args.heap), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    phones = None
    try:
        wait_for(lambda: "taking SIP traffic" in open(log.name).read(), 120, "the node's start")
        phones = Phones(("127.0.0.1", port))
        started = time.time()
        for attempt in range(3):
            sent = 0
            t0 = time.monotonic()
            for i in range(args.bindings):
                if f"kb-{i}" in phones.registered:
                    continue
                phones.register(i)
                sent += 1
                ahead = sent / args.rate - (time.monotonic() - t0)
                if ahead > 0:
                    time.sleep(ahead)
            deadline = time.time() + 20
            while len(phones.registered) < args.bindings and time.time() < deadline:
                time.sleep(0.5)
            if len(phones.registered) >= args.bindings:
                break
        print(f"[{label}] {len(phones.registered)} of {args.bindings} registered in {time.time() - started:.0f} s",
              flush=True)
        time.sleep(args.settle)
        s0, c0 = stats(management), cpu_ticks(node.pid)
        time.sleep(args.measure)
        s1, c1 = stats(management), cpu_ticks(node.pid)
        k0, k1 = s0["keepalives"], s1["keepalives"]
        result = {
            "mode": label,
            "registered": len(phones.registered),
            "cpu_share_of_one_core": (c1[0] - c0[0]) / 100 / args.measure,
            "cpu_share_without_jit": (c1[1] - c0[1]) / 100 / args.measure,
            "pings_sent_per_s": (k1["sent"] - k0["sent"]) / args.measure,
            "pings_answered_per_s": (k1["answered"] - k0["answered"]) / args.measure,
            "pinged": k1["pinged"],
            "missed": k1["missed"] - k0["missed"],
            "parked_contacts": s1["registrations"]["parked_contacts"],
            "contacts": s1["registrations"]["contacts"],
        }
        result["heap_after_gc"] = heap_used(node.pid)
        hist = histogram(node.pid, os.path.join(out, f"histogram-{label}.txt"))
        result["heap_keepalive_classes"] = {k: v for k, v in hist.items() if "io.parley.nat." in k}
        print(f"[{label}] " + json.dumps(result), flush=True)
        return result
    finally:
        if phones:
            phones.close()
        os.killpg(node.pid, signal.SIGTERM)
        try:
            node.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(node.pid, signal.SIGKILL)
        subprocess.run(["rm", "-rf", work])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bindings", type=int, default=100_000)
    p.add_argument("--rate", type=int, default=1000, help="REGISTERs a second")
    p.add_argument("--interval", type=int, default=30, help="parley.nat.keepalive-interval, seconds")
    p.add_argument("--settle", type=int, default=150, help="seconds after the last REGISTER before measuring")
    p.add_argument("--measure", type=int, default=60)
    p.add_argument("--heap", default="1g")
    args = p.parse_args()
    if not os.path.exists(JAR):
        sys.exit("no target/parley.jar: mvn -DskipTests package first")
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results",
                       time.strftime("%Y%m%d-%H%M%S") + "-keepalives")
    os.makedirs(out)
    off = run(args, 0, out)
    on = run(args, args.interval, out)
    summary = {
        "off": off, "on": on,
        "keepalive_cpu_share_of_one_core": on["cpu_share_of_one_core"] - off["cpu_share_of_one_core"],
        "keepalive_heap_per_binding_bytes": (on["heap_after_gc"] - off["heap_after_gc"]) / args.bindings,
    }
    json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=2)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
