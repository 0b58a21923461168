#!/usr/bin/env python3
"""`make bench`: every row of issues 8 and 9 measured against its limit in one run, on one
freshly started PostgreSQL cluster with durable commits (initdb defaults).

    bench/run.py [--quick] [--read-side] [--app PATH] [--root DIR] [--out FILE]

Prints figure, limit, ratio, target and PASS/MISS per row and writes bench/results/latest.json.
The full run takes under 15 minutes (1M and 10M events), --quick under 3 (200k events).
Rows that cannot run are printed as not run, with the reason; nothing is ever estimated.
"""
import argparse
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import generate_log
import peer
import read_rows
import report
import write_rows
from app_process import App, Server
from cluster import Cluster

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

PROFILES = {
    "full": dict(small=1_000_000, small_label="1M", large=10_000_000, large_label="10M", verify_events=200_000,
                 import_lines=200_000, append_seconds=15, slices=3, stats_seconds=10,
                 small_replay_cap=240, large_replay_cap=300, budget=14 * 60),
    "quick": dict(small=200_000, small_label="200k", large=None, large_label=None, verify_events=None,
                  import_lines=30_000, append_seconds=4, slices=2, stats_seconds=3,
                  small_replay_cap=90, large_replay_cap=0, budget=170),
}


class Run:
    def __init__(self, profile, app_binary, root, read_side_only=False):
        self.p = profile
        self.read_side_only = read_side_only
        self.app_binary, self.root = app_binary, root
        self.rows = []
        self.started = time.monotonic()
        self.cluster = Cluster()
        self.workdir = tempfile.mkdtemp(prefix="ledger-bench-files.")
        self.servers = []

    # -- plumbing ---------------------------------------------------------------------
    def say(self, text):
        print(f"[{time.monotonic() - self.started:6.1f}s] {text}", flush=True)

    def remaining(self):
        return self.p["budget"] - (time.monotonic() - self.started)

    def app(self, database):
        return App(self.app_binary, self.root, self.cluster.url(database), self.workdir)

    def database(self, name):
        self.cluster.create_database(name)
        app = self.app(name)
        app.migrate()
        return app

    def serve(self, app, name):
        server = Server(app, f"serve-{name}.log")
        self.servers.append(server)
        server.start()
        return server

    def stop(self, server):
        server.stop()
        self.servers.remove(server)

    def guarded(self, names, unit, phase, *args):
        """Runs a phase; if it fails, its rows are reported as not run with the reason."""
        try:
            phase(*args)
        except Exception as error:
            reason = f"{type(error).__name__}: {error}"[:400]
            self.say(f"  failed: {reason}")
            measured = {row.row for row in self.rows}
            for name in names:
                if name not in measured:
                    self.rows.append(report.not_run(name, unit, reason))

    # -- phases -------------------------------------------------------------------------
    def machine(self):
        cpu = "?"
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        commit = subprocess.run(["git", "-C", self.root, "describe", "--always", "--dirty"],
                                capture_output=True, text=True).stdout.strip()
        if not commit and os.path.exists(os.path.join(self.root, "COMMIT")):  # a `git archive` snapshot
            with open(os.path.join(self.root, "COMMIT")) as named:
                commit = named.read().strip()
        pg = self.cluster.sql("postgres", "select version()").split(" on ")[0]
        settings = ", ".join(f"{name}={self.cluster.setting(name)}"
                             for name in ("fsync", "synchronous_commit", "shared_buffers", "max_wal_size"))
        self.say(f"machine: {os.cpu_count()} CPUs ({cpu}), {memory:.0f} GiB RAM, {platform.platform()}, "
                 f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        self.say(f"database: {pg}, fresh cluster, {settings}")
        self.say(f"app: {self.app_binary} (source {commit or '?'})")

    def writes(self):
        p = self.p
        app = self.database("writes")
        token = app.admin_token()
        server = self.serve(app, "writes")
        write_rows.register_station(server, token)
        ours, rival = {}, peer.Peer(self.cluster)
        for clients, target in ((16, 0.50), (1, 0.30)):
            self.say(f"append-{clients}: {p['append_seconds']} s through the API, as long with pgbench and with "
                     f"Python eventsourcing, taking turns in {p['slices']} slices")
            row, result = write_rows.append_row(f"append-{clients}", server, token, self.cluster, "writes",
                                                clients, p["append_seconds"], target, self.workdir, p["slices"], rival)
            self.rows.append(row)
            ours[clients] = None if result["failures"] else result["per_second"]
        self.rows.extend(rival.rows(ours))
        self.say(f"import: {p['import_lines']:,} lines through POST /import, then COPY of the same rows")
        self.guarded(["import"], "lines/s",
                     lambda: self.rows.append(write_rows.import_row(server, token, self.cluster, "writes",
                                                                    p["import_lines"], self.workdir)))
        rss = server.rss_mb()
        self.rows.append(report.Row("rss", "MB", ours=rss, limit=150.0, target=1.0, higher_is_better=False,
                                    limit_label="fixed target 150 MB",
                                    note="server resident set after the append and import rows"))
        self.stop(server)

    def verify(self, app, label):
        self.say(f"verify: app verify on the {label} log")
        output = app.run("verify", timeout=600, ok=(0, 2)).strip().splitlines()  # 2: problems found
        self.say(f"  {output[-1] if output else '(no output)'}")
        problems = output[-1].split(", ")[-1].split(" ")[0] if output else "?"
        self.rows.append(report.Row(f"log is legal ({label}, app verify)", "problems",
                                    ours=float(problems) if problems.isdigit() else None,
                                    check=problems == "0", limit_label="0 problems",
                                    note=output[-1] if output else "no output"))

    def legality(self):
        app = self.database("verify")
        events, took = generate_log.grow(self.cluster, "verify", self.p["verify_events"], progress=lambda _: None)
        self.say(f"  generated {events:,} events in {took:.1f} s")
        self.verify(app, f"{events / 1000:.0f}k-event")
        self.cluster.sql("postgres", "drop database verify")

    def read_side(self, app, label, events, cap, reserve):
        self.say(f"log {label}: generating {events:,} events into ledger.events")
        total, took = generate_log.grow(self.cluster, "ledger", events, progress=self.say)
        self.say(f"  {total:,} events in the log ({took:.1f} s)")
        if label == self.p["small_label"] and not self.p["verify_events"]:
            self.verify(app, label)
        # The run must end within its budget: the cap shrinks when time is short, keeping
        # `reserve` seconds for the statistics rows.
        cap = max(60.0, min(cap, self.remaining() - reserve))
        self.say(f"replay {label}: raw ordered read, then app replay (capped at {cap:.0f} s)")
        replay, finished = read_rows.replay_rows(app, self.cluster, "ledger", label, cap)
        self.rows.extend(replay)
        self.say("  " + "; ".join(f"{row.row}: {row.ours:,.1f} {row.unit}" for row in replay))
        stats_names = [f"/stats/{route} {label} {kind}" for kind in ("p99", "all stations 5 years")
                       for route in read_rows.ROUTES]
        if not finished:
            for name in stats_names:
                self.rows.append(report.not_run(name, "ms", "projections not caught up: the replay did not finish"))
            return
        self.say(f"stats {label}: 8 clients, {self.p['stats_seconds']} s per route, then all stations")
        server = self.serve(app, f"stats-{label}")
        try:
            waited = server.wait_ready(timeout=120)
            self.say(f"  /ready after {waited:.1f} s")
            self.rows.extend(read_rows.stats_rows(server, app.token, label, self.p["stats_seconds"],
                                                  time_left=self.remaining))
        finally:
            self.stop(server)

    def run(self):
        self.cluster.start()
        self.machine()
        if self.read_side_only:
            self.say("read side only: the write rows and the legality check are not run")
        else:
            self.guarded(["append-16", "append-1", "peer-1", "peer-16", "import", "rss"], "events/s", self.writes)
        if self.p["verify_events"] and not self.read_side_only:
            self.say(f"legality: a {self.p['verify_events']:,}-event log from the same generator, app verify")
            self.guarded(["log is legal"], "problems", self.legality)
        app = self.database("ledger")
        app.token = app.admin_token()
        small = self.p["small_label"]
        self.guarded([f"replay {small}"], "events/s", self.read_side, app, small, self.p["small"],
                     self.p["small_replay_cap"], 0)
        if self.p["large"]:
            large = self.p["large_label"]
            if self.remaining() < 420:
                for name in (f"replay {large}", *[f"/stats/{r} {large} p99" for r in read_rows.ROUTES]):
                    self.rows.append(report.not_run(name, "", f"time budget: {self.remaining():.0f} s left of "
                                                              f"{self.p['budget']} s"))
                return
            self.guarded([f"replay {large}"], "events/s", self.read_side, app, large, self.p["large"],
                         self.p["large_replay_cap"], 100)

    def close(self):
        for server in list(self.servers):
            server.stop()
        self.cluster.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under 3 minutes")
    parser.add_argument("--app", default=os.path.join(ROOT, ".build-release", "release", "app"),
                        help="the release binary (default .build-release/release/app)")
    parser.add_argument("--root", default=ROOT, help="source tree the binary was built from (its sql/)")
    parser.add_argument("--read-side", action="store_true",
                        help="only issue 8's read rows (replay, statistics); writes results/read-side.json unless --out")
    parser.add_argument("--out", default=None, help="default results/latest.json (results/read-side.json with --read-side)")
    args = parser.parse_args()
    if args.out is None:
        args.out = os.path.join(HERE, "results", "read-side.json" if args.read_side else "latest.json")
    if not os.access(args.app, os.X_OK):
        sys.exit(f"no app binary at {args.app}: swift build -c release --product app --scratch-path .build-release")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: still clean up (finally)
    mode = "quick" if args.quick else "full"
    bench = Run(PROFILES[mode], os.path.abspath(args.app), os.path.abspath(args.root), read_side_only=args.read_side)
    bench.say(f"make bench ({mode}): one fresh PostgreSQL cluster, every row against its limit in this run")
    try:
        bench.run()
    except KeyboardInterrupt:
        bench.say("interrupted")
    except Exception as error:
        bench.say(f"stopped early: {type(error).__name__}: {error}")
    finally:
        bench.close()
    took = time.monotonic() - bench.started
    print()
    print(report.table(bench.rows))
    print()
    print(f"{mode} run, {took / 60:.1f} min; ratio reads higher-is-better (ours/limit for rates, "
          f"limit/ours for times and sizes); PASS when ratio >= target")
    report.write(bench.rows, args.out)
    print(f"wrote {os.path.relpath(args.out)} and its table {os.path.relpath(os.path.splitext(args.out)[0] + '.md')}")


if __name__ == "__main__":
    main()
