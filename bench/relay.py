#!/usr/bin/env python3
"""Issue 10's open-relay attempts against a running SIP server, Parley or Kamailio.

A stranger (sip:spammer@evil.example) tries every trick of issue 10 ("Open relay") to make the
server forward a request to a foreign host, the "victim". The attempts, their names and their
order are those of src/test/java/io/parley/app/RelayNodeTest.java (1-12 in its loop, 13-14 our
user with preloaded foreign Routes, 15 the forged in-dialog ACK), preceded by the legitimate
baseline "a stranger calls our registered user" (0) that proves the server routes at all.

For each attempt the script prints the answer (final status line, or "no answer") and whether
the request reached the victim, then how many attempts reached it, as a Markdown table.

Actors, all UDP sockets of this script on 127.0.0.1 at ephemeral ports:
  * the attacker, which sends every request (and the ACK of every final answer to an INVITE,
    as RelayNodeTest does: without Route header fields);
  * the victim, the foreign host: answers every request but ACK with 480 and records what it got;
  * bob's phone: the same, registered as bob's Contact ("our user").

"Our domain" and "our address" per server:
  * parley:   domain example.com (the default configuration), address 127.0.0.1:<its SIP port>.
    bob@example.com is provisioned with the command line (subscriber add bob@example.com bobpw),
    then registered with REGISTER, 401, REGISTER with MD5 digest credentials.
  * kamailio: the shared harness's kamailio.cfg has no domain alias: its "myself" is its listen
    address, so our domain is 127.0.0.1:5070 and so is our address (sip:bob@127.0.0.1:5070).
    bob/bobpw is provisioned as the harness does (gen_users.sh): a db_text "htable" file that the
    htable module loads at start (here in a directory of this run, not the harness's data/), then
    registered with REGISTER, 401 (no qop), REGISTER with MD5 credentials.

Starting the servers:
  * parley: target/parley.jar (built with mvn -DskipTests package if missing) with a configuration
    that changes only the ports (SIP, cluster, management) and the data folder, plus
    parley.flood.enabled = false (one source sends everything).
  * kamailio: as the harness's run_anchor.sh does (kamailio -DD -E -f kamailio.cfg -m 1024 -M 16
    -w /tmp -A CREDS_DB_URL=...), plus -A CTL_SOCK=<a socket of this run> so that it does not
    take over another instance's control socket. It listens on 127.0.0.1:5070 (fixed by the
    configuration): the script stops if that port is taken.

    bench/relay.py --server parley
    bench/relay.py --server kamailio --harness DIR   # or HARNESS=DIR
    bench/relay.py --server parley --append bench/RESULTS.md --label "Parley (main)"

Everything runs on 127.0.0.1 and is bounded in time (--deadline, 300 s by default, counted after
the build); the server is stopped at the end. With --lock FILE (or BUILD_LOCK=FILE) the script
holds an flock on FILE for the build and the run, so that it never measures beside another build. Server logs go to bench/results/relay-<server>-<timestamp>/ (not committed).
"""
import argparse
import fcntl
import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
JAR = os.path.join(ROOT, "target", "parley.jar")
HOST = "127.0.0.1"
STRANGER = "sip:spammer@evil.example"
KAMAILIO_PORT = 5070


class Deadline(Exception):
    pass


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        u.bind((HOST, 0))
        port = u.getsockname()[1]
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
        t.bind((HOST, port))
    return port


def header(msg, name):
    m = re.search(r"(?im)^" + re.escape(name) + r":[ \t]*([^\r\n]*)", msg)
    return m.group(1) if m else None


