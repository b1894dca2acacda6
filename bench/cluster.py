#!/usr/bin/env python3
"""What a cluster costs per call and per REGISTER: one node against three, at the same total rate.

    bench/cluster.py --users 3000 --rate 150 --duration 30 --reps 2

Both set-ups share one PostgreSQL (initdb'd here in a temporary folder, fsync off): the journal,
the subscribers, the dialogs and the CDRs, as a cluster needs. USERS subscribers (MD5 HA1 rows,
the shared harness's credential set, domain 127.0.0.1) each register with digest through the
harness's register_contact.xml, with the one SIPp callee (call_uas.xml, 127.0.0.1:5090) as their
contact. Then calls (call_users_uac.xml: INVITE, 180, 200, ACK, HOLD ms, BYE, 200), each to the
user of its line of the injection file:

  single   one node takes RATE calls/s;
  cluster  three nodes (three JVMs, one cluster) take RATE/3 calls/s each, from a SIPp caller of
           its own: a call lives on the node it entered; the callee's AOR on whichever node owns
           its shard.

Defaults otherwise (dialogs and CDRs on), except: proxy authentication off (the harness's INVITEs
carry no credentials), flood protection off (one load-generating address). The servers' CPU
(utime+stime from /proc, every node summed) per successful call is taken over the run plus the
35 s after it (a call's entity and transactions end 32 s after its BYE), less the idle CPU of
those 35 s. Then every user registers again (a refresh, at RATE/s in all): CPU per REGISTER.
Crossings: each node's parley_cluster_messages_received_total (a call's own messages, messages
for another node's flow) and parley_cluster_aor_asks_received_total (an AOR lookup or REGISTER
answered for another node: two messages each), summed over the nodes, per call.

Everything on 127.0.0.1; results in bench/results/cluster-<time>/. Hold the project's build lock
for the whole run (flock LOCKFILE bench/cluster.py ...).
"""
import argparse
import glob
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import calls  # noqa: E402

