#!/usr/bin/env python3
"""The days a SIP server is judged on, Parley and Kamailio one after the other in one session.

  cold   A fresh process, started by the shared harness (run_anchor.sh), which sends at once
         after the server's first OPTIONS answer: 1,000 first REGISTERs/s (digest) for 5 s, and
         1,000 calls/s for 5 s through the proxy to a SIPp callee. Each repetition starts from a
         pristine database (the subscribers loaded, nothing registered), so every REGISTER is an
         AOR's first. Parley as a new user starts it: the `parley` script, default settings but
         for the harness's domain, MD5, no challenge of INVITEs (the harness's simplification,
         as its Kamailio configuration) and no flood limits (one SIPp address sends it all).

    bench/load.py cold --reps 3 [--servers "parley kamailio"] [--rate 1000] [--duration 5]

  overload  A warm server (20 s of 1,000 calls/s first), its capacity found by a ramp of the
         harness (the highest rate passing its criteria, or --capacity), then offered 1.5x, 2x
         and 3x that for 30 s each: calls completed per second, the setup time (INVITE -> 200)
         of the calls it took, what it refused, and how long after the load stopped it answered
         an OPTIONS again.

    bench/load.py overload [--servers "parley kamailio"] [--capacity 2000] [--factors "1.5 2 3"] [--pin]

         --pin runs the server on CPU 1 and the harness's SIPp processes on CPU 0 (taskset), so that
         the load generator does not take the overloaded server's CPU (overload and storm only).

  storm  A fresh process and --users subscribers none of whom is registered, each phone
         registering (digest) as SIPp offers them at --rate pairs/s; a phone answered 503 waits
         its Retry-After and tries again (bench/sipp/register_retry.xml), one left unanswered
         --recv-timeout fails. How many registered, how many failed, when the last one was
         registered, the 503s, and the server's CPU per registered phone.

    bench/load.py storm --users 100000 --rate 2000 [--servers "parley kamailio"]

  ramp   A fresh process (Parley: once it takes traffic, after its warm-up), then the harness's
         own ramps at once, REGISTER (digest) then calls, 500 1000 2000 4000 8000/s for 12 s each
         (its defaults, or --rates), stopping at the first failing step: the highest rate passing
         and the CPU per pair and per call at every step.

    bench/load.py ramp [--servers "parley kamailio"] [--rates "500 1000 2000 4000 8000"] [--scenarios call]

Everything runs on 127.0.0.1. Results go to bench/results/load-<timestamp>/ (not committed):
one run_anchor.sh folder per server, scenario and repetition, and summary.md with every row.
"""
import argparse
import csv
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
sys.path.insert(0, HERE)
import registrations  # noqa: E402  (the harness copy, the subscribers' import, the node's configuration)
import calls  # noqa: E402  (CPU by thread group)

COLUMNS = ["failed_pct", "achieved_cps", "rtd1_p50_ms", "rtd1_p99_ms", "rtd1_max_ms", "retrans",
           "server_sock_drops", "server_cpu_us_per_call", "verdict"]


JAVA_OPTS = ""
# --pin (see the usage above); empty: no pinning
SERVER_CPUS = ""
LOAD_CPUS = ""


def pinned(cpus, cmd):
    return (["taskset", "-c", cpus] if cpus else []) + cmd


def stop(node):
    """SIGTERM to the server's process group; SIGKILL if it has not gone within 60 s (Kamailio once
    hung there after an overload step, and the script died with it)."""
    os.killpg(node.pid, signal.SIGTERM)
    try:
        node.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(node.pid, signal.SIGKILL)
        node.wait(10)


def parley_start(conf):
    # the script a new user runs, which starts the jar the same way
    return f"PARLEY_JAVA_OPTS='-Dconfig.file={conf} {JAVA_OPTS}' exec {os.path.join(ROOT, 'parley')}"


