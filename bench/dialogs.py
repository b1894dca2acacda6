#!/usr/bin/env python3
"""What dialog tracking and accounting cost: heap per confirmed dialog, CPU per call.

    bench/dialogs.py heap --calls 50000 --rate 1000
    bench/dialogs.py cpu --rate 1000 --duration 20 --reps 3

heap: one node (dialogs and accounting on, the defaults) holds CALLS confirmed calls: SIPp's
call_uac.xml with a long pause before the BYE, a SIPp callee (call_uas.xml) reached by a static
route. The node's live heap (a class histogram, which collects fully first) is taken on the idle
node, after a warm-up of calls that have all ended and whose state has expired (Timers K, J, L,
M: 64*T1), and again when the calls are held and the INVITE transactions of the last of them have
expired. The difference over the calls held is the heap per confirmed dialog; the histograms'
difference by class shows where the bytes go. GET /dialogs' total is read at the plateau.

cpu: three servers started side by side, each warmed up, then the same SIPp calls (INVITE, 180,
200, ACK, HOLD ms, BYE, 200) at a fixed rate through each in turn, REPS times: Parley with dialogs
and accounting on (the defaults: a confirmed call is stored once it has lasted
parley.dialog.persist-after, 5 s, so the 1 s calls never are), Parley as a proxy only (parley.dialog.enabled = false,
parley.accounting.enabled = false), Kamailio with the shared harness's configuration. A server's
CPU (utime+stime from /proc) per successful call is given two ways: during the SIPp run (as the
earlier tables in RESULTS.md), and over the run plus the 35 s after it, less the server's idle
CPU over those 35 s: a Parley call's entity and transactions end 32 s (64*T1) after its BYE, and
that work belongs to the call. While one server's tail is counted the next one is loaded; the
servers take their turns in the same order, so that a server's next run starts after its tail.
--persist-at-answer adds Parley with dialogs and accounting and persist-after = 0s (every
confirmed call stored at its 2xx, as before that setting); --kamailio-dialog adds Kamailio with its dialog module and acc (the harness's
configuration has neither), a configuration derived from the harness's at run time;
--h2-cache-kb N adds Parley with dialogs and accounting and H2's CACHE_SIZE=N in its JDBC URL;
--h2-options OPTS adds Parley with dialogs and accounting and OPTS added to its H2 URL;
--baseline-jar JAR adds Parley with dialogs and accounting run from another build (a before).
The CPU during a run is also split by thread: socket, actors, GC, JIT, the database writers,
H2's own threads, the scheduler, the rest.

Parley: proxy authentication off (SIPp's calls carry no credentials, as for Kamailio, whose
configuration does not challenge INVITEs), flood protection off (one load-generating address),
limits raised above the calls held. Everything on 127.0.0.1. Results go to bench/results/.
Hold the project's shared build lock for a whole run (flock LOCKFILE bench/dialogs.py ...).
"""
import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import calls  # noqa: E402  (ticks, thread_ticks, options_ok, stat_last, elapsed, percentiles)

ROOT = os.path.dirname(HERE)
DEFAULT_HARNESS = os.environ.get("HARNESS", os.path.normpath(os.path.join(ROOT, "..", "shared", "bench")))
CLK = calls.CLK_TCK
TAIL = 35  # s: 64*T1 = 32 s, and a little
UAS_PORT = 5090
# the groups of calls.GROUPS, and what was "other" split further: the database writers
# (parley.database-writer-dispatcher), H2's own threads, Pekko's scheduler
THREADS = calls.GROUPS + [("db-writers", ("parley-parley.d",)), ("h2", ("H2-", "MVStore")),
                          ("scheduler", ("parley-schedule",))]
KAMAILIO_PORT = 5070


