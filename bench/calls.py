#!/usr/bin/env python3
"""Calls per second through Parley as a stateful proxy, measured with SIPp at rising rates.

Drives the same SIPp scenarios as the shared benchmark harness (call_uac.xml, call_uas.xml:
INVITE/100/180/200/ACK/BYE/200 through a record-routing proxy to a SIPp callee) with the same
pass criteria per step: failed or unfinished calls <= 1 %, achieved rate >= 90 % of the target,
retransmissions <= 1 % of the calls. Until the registrar exists, the callee is reached through a
static route instead of a REGISTER.

For each step it reports the calls, failures, achieved rate, SIPp's round-trip percentiles, and
the server's CPU time per call (utime+stime of the JVM during the step / successful calls).

    bench/calls.py --rates "500 1000 2000 3000 4000" --duration 12

Everything runs on 127.0.0.1. Results go to bench/results/<timestamp>/ (not committed).
"""
import argparse
import csv
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_HARNESS = os.path.normpath(os.path.join(ROOT, "..", "shared", "bench"))
CLK_TCK = os.sysconf("SC_CLK_TCK")
WARMUP_RATE = 500
WARMUP_CALLS = 10000


def ticks(pid):
    """utime+stime of a process (all its threads), in clock ticks."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


GROUPS = [
    ("sip-loop", ("parley-sip",)),             # socket reads, parsing, CallEntity, transactions, sends
    ("udp-receive", ("parley-udp",)),          # builds before the SIP loops: the receive thread
    ("actors", ("parley-pekko.ac",)),          # Pekko's internal dispatcher (before the loops: the actors too)
    ("tcp", ("parley-tcp",)),
    ("gc", ("GC Thread", "G1 ")),
    ("jit", ("C1 Compiler", "C2 Compiler", "C1 CompilerThre", "C2 CompilerThre")),
]


def thread_ticks(pid, groups=GROUPS):
    """CPU ticks per thread group of a JVM, by the thread names the JVM gives the OS."""
    out = {g: 0 for g, _ in groups}
    out["other"] = 0
    for t in glob.glob("/proc/%d/task/*" % pid):
        try:
            with open(t + "/comm") as f:
                name = f.read().strip()
            with open(t + "/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        n = int(fields[11]) + int(fields[12])
        for g, prefixes in groups:
            if name.startswith(prefixes):
                out[g] += n
                break
        else:
            out["other"] += n
    return out


def options_ok(host, port, timeout=1.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(timeout)
    lp = s.getsockname()[1]
    msg = ("OPTIONS sip:%s:%d SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-ready%d\r\n"
           "Max-Forwards: 70\r\nTo: <sip:%s>\r\nFrom: <sip:bench@127.0.0.1>;tag=b\r\n"
           "Call-ID: ready-%d@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
           % (host, port, lp, time.time_ns(), host, time.time_ns())).encode()
    try:
        s.sendto(msg, (host, port))
        data, _ = s.recvfrom(65535)
        return data.startswith(b"SIP/2.0 200")
    except OSError:
        return False
    finally:
        s.close()


def stat_last(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    head, last = rows[0], rows[-1]
    return dict(zip(head, last)), rows


def elapsed(rows):
    start = float(rows[1][0].split("\t")[-1])
    now = float(rows[-1][2].split("\t")[-1])
    return now - start


def percentiles(rtt_file, rtd):
    vals = []
    with open(rtt_file, newline="") as f:
        for row in csv.reader(f, delimiter=";"):
            if len(row) > 2 and row[2] == str(rtd):
                try:
                    vals.append(float(row[1]))
                except ValueError:
                    pass
    if not vals:
        return ("-", "-", "-")
    vals.sort()
    pick = lambda q: vals[max(0, int(q * len(vals)) - 1)]
    return ("%.0f" % pick(0.5), "%.0f" % pick(0.99), "%.0f" % vals[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rates", default="500 1000 2000 3000 4000 5000 6000")
    ap.add_argument("--duration", type=int, default=12, help="seconds per step")
    ap.add_argument("--port", type=int, default=5070)
    ap.add_argument("--uas-port", type=int, default=5090)
    ap.add_argument("--harness", default=DEFAULT_HARNESS, help="the shared bench folder (its sipp/ scenarios)")
    ap.add_argument("--java-opts", default="-Xms1g -Xmx1g")
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "parley.jar"))
    ap.add_argument("--cooldown", type=int, default=3)
    ap.add_argument("--max-fail-pct", type=float, default=1.0)
    ap.add_argument("--min-keepup-pct", type=float, default=90.0)
    ap.add_argument("--max-retrans-pct", type=float, default=1.0)
    ap.add_argument("--keep-going", action="store_true", help="run every rate even after a failing step")
    a = ap.parse_args()

    out = os.path.join(HERE, "results", time.strftime("calls-%Y%m%d-%H%M%S"))
    os.makedirs(out)
    conf = os.path.join(out, "parley.conf")
    with open(conf, "w") as f:
        f.write("""parley.domains = ["127.0.0.1"]