class Phone:
    """A UDP endpoint that answers every request but ACK with 480 and records what it got."""

    def __init__(self, name):
        self.name = name
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((HOST, 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.received = []  # (method, call_id, text)
        self.lock = threading.Lock()
        self.running = True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while self.running:
            try:
                data, addr = self.sock.recvfrom(65535)
            except socket.timeout:
                continue
            except OSError:
                return
            text = data.decode("utf-8", "replace")
            if text.startswith("SIP/2.0"):
                continue
            method = text.split(" ", 1)[0]
            call_id = header(text, "Call-ID") or header(text, "i")
            with self.lock:
                self.received.append((method, call_id, text))
            if method == "ACK":
                continue
            head = text.split("\r\n\r\n", 1)[0].split("\r\n")
            vias = [h for h in head if re.match(r"(?i)^(via|v)\s*:", h)]
            to = next((h for h in head if re.match(r"(?i)^(to|t)\s*:", h)), "To: <sip:x@invalid>")
            if ";tag=" not in to:
                to += ";tag=" + self.name
            keep = [h for h in head if re.match(r"(?i)^(from|f|call-id|i|cseq)\s*:", h)]
            answer = "\r\n".join(["SIP/2.0 480 Temporarily Unavailable"] + vias + keep + [to, "Content-Length: 0"])
            self.sock.sendto((answer + "\r\n\r\n").encode(), addr)

    def got(self, call_id):
        with self.lock:
            return [m for (m, c, _) in self.received if c == call_id]

    def close(self):
        self.running = False
        self.sock.close()


class Ua:
    """The attacker's (and bob's registering) UDP socket: sends requests, waits for final answers."""

    def __init__(self, server):
        self.server = server
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((HOST, 0))
        self.port = self.sock.getsockname()[1]
        self.n = 0

    def request(self, method, uri, from_uri, to_uri, to_tag, extra, call_id, cseq, branch):
        lines = [f"{method} {uri} SIP/2.0",
                 f"Via: SIP/2.0/UDP {HOST}:{self.port};branch={branch};rport",
                 "Max-Forwards: 70",
                 f"From: <{from_uri}>;tag=f-{call_id.replace('@', '.')}",
                 f"To: <{to_uri}>" + (f";tag={to_tag}" if to_tag else ""),
                 f"Call-ID: {call_id}",
                 f"CSeq: {cseq} {method}"] + list(extra) + ["Content-Length: 0"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    def send(self, data):
        self.sock.sendto(data, self.server)

    def final_answer(self, call_id, cseq, timeout):
        """The first final answer (>= 200) for this Call-ID and CSeq number, or None."""
        end = time.time() + timeout
        while time.time() < end:
            self.sock.settimeout(max(0.01, end - time.time()))
            try:
                data = self.sock.recv(65535)
            except socket.timeout:
                break
            text = data.decode("utf-8", "replace")
            if not text.startswith("SIP/2.0 "):
                continue
            if (header(text, "Call-ID") or header(text, "i")) != call_id:
                continue
            cs = header(text, "CSeq") or ""
            if not cs.startswith(f"{cseq} "):
                continue
            if int(text[8:11]) >= 200:
                return text
        return None


def status_line(answer):
    return answer.split("\r\n", 1)[0] if answer else None


# ---------- the attempts ----------

def attempts(us, domain, victim_host):
    """(name, method, request uri, to-tag, extra header fields, wait for an answer), as RelayNodeTest."""
    victim_uri = f"sip:victim@{victim_host}"
    bob = f"sip:bob@{domain}"
    return [
        ("0 legitimate: a stranger calls our registered user", "INVITE", bob, None, [], True),
        ("1 INVITE to a foreign host", "INVITE", victim_uri, None, [], True),
        ("2 MESSAGE to a foreign host", "MESSAGE", victim_uri, None, [], True),
        ("3 INVITE to a foreign host, through our Route", "INVITE", victim_uri, None,
         [f"Route: <sip:{us};lr>"], True),
        ("4 route set: our domain, then the foreign host", "INVITE", victim_uri, None,
         [f"Route: <sip:{domain};lr>, <sip:{victim_host};lr>"], True),
        ("5 strict-route trick: our address as Request-URI", "INVITE", f"sip:{us};lr", None,
         [f"Route: <{victim_uri}>"], True),
        ("6 maddr trick: a foreign URI whose maddr is our address", "INVITE", victim_uri + ";maddr=127.0.0.1",
         None, [], True),
        ("7 fake in-dialog INVITE", "INVITE", victim_uri, "made-up", [], True),
        ("8 fake in-dialog MESSAGE", "MESSAGE", victim_uri, "made-up", [], True),
        ("9 fake in-dialog BYE", "BYE", victim_uri, "made-up", [], True),
        ("10 fake in-dialog BYE through our address", "BYE", victim_uri, "made-up",
         [f"Route: <sip:{us};lr>"], True),
        ("11 fake in-dialog INVITE through a forged Record-Route", "INVITE", victim_uri, "made-up",
         [f"Route: <sip:{us};transport=udp;lr;ptk=AAAAAAAAAAAA>"], True),
        ("12 fake in-dialog MESSAGE through a foreign Route", "MESSAGE", bob, "made-up",
         [f"Route: <sip:{victim_host};lr>"], True),
        ("13 our user with a preloaded foreign Route", "INVITE", bob, None,
         [f"Route: <sip:{victim_host};lr>"], True),
        ("14 our user with a route set: ours, then the foreign host", "INVITE", bob, None,
         [f"Route: <sip:{us};lr>, <sip:{victim_host};lr>"], True),
        ("15 forged in-dialog ACK", "ACK", victim_uri, "made-up", [], False),
    ]


def run_attempts(server, us, domain, victim, phone, timeout):
    ua = Ua(server)
    rows = []
    for i, (name, method, uri, to_tag, extra, answered) in enumerate(attempts(us, domain, f"{HOST}:{victim.port}")):
        call_id = f"relay-{i}-{os.getpid()}@{HOST}"
        branch = f"z9hG4bK-{call_id.replace('@', '.')}-1"
        # the To rule of RelayNodeTest: a Request-URI without a user gets a To of its own
        to_uri = "sip:victim@example.net" if uri.startswith("sip:127.0.0.1") else uri
        ua.send(ua.request(method, uri, STRANGER, to_uri, to_tag, extra, call_id, 1, branch))
        answer = ua.final_answer(call_id, 1, timeout) if answered else None
        if method == "INVITE" and answer:
            # RFC 3261 §17.1.1.3: the ACK of a non-2xx final answer, same branch, the answer's To
            to = header(answer, "To") or header(answer, "t")
            ack = ua.request("ACK", uri, STRANGER, to_uri, None, [], call_id, 1, branch)
            ack = re.sub(rb"(?m)^To: [^\r\n]*", b"To: " + to.encode(), ack, count=1)
            ua.send(ack)
        time.sleep(1.0 if not answered else 0.3)  # let a relayed request (or ACK) land
        at_victim = victim.got(call_id)
        at_phone = phone.got(call_id)
        rows.append((name, status_line(answer) or ("no answer" if answered else "no answer (none expected)"),
                     at_victim, at_phone))
        print(f"  {name}: {rows[-1][1]}; victim got {at_victim or 'nothing'}; bob's phone got {at_phone or 'nothing'}",
              file=sys.stderr)
    ua.sock.close()
    return rows


def table(rows):
    out = ["| attempt | answer | reached the victim | reached bob's phone |", "|---|---|---|---|"]
    for name, answer, at_victim, at_phone in rows:
        v = "**yes** (" + ", ".join(at_victim) + ")" if at_victim else "no"
        b = "yes (" + ", ".join(at_phone) + ")" if at_phone else "no"
        out.append(f"| {name} | {answer} | {v} | {b} |")
    attacks = [r for r in rows if not r[0].startswith("0 ")]
    reached = sum(1 for r in attacks if r[2])
    out.append("")
    out.append(f"Attempts that reached the victim: **{reached} of {len(attacks)}** "
               f"(the legitimate baseline 0 not counted).")
    return "\n".join(out), reached


# ---------- registering bob ----------

def digest_md5(user, realm, password, method, uri, challenge):
    """Authorization value for an MD5 challenge (RFC 2617 / RFC 8760), qop=auth when offered."""
    params = {k.lower(): q or t for k, q, t in re.findall(r'(\w+)=(?:"([^"]*)"|([^\s,]+))', challenge)}
    nonce = params["nonce"]
    ha1 = hashlib.md5(f"{user}:{realm}:{password}".encode()).hexdigest()
    ha2 = hashlib.md5(f"{method}:{uri}".encode()).hexdigest()
    value = f'Digest username="{user}", realm="{realm}", nonce="{nonce}", uri="{uri}", algorithm=MD5'
    if "qop" in params and "auth" in [q.strip() for q in params["qop"].split(",")]:
        cnonce, nc = os.urandom(8).hex(), "00000001"
        response = hashlib.md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}".encode()).hexdigest()
        value += f', qop=auth, nc={nc}, cnonce="{cnonce}"'
    else:
        response = hashlib.md5(f"{ha1}:{nonce}:{ha2}".encode()).hexdigest()
    value += f', response="{response}"'
    if "opaque" in params:
        value += f', opaque="{params["opaque"]}"'
    return value


def register_bob(server, domain, realm, phone_port, timeout):
    ua = Ua(server)
    aor = f"sip:bob@{domain}"
    ruri = f"sip:{domain}"
    call_id = f"reg-bob-{os.getpid()}@{HOST}"
    extra = [f"Contact: <sip:bob@{HOST}:{phone_port}>", "Expires: 600"]
    ua.send(ua.request("REGISTER", ruri, aor, aor, None, extra, call_id, 1, "z9hG4bK-reg-1"))
    first = ua.final_answer(call_id, 1, timeout)
    if not first or not first.startswith("SIP/2.0 401"):
        sys.exit(f"REGISTER of bob: expected 401, got {status_line(first) or 'no answer'}")
    challenges = re.findall(r"(?im)^WWW-Authenticate:[ \t]*([^\r\n]*)", first)
    md5 = [c for c in challenges if re.search(r'(?i)algorithm="?MD5"?(,|\s|$)', c) or "algorithm" not in c.lower()]
    if not md5:
        sys.exit("REGISTER of bob: no MD5 challenge among " + repr(challenges))
    auth = digest_md5("bob", realm, "bobpw", "REGISTER", ruri, md5[0])
    ua.send(ua.request("REGISTER", ruri, aor, aor, None, extra + ["Authorization: " + auth], call_id, 2,
                       "z9hG4bK-reg-2"))
    second = ua.final_answer(call_id, 2, timeout)
    if not second or not second.startswith("SIP/2.0 200"):
        sys.exit(f"REGISTER of bob with credentials: expected 200, got {status_line(second) or 'no answer'}")
    ua.sock.close()


def options_ok(port, n):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((HOST, 0))
        lp = s.getsockname()[1]
        s.sendto((f"OPTIONS sip:{HOST}:{port} SIP/2.0\r\n"
                  f"Via: SIP/2.0/UDP {HOST}:{lp};branch=z9hG4bK-opt{n};rport\r\n"
                  f"Max-Forwards: 70\r\nFrom: <sip:probe@{HOST}>;tag=p\r\nTo: <sip:{HOST}:{port}>\r\n"
                  f"Call-ID: opt-{n}-{os.getpid()}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n").encode(),
                 (HOST, port))
        s.settimeout(1.0)
        try:
            return s.recv(65535).startswith(b"SIP/2.0 200")
        except socket.timeout:
            return False


def wait_ready(proc, port, seconds, log):
    end = time.time() + seconds
    n = 0
    while time.time() < end:
        if proc.poll() is not None:
            sys.exit(f"the server exited (code {proc.returncode}); see {log}")
        n += 1
        if options_ok(port, n):
            return
        time.sleep(0.5)
    sys.exit(f"the server did not answer OPTIONS within {seconds} s; see {log}")


def stop(proc):
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


# ---------- the servers ----------

def parley(a, out, procs):
    sip, cluster, mgmt = free_port(), free_port(), free_port()
    conf = os.path.join(out, "parley.conf")
    with open(conf, "w") as f:
        f.write(f"""parley.sip.listen = ["udp:{HOST}:{sip}", "tcp:{HOST}:{sip}"]
parley.storage.jdbc-url = "jdbc:h2:file:{out}/data/parley;DB_CLOSE_ON_EXIT=FALSE"
parley.cluster.port = {cluster}
pekko.management.http.port = {mgmt}
parley.flood.enabled = false
""")
    log = os.path.join(out, "server.log")
    p = subprocess.Popen(["java", "-XX:+ExitOnOutOfMemoryError", f"-Dconfig.file={conf}", "-jar", a.jar],
                         stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True)
    procs.append(p)
    wait_ready(p, sip, 90, log)
    subprocess.run(["java", f"-Dconfig.file={conf}", "-jar", a.jar, "subscriber", "add", "bob@example.com", "bobpw",
                    "--management", f"http://{HOST}:{mgmt}"], check=True, stdout=subprocess.DEVNULL, timeout=60)
    version = "Parley " + version_of_jar(a.jar)
    return sip, "example.com", "example.com", version


def version_of_jar(jar):
    v = "?"
    pom = os.path.join(ROOT, "pom.xml")
    if os.path.exists(pom):
        m = re.search(r"<artifactId>parley</artifactId>\s*<version>([^<]+)</version>", open(pom).read())
        v = m.group(1) if m else v
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             timeout=10).stdout.strip()
        v += f" (commit {rev})" if rev else ""
    except (OSError, subprocess.TimeoutExpired):
        pass
    return v


def kamailio(a, out, procs):
    cfg = os.path.join(a.harness or ".", "kamailio", "kamailio.cfg")
    if not os.path.exists(cfg):
        sys.exit(f"no {cfg}: give the shared harness's directory with --harness")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        try:
            u.bind((HOST, KAMAILIO_PORT))
        except OSError:
            sys.exit(f"{HOST}:{KAMAILIO_PORT} is taken (another Kamailio?); the harness's config listens there")
    # the credentials as gen_users.sh writes them: a db_text table loaded into the "cred" htable
    db = os.path.join(out, "kamailio-db")
    os.makedirs(db, exist_ok=True)
    with open(os.path.join(db, "htable"), "w") as f:
        f.write("id(int,auto) key_name(string) key_type(int) value_type(int) key_value(string) expires(int)\n")
        f.write("1:bob:0:0:bobpw:0\n")
    with open(os.path.join(db, "version"), "w") as f:
        f.write("table_name(string) table_version(int)\nhtable:2\n")
    log = os.path.join(out, "server.log")
    cmd = ["kamailio", "-DD", "-E", "-f", cfg, "-m", "1024", "-M", "16", "-w", "/tmp",
           "-A", f'CREDS_DB_URL="text://{db}"', "-A", f'CTL_SOCK="unix:{out}/kamailio_ctl"']
    p = subprocess.Popen(cmd, stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True)
    procs.append(p)
    wait_ready(p, KAMAILIO_PORT, 20, log)
    version = subprocess.run(["kamailio", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    version = "Kamailio " + version.replace("version: kamailio ", "").replace(" (x86_64/linux) ", "").strip()
    us = f"{HOST}:{KAMAILIO_PORT}"
    # $td (the realm of www_challenge) is the To's host, without the port
    return KAMAILIO_PORT, us, HOST, version


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--server", choices=["parley", "kamailio"], required=True)
    p.add_argument("--jar", default=JAR)
    p.add_argument("--harness", default=os.environ.get("HARNESS"),
                   help="the shared SIPp/Kamailio harness directory (kamailio/kamailio.cfg); env HARNESS")
    p.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for each final answer")
    p.add_argument("--deadline", type=int, default=300, help="the whole run stops after this many seconds")
    p.add_argument("--lock", default=os.environ.get("BUILD_LOCK"),
                   help="a file to flock for the build and the run (the shared build lock); env BUILD_LOCK. "
                        "Do not also wrap the script in flock(1) on the same file: it would wait for itself")
    p.add_argument("--lock-wait", type=int, default=900, help="seconds to wait for --lock")
    p.add_argument("--append", help="append the table, with date and versions, to this Markdown file")
    p.add_argument("--out", help="where the server's log goes")
    a = p.parse_args()
    out = os.path.abspath(a.out or os.path.join(HERE, "results", time.strftime(f"relay-{a.server}-%Y%m%d-%H%M%S")))
    os.makedirs(out, exist_ok=True)

    def expired(signum, frame):
        raise Deadline()
    signal.signal(signal.SIGALRM, expired)
    signal.signal(signal.SIGTERM, expired)
    lock = None
    if a.lock:
        # the project's shared build/benchmark lock: held for the build and the whole run
        lock = open(a.lock, "a")
        signal.alarm(a.lock_wait)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
        except Deadline:
            sys.exit(f"the lock {a.lock} was not free within {a.lock_wait} s")
        signal.alarm(0)
    if a.server == "parley" and not os.path.exists(a.jar):
        subprocess.run(["mvn", "-B", "-q", "-DskipTests", "package"], cwd=ROOT, check=True, timeout=900)
    signal.alarm(a.deadline)
    procs, victim, phone = [], Phone("victim"), Phone("bob")
    try:
        if a.server == "parley":
            port, domain, realm, version = parley(a, out, procs)
            us = f"{HOST}:{port}"
        else:
            port, domain, realm, version = kamailio(a, out, procs)
            us = domain
        register_bob((HOST, port), domain, realm, phone.port, a.timeout)
        print(f"{version}: our domain {domain}, our address {us}, victim {HOST}:{victim.port}, "
              f"bob's phone {HOST}:{phone.port}", file=sys.stderr)
        rows = run_attempts((HOST, port), us, domain, victim, phone, a.timeout)
        md, reached = table(rows)
        print(md)
        if a.append:
            day = time.strftime("%Y-%m-%d", time.gmtime())
            with open(a.append, "a") as f:
                f.write(f"\n### {version}, {day}\n\n"
                        f"`bench/relay.py --server {a.server}`: our domain `{domain}`, our address `{us}`; "
                        f"the victim and bob's phone are sockets of the script on 127.0.0.1.\n\n{md}\n")
    except Deadline:
        sys.exit(f"stopped: the run exceeded {a.deadline} s (or was terminated)")
    finally:
        signal.alarm(0)
        for proc in procs:
            stop(proc)
        victim.close()
        phone.close()


if __name__ == "__main__":
    main()
