#!/usr/bin/env python3
"""How long a moving shard holds its messages: REGISTERs and calls under load while a fourth node
joins cold and then a node drains with SIGTERM.

    flock LOCKFILE bench/handoff.py --users 3000 --call-rate 120 --register-rate 200

Three nodes on one PostgreSQL (bench/cluster.py's set-up: USERS subscribers, the harness's
credentials, each registered once, contacts on the one SIPp callee). The load enters nodes 1 and 2
only, as a load balancer would send it once node 3 is to be drained: calls (call_users_uac.xml,
INVITE to 200 timed) and REGISTER refreshes (register_retry.xml, first REGISTER to 200 timed,
its 401 round included), each user's REGISTER through either node, its AOR on whichever node owns
its shard. Then, under that load:

  add    a fourth node starts (a cold JVM) and joins; the coordinator moves AOR shards to it, at
         most 20 per 10 s round (parley-runtime.conf);
  drain  node 3 gets SIGTERM: it hands its shards over and leaves.

What is measured:
  - each moved shard's hand-off, from the coordinator's log (node 1 is the oldest: it runs the
    coordinator): from the rebalance worker's BeginHandOff to the shard's new home allocated.
    During that time the regions hold the shard's messages in their buffers;
  - what a client sees: every REGISTER's and INVITE's response time (SIPp -trace_rtt), by phase
    (before, add, drain, after), and the failed calls and registrations of the whole run. A
    client retransmits from 0.5 s and gives up at 32 s (RFC 3261 §17.1.1.2, §17.1.2.2).

Everything on 127.0.0.1; results in bench/results/handoff-<time>/ (summary.json, each node's log).
"""
import argparse
import glob
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cluster  # noqa: E402

LOGBACK = """<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
  </appender>
  <logger name="io.parley" level="WARN"/>
  <logger name="org.apache.pekko.cluster.sharding.DDataShardCoordinator" level="DEBUG"/>
  <logger name="org.apache.pekko.cluster.sharding.PersistentShardCoordinator" level="DEBUG"/>
  <logger name="org.apache.pekko.cluster.sharding.ShardCoordinator$RebalanceWorker" level="DEBUG"/>
  <root level="WARN"><appender-ref ref="OUT"/></root>
</configuration>
"""
# the coordinator's debug lines (ShardCoordinator.scala) that open and close a shard's move
BEGIN = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) .*?(\w+): (?:Rebalance \[(\S+)\] from|"
                   r"Shutting down shard \[(\S+)\] from region)")
HOMED = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) .*?(\w+): Shard \[(\S+)\] allocated at")


def seconds_of_day(m):
    return int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3)) + int(m.group(4)) / 1000.0


def handoffs(log_path):
    """(type, shard, began, homed) of every move the coordinator logged, times as seconds of day."""
    open_moves, done = {}, []
    for line in open(log_path, errors="replace"):
        m = BEGIN.match(line)
        if m:
            open_moves[(m.group(5), m.group(6) or m.group(7))] = seconds_of_day(m)
            continue
        m = HOMED.match(line)
        if m and (m.group(5), m.group(6)) in open_moves:
            done.append((m.group(5), m.group(6), open_moves.pop((m.group(5), m.group(6))), seconds_of_day(m)))
    return done, open_moves


