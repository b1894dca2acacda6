#!/usr/bin/env python3
"""Sends the PROTOS c07-sip robustness suite to a running Parley node.

PROTOS (University of Oulu, GPLv2) is not part of this repository: point --cases at a copy,
by default the project's shared conformance folder next to the checkout. Each case is an INVITE
and a teardown (CANCEL); placeholders are filled in, Content-Length is computed after the other
substitutions except in group sip-content-length, whose wrong values are the test. Cases too large
for a datagram go over TCP. After every group the node must answer an OPTIONS with 200.

Start the node with parley.flood.enabled = false (or the sender's address in
parley.trusted-peers): thousands of cases from one address are a flood, and a banned sender gets
no answer to its OPTIONS.

Exit status: 0 when the node answered after every group, 1 otherwise.
"""
import argparse
import collections
import os
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CASES = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "conformance", "protos-c07-sip"))
UDP_MAX = 65000


def read_groups(folder):
    groups = []
    with open(os.path.join(folder, "groups.tsv")) as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3 or not cols[1].isdigit():
                continue
            groups.append((cols[0], int(cols[1]), int(cols[2])))
    return groups


def split_case(data):
    """'<len> SP <invite><len> SP <teardown>' -> (invite, teardown)."""
    parts = []
    pos = 0
    while pos < len(data) and len(parts) < 2:
        sp = data.index(b" ", pos)
        n = int(data[pos:sp])
        parts.append(data[sp + 1:sp + 1 + n])
        pos = sp + 1 + n
    return parts[0], (parts[1] if len(parts) > 1 else b"")


def fill(template, n, host, local_port, literal_length):
    subs = {
        b"<To>": ("protos@" + host).encode(),
        b"<From>": b"tester@127.0.0.1",
        b"<From-Address>": b"127.0.0.1",
        b"<From-IP>": b"127.0.0.1",
        b"<Local-Port>": str(local_port).encode(),
        # the templates carry the magic cookie and "@<From-Address>" themselves
        b"<Branch-ID>": ("-protos-%d" % n).encode(),
        b"<Call-ID>": ("protos-%d" % n).encode(),
        b"<CSeq>": str(n + 1).encode(),
        b"<Teardown-Method>": b"CANCEL",
    }
    for k, v in subs.items():
        template = template.replace(k, v)
    if not literal_length:
        cut = template.find(b"\r\n\r\n")
        body = len(template) - (cut + 4) if cut >= 0 else 0
        template = template.replace(b"<Content-Length>", str(body).encode())
    return template


def options(host, port, sock, n):
    local_port = sock.getsockname()[1]
    msg = ("OPTIONS sip:%s:%d SIP/2.0\r\n"
           "Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-alive-%d;rport\r\n"
           "Max-Forwards: 70\r\nTo: <sip:%s:%d>\r\nFrom: <sip:probe@127.0.0.1>;tag=p%d\r\n"
           "Call-ID: alive-%d@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
           % (host, port, local_port, n, host, port, n, n)).encode()
    want = ("alive-%d@" % n).encode()
    for _ in range(3):
        sock.sendto(msg, (host, port))
        deadline = time.time() + 2
        while time.time() < deadline:
            sock.settimeout(max(0.01, deadline - time.time()))
            try:
                data, _ = sock.recvfrom(65535)
            except socket.timeout:
                break
            if want in data and data.startswith(b"SIP/2.0 200"):
                return True
    return False


def drain(sock, counts):
    sock.setblocking(False)
    try:
        while True:
            data, _ = sock.recvfrom(65535)
            code = data[8:11].decode("latin-1", "replace") if data.startswith(b"SIP/2.0 ") else "???"
            counts[code] += 1
    except (BlockingIOError, socket.timeout):
        pass
    finally:
        sock.setblocking(True)


def send_tcp(host, port, payloads):
    try:
        with socket.create_connection((host, port), timeout=2) as s:
            for p in payloads:
                s.sendall(p)
            s.settimeout(0.3)
            try:
                while s.recv(65535):
                    pass
            except (socket.timeout, ConnectionResetError):
                pass
    except OSError:
        pass


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--target", default="127.0.0.1:5060")
    ap.add_argument("--cases", default=DEFAULT_CASES)
    ap.add_argument("--pid", type=int, help="the node's pid, to report its resident memory")
    ap.add_argument("--pace", type=float, default=0.0005, help="seconds between cases")
    a = ap.parse_args()
    host, port = a.target.rsplit(":", 1)
    port = int(port)
    groups = read_groups(a.cases)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    local_port = sock.getsockname()[1]
    if not options(host, port, sock, 0):
        print("protos: the node at %s does not answer OPTIONS; start it first" % a.target)
        return 1
    rss_before = rss_kib(a.pid) if a.pid else None
    total = collections.Counter()
    sent = tcp = 0
    dead = []
    started = time.time()
    for gi, (name, first, count) in enumerate(groups):
        counts = collections.Counter()
        literal = name == "sip-content-length"
        for n in range(first, first + count):
            with open(os.path.join(a.cases, "cases", "%07d" % n), "rb") as f:
                invite, teardown = split_case(f.read())
            msgs = [fill(invite, n, host, local_port, literal), fill(teardown, n, host, local_port, literal)]
            if max(len(m) for m in msgs) > UDP_MAX:
                send_tcp(host, port, msgs)
                tcp += 1
            else:
                for m in msgs:
                    sock.sendto(m, (host, port))
            sent += 1
            if a.pace:
                time.sleep(a.pace)
            drain(sock, counts)
        time.sleep(0.05)
        drain(sock, counts)
        alive = options(host, port, sock, gi + 1)
        drain(sock, counts)
        total.update(counts)
        print("%-28s %5d cases  alive=%s  responses=%s" % (name, count, "yes" if alive else "NO",
              dict(sorted(counts.items()))))
        if not alive:
            dead.append(name)
    print("---")
    print("cases sent: %d (%d over TCP) in %.1f s; responses by code: %s"
          % (sent, tcp, time.time() - started, dict(sorted(total.items()))))
    if a.pid:
        print("node resident memory: %s KiB before, %s KiB after" % (rss_before, rss_kib(a.pid)))
    if dead:
        print("protos: the node did not answer OPTIONS after groups: %s" % ", ".join(dead))
        return 1
    print("protos: the node answered OPTIONS after all %d groups" % len(groups))
    return 0


if __name__ == "__main__":
    sys.exit(main())
