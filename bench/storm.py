#!/usr/bin/env python3
"""The whole cluster restarted, then every phone re-registering at once (a storm after an outage).

    bench/storm.py --users 100000 --nodes 3 --register-rate 1200 --storm-seconds 60 [--retry]

NODES nodes (each its own JVM) on one PostgreSQL (bench/cluster.py's set-up: the shared harness's
credential set, MD5 HA1 rows, domain 127.0.0.1). Every user registers once with digest
(register_contact.xml, Expires 3600, contact the SIPp callee 127.0.0.1:5090), through the nodes in
turn, at REGISTER_RATE pairs/s in all. Then every node is stopped with SIGTERM, and all are started
again (new ports, so new members: what a restart after an outage is to the cluster). Checked:
that a sample of users still has its binding (GET /registrations/{aor}, from the journal), before
any of them registers again. Then the storm: every user registers again within STORM_SECONDS,
split over the nodes; what SIPp counts (pairs answered 200, failed: a 503, a 500 or no answer
within 10 s), the 503s the nodes sent (parley_registrar_busy_total), and each node's CPU, heap
and liveness, every 5 s; then whether a sample of users is still registered. With --retry each
phone, answered 503, tries again after its Retry-After until it is registered (bench/sipp/register_retry.xml):
then the storm's length is how long the last phone took. Results in bench/results/storm-<time>/. Hold the build lock.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import calls  # noqa: E402
import cluster  # noqa: E402


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def start_nodes(out, pg, count, heap, tag, extra=""):
    first = cluster.Node(out, "%s-node1" % tag, pg, None, heap, extra).ready(180)
    nodes = [first]
    for i in range(2, count + 1):
        nodes.append(cluster.Node(out, "%s-node%d" % (tag, i), pg, first.seed(), heap, extra))
    for n in nodes:
        n.ready(180)
    return nodes


def has_binding(node, user):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/registrations/%s@%s" % (node.mgmt, user, cluster.REALM),
                                    timeout=30) as r:
            return len(json.loads(r.read()).get("bindings", [])) > 0
    except OSError:
        return False


def heap_used(pid):
    try:
        info = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=20).stdout
    except subprocess.TimeoutExpired:
        return -1
    for line in info.splitlines():
        if " used " in line and "total" in line:
            part = line.split("used", 1)[1].split("K")[0].strip()
            return int(part) // 1024
    return -1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--users", type=int, default=100000)
    ap.add_argument("--nodes", type=int, default=3)
    ap.add_argument("--register-rate", type=int, default=1200)
    ap.add_argument("--storm-seconds", type=int, default=60)
    ap.add_argument("--heap", default="1g")
    ap.add_argument("--sample", type=int, default=200)
    ap.add_argument("--retry", action="store_true",
                    help="phones retry after a 503 once its Retry-After has passed, until registered (bench/sipp/register_retry.xml)")
    ap.add_argument("--wake-rate", type=int, default=0,
                    help="parley.location.wake-rate of the restarted nodes (default: the node's default)")
    a = ap.parse_args()
    out = os.path.join(HERE, "results", time.strftime("storm-%Y%m%d-%H%M%S"))
    os.makedirs(out)
    pg = cluster.Postgres(out)
    nodes = []
    try:
        bench, sql, files = cluster.users_csv(out, a.users, a.nodes)
        schema = cluster.Node(out, "schema", pg, None, a.heap).ready(180)
        schema.stop()
        pg.sql(sql)
        nodes = start_nodes(out, pg, a.nodes, a.heap, "first")
        t = time.time()
        ok, failed = cluster.register(bench, nodes, files, a.register_rate, out, "first-reg")
        log("first registrations: %d ok, %d failed in %.0f s" % (ok, failed, time.time() - t))
        for n in reversed(nodes):
            n.stop()
        log("cluster stopped")
        t = time.time()
        extra = "parley.location.wake-rate = %d" % a.wake_rate if a.wake_rate else ""
        nodes = start_nodes(out, pg, a.nodes, a.heap, "again", extra)
        log("cluster up again in %.0f s" % (time.time() - t))
        users = [l.split(";")[0] for f in files for l in open(f).read().splitlines()[1:]]
        sample = random.Random(7).sample(users, min(a.sample, len(users)))
        kept = sum(1 for i, u in enumerate(sample) if has_binding(nodes[i % len(nodes)], u))
        log("after the restart: %d of %d sampled users still registered" % (kept, len(sample)))
        rate = max(1, a.users // a.storm_seconds)
        ticks0 = [n.ticks() for n in nodes]
        t0 = time.time()
        procs = []
        scenario = (os.path.join(HERE, "sipp", "register_retry.xml") if a.retry
                    else os.path.join(bench, "sipp", "register_contact.xml"))
        for k, f in enumerate(files):
            n = sum(1 for _ in open(f)) - 1
            procs.append(cluster.sipp(["127.0.0.1:%d" % nodes[k % len(nodes)].sip, "-sf",
                                       scenario, "-inf", f, "-i",
                                       "127.0.0.1", "-p", "0", "-r", str(rate // len(files)), "-m", str(n),
                                       "-l", "100000", "-recv_timeout", "10000", "-nostdin", "-buff_size", "4194304",
                                       "-trace_stat", "-fd", "1", "-trace_rtt", "-rtt_freq", "1000", "-trace_err",
                                       # SIPp's default behaviours would send a BYE for each
                                       # registration it aborts on a 503, and abort one on a late
                                       # copy of an answer it has had (a 401 resent for a REGISTER
                                       # it resent); a phone does neither
                                       "-default_behaviors", "all,-bye,-abortunexp"],
                                      os.path.join(out, "storm-%d" % k), "sipp.out"))
        samples = []
        while any(p.poll() is None for p in procs):
            time.sleep(5)
            row = dict(t=round(time.time() - t0), alive=[n.p.poll() is None for n in nodes],
                       heap_mb=[heap_used(n.p.pid) for n in nodes])
            samples.append(row)
            log("storm %3d s: alive %s heap MB %s" % (row["t"], row["alive"], row["heap_mb"]))
        took = time.time() - t0
        ticks1 = [n.ticks() for n in nodes]
        ok = failed = 0
        for k in range(len(files)):
            r = cluster.result(os.path.join(out, "storm-%d" % k))
            ok += r["ok"]
            failed += r["failed"]
        cpu_s = (sum(ticks1) - sum(ticks0)) / calls.CLK_TCK
        busy = sum(n.metric("parley_registrar_busy_total") for n in nodes if n.p.poll() is None)
        absorbed = sum(n.metric("parley_registrar_absorbed_total") for n in nodes if n.p.poll() is None)
        log("storm: %d answered 503 with Retry-After (max-pending), %d retransmissions absorbed" % (busy, absorbed))
        log("storm: %d of %d users re-registered (200), %d failed, in %.0f s; nodes' CPU %.0f s (%.0f us/pair)"
            % (ok, a.users, failed, took, cpu_s, cpu_s * 1e6 / max(ok, 1)))
        rtts = []
        for k in range(len(files)):
            for p in os.listdir(os.path.join(out, "storm-%d" % k)):
                if p.endswith("_rtt.csv"):
                    for line in open(os.path.join(out, "storm-%d" % k, p)).read().splitlines()[1:]:
                        parts = line.split(";")
                        if len(parts) >= 3:
                            try:
                                rtts.append(float(parts[2]))
                            except ValueError:
                                pass
        rtts.sort()
        pct = lambda q: rtts[min(len(rtts) - 1, int(q * len(rtts)))] if rtts else None
        log("storm response times (ms): p50 %s p99 %s max %s over %d" % (pct(0.5), pct(0.99),
                                                                         rtts[-1] if rtts else None, len(rtts)))
        kept = sum(1 for i, u in enumerate(sample) if has_binding(nodes[i % len(nodes)], u))
        log("after the storm: %d of %d sampled users registered" % (kept, len(sample)))
        with open(os.path.join(out, "summary.json"), "w") as f:
            json.dump(dict(users=a.users, ok=ok, failed=failed, busy=busy, absorbed=absorbed, seconds=took, cpu_s=cpu_s, samples=samples,
                           rtt_p50=pct(0.5), rtt_p99=pct(0.99)), f, indent=1)
    finally:
        for n in reversed(nodes):
            n.stop()
        pg.close()
    log("results in " + out)


if __name__ == "__main__":
    main()