parley.sip.listen = ["udp:127.0.0.1:%d", "tcp:127.0.0.1:%d"]
parley.storage.jdbc-url = "jdbc:h2:file:%s/data/parley"
parley.cluster.port = 0
pekko.management.http.port = 0
pekko.loglevel = "WARNING"
# one SIPp address sends thousands of requests a second: not a flood here
parley.flood.enabled = false
# the harness's INVITEs carry no credentials
parley.proxy.authenticate = false
parley.routing.static = [ { match = "sip:bob@127.0.0.1", target = "sip:127.0.0.1:%d" } ]
""" % (a.port, a.port, out, a.uas_port))
    if not os.path.exists(a.jar):
        subprocess.run(["mvn", "-B", "-q", "-DskipTests", "package"], cwd=ROOT, check=True)
    env = dict(os.environ, PARLEY_LOG_LEVEL="WARN")
    server = subprocess.Popen(["java"] + a.java_opts.split() + ["-Dconfig.file=" + conf, "-jar", a.jar],
                              stdout=open(os.path.join(out, "server.log"), "w"), stderr=subprocess.STDOUT,
                              env=env, start_new_session=True)
    uas = None
    try:
        deadline = time.time() + 60
        while not options_ok("127.0.0.1", a.port):
            if time.time() > deadline or server.poll() is not None:
                sys.exit("parley did not answer OPTIONS; see " + out + "/server.log")
            time.sleep(0.5)
        rates = [int(r) for r in a.rates.split()]
        total = sum(r * a.duration for r in rates) + WARMUP_CALLS + 10
        uas_dir = os.path.join(out, "uas")
        os.makedirs(uas_dir)
        uas = subprocess.Popen(["sipp", "-sf", os.path.join(a.harness, "sipp", "call_uas.xml"), "-i", "127.0.0.1",
                                "-p", str(a.uas_port), "-m", str(total), "-buff_size", "4194304", "-nostdin",
                                "-timeout", "%ds" % (len(rates) * (a.duration * 3 + 30) + 60)],
                               cwd=uas_dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)
        # warm-up: the JIT compiles the hot path before anything is measured
        step(a, out, "warmup", WARMUP_RATE, WARMUP_CALLS // WARMUP_RATE, server.pid)
        rows = []
        print("| cps | calls | ok | failed % | achieved cps | RTD1 p50/p99/max ms | RTD2 p50/p99 ms | retrans | server CPU % | server CPU µs/call | verdict | µs/call by thread |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for rate in rates:
            r = step(a, out, "call-%d" % rate, rate, a.duration, server.pid)
            rows.append(r)
            print("| {rate} | {calls} | {ok} | {fail:.2f} | {ach:.0f} | {r1} | {r2} | {retrans} | {cpu:.0f} | {uspc:.0f} | {verdict} | {split} |".format(**r), flush=True)
            if r["verdict"] != "ok" and not a.keep_going:
                break
            time.sleep(a.cooldown)
        with open(os.path.join(out, "summary.csv"), "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(rows)
        print("results: " + out)
    finally:
        if uas:
            uas.kill()
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def step(a, out, name, rate, duration, pid):
    d = os.path.join(out, name)
    os.makedirs(d)
    calls = rate * duration
    cmd = ["sipp", "127.0.0.1:%d" % a.port, "-sf", os.path.join(a.harness, "sipp", "call_uac.xml"),
           "-s", "bob", "-d", "0", "-i", "127.0.0.1", "-p", "0", "-r", str(rate), "-rp", "1000",
           "-m", str(calls), "-l", "20000", "-timeout", "%ds" % (duration * 3 + 20), "-recv_timeout", "5000",
           "-buff_size", "4194304", "-nostdin", "-trace_stat", "-fd", "1", "-trace_rtt", "-rtt_freq", "200",
           "-trace_err"]
    with open(os.path.join(d, "cmd.txt"), "w") as f:
        f.write(" ".join(cmd) + "\n")
    t0 = ticks(pid)
    g0 = thread_ticks(pid)
    w0 = time.time()
    subprocess.run(cmd, cwd=d, stdout=open(os.path.join(d, "sipp.out"), "w"), stderr=subprocess.STDOUT)
    wall = time.time() - w0
    t1 = ticks(pid)
    g1 = thread_ticks(pid)
    stat = [p for p in glob.glob(os.path.join(d, "*_.csv")) if not p.endswith("_rtt.csv")]
    rtt = glob.glob(os.path.join(d, "*_rtt.csv"))
    if not stat:
        return dict(rate=rate, calls=calls, ok=0, fail=100.0, ach=0, r1="-", r2="-", retrans=0, cpu=0, uspc=0,
                    verdict="sipp-error", split="-")
    last, rows = stat_last(stat[0])
    ok = int(last["SuccessfulCall(C)"])
    retrans = int(last["Retransmissions(C)"])
    el = elapsed(rows)
    ach = ok / el if el > 0 else 0
    fail = (calls - ok) * 100.0 / calls
    cpu_s = (t1 - t0) / CLK_TCK
    r1 = "/".join(percentiles(rtt[0], 1)) if rtt else "-"
    r2 = "/".join(percentiles(rtt[0], 2)[:2]) if rtt else "-"
    verdict = "ok"
    if fail > a.max_fail_pct:
        verdict = "FAIL(failed)"
    elif ach < rate * a.min_keepup_pct / 100:
        verdict = "FAIL(rate)"
    elif retrans * 100.0 / calls > a.max_retrans_pct:
        verdict = "FAIL(retrans)"
    split = " ".join("%s=%.0f" % (g, (g1[g] - g0[g]) / CLK_TCK * 1e6 / ok if ok else 0) for g in g1)
    return dict(rate=rate, calls=calls, ok=ok, fail=fail, ach=ach, r1=r1, r2=r2, retrans=retrans,
                cpu=cpu_s / wall * 100, uspc=(cpu_s * 1e6 / ok) if ok else 0, verdict=verdict, split=split)


if __name__ == "__main__":
    main()