def parley_anchor(bench, out, env, conf):
    """Starts a fresh node as run_anchor.sh would, and runs the harness against it once it takes
    traffic, with the node's CPU split by thread group over the whole harness run."""
    os.makedirs(out, exist_ok=True)
    log = os.path.join(out, "server.log")
    node = subprocess.Popen(["bash", "-c", parley_start(conf)], stdout=open(log, "w"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        registrations.wait_for(lambda: "taking SIP traffic" in open(log).read(), 120, "the node to take traffic")
        before = calls.thread_ticks(node.pid)
        row = anchor(bench, out, dict(env, START_CMD="none", SERVER_PID=str(node.pid)))
        after = calls.thread_ticks(node.pid)
    finally:
        stop(node)
    if row:
        ok = max(1, int(row["ok"]))
        row["split"] = " / ".join(f"{g} {(after[g] - before[g]) * 1e6 / calls.CLK_TCK / ok:.0f}" for g in after
                                  if after[g] != before[g])
    return row


def anchor(bench, out, env):
    os.makedirs(out, exist_ok=True)
    subprocess.run(pinned(LOAD_CPUS, ["./run_anchor.sh"]), cwd=bench, env=dict(os.environ, **dict(env, OUTDIR=out)),
                   check=False, stdout=open(os.path.join(out, "anchor.log"), "w"), stderr=subprocess.STDOUT)
    rows = list(csv.DictReader(open(os.path.join(out, "summary.csv")))) if os.path.exists(
        os.path.join(out, "summary.csv")) else []
    return rows[0] if rows else None


def cold(args, work, out):
    bench, sql = registrations.prepare(args.harness, args.users, work)
    conf = registrations.write_config(work, args.port, args.management_port,
                                       "parley.proxy.authenticate = false\n" + args.parley_conf)
    registrations.load_subscribers(conf, sql, "1g", work)
    pristine = os.path.join(work, "pristine")
    shutil.copytree(os.path.join(work, "data"), pristine)
    table = []
    for rep in range(1, args.reps + 1):
        for server in args.servers.split():
            for scenario in ("register", "call"):
                step = os.path.join(out, f"{server}-{scenario}-{rep}")
                env = dict(SCENARIOS=scenario, RATES=str(args.rate), DURATION=str(args.duration), LATENCY_PROBE="0",
                           OUTDIR=step, READY_TIMEOUT="90", SERVER_NAME=server)
                if server == "parley":
                    shutil.rmtree(os.path.join(work, "data"))
                    shutil.copytree(pristine, os.path.join(work, "data"))
                    env.update(TARGET=f"127.0.0.1:{args.port}")
                print(f"[{time.strftime('%H:%M:%S')}] {server} {scenario} rep {rep}", flush=True)
                row = parley_anchor(bench, step, env, conf) if server == "parley" else anchor(bench, step, env)
                table.append((server, scenario, rep, row))
                print("   ", {k: row.get(k) for k in COLUMNS + ["split"]} if row else "no result", flush=True)
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write(f"Fresh process, {args.rate}/s for {args.duration} s, from the first OPTIONS answer\n\n")
        f.write("| server | scenario | rep | failed % | achieved/s | RTD1 p50 / p99 / max ms | retrans | "
                "server sock drops | server CPU µs/call | verdict | µs/call by thread |\n"
                "|---|---|---|---|---|---|---|---|---|---|---|\n")
        for server, scenario, rep, r in table:
            if r is None:
                f.write(f"| {server} | {scenario} | {rep} | no result | | | | | | |\n")
                continue
            f.write(f"| {server} | {scenario} | {rep} | {r['failed_pct']} | {r['achieved_cps']} | "
                    f"{r['rtd1_p50_ms']} / {r['rtd1_p99_ms']} / {r['rtd1_max_ms']} | {r['retrans']} | "
                    f"{r['server_sock_drops']} | {r['server_cpu_us_per_call']} | {r['verdict']} | {r.get('split', '')} |\n")
    print(open(os.path.join(out, "summary.md")).read())


def ramp(args, work, out):
    bench, sql = registrations.prepare(args.harness, args.users, work)
    conf = registrations.write_config(work, args.port, args.management_port,
                                       "parley.proxy.authenticate = false\n" + args.parley_conf)
    registrations.load_subscribers(conf, sql, "1g", work)
    for server in args.servers.split():
        step = os.path.join(out, server)
        env = dict(SCENARIOS=args.scenarios, RATES=args.rates, LATENCY_PROBE="0", OUTDIR=step, READY_TIMEOUT="90",
                   SERVER_NAME=server)
        print(f"[{time.strftime('%H:%M:%S')}] {server}", flush=True)
        if server == "parley":
            env.update(TARGET=f"127.0.0.1:{args.port}")
            row = parley_anchor(bench, step, env, conf)
            print("    µs per call of the first step, by thread, over the whole run:", row.get("split") if row else None,
                  flush=True)
        else:
            anchor(bench, step, env)
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write("A fresh process, then the harness's ramps at once\n\n")
        for server in args.servers.split():
            f.write(f"{server}\n\n" + open(os.path.join(out, server, "summary.md")).read() + "\n")
    print(open(os.path.join(out, "summary.md")).read())


def options_after(port, limit=30.0):
    """Seconds until an OPTIONS to the server is answered, polling every 100 ms (None: not in `limit`)."""
    start = time.time()
    while time.time() - start < limit:
        if calls.options_ok("127.0.0.1", port, timeout=0.1):
            return time.time() - start
        time.sleep(0.1)
    return None


def start_server(server, bench, conf, port, log):
    """A fresh Parley (the `parley` script) or Kamailio (the harness's configuration), once it takes traffic."""
    if server == "parley":
        cmd = ["bash", "-c", parley_start(conf)]
        ready = lambda: "taking SIP traffic" in open(log).read()
    else:
        cmd = ["kamailio", "-DD", "-E", "-f", os.path.join(bench, "kamailio", "kamailio.cfg"), "-m", "1024", "-M",
               "16", "-w", "/tmp", "-A", f'CREDS_DB_URL="text://{os.path.join(bench, "data", "kamailio-db")}"']
        ready = lambda: calls.options_ok("127.0.0.1", port, timeout=0.5)
    node = subprocess.Popen(pinned(SERVER_CPUS, cmd), stdout=open(log, "w"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        registrations.wait_for(ready, 120, f"{server} to take traffic")
    except SystemExit:
        stop(node)
        raise
    return node


def overload(args, work, out):
    bench, sql = registrations.prepare(args.harness, args.users, work)
    conf = registrations.write_config(work, args.port, args.management_port,
                                       "parley.proxy.authenticate = false\n" + args.parley_conf)
    registrations.load_subscribers(conf, sql, "1g", work)
    rows = []
    for server in args.servers.split():
        node = start_server(server, bench, conf, args.port, os.path.join(out, f"{server}-server.log"))
        try:
            env = dict(SCENARIOS="call", LATENCY_PROBE="0", START_CMD="none", SERVER_PID=str(node.pid),
                       TARGET=f"127.0.0.1:{args.port}", SERVER_NAME=server)
            print(f"[{time.strftime('%H:%M:%S')}] {server}: warming, 1000/s for {args.warm} s", flush=True)
            anchor(bench, os.path.join(out, f"{server}-warm"), dict(env, RATES="1000", DURATION=str(args.warm)))
            capacity = args.capacity
            if not capacity:
                ramp = os.path.join(out, f"{server}-ramp")
                anchor(bench, ramp, dict(env, RATES=args.ramp, DURATION="10"))
                passing = [int(r["target_cps"]) for r in csv.DictReader(open(os.path.join(ramp, "summary.csv")))
                           if r["verdict"] == "ok"]
                capacity = max(passing) if passing else int(args.ramp.split()[0])
            print(f"[{time.strftime('%H:%M:%S')}] {server}: capacity {capacity}/s", flush=True)
            for factor in args.factors.split():
                rate = int(capacity * float(factor))
                step = os.path.join(out, f"{server}-x{factor}")
                row = anchor(bench, step, dict(env, RATES=str(rate), DURATION=str(args.duration),
                                               MAX_FAIL_PCT="100", MIN_KEEPUP_PCT="0", MAX_RETRANS_PCT="100"))
                answered = options_after(args.port)
                codes = {}
                for f in os.listdir(os.path.join(step, f"call-{rate}")):
                    if f.endswith("_error_codes.csv"):
                        for line in open(os.path.join(step, f"call-{rate}", f)).read().splitlines()[1:]:
                            # "<date> <time>;<elapsed>;503,503,...": the codes of the period
                            for code in line.split(";")[-1].split(","):
                                if code.strip().isdigit():
                                    codes[code.strip()] = codes.get(code.strip(), 0) + 1
                rows.append((server, capacity, factor, rate, row, answered, codes))
                print(f"    x{factor} ({rate}/s):", {k: row.get(k) for k in COLUMNS} if row else None,
                      f"OPTIONS answered {answered if answered is None else round(answered, 1)} s after", codes,
                      flush=True)
                time.sleep(5)
        finally:
            stop(node)
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write(f"Offered a multiple of the capacity for {args.duration} s, warm\n\n")
        f.write("| server | capacity/s | offered | completed/s | of capacity | failed % | setup p50 / p99 / max ms | "
                "retrans | server sock drops | server CPU µs/call | OPTIONS answered after | answers |\n"
                "|---|---|---|---|---|---|---|---|---|---|---|---|\n")
        for server, capacity, factor, rate, r, answered, codes in rows:
            if not r:
                f.write(f"| {server} | {capacity} | {factor}× ({rate}/s) | no result |||||||||\n")
                continue
            f.write(f"| {server} | {capacity} | {factor}× ({rate}/s) | {r['achieved_cps']} | "
                    f"{100 * float(r['achieved_cps']) / capacity:.0f} % | {r['failed_pct']} | "
                    f"{r['rtd1_p50_ms']} / {r['rtd1_p99_ms']} / {r['rtd1_max_ms']} | {r['retrans']} | "
                    f"{r['server_sock_drops']} | {r['server_cpu_us_per_call']} | "
                    f"{'-' if answered is None else f'{answered:.1f} s'} | {codes} |\n")
    print(open(os.path.join(out, "summary.md")).read())


def tree_ticks(root):
    """utime+stime of a process and all its descendants (Kamailio forks its workers)."""
    parent, own = {}, {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parent[int(pid)], own[int(pid)] = int(fields[1]), int(fields[11]) + int(fields[12])
    tree, changed = {root}, True
    while changed:
        changed = False
        for pid, pp in parent.items():
            if pid not in tree and pp in tree:
                tree.add(pid)
                changed = True
    return sum(own.get(p, 0) for p in tree)


def storm(args, work, out):
    bench, sql = registrations.prepare(args.harness, args.users, work)
    conf = registrations.write_config(work, args.port, args.management_port, args.parley_conf)
    registrations.load_subscribers(conf, sql, "1g", work)
    phones = os.path.join(work, "phones.csv")
    with open(os.path.join(bench, "data", "users.csv")) as f, open(phones, "w") as o:
        o.write("SEQUENTIAL\n")
        for line in f.read().splitlines()[1:]:
            user, password = line.split(";")[:2]
            o.write(f"{user};{password};127.0.0.1:5090;[authentication username={user} password={password}]\n")
    rows = []
    for server in args.servers.split():
        node = start_server(server, bench, conf, args.port, os.path.join(out, f"{server}-server.log"))
        try:
            step = os.path.join(out, f"{server}-storm")
            os.makedirs(step)
            ticks0 = tree_ticks(node.pid)
            start = time.time()
            sipp = ["sipp", f"127.0.0.1:{args.port}", "-sf", os.path.join(HERE, "sipp", "register_retry.xml"),
                    "-inf", phones, "-i", "127.0.0.1", "-p", "0", "-r", str(args.rate), "-m", str(args.users),
                    "-l", "200000", "-recv_timeout", str(args.recv_timeout * 1000), "-timeout", "900s",
                    "-nostdin", "-buff_size", "4194304", "-trace_stat", "-fd", "5", "-trace_rtt", "-rtt_freq", "1000"]
            subprocess.run(pinned(LOAD_CPUS, sipp), cwd=step, stdout=open(os.path.join(step, "sipp.out"), "w"),
                           stderr=subprocess.STDOUT)
            took = time.time() - start
            ticks = tree_ticks(node.pid) - ticks0
            text = open(os.path.join(step, "sipp.out")).read().splitlines()
            counted = lambda what: int(([l for l in text if what in l] or ["| 0"])[-1].split("|")[-1].strip() or 0)
            ok, failed = counted("Successful call"), counted("Failed call")
            busy = 0
            if server == "parley":
                with urllib.request.urlopen(f"http://127.0.0.1:{args.management_port}/metrics", timeout=10) as r:
                    for line in r.read().decode().splitlines():
                        if line.startswith("parley_registrar_busy_total"):
                            busy = int(float(line.split()[-1]))
            cpu = ticks * 1e6 / calls.CLK_TCK / max(ok, 1)
            rows.append((server, ok, failed, took, busy, cpu))
            print(f"    {server}: {ok} registered, {failed} failed, all done after {took:.0f} s, {busy} answered 503, "
                  f"{cpu:.0f} µs CPU per registered phone", flush=True)
        finally:
            stop(node)
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write(f"{args.users} phones registering for the first time, offered at {args.rate}/s, retrying after 503\n\n")
        f.write("| server | registered | failed | last one done after | 503 sent | server CPU µs per registered phone |\n"
                "|---|---|---|---|---|---|\n")
        for server, ok, failed, took, busy, cpu in rows:
            f.write(f"| {server} | {ok} | {failed} | {took:.0f} s | {busy} | {cpu:.0f} |\n")
    print(open(os.path.join(out, "summary.md")).read())


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["cold", "overload", "storm", "ramp"])
    p.add_argument("--rates", default="500 1000 2000 4000 8000", help="ramp: the harness's rates")
    p.add_argument("--scenarios", default="register call", help="ramp: the harness's scenarios, in order")
    p.add_argument("--recv-timeout", type=int, default=10, help="storm: seconds a phone waits for an answer")
    p.add_argument("--capacity", type=int, default=0, help="overload: calls/s the server passes (0: a ramp finds it)")
    p.add_argument("--ramp", default="1500 2000 2500 3000 3500 4000", help="overload: the capacity ramp")
    p.add_argument("--warm", type=int, default=20, help="overload: seconds of 1,000 calls/s before the ramp")
    p.add_argument("--factors", default="1.5 2 3", help="overload: multiples of the capacity offered")
    p.add_argument("--harness", default=registrations.DEFAULT_HARNESS)
    p.add_argument("--servers", default="parley kamailio")
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--rate", type=int, default=1000)
    p.add_argument("--duration", type=int, default=5)
    p.add_argument("--users", type=int, default=10000)
    p.add_argument("--parley-conf", default="", help="HOCON lines added to the node's configuration")
    p.add_argument("--port", type=int, default=5070)
    p.add_argument("--management-port", type=int, default=8561)
    p.add_argument("--java-opts", default="", help="JVM options for the node (PARLEY_JAVA_OPTS)")
    p.add_argument("--pin", action="store_true",
                   help="overload, storm: the server on CPU 1 and SIPp on CPU 0 (taskset)")
    args = p.parse_args()
    global JAVA_OPTS, SERVER_CPUS, LOAD_CPUS
    JAVA_OPTS = args.java_opts
    if args.pin:
        if args.mode not in ("overload", "storm"):
            sys.exit("--pin: only overload and storm start the server apart from the harness")
        SERVER_CPUS, LOAD_CPUS = "1", "0"
    if not os.path.exists(registrations.JAR):
        sys.exit("build the jar first: mvn -B -DskipTests package")
    out = os.path.join(HERE, "results", time.strftime("load-%Y%m%d-%H%M%S"))
    os.makedirs(out)
    work = tempfile.mkdtemp(prefix="parley-load-")
    try:
        if args.mode == "overload" and args.duration == 5:
            args.duration = 30
        if args.mode == "storm" and args.rate == 1000:
            args.rate = 2000
        {"cold": cold, "overload": overload, "storm": storm, "ramp": ramp}[args.mode](args, work, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"artefacts: {out}")


if __name__ == "__main__":
    main()
