#!/usr/bin/env python3
"""Fault tests against the real `app` binary: crashes, a database outage, a killed replay,
the access matrix, hostile input, and tampering with the log and erasing a party, each on
a live server over loopback.

Runs on a throwaway project directory (its own embedded PostgreSQL on a free port, a
server on a free port), removed on exit whatever happens. Standard library only.

    scripts/faults.py [--long] [--only NAME ...]

Environment: APP (the built binary, default .build/debug/app). `--long` (make test-long)
runs more writers' work, a longer outage and slow clients that would trickle their
requests over two minutes against the default body and idle timeouts (cut off after 30
and 60 s); the default stays within about a minute of tests.

Exit status 0 when every check held; otherwise each failed check is printed and the exit
status is 1.
"""
import argparse
import glob
import http.client
import json
import os
import random
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAMESPACE = uuid.UUID("6f1c2a4e-6d1b-4b8e-9a7c-1f0e5b3c2d10")
# A request that gets no answer within this many seconds counts as hung.
HANG = 30
FAILURES = []


def log(message):
    print(f"faults.py: {message}", file=sys.stderr, flush=True)


def check(condition, message):
    """Records a failed check without stopping the run."""
    if not condition:
        FAILURES.append(message)
        log(f"FAILED: {message}")
    return condition


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def event_id(*parts):
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None


class Project:
    """A throwaway project directory with its embedded cluster and one server."""

    def __init__(self, app):
        self.app = app
        self.work = tempfile.mkdtemp(prefix="ledger-faults.")
        os.chmod(self.work, 0o755)  # as root the cluster runs as postgres, who must reach .data/
        os.symlink(os.path.join(ROOT, "sql"), os.path.join(self.work, "sql"))
        os.symlink(os.path.join(ROOT, "openapi.yaml"), os.path.join(self.work, "openapi.yaml"))
        if os.path.isdir(os.path.join(ROOT, "web")):
            os.symlink(os.path.join(ROOT, "web"), os.path.join(self.work, "web"))
        self.env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        self.env["LEDGER_PG_PORT"] = str(free_port())
        self.port = free_port()
        self.server = None
        self.server_log = open(os.path.join(self.work, "server.log"), "ab")
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
        self.pg_bin = os.environ.get("PG_BIN") or (bins[-1] if bins else "/usr/bin")

    # --- commands -------------------------------------------------------------------

    def run(self, *arguments, check_status=True, timeout=300):
        result = subprocess.run([self.app, *arguments, "--root", self.work], env=self.env, cwd=self.work,
                                capture_output=True, text=True, timeout=timeout)
        if check_status and result.returncode != 0:
            raise RuntimeError(f"app {' '.join(arguments)} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
        return result

    def token(self, role, stations=(), name=None):
        arguments = ["token", "create", "--role", role, "--name", name or role]
        for station in stations:
            arguments += ["--station", station]
        lines = self.run(*arguments).stdout.strip().splitlines()
        token_id = next((l.split()[3] for l in lines if l.startswith("created ")), None)
        return lines[-1], token_id

    def start_server(self, *options):
        """Starts `app serve` with `options` (e.g. --body-timeout 2) and waits for /health."""
        self.server = subprocess.Popen([self.app, "serve", "--root", self.work, "--port", str(self.port), *options],
                                       env=self.env, cwd=self.work, stdout=self.server_log, stderr=self.server_log)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError("the server exited during start-up; see server.log")
            try:
                if self.request("GET", "/health", timeout=2).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the server did not answer /health within 120 s")

    def kill_server(self):
        self.server.send_signal(signal.SIGKILL)
        self.server.wait()

    def stop_server(self):
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()

    # --- the cluster ----------------------------------------------------------------

    def data_directory(self):
        recorded = os.path.join(self.work, ".data", "cluster-location")
        home = open(recorded).read().strip() if os.path.exists(recorded) else os.path.join(self.work, ".data")
        return home

    def pg_ctl(self, *arguments):
        command = [os.path.join(self.pg_bin, "pg_ctl"), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    def stop_database(self, mode="immediate"):
        result = self.pg_ctl("stop", "-w", "-m", mode, "-D", os.path.join(self.data_directory(), "postgres"))
        if result.returncode != 0:
            raise RuntimeError(f"pg_ctl stop failed: {result.stderr.strip()}")

    def start_database(self):
        home = self.data_directory()
        options = (f"-p {self.env['LEDGER_PG_PORT']} -c listen_addresses='' "
                   f"-c unix_socket_directories='{os.path.join(home, 'socket')}' "
                   "-c idle_in_transaction_session_timeout=60s")
        result = self.pg_ctl("start", "-w", "-t", "60", "-D", os.path.join(home, "postgres"),
                             "-l", os.path.join(home, "postgres", "server.log"), "-o", options)
        if result.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed: {result.stderr.strip()}")

    def sql(self, query):
        """One query's rows (tab-separated text) through psql over the cluster's socket."""
        home = self.data_directory()
        command = ["psql", "-X", "-At", "-F", "\t", "-h", os.path.join(home, "socket"), "-p", self.env["LEDGER_PG_PORT"],
                   "-U", "postgres", "-d", "ledger", "-c", query]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()}")
        return [line.split("\t") for line in result.stdout.splitlines()]

    def close(self):
        self.stop_server()
        try:
            if os.path.exists(os.path.join(self.data_directory(), "postgres", "postmaster.pid")):
                self.stop_database()
        except (RuntimeError, OSError):
            pass
        self.server_log.close()
        home = self.data_directory()
        if not home.startswith(self.work):
            shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(self.work, ignore_errors=True)

    # --- HTTP -----------------------------------------------------------------------

    def request(self, method, path, token=None, body=None, headers=None, timeout=HANG):
        """One request on a fresh connection; raises OSError when no answer comes."""
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        if body is not None and not isinstance(body, (bytes, bytearray)):
            body = json.dumps(body).encode()
            all_headers.setdefault("Content-Type", "application/json")
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        except http.client.HTTPException as error:
            raise OSError(f"{method} {path}: {error!r}") from error
        finally:
            connection.close()

    def log_counts(self):
        """(events, streams) in the log, from `app verify`, which also checks its integrity."""
        result = self.run("verify", check_status=False)
        check(result.returncode == 0, f"app verify found problems: {result.stdout.strip()[-1000:]}")
        last = result.stdout.strip().splitlines()[-1].split()
        return int(last[0]), int(last[3])


# --- workload --------------------------------------------------------------------------

def writer_operations(label, writer, station, community, cases):
    """A writer's requests, in order, as (stream path, path, body): alerts and disputes
    with chosen ids and event ids, so a retry repeats exactly and two runs with different
    labels write the same facts about different records."""
    operations = []
    for case in range(cases):
        base = 8 + (writer * cases + case) % 12
        day = 1 + (writer + case) % 27
        when = lambda minute: f"2024-03-{day:02d}T{base:02d}:{minute:02d}:00Z"
        alert = event_id(label, "alert", writer, case)
        stream = f"/alerts/{alert}"
        operations += [
            (stream, "/alerts", {"alertId": alert, "stationId": station, "communityId": community, "channel": "hotline_12345",
                                 "category": "dispute", "priority": 1 + case % 3, "occurredAt": when(0)}),
            (stream, f"{stream}/dispatches", {"unitId": f"P{writer}", "occurredAt": when(2 + case % 5)}),
            (stream, f"{stream}/arrivals", {"unitId": f"P{writer}", "occurredAt": when(9 + writer % 7)}),
            (stream, f"{stream}/clearance", {"disposition": "mediated", "injuries": case % 2, "occurredAt": when(40)}),
        ]
        if case % 2 == 0:
            dispute = event_id(label, "dispute", writer, case)
            stream = f"/disputes/{dispute}"
            operations += [
                (stream, "/disputes", {"disputeId": dispute, "stationId": station, "communityId": community, "category": "land",
                                       "discoveredVia": "referral_in", "key": writer % 3 == 0,
                                       "parties": [{"name": "Zhang"}], "occurredAt": when(0)}),
                (stream, f"{stream}/referrals", {"agency": "judicial_office", "mechanism": "judicial", "occurredAt": when(30)}),
                (stream, f"{stream}/resolution", {"method": "referral", "resolutionLevel": "township", "occurredAt": when(50)}),
            ]
    for number, (stream, path, body) in enumerate(operations):
        body["eventId"] = event_id(label, "event", writer, number)
    return operations


class Writers:
    """Writers that each send their operations in order, retrying one with the same
    eventId until it is acknowledged (200 or 201), whatever happens to the server."""

    def __init__(self, project, token, label, station, community, writers, cases, deadline):
        self.project = project
        self.token = token
        self.work = [writer_operations(label, w, station, community, cases) for w in range(writers)]
        self.deadline = deadline
        self.acknowledged = {}  # eventId -> (stream path, global position)
        self.unexpected = []  # (request, status, body): answers that are neither an ack nor a retryable failure
        self.slow = []  # requests that got no answer within HANG seconds
        self.statuses = []  # (status or None, retry-after header)
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.write, args=(ops,), daemon=True) for ops in self.work]

    @property
    def total(self):
        return sum(len(ops) for ops in self.work)

    def count(self):
        with self.lock:
            return len(self.acknowledged)

    def start(self):
        for thread in self.threads:
            thread.start()
        return self

    def join(self):
        for thread in self.threads:
            thread.join(max(0, self.deadline - time.monotonic()) + 1)
        return all(not t.is_alive() for t in self.threads)

    def write(self, operations):
        for stream, path, body in operations:
            while time.monotonic() < self.deadline:
                started = time.monotonic()
                try:
                    answer = self.project.request("POST", path, self.token, body)
                except OSError as error:
                    if time.monotonic() - started >= HANG - 1:
                        with self.lock:
                            self.slow.append(f"POST {path}: {error}")
                    with self.lock:
                        self.statuses.append((None, None))
                    time.sleep(0.05)
                    continue
                with self.lock:
                    self.statuses.append((answer.status, answer.headers.get("retry-after")))
                if answer.status in (200, 201):
                    with self.lock:
                        self.acknowledged[body["eventId"]] = (stream, answer.json()["globalPosition"])
                    break
                if answer.status == 503:
                    time.sleep(0.05)
                    continue
                with self.lock:
                    self.unexpected.append((f"POST {path}", answer.status, answer.body[:300]))
                return
            else:
                return

    def expected_streams(self):
        streams = {}
        for operations in self.work:
            for stream, _, body in operations:
                streams.setdefault(stream, []).append(body["eventId"])
        return streams