ROOT = os.path.dirname(HERE)
HARNESS = os.environ.get("HARNESS", os.path.normpath(os.path.join(ROOT, "..", "shared", "bench")))
JAR = os.path.join(ROOT, "target", "parley.jar")
REALM = "127.0.0.1"
UAS_PORT = 5090
TAIL = 35
PG_BINS = ["/usr/lib/postgresql/%d/bin" % v for v in (17, 16, 15, 14, 13)]


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    def __init__(self, work):
        self.bin = next((b for b in PG_BINS if os.path.exists(os.path.join(b, "initdb"))), None)
        if not self.bin:
            sys.exit("PostgreSQL is not installed (apt-get install postgresql)")
        self.dir = tempfile.mkdtemp(prefix="parley-bench-pg")
        self.port = free_port()
        self.root = os.geteuid() == 0
        if self.root:
            subprocess.run(["chown", "postgres", self.dir], check=True)
        self.run("initdb", "-D", self.dir + "/data", "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.run("pg_ctl", "-D", self.dir + "/data", "-w", "-l", self.dir + "/server.log", "-o",
                 "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" % (self.port, self.dir),
                 "start")
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "parley")

    def run(self, tool, *args):
        cmd = [os.path.join(self.bin, tool)] + list(args)
        if self.root:
            cmd = ["runuser", "-u", "postgres", "--"] + cmd
        subprocess.run(cmd, check=True, cwd="/tmp", stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    def sql(self, path):
        subprocess.run([os.path.join(self.bin, "psql"), "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                        "-d", "parley", "-v", "ON_ERROR_STOP=1", "-f", path], check=True, stdout=subprocess.DEVNULL)

    def url(self):
        return "jdbc:postgresql://127.0.0.1:%d/parley" % self.port

    def close(self):
        try:
            self.run("pg_ctl", "-D", self.dir + "/data", "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


class Node:
    def __init__(self, out, name, pg, seed, heap, extra="", jvm=()):
        self.name = name
        self.sip = free_port()
        self.remoting = free_port()
        self.mgmt = free_port()
        self.dir = os.path.join(out, name)
        os.makedirs(self.dir, exist_ok=True)
        conf = os.path.join(self.dir, "parley.conf")
        with open(conf, "w") as f:
            f.write("""parley.domains = ["%s"]
parley.sip.listen = ["udp:127.0.0.1:%d"]
parley.storage.jdbc-url = "%s"
parley.storage.user = "postgres"
parley.storage.password = ""
parley.auth.algorithms = ["MD5"]
parley.auth.secret = "benchmark-secret-of-sixteen-plus"
parley.cluster.port = %d
parley.cluster.seed-nodes = ["%s"]
pekko.management.http.port = %d
pekko.loglevel = "WARNING"
parley.flood.enabled = false
parley.proxy.authenticate = false
parley.limits.max-calls = 200000
parley.limits.max-stranger-calls = 200000
%s
""" % (REALM, self.sip, pg.url(), self.remoting, seed or "pekko://parley@127.0.0.1:%d" % self.remoting, self.mgmt,
       extra))
        jfr = []
        if os.environ.get("PARLEY_BENCH_JFR"):
            # a profile of every node, written when it stops: PARLEY_BENCH_JFR=1
            jfr = ["-XX:StartFlightRecording=filename=%s,settings=profile,dumponexit=true"
                   % os.path.join(self.dir, "node.jfr")]
        self.p = subprocess.Popen(["java", "-Xms%s" % heap, "-Xmx%s" % heap] + jfr + list(jvm) + ["-Dconfig.file=" + conf, "-jar", JAR],
                                  stdout=open(os.path.join(self.dir, "server.log"), "w"), stderr=subprocess.STDOUT,
                                  env=dict(os.environ, PARLEY_LOG_LEVEL="WARN"), start_new_session=True)

    def seed(self):
        return "pekko://parley@127.0.0.1:%d" % self.remoting

    def ready(self, seconds=120):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.p.poll() is not None:
                sys.exit("%s exited; see %s/server.log" % (self.name, self.dir))
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/ready" % self.mgmt, timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.5)
        sys.exit("%s not ready; see %s/server.log" % (self.name, self.dir))

    def ticks(self):
        return calls.ticks(self.p.pid)

    def metric(self, name):
        with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % self.mgmt, timeout=10) as r:
            text = r.read().decode()
        total = 0.0
        for line in text.splitlines():
            if line.startswith(name) and (len(line) == len(name) or line[len(name)] in " {"):
                total += float(line.rsplit(" ", 1)[1])
        return total

    def stop(self):
        if self.p.poll() is None:
            os.killpg(self.p.pid, signal.SIGTERM)
            try:
                self.p.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.p.pid, signal.SIGKILL)


def users_csv(out, users, parts):
    """The harness's credential set: SQL of its HA1 rows, and injection files split in `parts`."""
    bench = os.path.join(out, "harness")
    shutil.copytree(HARNESS, bench, ignore=shutil.ignore_patterns("results", "data"))
    subprocess.run(["./gen_users.sh"], cwd=bench, check=True, env=dict(os.environ, N_USERS=str(users)),
                   stdout=subprocess.DEVNULL)
    pairs = [l.split() for l in open(os.path.join(bench, "data", "users.plain")) if l.strip()]
    pairs = [p for p in pairs if p[0] != "bob"]
    sql = os.path.join(out, "users.sql")
    with open(sql, "w") as f:
        for i in range(0, len(pairs), 1000):
            rows = ["('%s','%s','%s',CURRENT_TIMESTAMP)" % (u, REALM, hashlib.md5(("%s:%s:%s" % (u, REALM, p)).encode())
                                                          .hexdigest()) for u, p in pairs[i:i + 1000]]
            f.write("INSERT INTO subscriber (username, domain, ha1_md5, created_at) VALUES\n" + ",\n".join(rows) + ";\n")
    files = []
    for k in range(parts):
        path = os.path.join(out, "users-%d.csv" % k)
        with open(path, "w") as f:
            f.write("SEQUENTIAL\n")
            for u, p in pairs[k::parts]:
                f.write("%s;%s;127.0.0.1:%d;[authentication username=%s password=%s]\n" % (u, p, UAS_PORT, u, p))
        files.append(path)
    return bench, sql, files


def sipp(args, cwd, log_name):
    os.makedirs(cwd, exist_ok=True)
    return subprocess.Popen(["sipp"] + args, cwd=cwd, stdout=open(os.path.join(cwd, log_name), "w"),
                            stderr=subprocess.STDOUT, start_new_session=True)


def register(bench, nodes, files, rate, out, tag):
    """Every user registers once, the users of file k through node k mod len(nodes); a user answered
    503 registers again after its Retry-After, as a phone does (sipp/register_retry.xml)."""
    runs = []
    for k, f in enumerate(files):
        node = nodes[k % len(nodes)]
        n = sum(1 for _ in open(f)) - 1
        runs.append((sipp(["127.0.0.1:%d" % node.sip, "-sf", os.path.join(HERE, "sipp", "register_retry.xml"),
                           "-inf", f, "-i", "127.0.0.1", "-p", "0", "-r", str(max(1, rate // len(files))),
                           "-m", str(n), "-recv_timeout", "10000", "-nostdin", "-buff_size", "4194304",
                           # no BYE for a registration SIPp aborts, and no abort for a late copy
                           # of an answer it has had (its default behaviours): a phone does neither
                           "-trace_stat", "-fd", "1", "-default_behaviors", "all,-bye,-abortunexp"],
                          os.path.join(out, "%s-reg-%d" % (tag, k)), "sipp.out"), n))
    ok = failed = 0
    for p, n in runs:
        p.wait()
    for d in glob.glob(os.path.join(out, "%s-reg-*" % tag)):
        r = result(d)
        ok += r["ok"]
        failed += r["failed"]
    return ok, failed


def result(d):
    stat = [p for p in glob.glob(os.path.join(d, "*_.csv")) if not p.endswith("_rtt.csv")]
    last, rows = calls.stat_last(stat[0])
    return dict(ok=int(last["SuccessfulCall(C)"]), failed=int(last["FailedCall(C)"]))


def call_run(nodes, files, rate, n, hold, out, tag):
    """n calls at `rate` in all, split evenly over the nodes, each caller to the users of its file."""
    uas = sipp(["-sf", os.path.join(HARNESS, "sipp", "call_uas.xml"), "-i", "127.0.0.1", "-p", str(UAS_PORT),
                "-m", str(n), "-buff_size", "4194304", "-nostdin", "-timeout", "%ds" % (n // rate + 120)],
               os.path.join(out, tag + "-uas"), "sipp.out")
    time.sleep(1)
    callers = []
    for k, node in enumerate(nodes):
        callers.append(sipp(["127.0.0.1:%d" % node.sip, "-sf", os.path.join(HERE, "sipp", "call_users_uac.xml"),
                             "-inf", files[k % len(files)], "-d", str(hold), "-i", "127.0.0.1", "-p", "0",
                             "-r", str(rate // len(nodes)), "-m", str(n // len(nodes)), "-l", "100000",
                             "-recv_timeout", "10000", "-buff_size", "4194304", "-nostdin", "-trace_stat", "-fd", "1"],
                            os.path.join(out, "%s-uac-%d" % (tag, k)), "sipp.out"))
    for c in callers:
        c.wait()
    uas.wait()
    ok = failed = 0
    for k in range(len(nodes)):
        r = result(os.path.join(out, "%s-uac-%d" % (tag, k)))
        ok += r["ok"]
        failed += r["failed"]
    return ok, failed


def crossings(nodes):
    return dict(call=sum(metric_kind(n, "call") for n in nodes),
                flow=sum(metric_kind(n, "flow") for n in nodes),
                aor=sum(n.metric("parley_cluster_aor_asks_received_total") for n in nodes))


def metric_kind(node, kind):
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % node.mgmt, timeout=10) as r:
        for line in r.read().decode().splitlines():
            if line.startswith("parley_cluster_messages_received_total{") and 'kind="%s"' % kind in line:
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def by_thread(nodes):
    """CPU ticks of every node's threads, by thread name without its digits, summed over nodes."""
    out = {}
    for n in nodes:
        for t in glob.glob("/proc/%d/task/*" % n.p.pid):
            try:
                name = open(t + "/comm").read().strip().rstrip("0123456789-#")
                fields = open(t + "/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            out[name] = out.get(name, 0) + int(fields[11]) + int(fields[12])
    return out


LAST_SPLIT = {}


def measure(nodes, run):
    """The nodes' CPU for run() plus its tail, less idle; and what run() returned."""
    t0 = sum(n.ticks() for n in nodes)
    split0 = by_thread(nodes)
    got = run()
    t1 = sum(n.ticks() for n in nodes)
    split1 = by_thread(nodes)
    LAST_SPLIT.clear()
    for k, v in split1.items():
        LAST_SPLIT[k] = v - split0.get(k, 0)
    time.sleep(TAIL)
    t2 = sum(n.ticks() for n in nodes)
    time.sleep(10)
    t3 = sum(n.ticks() for n in nodes)
    idle_per_s = (t3 - t2) / 10.0
    return (t2 - t0) - idle_per_s * TAIL, (t1 - t0), got


def setup(a, out, pg, count, tag):
    nodes = [Node(out, "%s-node%d" % (tag, 1), pg, None, a.heap, a.config).ready()]
    for i in range(2, count + 1):
        nodes.append(Node(out, "%s-node%d" % (tag, i), pg, nodes[0].seed(), a.heap, a.config))
    for n in nodes:
        n.ready()
    return nodes


def run_setup(a, out, pg, bench, files, count, tag):
    nodes = setup(a, out, pg, count, tag)
    time.sleep(15)  # membership settles (wake-settle, 10 s) and the leader opens the AOR shards
    try:
        ok, failed = register(bench, nodes, files, a.rate, out, tag + "-first")
        log("%s: %d users registered, %d failed" % (tag, ok, failed))
        rows = []
        n = a.rate * a.duration
        # every node gets the single node's warm-up: what is compared is the steady state
        ok, failed = call_run(nodes, files, a.rate, a.warmup * len(nodes), a.hold, out, tag + "-warmup")
        log("%s: warm-up %d calls, %d failed" % (tag, ok, failed))
        time.sleep(TAIL)
        for rep in range(a.reps):
            before = crossings(nodes)
            cpu, during, (ok, failed) = measure(nodes, lambda: call_run(nodes, files, a.rate, n, a.hold, out,
                                                                        "%s-calls-%d" % (tag, rep)))
            after = crossings(nodes)
            per = {k: (after[k] - before[k]) / max(ok, 1) for k in after}
            us = cpu * 1e6 / calls.CLK_TCK / max(ok, 1)
            us_during = during * 1e6 / calls.CLK_TCK / max(ok, 1)
            rows.append(dict(kind="calls", rep=rep, ok=ok, failed=failed, us_per_call=us, us_during=us_during,
                             crossings=per))
            log("%s calls rep %d: %d ok, %d failed, %.0f us/call with tail (%.0f during), crossings/call %s"
                % (tag, rep, ok, failed, us, us_during, json.dumps({k: round(v, 3) for k, v in per.items()})))
            top = sorted(LAST_SPLIT.items(), key=lambda kv: -kv[1])[:14]
            log("  during the run, us/call by thread: " + ", ".join(
                "%s %.0f" % (k, v * 1e6 / calls.CLK_TCK / max(ok, 1)) for k, v in top))
        for rep in range(a.reps):
            before = crossings(nodes)
            cpu, during, (ok, failed) = measure(nodes, lambda: register(bench, nodes, files, a.rate, out,
                                                                         "%s-refresh-%d" % (tag, rep)))
            after = crossings(nodes)
            us = cpu * 1e6 / calls.CLK_TCK / max(ok, 1)
            rows.append(dict(kind="register", rep=rep, ok=ok, failed=failed, us_per_register=us,
                             aor_asks_across=(after["aor"] - before["aor"]) / max(ok, 1)))
            log("%s register rep %d: %d ok, %d failed, %.0f us/REGISTER pair, AOR asks across %.3f per REGISTER"
                % (tag, rep, ok, failed, us, (after["aor"] - before["aor"]) / max(ok, 1)))
        return rows
    finally:
        for n in reversed(nodes):
            n.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--users", type=int, default=3000)
    ap.add_argument("--rate", type=int, default=150, help="calls/s (and REGISTERs/s) in all")
    ap.add_argument("--duration", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=6000, help="calls per node before the measured runs")
    ap.add_argument("--hold", type=int, default=1000, help="ms between ACK and BYE")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--heap", default="768m")
    ap.add_argument("--only", choices=["single", "cluster"])
    ap.add_argument("--config", default="", help="HOCON lines added to every node's configuration")
    a = ap.parse_args()
    if not os.path.exists(JAR):
        sys.exit("no target/parley.jar: mvn -DskipTests package first")
    out = os.path.join(HERE, "results", time.strftime("cluster-%Y%m%d-%H%M%S"))
    os.makedirs(out)
    summary = {}
    for tag, count in (("single", 1), ("cluster", 3)):
        if a.only and a.only != tag:
            continue
        pg = Postgres(out)
        try:
            bench, sql, files = users_csv(os.path.join(out, tag), a.users, 3)
            # the schema first: one node migrates it, then the subscriber rows
            first = Node(os.path.join(out, tag), "schema", pg, None, a.heap).ready()
            first.stop()
            pg.sql(sql)
            summary[tag] = run_setup(a, os.path.join(out, tag), pg, bench, files, count, tag)
        finally:
            pg.close()
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    log("results in " + out)


if __name__ == "__main__":
    main()
