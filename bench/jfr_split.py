#!/usr/bin/env python3
"""Where a Parley node's CPU samples go, from a JFR recording (jdk.ExecutionSample).

    bench/jfr_split.py recording.jfr CALLS

Each sample is put in the first bucket, from the top of its stack down, whose frame matches; the
table gives the samples and, from JFR's sampling period (10 ms per thread with settings=profile,
Java code only: no GC, no JIT), an estimate in µs per call.
"""
import collections
import json
import subprocess
import sys

BUCKETS = [
    ("H2 (SQL, MVStore)", ("org.h2.",)),
    ("Hikari pool", ("com.zaxxer.",)),
    ("CDR writer", ("io.parley.accounting.",)),
    ("dialog store, batch writer", ("io.parley.dialog.DialogStore", "io.parley.dialog.BatchWriter",
                                    "io.parley.dialog.JdbcBatch", "io.parley.dialog.DialogTable")),
    ("Pekko Streams (the writers' sinks)", ("org.apache.pekko.stream.",)),
    ("dialog machine and tracker", ("io.parley.dialog.", "io.parley.call.DialogTracker", "io.parley.call.CallLimits")),
    ("SIP parse/print", ("io.parley.message.",)),
    ("transactions", ("io.parley.transaction.",)),
    ("proxy, call entity", ("io.parley.call.", "io.parley.proxy.", "io.parley.route.")),
    ("transport", ("io.parley.transport.",)),
    ("sharding", ("org.apache.pekko.cluster.sharding.",)),
    ("Pekko actors, dispatch, scheduler", ("org.apache.pekko.",)),
    ("JDK NIO, sockets", ("sun.nio.", "java.nio.", "sun.net.")),
    ("other Parley", ("io.parley.",)),
]


def main():
    path, calls = sys.argv[1], int(sys.argv[2])
    text = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                          capture_output=True, text=True, check=True).stdout
    events = json.loads(text)["recording"]["events"]
    counts = collections.Counter()
    for e in events:
        frames = (e["values"].get("stackTrace") or {}).get("frames") or []
        bucket = "other (JDK, Scala, libraries)"
        for f in frames:
            name = f["method"]["type"]["name"]
            hit = next((b for b, prefixes in BUCKETS if name.startswith(prefixes)), None)
            if hit:
                bucket = hit
                break
        counts[bucket] += 1
    total = sum(counts.values())
    print("| %s | samples | ~µs per call |" % path.rsplit("/", 1)[-1])
    print("|---|---|---|")
    for b, n in counts.most_common():
        print("| %s | %d | %.0f |" % (b, n, n * 10000.0 / calls))
    print("| total | %d | %.0f |" % (total, total * 10000.0 / calls))


if __name__ == "__main__":
    main()