def register_station(project, admin, station, community):
    for path, body in [
        ("/stations", {"stationId": station, "name": "Fengqiao", "occurredAt": "2024-01-01T00:00:00Z"}),
        (f"/stations/{station}/communities", {"communityId": community, "name": "Wanyuan", "areaClass": "urban",
                                              "occurredAt": "2024-01-01T00:00:00Z"}),
    ]:
        answer = project.request("POST", path, admin, body)
        if answer.status not in (200, 201):
            raise RuntimeError(f"POST {path}: {answer.status} {answer.body[:300]!r}")


def statistics(project, token, station, community, position, kinds=("alerts", "disputes")):
    """The station's statistics once the projections hold `position`, with the station and
    community ids and the as-of position taken out, so two stations' answers compare."""
    answers = {}
    for kind in kinds:
        path = f"/stats/{kind}?from=2024-01-01&to=2024-12-31&stationId={station}&groupBy=month&minPosition={position}"
        deadline = time.monotonic() + 60
        while True:
            answer = project.request("GET", path, token)
            if answer.status == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        if not check(answer.status == 200, f"GET {path}: {answer.status} {answer.body[:300]!r}"):
            continue
        document = answer.json()
        document.pop("asOfPosition", None)
        answers[kind] = json.dumps(document, sort_keys=True).replace(station, "STATION").replace(community, "COMMUNITY")
    return answers