def parley_conf(out, name, port, mgmt, dialogs, limits=200000, accounting=None, persist_after=None, url_options=""):
    accounting = dialogs if accounting is None else accounting
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "parley.conf")
    with open(path, "w") as f:
        f.write("""parley.domains = ["127.0.0.1"]
parley.sip.listen = ["udp:127.0.0.1:%d"]
parley.storage.jdbc-url = "jdbc:h2:file:%s/data/parley%s"
parley.cluster.port = 0
pekko.management.http.port = %d
pekko.loglevel = "WARNING"
parley.flood.enabled = false
parley.proxy.authenticate = false
parley.limits.max-calls = %d
parley.limits.max-stranger-calls = %d
parley.dialog.enabled = %s
parley.accounting.enabled = %s
parley.routing.static = [ { match = "sip:bob@127.0.0.1", target = "sip:127.0.0.1:%d" } ]
""" % (port, d, url_options, mgmt, limits, limits, str(dialogs).lower(), str(accounting).lower(), UAS_PORT))
        if persist_after is not None:
            f.write("parley.dialog.persist-after = %s\n" % persist_after)
    return path, d


def start_parley(a, out, name, port, mgmt, dialogs, java_opts, procs, accounting=None, persist_after=None,
                 url_options="", jar=None):
    conf, d = parley_conf(out, name, port, mgmt, dialogs, accounting=accounting, persist_after=persist_after,
                          url_options=url_options)
    env = dict(os.environ, PARLEY_LOG_LEVEL="WARN")
    p = subprocess.Popen(["java"] + java_opts.split() + ["-Dconfig.file=" + conf, "-jar", jar or a.jar],
                         stdout=open(os.path.join(d, "server.log"), "w"), stderr=subprocess.STDOUT,
                         env=env, start_new_session=True)
    procs.append(p)
    wait_ready(p, port, 90, d)
    return p


def wait_ready(p, port, seconds, d):
    deadline = time.time() + seconds
    while not calls.options_ok("127.0.0.1", port):
        if time.time() > deadline or p.poll() is not None:
            sys.exit("the server on %d did not answer OPTIONS; see %s/server.log" % (port, d))
        time.sleep(0.5)


def kamailio_dialog_cfg(src, port):
    """The harness's configuration with Kamailio's dialog module tracking every INVITE
    (dlg_manage) and acc writing a record for each INVITE and BYE transaction, missed and failed
    calls, and a CDR at each dialog's end, to its log (here: stderr, a file), listening on PORT."""
    s = src.replace("127.0.0.1:%d" % KAMAILIO_PORT, "127.0.0.1:%d" % port)
    s = s.replace('loadmodule "auth.so"', 'loadmodule "auth.so"\nloadmodule "dialog.so"\nloadmodule "acc.so"')
    s = s.replace("####### Routing Logic ########", """# ----- dialogs and accounting (added by bench/dialogs.py) -----
modparam("dialog", "dlg_flag", 4)
modparam("dialog", "enable_stats", 1)
modparam("dialog", "db_mode", 0)
modparam("acc", "log_flag", 1)
modparam("acc", "log_missed_flag", 2)
modparam("acc", "log_level", 0)
modparam("acc", "failed_transaction_flag", 3)
modparam("acc", "report_cancels", 0)
modparam("acc", "cdr_enable", 1)
modparam("acc", "cdr_start_on_confirmed", 1)

####### Routing Logic ########""")
    s = s.replace("""	if (is_method("INVITE|SUBSCRIBE")) {
		record_route();
	}""", """	if (is_method("INVITE|SUBSCRIBE")) {
		record_route();
	}
	if (is_method("INVITE")) {
		dlg_manage();
		setflag(1);
		setflag(2);
		setflag(3);
	}""")
    s = s.replace("""	if (!has_totag()) return;
""", """	if (!has_totag()) return;
	if (is_method("BYE")) {
		setflag(1);
		setflag(3);
	}
""")
    if s.count("dlg_manage") != 1 or s.count("setflag(1)") != 2:
        sys.exit("the harness's kamailio.cfg changed: cannot add the dialog module to it")
    return s