def load(nodes, files, call_rate, register_rate, seconds, hold, out):
    """Calls and REGISTER refreshes through `nodes`, each traced (every response time, -trace_rtt)."""
    calls_n = call_rate * seconds
    uas = cluster.sipp(["-sf", os.path.join(cluster.HARNESS, "sipp", "call_uas.xml"), "-i", "127.0.0.1",
                        "-p", str(cluster.UAS_PORT), "-m", str(calls_n), "-buff_size", "4194304", "-nostdin",
                        "-timeout", "%ds" % (seconds + 120)], os.path.join(out, "load-uas"), "sipp.out")
    time.sleep(1)
    runs = []
    for k, node in enumerate(nodes):
        common = ["-inf", files[k], "-i", "127.0.0.1", "-p", "0", "-recv_timeout", "40000", "-nostdin",
                  "-buff_size", "4194304", "-trace_stat", "-fd", "1", "-trace_rtt", "-rtt_freq", "1", "-trace_err"]
        runs.append(cluster.sipp(["127.0.0.1:%d" % node.sip, "-sf", os.path.join(HERE, "sipp", "call_users_uac.xml"),
                                  "-d", str(hold), "-r", str(call_rate // len(nodes)),
                                  "-m", str(calls_n // len(nodes)), "-l", "100000"] + common,
                                 os.path.join(out, "load-calls-%d" % k), "sipp.out"))
        runs.append(cluster.sipp(["127.0.0.1:%d" % node.sip, "-sf", os.path.join(HERE, "sipp", "register_retry.xml"),
                                  "-r", str(register_rate // len(nodes)),
                                  "-m", str(register_rate * seconds // len(nodes)),
                                  "-default_behaviors", "all,-bye,-abortunexp"] + common,
                                 os.path.join(out, "load-register-%d" % k), "sipp.out"))
    return uas, runs


def response_times(out, what):
    """(sent, ms) of every traced response time of the `what` runs, sent as epoch seconds."""
    rows = []
    for d in glob.glob(os.path.join(out, "load-%s-*" % what)):
        # the trace's dates are ms since SIPp started: its statistics' StartTime, in epoch seconds
        stat = [p for p in glob.glob(os.path.join(d, "*_.csv")) if not p.endswith("_rtt.csv")]
        started = float(cluster.calls.stat_last(stat[0])[1][1][0].split("\t")[-1])
        path = glob.glob(os.path.join(d, "*_rtt.csv"))[0]
        for line in open(path):
            parts = line.strip().split(";")
            if len(parts) < 3 or parts[2] != "1":
                continue
            try:
                at, ms = float(parts[0]), float(parts[1])
            except ValueError:
                continue
            rows.append((started + (at - ms) / 1000.0, ms))
    return rows


def stats(samples):
    if not samples:
        return dict(n=0)
    v = sorted(ms for _, ms in samples)
    pick = lambda q: v[min(len(v) - 1, int(q * len(v)))]
    return dict(n=len(v), p50=round(pick(0.5), 1), p99=round(pick(0.99), 1), p999=round(pick(0.999), 1),
                max=round(v[-1], 1), over_500ms=sum(1 for x in v if x > 500))


def shards(node):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/shards" % node.mgmt, timeout=5) as r:
            body = json.loads(r.read().decode())
    except (OSError, ValueError):
        return None
    return {t["type"]: {reg["node"]: reg["shards"] for reg in t["regions"]} for t in body["types"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--users", type=int, default=3000)
    ap.add_argument("--call-rate", type=int, default=120, help="calls/s in all, through nodes 1 and 2")
    ap.add_argument("--register-rate", type=int, default=200, help="REGISTER refreshes/s in all")
    ap.add_argument("--warmup", type=int, default=6000, help="calls per node before the measured run")
    ap.add_argument("--before", type=int, default=30, help="s of load before the fourth node starts")
    ap.add_argument("--add", type=int, default=70, help="s from the fourth node's start to node 3's SIGTERM")
    ap.add_argument("--after", type=int, default=40, help="s of load after node 3's SIGTERM")
    ap.add_argument("--hold", type=int, default=1000)
    ap.add_argument("--heap", default="768m")
    ap.add_argument("--config", default="", help="HOCON lines added to every node's configuration")
    a = ap.parse_args()
    if not os.path.exists(cluster.JAR):
        sys.exit("no target/parley.jar: mvn -DskipTests package first")
    out = os.path.join(HERE, "results", time.strftime("handoff-%Y%m%d-%H%M%S"))
    os.makedirs(out)
    logback = os.path.join(out, "logback.xml")
    with open(logback, "w") as f:
        f.write(LOGBACK)
    config = 'pekko.loglevel = "DEBUG"\n' + a.config
    jvm = ["-Dlogback.configurationFile=" + logback]
    pg = cluster.Postgres(out)
    nodes = []
    try:
        bench, sql, files = cluster.users_csv(out, a.users, 2)
        cluster.Node(out, "schema", pg, None, a.heap).ready().stop()
        pg.sql(sql)
        nodes = [cluster.Node(out, "node1", pg, None, a.heap, config, jvm).ready()]
        for i in (2, 3):
            nodes.append(cluster.Node(out, "node%d" % i, pg, nodes[0].seed(), a.heap, config, jvm))
        for n in nodes:
            n.ready()
        time.sleep(15)
        ok, failed = cluster.register(bench, nodes[:2], files, a.register_rate, out, "first")
        cluster.log("%d users registered, %d failed" % (ok, failed))
        ok, failed = cluster.call_run(nodes[:2], files, a.call_rate, a.warmup * 2, a.hold, out, "warmup")
        cluster.log("warm-up: %d calls, %d failed" % (ok, failed))
        time.sleep(5)

        timeline = []
        stop = threading.Event()

        def watch():
            while not stop.is_set():
                timeline.append((time.time(), shards(nodes[0])))
                stop.wait(2)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        seconds = a.before + a.add + a.after
        t0 = time.time()
        uas, runs = load(nodes[:2], files, a.call_rate, a.register_rate, seconds, a.hold, out)
        time.sleep(a.before)
        t_add = time.time()
        cluster.log("node 4 starts")
        nodes.append(cluster.Node(out, "node4", pg, nodes[0].seed(), a.heap, config, jvm))
        nodes[3].ready()
        t_ready = time.time()
        cluster.log("node 4 ready after %.1f s" % (t_ready - t_add))
        time.sleep(max(0.0, t_add + a.add - time.time()))
        t_drain = time.time()
        cluster.log("node 3: SIGTERM")
        nodes[2].stop()
        t_gone = time.time()
        cluster.log("node 3 exited after %.1f s" % (t_gone - t_drain))
        for r in runs:
            r.wait()
        uas.wait()
        stop.set()
        watcher.join()

        failures = {}
        for what in ("calls", "register"):
            ok = failed = 0
            for d in glob.glob(os.path.join(out, "load-%s-*" % what)):
                r = cluster.result(d)
                ok += r["ok"]
                failed += r["failed"]
            failures[what] = dict(ok=ok, failed=failed)
        phases = [("before", t0, t_add), ("add", t_add, t_drain), ("drain", t_drain, t_drain + 20),
                  ("after", t_drain + 20, t0 + seconds + 60)]
        clients = {}
        for what in ("calls", "register"):
            samples = response_times(out, what)
            clients[what] = {name: stats([s for s in samples if lo <= s[0] < hi]) for name, lo, hi in phases}
        moves, unfinished = handoffs(os.path.join(out, "node1", "server.log"))
        day0 = time.mktime(time.localtime(t0)[:3] + (0, 0, 0, 0, 0, -1))
        by_phase = {}
        for typ, shard, began, homed in moves:
            at = day0 + began
            phase = "add" if t_add <= at < t_drain else "drain" if at >= t_drain else "before"
            by_phase.setdefault((typ, phase), []).append((homed - began) * 1000)
        gaps = {"%s/%s" % k: dict(shards=len(v), median_ms=round(statistics.median(v)), max_ms=round(max(v)))
                for k, v in sorted(by_phase.items())}
        summary = dict(args=vars(a), node4_ready_s=round(t_ready - t_add, 1), node3_exit_s=round(t_gone - t_drain, 1),
                       failures=failures, response_ms=clients, handoffs=gaps, unfinished=len(unfinished),
                       shards=[(round(t - t0, 1), s) for t, s in timeline])
        with open(os.path.join(out, "summary.json"), "w") as f:
            json.dump(summary, f, indent=1)
        cluster.log("failures: " + json.dumps(failures))
        cluster.log("hand-offs (BeginHandOff to new home): " + json.dumps(gaps) + ", unfinished %d" % len(unfinished))
        for what in ("calls", "register"):
            for name, _, _ in phases:
                cluster.log("%s %s: %s" % (what, name, json.dumps(clients[what][name])))
        cluster.log("results in " + out)
    finally:
        for n in reversed(nodes):
            n.stop()
        pg.close()


if __name__ == "__main__":
    main()