def check_stored_exactly_once(project, writers, what):
    """Every acknowledged event is in the log once, every stream holds exactly its
    writer's events in order (no event twice, none lost, none extra)."""
    acknowledged = list(writers.acknowledged)
    rows = project.sql("select event_id, count(*) from ledger.events where event_id in ("
                       + ",".join(f"'{e}'" for e in acknowledged) + ") group by event_id") if acknowledged else []
    counts = {row[0]: int(row[1]) for row in rows}
    check(all(counts.get(e) == 1 for e in acknowledged),
          f"{what}: {sum(1 for e in acknowledged if counts.get(e) != 1)} acknowledged event(s) not stored exactly once")
    for stream, expected in writers.expected_streams().items():
        if not all(e in writers.acknowledged for e in expected):
            continue
        kind, record = stream.strip("/").split("/")
        stream_id = f"{kind[:-1]}-{record}"
        stored = [row[0] for row in project.sql(
            f"select event_id from ledger.events where stream_id = '{stream_id}' order by stream_version")]
        if not check(stored == expected, f"{what}: {stream_id} holds {len(stored)} event(s), expected its {len(expected)} in order"):
            return


# --- the tests -------------------------------------------------------------------------

def test_kill_under_writers(project, admin, long):
    """kill -9 the server under 16 writers retrying with the same eventId: after the
    restart every acknowledged event is stored exactly once and the statistics equal those
    of the same work written without a fault."""
    cases = 6 if long else 2
    register_station(project, admin, "clean", "clean-c")
    register_station(project, admin, "crash", "crash-c")
    clean_clerk, _ = project.token("clerk", ["clean"], "clean-clerk")
    crash_clerk, _ = project.token("clerk", ["crash"], "crash-clerk")

    clean = Writers(project, clean_clerk, "clean", "clean", "clean-c", 16, cases, time.monotonic() + 180).start()
    check(clean.join(), "clean run: writers did not finish")
    check(not clean.unexpected, f"clean run: unexpected answers {clean.unexpected[:3]}")
    check(clean.count() == clean.total, f"clean run: {clean.count()} of {clean.total} acknowledged")

    crash = Writers(project, crash_clerk, "crash", "crash", "crash-c", 16, cases, time.monotonic() + 180).start()
    kills = 0
    for fraction in (0.25, 0.6):
        while crash.count() < crash.total * fraction and time.monotonic() < crash.deadline:
            time.sleep(0.01)
        if crash.count() < crash.total:
            project.kill_server()
            kills += 1
            time.sleep(0.3)
            project.start_server()
    check(crash.join(), "crash run: writers did not finish after the restarts")
    check(kills == 2, f"crash run: the server was killed {kills} time(s) while writers ran, not 2 (work too small)")
    check(not crash.unexpected, f"crash run: unexpected answers {crash.unexpected[:3]}")
    check(crash.count() == crash.total, f"crash run: {crash.count()} of {crash.total} acknowledged")
    check(any(s is None for s, _ in crash.statuses), "crash run: no request met the killed server (nothing was tested)")
    check_stored_exactly_once(project, crash, "crash run")
    position = max(p for _, p in list(clean.acknowledged.values()) + list(crash.acknowledged.values()))
    supervisor, _ = project.token("supervisor", [], "stats-supervisor")
    expected = statistics(project, supervisor, "clean", "clean-c", position)
    observed = statistics(project, supervisor, "crash", "crash-c", position)
    check(expected and expected == observed, "crash run: statistics differ from the clean run's")
    log(f"kill -9 under 16 writers checked: {crash.total} events, {kills} kills, each ack stored once, statistics against a clean run")


def test_database_outage(project, admin, long):
    """PostgreSQL stops under load: requests answer 503 with Retry-After in bounded time,
    the server does not crash; once it is back, writes, the projector and its LISTEN
    recover without a restart and nothing acknowledged is lost."""
    register_station(project, admin, "outage", "outage-c")
    clerk, _ = project.token("clerk", ["outage"], "outage-clerk")
    server_pid = project.server.pid
    writers = Writers(project, clerk, "outage", "outage", "outage-c", 8, 8 if long else 4, time.monotonic() + 240).start()
    reads = []
    stop_reading = threading.Event()

    def read():
        while not stop_reading.is_set():
            started = time.monotonic()
            try:
                answer = project.request("GET", "/alerts?stationId=outage&limit=5", clerk)
                reads.append((answer.status, answer.headers.get("retry-after"), time.monotonic() - started))
            except OSError:
                reads.append((None, None, time.monotonic() - started))
            time.sleep(0.05)

    readers = [threading.Thread(target=read, daemon=True) for _ in range(2)]
    for thread in readers:
        thread.start()
    while writers.count() < 10 and time.monotonic() < writers.deadline:
        time.sleep(0.01)
    project.stop_database()
    time.sleep(20 if long else 6)
    during = list(reads)
    project.start_database()
    check(writers.join(), "outage: writers did not finish after the database came back")
    stop_reading.set()
    for thread in readers:
        thread.join(HANG + 5)
    statuses = [s for s, _ in writers.statuses] + [s for s, _, _ in reads]
    check(project.server.poll() is None and project.server.pid == server_pid, "outage: the server process ended")
    check(503 in [s for s, _, _ in during] or 503 in statuses, "outage: no request was answered 503 while the database was down")
    check(all(s is not None for s, _, _ in reads), "outage: a read got no answer (connection dropped or hung)")
    check(not writers.slow, f"outage: requests hung: {writers.slow[:3]}")
    bad = [(s, r) for s, r in writers.statuses + [(s, r) for s, r, _ in reads] if s is not None and s >= 500 and (s != 503 or not r)]
    check(not bad, f"outage: server errors other than 503 with Retry-After: {bad[:5]}")
    check(not writers.unexpected, f"outage: unexpected answers {writers.unexpected[:3]}")
    check(writers.count() == writers.total, f"outage: {writers.count()} of {writers.total} acknowledged")
    check_stored_exactly_once(project, writers, "outage")

    # After the outage: a new event reaches the projections, and the projector listens again.
    answer = project.request("POST", "/alerts", clerk, {"stationId": "outage", "channel": "hotline_12345", "category": "dispute",
                                                        "priority": 2, "occurredAt": "2024-05-01T10:00:00Z"})
    check(answer.status == 201, f"outage: a write after recovery answered {answer.status}")
    position = answer.json()["globalPosition"] if answer.status == 201 else 0
    supervisor, _ = project.token("supervisor", ["outage"], "outage-supervisor")
    check(statistics(project, supervisor, "outage", "outage-c", position, kinds=("alerts",)) != {},
          "outage: the projections did not reach a write made after recovery")
    deadline = time.monotonic() + 30
    listening = []
    while time.monotonic() < deadline:
        listening = project.sql("select count(*) from pg_stat_activity where application_name = 'ledger-projector-listen'")
        if listening and int(listening[0][0]) >= 1:
            break
        time.sleep(0.5)
    check(listening and int(listening[0][0]) >= 1, "outage: the projector's LISTEN connection did not come back")
    ready = project.request("GET", "/ready")
    check(ready.status == 200, f"outage: /ready answered {ready.status} after recovery")
    codes = sorted({s for s, _ in writers.statuses if s is not None} | {s for s, _, _ in reads if s is not None})
    log(f"database outage checked: answers seen {codes}, {writers.total} writes, projector and LISTEN after recovery")