def start_kamailio(a, out, procs, name="kamailio", port=KAMAILIO_PORT):
    d = os.path.join(out, name)
    db = os.path.join(d, "kamailio-db")
    os.makedirs(db, exist_ok=True)
    # the credentials as the harness's gen_users.sh writes them, bob only (he registers)
    with open(os.path.join(db, "htable"), "w") as f:
        f.write("id(int,auto) key_name(string) key_type(int) value_type(int) key_value(string) expires(int)\n")
        f.write("1:bob:0:0:bobpw:0\n")
    with open(os.path.join(db, "version"), "w") as f:
        f.write("table_name(string) table_version(int)\nhtable:2\n")
    cfg = os.path.join(a.harness, "kamailio", "kamailio.cfg")
    if port != KAMAILIO_PORT:
        with open(cfg) as f:
            text = kamailio_dialog_cfg(f.read(), port)
        cfg = os.path.join(d, "kamailio.cfg")
        with open(cfg, "w") as f:
            f.write(text)
    cmd = ["kamailio", "-DD", "-E", "-f", cfg, "-m", "1024",
           "-M", "16", "-w", "/tmp", "-b", "4194304", "-A", 'CREDS_DB_URL="text://%s"' % db,
           "-A", 'CTL_SOCK="unix:%s/kamailio_ctl"' % d]
    p = subprocess.Popen(cmd, stdout=open(os.path.join(d, "server.log"), "w"), stderr=subprocess.STDOUT,
                         start_new_session=True)
    procs.append(p)
    wait_ready(p, port, 20, d)
    # bob's phone is the SIPp callee
    with open(os.path.join(d, "callee.csv"), "w") as f:
        f.write("SEQUENTIAL\nbob;bobpw;127.0.0.1:%d;[authentication username=bob password=bobpw]\n" % UAS_PORT)
    subprocess.run(["sipp", "127.0.0.1:%d" % port, "-sf", os.path.join(a.harness, "sipp", "register_contact.xml"),
                    "-inf", "callee.csv", "-i", "127.0.0.1", "-p", "0", "-m", "1", "-timeout", "10", "-timeout_error",
                    "-nostdin"], cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return p


def tree_ticks(pid):
    """utime+stime of a process and its children (Kamailio forks its workers)."""
    total = 0
    for p in [pid] + children(pid):
        try:
            total += calls.ticks(p)
        except OSError:
            pass
    return total


def children(pid):
    out = []
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            kids = [int(x) for x in f.read().split()]
    except OSError:
        return out
    for k in kids:
        out.append(k)
        out.extend(children(k))
    return out


def start_uas(a, out, total, life):
    d = os.path.join(out, "uas")
    os.makedirs(d, exist_ok=True)
    return subprocess.Popen(["sipp", "-sf", os.path.join(a.harness, "sipp", "call_uas.xml"), "-i", "127.0.0.1",
                             "-p", str(UAS_PORT), "-m", str(total), "-buff_size", "4194304", "-nostdin",
                             "-timeout", "%ds" % life], cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def uac_cmd(a, port, rate, n, hold_ms, limit):
    return ["sipp", "127.0.0.1:%d" % port, "-sf", os.path.join(a.harness, "sipp", "call_uac.xml"), "-s", "bob",
            "-d", str(hold_ms), "-i", "127.0.0.1", "-p", "0", "-r", str(rate), "-rp", "1000", "-m", str(n),
            "-l", str(limit), "-recv_timeout", "5000", "-buff_size", "4194304", "-nostdin",
            "-trace_stat", "-fd", "1", "-trace_rtt", "-rtt_freq", "200", "-trace_err"]


def sipp_result(d):
    import glob
    stat = [p for p in glob.glob(os.path.join(d, "*_.csv")) if not p.endswith("_rtt.csv")]
    if not stat:
        return None
    last, rows = calls.stat_last(stat[0])
    return dict(ok=int(last["SuccessfulCall(C)"]), failed=int(last["FailedCall(C)"]),
                retrans=int(last["Retransmissions(C)"]), elapsed=calls.elapsed(rows))


def http_json(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())


def jcmd(pid, *args):
    return subprocess.run(["jcmd", str(pid)] + list(args), capture_output=True, text=True, timeout=300).stdout


def histogram(pid, path):
    jcmd(pid, "GC.run")
    text = jcmd(pid, "GC.class_histogram")
    with open(path, "w") as f:
        f.write(text)
    classes = {}
    total = 0
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0].endswith(":") and parts[0][:-1].isdigit():
            classes[parts[3]] = (int(parts[1]), int(parts[2]))
        elif parts and parts[0] == "Total":
            total = int(parts[2])
    return total, classes


def log(msg):
    print(time.strftime("%H:%M:%S ") + msg, flush=True)


# ---------------------------------------------------------------- heap

def kamcmd(d, *args):
    return subprocess.run(["kamcmd", "-s", "unix:%s/kamailio_ctl" % d] + list(args), capture_output=True, text=True,
                          timeout=30).stdout


def shm_used(d):
    """Kamailio's shared memory in use (real_used: with the allocator's fragment headers)."""
    text = kamcmd(d, "core.shmmem")
    for line in text.splitlines():
        k, _, v = line.strip().partition(":")
        if k.strip() == "real_used":
            return int(v.strip().rstrip(","))
    raise SystemExit("no real_used in core.shmmem: " + text)


def active_dialogs(d):
    text = kamcmd(d, "stats.get_statistics", "active_dialogs")
    for tok in text.replace("=", " ").split():
        if tok.isdigit():
            return int(tok)
    return 0


def heap_kamailio(a, out, procs):
    port = 5073
    name = "kamailio-dialogs"
    d = os.path.join(out, name)
    start_kamailio(a, out, procs, name, port)
    uas = start_uas(a, out, a.calls + a.warmup + 100, 3600)
    procs.append(uas)
    time.sleep(1)
    log("warm-up: %d calls at %d/s, then %d s for their state to expire" % (a.warmup, a.warmup_rate, TAIL + 5))
    wd = os.path.join(out, "warmup")
    os.makedirs(wd)
    subprocess.run(uac_cmd(a, port, a.warmup_rate, a.warmup, 0, 20000), cwd=wd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.STDOUT)
    time.sleep(TAIL + 5)
    idle, idle_dialogs = shm_used(d), active_dialogs(d)
    log("idle: shared memory used %d B, active dialogs %d" % (idle, idle_dialogs))
    hd = os.path.join(out, "hold")
    os.makedirs(hd)
    uac = subprocess.Popen(uac_cmd(a, port, a.rate, a.calls, a.hold_s * 1000, a.calls + 1000), cwd=hd,
                           stdout=open(os.path.join(hd, "sipp.out"), "w"), stderr=subprocess.STDOUT,
                           start_new_session=True)
    procs.append(uac)
    deadline = time.time() + a.calls / a.rate * 3 + 60
    n = 0
    while time.time() < deadline:
        time.sleep(5)
        n = active_dialogs(d)
        log("active dialogs: %d" % n)
        if n - idle_dialogs >= a.calls:
            break
    time.sleep(TAIL + 5)
    held, n = shm_used(d), active_dialogs(d)
    per = (held - idle) / (n - idle_dialogs)
    print("\nKamailio shared memory idle %d B, holding %d B; active dialogs %d; %.0f bytes per dialog"
          % (idle, held, n, per))
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(dict(idle=idle, held=held, dialogs=n, idle_dialogs=idle_dialogs, per_dialog=per), f, indent=1)
    print("results: " + out)


def heap(a, out, procs):
    if a.server != "parley":
        return heap_kamailio(a, out, procs)
    port, mgmt = 5071, 18571
    node = start_parley(a, out, "parley", port, mgmt, True, a.heap_java_opts, procs)
    uas = start_uas(a, out, a.calls + a.warmup + 100, 3600)
    procs.append(uas)
    time.sleep(1)
    log("warm-up: %d calls at %d/s, then %d s for their state to expire" % (a.warmup, a.warmup_rate, TAIL + 5))
    wd = os.path.join(out, "warmup")
    os.makedirs(wd)
    subprocess.run(uac_cmd(a, port, a.warmup_rate, a.warmup, 0, 20000), cwd=wd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.STDOUT)
    time.sleep(TAIL + 5)
    idle_total, idle = histogram(node.pid, os.path.join(out, "histo-idle.txt"))
    idle_dialogs = http_json("http://127.0.0.1:%d/dialogs?limit=1" % mgmt).get("total")
    log("idle: live heap %.1f MB, dialogs listed %s" % (idle_total / 1e6, idle_dialogs))
    hd = os.path.join(out, "hold")
    os.makedirs(hd)
    log("holding %d calls, set up at %d/s" % (a.calls, a.rate))
    uac = subprocess.Popen(uac_cmd(a, port, a.rate, a.calls, a.hold_s * 1000, a.calls + 1000), cwd=hd,
                           stdout=open(os.path.join(hd, "sipp.out"), "w"), stderr=subprocess.STDOUT,
                           start_new_session=True)
    procs.append(uac)
    deadline = time.time() + a.calls / a.rate * 3 + 60
    total = 0
    while time.time() < deadline:
        time.sleep(5)
        total = http_json("http://127.0.0.1:%d/dialogs?limit=1" % mgmt).get("total", 0)
        log("dialogs listed: %d" % total)
        if total >= a.calls:
            break
    log("plateau; %d s for the INVITE transactions to expire" % (TAIL + 5))
    time.sleep(TAIL + 5)
    held_total, held = histogram(node.pid, os.path.join(out, "histo-held.txt"))
    listed = http_json("http://127.0.0.1:%d/dialogs?limit=1" % mgmt).get("total")
    confirmed = http_json("http://127.0.0.1:%d/dialogs?limit=1&state=confirmed" % mgmt).get("total")
    heap_info = jcmd(node.pid, "GC.heap_info")
    with open(os.path.join(out, "heap-info-held.txt"), "w") as f:
        f.write(heap_info)
    held_calls = (listed - (idle_dialogs or 0)) if listed else a.calls
    per = (held_total - idle_total) / held_calls
    print()
    print("live heap idle %d B, holding %d B; dialogs listed %s (confirmed %s); %.0f bytes per dialog"
          % (idle_total, held_total, listed, confirmed, per))
    print()
    print("| class | instances per dialog | bytes per dialog |")
    print("|---|---|---|")
    rows = []
    for cls in set(idle) | set(held):
        i0, b0 = idle.get(cls, (0, 0))
        i1, b1 = held.get(cls, (0, 0))
        rows.append((b1 - b0, i1 - i0, cls))
    rows.sort(reverse=True)
    for db, di, cls in rows[:a.top]:
        print("| `%s` | %.2f | %.0f |" % (cls, di / held_calls, db / held_calls))
    groups = {}
    for db, di, cls in rows:
        g = group_of(cls)
        groups[g] = groups.get(g, 0) + db
    print()
    print("| where | bytes per dialog |")
    print("|---|---|")
    for g, b in sorted(groups.items(), key=lambda x: -x[1]):
        print("| %s | %.0f |" % (g, b / held_calls))
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(dict(groups={g: b / held_calls for g, b in groups.items()}, idle=idle_total, held=held_total, listed=listed, confirmed=confirmed, per_dialog=per,
                       top=[(c, di, db) for db, di, c in rows[:60]]), f, indent=1)
    print("results: " + out)


GROUPS = [
    ("the call entity's Receive (a handler per message type, built per instance)",
     ("org.apache.pekko.actor.typed.javadsl.ReceiveBuilder", "[Lorg.apache.pekko.actor.typed.javadsl.ReceiveBuilder",
      "org.apache.pekko.actor.typed.javadsl.BuiltReceive", "io.parley.call.CallEntity$$Lambda")),
    ("text: String and byte[] (Call-ID, tags, URIs, contacts, routes, flows)", ("java.lang.String", "[B")),
    ("dialog records (Dialog, DialogLeg, DialogInfo, Destination, Flow)", ("io.parley.dialog.", "io.parley.transaction.",
                                                                           "io.parley.transport.")),
    ("call entity objects (CallEntity, StatefulProxy, DialogTracker, StatelessForwarder)", ("io.parley.",)),
    ("java.util collections (HashMaps per entity, lists, registry map)", ("java.util.", "[Ljava.util.")),
    ("addresses (InetSocketAddress, Inet4Address)", ("java.net.",)),
    ("sharding bookkeeping", ("org.apache.pekko.cluster.", "scala.")),
    ("actor cell, typed adapter, timers, mailbox", ("org.apache.pekko.",)),
    ("H2 page cache", ("org.h2.",)),
]


def group_of(cls):
    for g, prefixes in GROUPS:
        if cls.startswith(prefixes):
            return g
    return "other"


# ---------------------------------------------------------------- cpu

class Server:
    def __init__(self, name, port, proc, parley):
        self.name, self.port, self.proc, self.parley = name, port, proc, parley
        self.idle_rate = 0.0  # ticks/s
        self.during, self.with_tail, self.tail_samples = [], [], []


def cpu(a, out, procs):
    servers = [
        Server("parley-dialogs", 5071, start_parley(a, out, "parley-dialogs", 5071, 18571, True, a.java_opts, procs), True),
        Server("parley-proxy", 5072, start_parley(a, out, "parley-proxy", 5072, 18572, False, a.java_opts, procs), True),
        Server("kamailio", KAMAILIO_PORT, start_kamailio(a, out, procs), False),
    ]
    if a.persist_at_answer:
        servers.insert(1, Server("parley-dialogs-persist-0s", 5075,
                                 start_parley(a, out, "parley-dialogs-persist-0s", 5075, 18575, True, a.java_opts,
                                              procs, persist_after="0s"), True))
    if a.dialogs_without_accounting:
        servers.insert(1, Server("parley-dialogs-no-cdrs", 5074,
                                 start_parley(a, out, "parley-dialogs-no-cdrs", 5074, 18574, True, a.java_opts, procs,
                                              accounting=False), True))
    if a.h2_cache_kb:
        name = "parley-dialogs-h2-cache-%dk" % a.h2_cache_kb
        servers.insert(1, Server(name, 5076, start_parley(a, out, name, 5076, 18576, True, a.java_opts, procs,
                                                          url_options=";CACHE_SIZE=%d" % a.h2_cache_kb), True))
    if a.h2_options:
        servers.insert(1, Server("parley-dialogs-h2-options", 5078,
                                 start_parley(a, out, "parley-dialogs-h2-options", 5078, 18578, True, a.java_opts,
                                              procs, url_options=a.h2_options), True))
    if a.baseline_jar:
        servers.insert(1, Server("parley-dialogs-baseline", 5077,
                                 start_parley(a, out, "parley-dialogs-baseline", 5077, 18577, True, a.java_opts, procs,
                                              jar=a.baseline_jar), True))
    if a.kamailio_dialog:
        servers.append(Server("kamailio-dialogs", 5073, start_kamailio(a, out, procs, "kamailio-dialogs", 5073), False))
    per_step = a.rate * a.duration
    total = per_step * a.reps * len(servers) + sum(a.warmup if s.parley else 2000 for s in servers) + 100
    uas = start_uas(a, out, total, 3600)
    procs.append(uas)
    time.sleep(1)
    for s in servers:
        n = a.warmup if s.parley else 2000
        log("warm-up %s: %d calls at %d/s" % (s.name, n, a.warmup_rate))
        wd = os.path.join(out, "warmup-" + s.name)
        os.makedirs(wd)
        subprocess.run(uac_cmd(a, s.port, a.warmup_rate, n, a.hold_ms, 20000), cwd=wd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.STDOUT)
    log("waiting %d s for the warm-ups' state to expire, then the idle CPU over %d s" % (TAIL, a.idle))
    time.sleep(TAIL)
    t0 = {s.name: tree_ticks(s.proc.pid) for s in servers}
    time.sleep(a.idle)
    for s in servers:
        s.idle_rate = (tree_ticks(s.proc.pid) - t0[s.name]) / a.idle
        log("idle %s: %.1f ms CPU/s" % (s.name, s.idle_rate / CLK * 1000))
    timers = []
    for rep in range(1, a.reps + 1):
        # the same order each time: a server's next run starts well after its tail is counted
        for s in servers:
            d = os.path.join(out, "rep%d-%s" % (rep, s.name))
            os.makedirs(d)
            before = tree_ticks(s.proc.pid)
            g0 = calls.thread_ticks(s.proc.pid, THREADS) if s.parley else None
            w0 = time.time()
            subprocess.run(uac_cmd(a, s.port, a.rate, per_step, a.hold_ms, 20000), cwd=d,
                           stdout=open(os.path.join(d, "sipp.out"), "w"), stderr=subprocess.STDOUT,
                           timeout=a.duration * 3 + 60)
            wall = time.time() - w0
            after = tree_ticks(s.proc.pid)
            g1 = calls.thread_ticks(s.proc.pid, THREADS) if s.parley else None
            r = sipp_result(d) or dict(ok=0, failed=per_step, retrans=0, elapsed=wall)
            ok = r["ok"]
            us = (after - before) / CLK * 1e6 / ok if ok else 0
            split = " ".join("%s=%.0f" % (g, (g1[g] - g0[g]) / CLK * 1e6 / ok) for g in g1) if g1 and ok else "-"
            step = dict(server=s.name, rep=rep, ok=ok, failed=r["failed"], retrans=r["retrans"],
                        achieved=ok / r["elapsed"] if r["elapsed"] else 0, wall=wall, us_during=us, split=split)
            s.during.append(step)
            log("rep %d %s: %d ok, %d failed, %d retrans, %.0f calls/s, %.0f µs/call during the run; %s"
                % (rep, s.name, ok, r["failed"], r["retrans"], step["achieved"], us, split))

            def tail(s=s, before=before, ok=ok, step=step):
                extra = tree_ticks(s.proc.pid) - before - s.idle_rate * TAIL
                step["us_with_tail"] = extra / CLK * 1e6 / ok if ok else 0
                s.with_tail.append(step["us_with_tail"])
                log("  %s rep %d with its %d s tail: %.0f µs/call" % (s.name, step["rep"], TAIL, step["us_with_tail"]))
            t = threading.Timer(TAIL, tail)
            t.daemon = True
            t.start()
            timers.append(t)
            time.sleep(a.cooldown)
    for t in timers:
        t.join()
    print()
    print("| server | µs/call during the run, reps | median | µs/call with the %d s tail, reps | median | calls ok/failed/retrans |" % TAIL)
    print("|---|---|---|---|---|---|")
    summary = {}
    for s in servers:
        during = [st["us_during"] for st in s.during]
        tails = [st.get("us_with_tail", 0) for st in s.during]
        summary[s.name] = dict(during=during, with_tail=tails, median_during=statistics.median(during),
                               median_with_tail=statistics.median(tails), steps=s.during,
                               idle_ms_per_s=s.idle_rate / CLK * 1000)
        print("| %s | %s | **%.0f** | %s | **%.0f** | %s |" % (
            s.name, ", ".join("%.0f" % x for x in during), statistics.median(during),
            ", ".join("%.0f" % x for x in tails), statistics.median(tails),
            "; ".join("%d/%d/%d" % (st["ok"], st["failed"], st["retrans"]) for st in s.during)))
    print()
    pairs = [(s.name, "parley-proxy") for s in servers if s.name.startswith("parley-dialogs")]
    for with_, without in pairs + [("kamailio-dialogs", "kamailio")]:
        if with_ in summary:
            dd, pp = summary[with_], summary[without]
            print("%s over %s: %+.1f %% during the run, %+.1f %% with the tail" % (
                with_, without, (dd["median_during"] / pp["median_during"] - 1) * 100,
                (dd["median_with_tail"] / pp["median_with_tail"] - 1) * 100))
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print("results: " + out)


# ---------------------------------------------------------------- profile

def profile(a, out, procs):
    """JFR (settings=profile) on Parley with and without dialogs, the cpu mode's calls, one run each
    with its tail; bench/jfr_split.py then tells where each spends its samples."""
    nodes = [("parley-dialogs", 5071, 18571, True), ("parley-proxy", 5072, 18572, False)]
    started = [(n, port, start_parley(a, out, n, port, mgmt, dialogs, a.java_opts, procs)) for n, port, mgmt, dialogs in nodes]
    uas = start_uas(a, out, 2 * (a.warmup + a.rate * a.duration) + 100, 3600)
    procs.append(uas)
    time.sleep(1)
    for n, port, p in started:
        log("warm-up %s" % n)
        wd = os.path.join(out, "warmup-" + n)
        os.makedirs(wd)
        subprocess.run(uac_cmd(a, port, a.warmup_rate, a.warmup, a.hold_ms, 20000), cwd=wd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    time.sleep(TAIL)
    for n, port, p in started:
        d = os.path.join(out, "run-" + n)
        os.makedirs(d)
        jfr = os.path.join(out, n + ".jfr")
        jcmd(p.pid, "JFR.start", "name=bench", "settings=" + a.jfr_settings)
        t0 = tree_ticks(p.pid)
        subprocess.run(uac_cmd(a, port, a.rate, a.rate * a.duration, a.hold_ms, 20000), cwd=d,
                       stdout=open(os.path.join(d, "sipp.out"), "w"), stderr=subprocess.STDOUT)
        time.sleep(TAIL)
        jcmd(p.pid, "JFR.stop", "name=bench", "filename=" + jfr)
        r = sipp_result(d)
        log("%s: %d ok, %.0f µs/call with the tail (JFR on)" % (n, r["ok"], (tree_ticks(p.pid) - t0) / CLK * 1e6 / r["ok"]))
        subprocess.run([sys.executable, os.path.join(HERE, "jfr_split.py"), jfr, str(r["ok"])])
    print("results: " + out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["heap", "cpu", "profile"])
    ap.add_argument("--harness", default=DEFAULT_HARNESS, help="the shared bench folder (sipp/, kamailio/)")
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "parley.jar"))
    ap.add_argument("--calls", type=int, default=50000, help="heap: calls held")
    ap.add_argument("--hold-s", type=int, default=900, help="heap: how long SIPp holds each call")
    ap.add_argument("--top", type=int, default=25, help="heap: classes listed")
    ap.add_argument("--heap-java-opts", default="-Xms4g -Xmx4g")
    ap.add_argument("--rate", type=int, default=1000, help="calls/s (heap: set-up rate)")
    ap.add_argument("--duration", type=int, default=20, help="cpu: seconds per run")
    ap.add_argument("--hold-ms", type=int, default=1000, help="cpu: pause between ACK and BYE")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--jfr-settings", default="profile",
                    help="profile: JFR's settings, a name or a .jfc file (one with jdk.ExecutionSample every 1 ms gives ~20x the samples)")
    ap.add_argument("--warmup", type=int, default=10000, help="warm-up calls per Parley node")
    ap.add_argument("--warmup-rate", type=int, default=500)
    ap.add_argument("--idle", type=int, default=10, help="cpu: seconds the idle CPU is measured")
    ap.add_argument("--cooldown", type=int, default=2)
    ap.add_argument("--java-opts", default="-Xms1g -Xmx1g")
    ap.add_argument("--dialogs-without-accounting", action="store_true",
                    help="cpu: also Parley with dialogs on and accounting off (parley.accounting.enabled = false)")
    ap.add_argument("--persist-at-answer", action="store_true",
                    help="cpu: also Parley with dialogs and accounting and parley.dialog.persist-after = 0s "
                         "(every confirmed call stored at its 2xx)")
    ap.add_argument("--h2-cache-kb", type=int, default=0,
                    help="cpu: also Parley with dialogs and accounting and H2's CACHE_SIZE (KB) in its JDBC URL")
    ap.add_argument("--h2-options", default="",
                    help="cpu: also Parley with dialogs and accounting and these settings added to its H2 URL "
                         "(\";AUTO_COMPACT_FILL_RATE=0\")")
    ap.add_argument("--baseline-jar", help="cpu: also Parley with dialogs and accounting from this jar (a before)")
    ap.add_argument("--kamailio-dialog", action="store_true",
                    help="cpu: also Kamailio with its dialog module and acc (a config derived from the harness's)")
    ap.add_argument("--server", choices=["parley", "kamailio-dialogs"], default="parley",
                    help="heap: whose memory per dialog (Kamailio: its shared memory, kamcmd core.shmmem)")
    a = ap.parse_args()
    if not os.path.exists(os.path.join(a.harness, "sipp", "call_uac.xml")):
        sys.exit("no sipp/call_uac.xml under %s: give the shared harness with --harness (or HARNESS=)" % a.harness)
    if a.mode == "heap" and a.warmup == 10000:
        a.warmup = 5000
    out = os.path.join(HERE, "results", time.strftime("dialogs-" + a.mode + "-%Y%m%d-%H%M%S"))
    os.makedirs(out)
    procs = []
    try:
        {"heap": heap, "cpu": cpu, "profile": profile}[a.mode](a, out, procs)
    finally:
        for p in reversed(procs):
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                pass
        for p in procs:
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