def test_killed_replay(project, admin, long):
    """kill -9 during `app replay`: the served projection is untouched; a second replay
    completes and the statistics are identical."""
    lines = 40_000 if long else 12_000
    generated = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "generate-import.py"), str(lines), "7"],
                               capture_output=True, check=True).stdout
    answer = project.request("POST", "/import", admin, generated, {"Content-Type": "application/x-ndjson"}, timeout=600)
    if not check(answer.status == 200, f"replay: the import answered {answer.status} {answer.body[:300]!r}"):
        return
    position = answer.json()["lastPosition"]

    def served():
        answers = {}
        for kind in ("alerts", "disputes"):
            path = f"/stats/{kind}?from=2019-01-01&to=2024-12-31&groupBy=station&minPosition={position}"
            for _ in range(60):
                reply = project.request("GET", path, admin)
                if reply.status == 200:
                    break
                time.sleep(0.5)
            check(reply.status == 200, f"replay: GET {path}: {reply.status}")
            answers[kind] = reply.json()
        return answers

    def versions():
        status = project.request("GET", "/admin/projections", admin).json()["projections"]
        return {(p["projection"], p["version"]) for p in status if p["state"] == "active"}

    before, active = served(), versions()
    # One projection, so "mid-way" is unambiguous: a whole replay switches each projection
    # as soon as it is rebuilt.
    replay = subprocess.Popen([project.app, "replay", "--root", project.work, "--projection", "alerts", "--batch-size", "100"], env=project.env,
                              cwd=project.work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    building = False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and replay.poll() is None:
        rows = project.sql("select count(*) from projections.versions where projection = 'alerts' and state = 'building'")
        if rows and int(rows[0][0]) > 0:
            building = True
            break
        time.sleep(0.02)
    running = replay.poll() is None
    replay.send_signal(signal.SIGKILL)
    replay.wait()
    check(building and running, "replay: the replay finished before it could be killed mid-way (work too small)")
    check(versions() == active, "replay: a killed replay changed the served versions")
    check(served() == before, "replay: a killed replay changed the served statistics")
    finished = subprocess.run([project.app, "replay", "--root", project.work], env=project.env, cwd=project.work,
                              capture_output=True, text=True, timeout=600)
    check(finished.returncode == 0, f"replay: the second replay failed: {finished.stderr.strip()[-500:]}")
    after = served()
    check(versions() != active, "replay: the second replay did not switch to new versions")
    for kind in before:
        before[kind].pop("asOfPosition", None)
        after[kind].pop("asOfPosition", None)
    check(after == before, "replay: statistics after the completed replay differ from before")
    # An earlier release's alert tables (a column of today's missing): `migrate` rebuilds
    # the projection, and the statistics come back the same.
    version = project.sql("select version from projections.versions where projection = 'alerts' and state = 'active'")[0][0]
    project.sql(f"alter table projections.alerts_v{version} drop column turnout_seconds cascade")
    migrated = project.run("migrate", check_status=False, timeout=600)
    check(migrated.returncode == 0 and "rebuilding projection alerts" in migrated.stdout,
          f"replay: migrate did not rebuild an outdated projection: {migrated.stdout[-300:]} {migrated.stderr[-300:]}")
    rebuilt = served()
    for kind in rebuilt:
        rebuilt[kind].pop("asOfPosition", None)
    check(rebuilt == before, "replay: statistics after migrate rebuilt the outdated projection differ")
    log(f"kill -9 during replay checked: {lines} imported lines, served versions and statistics, a second replay, "
        "migrate rebuilding an outdated projection")


def test_access_matrix(project, admin, long):
    """Every route × role × own/other station against api.md: 401 without a valid token,
    403 for a wrong role or station, neither for an allowed caller; a revoked token fails
    at once."""
    register_station(project, admin, "own", "own-c")
    register_station(project, admin, "other", "other-c")
    callers = {
        "clerk-own": project.token("clerk", ["own"], "m-clerk-own")[0],
        "clerk-other": project.token("clerk", ["other"], "m-clerk-other")[0],
        "supervisor-own": project.token("supervisor", ["own"], "m-supervisor-own")[0],
        "supervisor-other": project.token("supervisor", ["other"], "m-supervisor-other")[0],
        "supervisor-all": project.token("supervisor", [], "m-supervisor-all")[0],
        "admin": admin,
    }
    nobody = {"no token": None, "unknown token": "lgr_" + "0" * 40}
    counter = iter(range(1_000_000))

    def fresh_alert():
        """An alert of station `own`, dispatched and arrived: (id, dispatch event id, reclassification event id)."""
        alert = str(uuid.uuid4())
        events = [str(uuid.uuid4()) for _ in range(3)]
        for path, body in [
            ("/alerts", {"alertId": alert, "stationId": "own", "channel": "hotline_12345", "category": "dispute",
                         "priority": 2, "occurredAt": "2024-06-01T10:00:00Z"}),
            (f"/alerts/{alert}/reclassification", {"category": "public_order", "reason": "fight", "occurredAt": "2024-06-01T10:01:00Z"}),
            (f"/alerts/{alert}/dispatches", {"unitId": "P7", "occurredAt": "2024-06-01T10:02:00Z"}),
            (f"/alerts/{alert}/arrivals", {"unitId": "P7", "occurredAt": "2024-06-01T10:09:00Z"}),
        ]:
            body["eventId"] = events.pop(0) if path.endswith(("reclassification", "dispatches")) or path == "/alerts" else str(uuid.uuid4())
            reply = project.request("POST", path, admin, body)
            assert reply.status == 201, (path, reply.status, reply.body)
            if path.endswith("reclassification"):
                reclassification = body["eventId"]
            if path.endswith("dispatches"):
                dispatch = body["eventId"]
        return alert, dispatch, reclassification

    def fresh_dispute():
        """A dispute of station `own`, referred: (id, referral event id)."""
        dispute = str(uuid.uuid4())
        referral = str(uuid.uuid4())
        for path, body in [
            ("/disputes", {"disputeId": dispute, "stationId": "own", "communityId": "own-c", "category": "land",
                           "discoveredVia": "referral_in", "key": False, "parties": [{"name": "Li"}],
                           "occurredAt": "2024-04-01T09:00:00Z"}),
            (f"/disputes/{dispute}/referrals", {"agency": "judicial_office", "mechanism": "judicial",
                                                "occurredAt": "2024-04-02T09:00:00Z", "eventId": referral}),
        ]:
            reply = project.request("POST", path, admin, body)
            assert reply.status == 201, (path, reply.status, reply.body)
        return dispute, referral

    ADMIN = {"admin"}
    CLERK_WRITE = {"clerk-own", "admin"}
    TIMES_ON_ALERTS = {"supervisor-own", "supervisor-all", "admin"}
    READ = {"clerk-own", "supervisor-own", "supervisor-all", "admin"}
    STATS = {"supervisor-own", "supervisor-all", "admin"}
    dispute_time = {"clerk-own", "supervisor-own", "supervisor-all", "admin"}
    T = "2024-06-01T11:00:00Z"
    D = "2024-04-03T09:00:00Z"
    # (method, path maker, body maker, the callers api.md allows)
    routes = [
        ("POST", lambda: "/stations", lambda: {"stationId": f"m{next(counter)}", "name": "N"}, ADMIN),
        ("POST", lambda: "/stations/own/communities",
         lambda: {"communityId": f"mc{next(counter)}", "name": "N", "areaClass": "urban"}, ADMIN),
        ("POST", lambda: "/disputes", lambda: {"stationId": "own", "communityId": "own-c", "category": "land",
                                               "discoveredVia": "referral_in", "parties": [{"name": "Li"}]}, CLERK_WRITE),
        ("POST", lambda: "/alerts", lambda: {"stationId": "own", "channel": "hotline_12345", "category": "dispute",
                                             "priority": 2}, CLERK_WRITE),
        ("POST", "/import", lambda: json.dumps({"type": "StationRegistered", "data": {"stationId": f"mi{next(counter)}", "name": "N"},
                                                "occurredAt": "2024-01-01T00:00:00Z"}).encode() + b"\n", ADMIN),
        ("GET", lambda: "/disputes?stationId=own", None, READ),
        ("GET", lambda: "/alerts?stationId=own", None, READ),
        ("GET", lambda: "/admin/projections", None, ADMIN),
        ("GET", lambda: "/admin/verification", None, ADMIN),
    ]
    for kind in ("disputes", "alerts", "compare", "quiet-days"):
        query = {"compare": "metric=disputesLogged&period=year&at=2024-06-01", "quiet-days": "category=criminal"}.get(kind, "")
        routes.append(("GET", lambda kind=kind, query=query: f"/stats/{kind}?from=2024-01-01&to=2024-12-31&stationId=own&{query}",
                       None, STATS))
    dispute_steps = [
        ("mediations", {"mechanism": "joint", "outcome": "no_agreement", "occurredAt": D}),
        ("referrals", {"agency": "judicial_office", "mechanism": "judicial", "occurredAt": D}),
        ("resolution", {"method": "referral", "resolutionLevel": "township", "occurredAt": D}),
        ("closure", {"reason": "litigation", "occurredAt": D}),
        ("reopening", {"cause": "recurrence", "occurredAt": D}),
        ("follow-ups", {"reached": True, "rating": "satisfied", "agreementKept": True, "occurredAt": D}),
    ]
    alert_steps = [
        ("reclassification", {"category": "dispute", "reason": "calmer", "occurredAt": T}),
        ("dispatches", {"unitId": "P8", "occurredAt": T}),
        ("arrivals", {"unitId": "P7", "occurredAt": T}),
        ("diversion", {"agency": "street_office", "beforeDispatch": False, "occurredAt": T}),
        ("clearance", {"disposition": "mediated", "injuries": 0, "occurredAt": T}),
        ("cancellation", {"reason": "duplicate", "occurredAt": T}),
    ]
    # api.md also names /alerts/{id}/en-route and /alerts/{id}/reopening; they join the
    # matrix once the router serves them (openapi.yaml lists exactly the router's routes).
    document = open(os.path.join(ROOT, "openapi.yaml")).read()
    for step, body in [("en-route", {"unitId": "P7", "occurredAt": T}), ("reopening", {"reason": "rang again", "occurredAt": T})]:
        if f"/alerts/{{alertId}}/{step}:" in document or f"/alerts/{{id}}/{step}:" in document:
            alert_steps.insert(2 if step == "en-route" else len(alert_steps), (step, body))

    results = []

    def probe(name, method, path, body, allowed, headers=None):
        # Refused callers go first, so each refusal meets an otherwise legal request (an
        # allowed caller's write may make the next one break a rule, e.g. retract twice).
        order = sorted(callers.items(), key=lambda item: item[0] in allowed) + list(nobody.items())
        for caller, token in order:
            data = body() if callable(body) else body
            reply = project.request(method, path() if callable(path) else path, token, data, headers)
            if caller in nobody:
                expected = "401"
            else:
                expected = "allowed" if caller in allowed else "403"
            got = str(reply.status) if reply.status in (401, 403) else ("allowed" if reply.status < 500 else str(reply.status))
            results.append((name, caller, expected, got))
            check(got == expected, f"access: {name} as {caller}: {reply.status}, expected {expected}: {reply.body[:200]!r}")

    for method, path, body, allowed in routes:
        headers = {"Content-Type": "application/x-ndjson"} if path == "/import" else None
        template = (path() if callable(path) else path).split("?")[0].replace("/stations/own/", "/stations/{stationId}/")
        probe(f"{method} {template}", method, path, body, allowed, headers)
    everyone = set(callers)
    probe("GET /me", "GET", "/me", None, everyone)

    dispute, referral = fresh_dispute()
    for step, body in dispute_steps:
        probe(f"POST /disputes/{{id}}/{step}", "POST", f"/disputes/{dispute}/{step}", body, CLERK_WRITE)
    probe("POST /disputes/{id}/amendments (time)", "POST", f"/disputes/{dispute}/amendments",
          {"targetEventId": referral, "changes": {"occurredAt": "2024-04-02T08:00:00Z"}, "reason": "typo"}, dispute_time)
    probe("POST /disputes/{id}/amendments (other)", "POST", f"/disputes/{dispute}/amendments",
          {"targetEventId": referral, "changes": {"agency": "court"}, "reason": "typo"}, CLERK_WRITE)
    probe("POST /disputes/{id}/retractions", "POST", f"/disputes/{dispute}/retractions",
          {"targetEventId": referral, "reason": "wrong record"}, CLERK_WRITE)
    probe("GET /disputes/{id}", "GET", f"/disputes/{dispute}", None, READ)
    probe("POST /admin/disputes/{id}/party-erasure", "POST", lambda: f"/admin/disputes/{fresh_dispute()[0]}/party-erasure",
          {"reason": "asked to"}, ADMIN)

    alert, dispatch, reclassification = fresh_alert()
    for step, body in alert_steps:
        probe(f"POST /alerts/{{id}}/{step}", "POST", f"/alerts/{alert}/{step}", body, CLERK_WRITE)
    probe("POST /alerts/{id}/amendments (time)", "POST", f"/alerts/{alert}/amendments",
          {"targetEventId": dispatch, "changes": {"occurredAt": "2024-06-01T10:03:00Z"}, "reason": "clock"}, TIMES_ON_ALERTS)
    probe("POST /alerts/{id}/amendments (other)", "POST", f"/alerts/{alert}/amendments",
          {"targetEventId": dispatch, "changes": {"unitId": "P9"}, "reason": "typo"}, CLERK_WRITE)
    for target, allowed, label in [(dispatch, TIMES_ON_ALERTS, "a dispatch"), (reclassification, CLERK_WRITE, "other")]:
        probe(f"POST /alerts/{{id}}/retractions ({label})", "POST", f"/alerts/{alert}/retractions",
              {"targetEventId": target, "reason": "wrong record"}, allowed)
    probe("GET /alerts/{id}", "GET", f"/alerts/{alert}", None, READ)

    public = [("/health", "/health"), ("/ready", "/ready"), ("/metrics", "/metrics"), ("/openapi.yaml", "/openapi.yaml"),
              ("/", "/"), ("/ui/{file}", "/ui/app.js")]
    for template, path in public:
        for caller, token in [("no token", None), ("admin", admin)]:
            reply = project.request("GET", path, token)
            results.append((f"GET {template}", caller, "public", "public" if reply.status == 200 else str(reply.status)))
            check(reply.status == 200, f"access: GET {path} as {caller}: {reply.status}, expected 200")

    # Every operation of openapi.yaml (exactly the router's routes) is in the matrix.
    operations, current = set(), None
    for line in document.splitlines():
        if line.startswith("  /") and line.rstrip().endswith(":"):
            current = line.strip()[:-1]
        elif current and line.startswith("    ") and line.strip().rstrip(":") in ("get", "post", "put", "patch", "delete"):
            operations.add(f"{line.strip().rstrip(':').upper()} {current}")
    probed = {name.split(" (")[0].replace("{alertId}", "{id}").replace("{disputeId}", "{id}") for name, _, _, _ in results}
    missing = sorted(operations - probed)
    check(not missing, f"access: routes of openapi.yaml missing from the matrix: {missing}")

    # A revoked token fails at once, on the very next request.
    token, token_id = project.token("clerk", ["own"], "to-revoke")
    check(project.request("GET", "/alerts?stationId=own", token).status == 200, "access: a fresh token was refused")
    project.run("token", "revoke", token_id)
    reply = project.request("GET", "/alerts?stationId=own", token)
    check(reply.status == 401, f"access: a revoked token answered {reply.status} on the next request, expected 401")
    denied = sum(1 for r in results if r[2] != "allowed")
    log(f"access matrix: {len(results)} cells ({denied} refusals) as api.md says" if not any(
        r[2] != r[3] for r in results) else f"access matrix: {sum(1 for r in results if r[2] != r[3])} cell(s) wrong")


def test_hostile_input(project, admin, long):
    """SQL injection, huge numbers, deep nesting, invalid UTF-8, a 10 MB body and slow
    clients: each a clear 4xx (a trickled body a 408 after --body-timeout, a trickled head
    closed after --idle-timeout), the server keeps serving, the log is unchanged."""
    register_station(project, admin, "hostile", "hostile-c")
    clerk, _ = project.token("clerk", ["hostile"], "hostile-clerk")
    events_before, _ = project.log_counts()
    injection = "'; drop table ledger.events; --"
    quoted = urllib.parse.quote(injection, safe="")
    alert = {"stationId": "hostile", "channel": "hotline_12345", "category": "dispute", "priority": 2}
    cases = [
        ("injection in a path", "GET", f"/alerts/{quoted}", None),
        ("injection in a query", "GET", "/alerts?stationId=hostile&cursor=" + quoted, None),
        ("injection in a body", "POST", "/alerts", {**alert, "stationId": injection}),
        ("injection in an id", "POST", "/alerts", {**alert, "alertId": injection}),
        ("injection in a stats filter", "GET", "/stats/alerts?from=2024-01-01&to=2024-12-31&category=" + quoted, None),
        ("a huge priority", "POST", "/alerts", {**alert, "priority": 10 ** 40}),
        ("a huge float", "POST", "/alerts", b'{"stationId":"hostile","channel":"hotline_12345","category":"dispute","priority":1e400}'),
        ("a huge limit", "GET", "/alerts?stationId=hostile&limit=99999999999999999999999", None),
        ("a huge minPosition", "GET", "/stats/alerts?from=2024-01-01&to=2024-12-31&minPosition=99999999999999999999999", None),
        ("a huge expected version", "POST", "/alerts/00000000-0000-0000-0000-000000000001/dispatches",
         {"unitId": "P1", "expectedVersion": 2 ** 80}),
        ("deeply nested JSON", "POST", "/alerts", b'{"stationId":' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
        ("deeply nested parties", "POST", "/disputes", b'{"stationId":"hostile","parties":' + b'[{"name":' * 5000 + b'"x"' + b"}]" * 5000 + b"}"),
        ("invalid UTF-8", "POST", "/alerts", b'{"stationId":"hostile","channel":"\xff\xfe\xc3\x28","category":"dispute","priority":2}'),
        ("invalid UTF-8 in an id", "POST", "/disputes", b'{"disputeId":"\xed\xa0\x80","stationId":"hostile"}'),
        ("a NUL", "POST", "/alerts", {**alert, "alertId": "a\u0000b"}),
        ("a 10 MB body", "POST", "/alerts", b'{"stationId":"hostile","note":"' + b"x" * (10 * 1024 * 1024) + b'"}'),
        ("not JSON at all", "POST", "/alerts", b"\x00\x01\x02 not json"),
    ]
    # A 10 MB import line: the import answers, refusing the line and recording nothing.
    reply = project.request("POST", "/import", admin, b"x" * (10 * 1024 * 1024), {"Content-Type": "application/x-ndjson"})
    report = reply.json() if reply.status == 200 else {}
    check(report.get("accepted") == 0 and [r.get("status") for r in report.get("rejected", [])] == [400],
          f"hostile: a 10 MB import line: {reply.status} {reply.body[:200]!r}, expected its one line rejected with 400")
    for name, method, path, body in cases:
        headers = {"Content-Type": "application/x-ndjson"} if path == "/import" else None
        token = admin if path == "/import" or path.startswith("/stats") else clerk
        try:
            reply = project.request(method, path, token, body, headers)
            check(400 <= reply.status < 500, f"hostile: {name}: {reply.status}, expected a 4xx: {reply.body[:200]!r}")
            if 400 <= reply.status < 500 and reply.status not in (404, 405):
                problem = reply.json()
                check(isinstance(problem, dict) and problem.get("detail"), f"hostile: {name}: the {reply.status} carries no problem detail")
        except OSError as error:
            # Refusing a body before reading it all may close the connection instead.
            check(name.startswith("a 10 MB"), f"hostile: {name}: no answer ({error})")
        check(project.request("GET", "/health").status == 200, f"hostile: the server stopped serving after {name}")

    # Slow clients, on a server restarted with short timeouts (the defaults, 30 s for a body
    # and 60 s for a request head, in --long): a body trickled a byte at a time gets a 408
    # problem and a closed connection once --body-timeout has passed; a request trickled
    # from its first byte is closed once --idle-timeout has passed without a complete head.
    # Each trickle would take `duration` if the server let it; everyone else is served
    # meanwhile and nothing is recorded.
    body_timeout, idle_timeout = (30, 60) if long else (2, 4)
    duration = 120 if long else 8
    body = json.dumps({**alert, "alertId": str(uuid.uuid4())}).encode()
    head = (f"POST /alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {clerk}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    project.stop_server()
    project.start_server("--body-timeout", str(body_timeout), "--idle-timeout", str(idle_timeout))
    try:
        slow_body = trickle(project, head, body, duration)
        slow_head = trickle(project, b"", head + body, duration)
    finally:
        project.stop_server()
        project.start_server()
    received, closed, seconds, served = slow_body
    answer = parse_answer(received)
    problem = answer.json() if answer else None
    check(answer is not None and answer.status == 408 and isinstance(problem, dict)
          and problem.get("type") == "urn:ledger:problem:body-timeout" and answer.headers.get("connection") == "close",
          f"hostile: a body trickled over {duration} s answered {received[:300]!r} after {seconds:.1f} s, "
          f"expected a 408 body-timeout problem after --body-timeout {body_timeout} s")
    check(closed and seconds < duration,
          f"hostile: the connection of a trickled body was {'closed' if closed else 'left open'} after {seconds:.1f} s")
    received, closed, head_seconds, served_too = slow_head
    answer = parse_answer(received)
    check(closed and head_seconds < duration and (answer is None or 400 <= answer.status < 500),
          f"hostile: a request trickled from its first byte over {duration} s: {received[:300]!r}, "
          f"{'closed' if closed else 'open'} after {head_seconds:.1f} s, expected it closed after --idle-timeout {idle_timeout} s")
    check(served + served_too > 0, "hostile: the server did not serve others while clients trickled their requests")
    events_after, _ = project.log_counts()
    check(events_after == events_before, f"hostile: the log went from {events_before} to {events_after} events")
    log(f"hostile input checked: {len(cases) + 2} requests, a trickled body answered "
        f"{answer_status(slow_body[0])} after {seconds:.1f} s, a trickled head closed after {head_seconds:.1f} s, the log untouched")


def trickle(project, head, body, duration):
    """Sends `head` at once, then `body` a byte at a time spread over `duration` seconds for
    as long as the server listens, asking /health now and then meanwhile; then reads the
    answer until the server closes the connection (at most HANG seconds).

    Returns (bytes received, whether the server closed the connection, seconds taken,
    /health answers that were 200)."""
    connection = socket.create_connection(("127.0.0.1", project.port), timeout=HANG)
    received, closed, served = b"", False, 0
    started = time.monotonic()
    pause = duration / max(1, len(body))
    try:
        connection.sendall(head)
        for index in range(len(body)):
            connection.sendall(body[index:index + 1])
            if index % 16 == 0:
                served += project.request("GET", "/health", timeout=10).status == 200
            readable, _, _ = select.select([connection], [], [], pause)
            if readable:
                break
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                closed = True
                break
            received += chunk
    except (ConnectionResetError, BrokenPipeError):
        closed = True
    except OSError:
        pass  # no answer and no close within HANG seconds
    finally:
        connection.close()
    return received, closed, time.monotonic() - started, served


def parse_answer(received):
    """The Answer in raw response bytes; None when there is none."""
    head, separator, body = received.partition(b"\r\n\r\n")
    lines = head.decode(errors="replace").split("\r\n")
    if not separator or not lines[0].startswith("HTTP/"):
        return None
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        return None
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Answer(status, headers, body)


def answer_status(received):
    answer = parse_answer(received)
    return answer.status if answer else "nothing"


def test_tamper_and_erasure(project, admin, long):
    """`app erase-party` erases a party for every reader and `app verify` still passes;
    a row changed behind the ledger's back (superuser, trigger off) makes `app verify`
    name its stream and exit non-zero, and putting it back makes it pass again."""
    register_station(project, admin, "tamper", "tamper-c")
    dispute = str(uuid.uuid4())
    reply = project.request("POST", "/disputes", admin, {
        "disputeId": dispute, "stationId": "tamper", "communityId": "tamper-c", "category": "family",
        "discoveredVia": "walk_in", "parties": [{"name": "Wang Fang", "phone": "13800000000"}, {"name": "Li Lei"}],
        "occurredAt": "2024-05-01T09:00:00Z"})
    check(reply.status == 201, f"tamper: logging the dispute answered {reply.status}")
    stored = project.sql(f"select data::text from ledger.events where stream_id = 'dispute-{dispute}'")[0][0]
    check("Wang Fang" not in stored and "13800000000" not in stored, "tamper: a party's name is stored in plain text")

    def parties():
        history = project.request("GET", f"/disputes/{dispute}?history=true", admin).json()["history"]
        return history[0]["data"]["parties"]

    check(parties()[0] == {"name": "Wang Fang", "phone": "13800000000"}, f"tamper: the party reads back as {parties()[0]}")
    erased = project.run("erase-party", "--dispute", dispute, "--party", "0", "--reason", "the person asked", check_status=False)
    check(erased.returncode == 0, f"tamper: erase-party exited {erased.returncode}: {erased.stderr.strip()[-300:]}")
    check(parties() == [{"erased": True}, {"name": "Li Lei"}], f"tamper: after erasure the parties read {parties()}")
    again = project.run("erase-party", "--dispute", dispute, "--party", "0", "--reason", "twice", check_status=False)
    check(again.returncode != 0, "tamper: erasing an erased party succeeded")

    clean = project.run("verify", check_status=False)
    check(clean.returncode == 0, f"tamper: verify failed on a sound log ({clean.returncode}): {clean.stdout[-500:]}")
    check("tamper  " in clean.stdout, "tamper: verify printed no digest for the station")
    actor = project.sql(f"select actor from ledger.events where stream_id = 'dispute-{dispute}' and stream_version = 1")[0][0]

    def set_actor(value):
        project.sql("begin; alter table ledger.events disable trigger events_no_update_or_delete; "
                    f"update ledger.events set actor = '{value}' where stream_id = 'dispute-{dispute}' and stream_version = 1; "
                    "alter table ledger.events enable trigger events_no_update_or_delete; commit")

    set_actor("someone else")
    broken = project.run("verify", check_status=False)
    check(broken.returncode == 2, f"tamper: verify exited {broken.returncode} on an altered row, expected 2")
    check(f"dispute-{dispute}: the hash chain breaks at version 1" in broken.stdout,
          f"tamper: verify did not name the altered stream: {broken.stdout[-500:]}")
    set_actor(actor)
    check(project.run("verify", check_status=False).returncode == 0, "tamper: verify failed after the row was put back")


TESTS = {
    "access": test_access_matrix,
    "hostile": test_hostile_input,
    "kill": test_kill_under_writers,
    "outage": test_database_outage,
    "replay": test_killed_replay,
    "tamper": test_tamper_and_erasure,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", action="store_true", help="the long variants (make test-long)")
    parser.add_argument("--only", nargs="*", choices=sorted(TESTS), help="run only these tests")
    arguments = parser.parse_args()
    app = os.environ.get("APP", os.path.join(ROOT, ".build", "debug", "app"))
    if not os.path.isabs(app):
        app = os.path.join(ROOT, app)
    if not os.access(app, os.X_OK):
        log(f"no app binary at {app}: build it first (swift build --product app) or set APP")
        return 1
    project = Project(app)
    started = time.monotonic()
    try:
        project.run("migrate")
        admin, _ = project.token("admin", [], "faults-admin")
        project.start_server()
        for name in arguments.only or list(TESTS):
            log(f"running {name}")
            try:
                TESTS[name](project, admin, arguments.long)
            except Exception as error:  # a test that cannot run is a failure, not a skip
                check(False, f"{name}: {type(error).__name__}: {error}")
            if project.server.poll() is not None:
                check(False, f"{name}: the server exited")
                project.start_server()
    except Exception as error:
        check(False, f"set-up: {type(error).__name__}: {error}")
    finally:
        if FAILURES:
            try:
                with open(os.path.join(project.work, "server.log"), errors="replace") as server_log:
                    lines = [l for l in server_log if " error " in l or " critical " in l]
                log("errors in the server log:\n" + "".join(lines[-20:]))
            except OSError:
                pass
        project.close()
    log(f"{len(FAILURES)} failure(s) in {time.monotonic() - started:.0f} s")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
