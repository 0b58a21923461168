"""Issue 9's write rows: appends through the API against pgbench inserting the same row,
and POST /import against COPY of the same rows, into tables of the log's shape in the
same database of the same cluster."""
import json
import os
import re
import subprocess
import sys
import time
import uuid

import http_load
from report import Row

HERE = os.path.dirname(os.path.abspath(__file__))
STATION = "bench-a"
COMMUNITY = "bench-a-co1"
IMPORT_BODY_LIMIT = 60 * 1024 * 1024  # POST /import takes up to 64 MiB a body
COLUMNS = "event_id, stream_id, stream_version, type, schema_version, data, occurred_at, actor, station_id"


def register_station(server, token):
    server.request("POST", "/stations", token, {"stationId": STATION, "name": "Bench station",
                                                "occurredAt": "2024-01-01T00:00:00Z"})
    server.request("POST", f"/stations/{STATION}/communities", token,
                   {"communityId": COMMUNITY, "name": "Bench community", "areaClass": "urban",
                    "occurredAt": "2024-01-01T00:00:00Z"})


def _alert_flow(connection, recorder, client, iteration):
    """One alert: received, a unit dispatched, the unit arrived. Three events, three requests."""
    alert = str(uuid.uuid4())
    body = json.dumps({"alertId": alert, "stationId": STATION, "communityId": COMMUNITY,
                       "channel": "phone_110", "category": "public_order", "priority": 2,
                       "summary": "群众报警"}).encode()
    status, _ = recorder.timed(connection, "POST", "/alerts", body)
    if status != 201:
        return
    unit = json.dumps({"unitId": f"car-{client}"}).encode()
    status, _ = recorder.timed(connection, "POST", f"/alerts/{alert}/dispatches", unit)
    if status != 201:
        return
    recorder.timed(connection, "POST", f"/alerts/{alert}/arrivals", unit)


def _shape_table(cluster, database, name):
    """A table of the log's shape, its constraints and indexes included; every row stores a
    hash, as the log's do (a constant: the limit stores the bytes, the log also computes them)."""
    cluster.sql(database, f"drop table if exists public.{name}; "
                          f"create table public.{name} (like ledger.events including all); "
                          f"alter table public.{name} alter column hash set default '\\x{'00' * 32}'::bytea")


def pgbench(cluster, database, clients, seconds, workdir):
    """pgbench inserting one AlertReceived row per transaction (prepared statements) into a
    table of the log's shape; returns (transactions, seconds)."""
    data = json.dumps({"alertId": str(uuid.uuid4()).upper(), "stationId": STATION, "communityId": COMMUNITY,
                       "channel": "phone_110", "category": "public_order", "priority": 2,
                       "summary": "群众报警", "policeMatter": True}, ensure_ascii=False)
    script = os.path.join(workdir, "pgbench-insert.sql")
    with open(script, "w") as out:
        out.write(f"insert into public.pgbench_events ({COLUMNS}) values (gen_random_uuid(), "
                  f"'alert-' || gen_random_uuid(), 1, 'AlertReceived', 2, '{data}'::jsonb, now(), "
                  f"'bench', '{STATION}');\n")
    done = subprocess.run([os.path.join(cluster.bin, "pgbench"), "-n", "-M", "prepared", "-c", str(clients),
                           "-j", str(min(clients, 2)), "-T", str(seconds), "-f", script, "-h", "127.0.0.1",
                           "-p", str(cluster.port), "-U", "postgres", database],
                          capture_output=True, text=True, check=True)
    transactions = re.search(r"number of transactions actually processed: (\d+)", done.stdout)
    tps = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", done.stdout)
    if not transactions or not tps:
        raise RuntimeError(f"pgbench printed no tps: {done.stdout[-300:]}")
    return int(transactions.group(1)), int(transactions.group(1)) / float(tps.group(1))


def append_row(name, server, token, cluster, database, clients, seconds, target, workdir, slices, peer):
    """The API, pgbench and the peer take turns in `slices` slices, so that all see the same
    machine (the shared disk's commit latency drifts); each figure is its total over its
    slices (the peer's are kept by `peer`)."""
    _shape_table(cluster, database, "pgbench_events")
    each = max(1, round(seconds / slices))
    results, transactions, pg_seconds = [], 0, 0.0
    for _ in range(slices):
        results.append(http_load.run(clients, each, "127.0.0.1", server.port, token, _alert_flow))
        done, took = pgbench(cluster, database, clients, each, workdir)
        transactions, pg_seconds = transactions + done, pg_seconds + took
        peer.run(clients, each)
    result = http_load.merged(results)
    note = (f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms per request, "
            f"{result['requests']} requests in {result['seconds']:.1f} s, {result['failures']} failed"
            f"{(' (' + result['first_failures'][0] + ')') if result['failures'] else ''}; "
            f"load generator {result['client_cpu_s']:.1f} s CPU; {slices} alternating slices of {each} s")
    row = Row(name, "events/s", ours=result["per_second"], limit=transactions / pg_seconds, target=target,
              failures=result["failures"],
              limit_label=f"pgbench, {clients} client(s), one event row per transaction", note=note)
    return row, result


def import_file(lines, workdir):
    """A realistic import file from scripts/generate-import.py (seed 1)."""
    path = os.path.join(workdir, f"import-{lines}.ndjson")
    with open(path, "w") as out:
        subprocess.run([sys.executable, os.path.join(HERE, "..", "scripts", "generate-import.py"), str(lines), "1"],
                       stdout=out, check=True)
    return path


def _bodies(path):
    """The file cut at line ends into bodies under the import size limit, in order."""
    body, size = [], 0
    with open(path, "rb") as lines:
        for line in lines:
            if size + len(line) > IMPORT_BODY_LIMIT and body:
                yield b"".join(body)
                body, size = [], 0
            body.append(line)
            size += len(line)
    if body:
        yield b"".join(body)


def _copy_rows(path, workdir):
    """The same events as COPY text rows of the log's columns, with the stream versions
    the importer gives them (the stream field dropped where the payload has none)."""
    starting = {"DisputeLogged", "AlertReceived", "StationRegistered", "CommunityRegistered", "StationTargetChanged"}
    versions, out_path = {}, os.path.join(workdir, "import.copy")
    with open(path) as lines, open(out_path, "w") as out:
        for line in lines:
            event = json.loads(line)
            data = dict(event["data"])
            if "disputeId" in data:
                stream, station = "dispute-" + data["disputeId"].lower(), data.get("stationId", "st000")
            elif "alertId" in data:
                stream, station = "alert-" + data["alertId"].lower(), data.get("stationId", "st000")
            else:
                stream, station = "station-" + data["stationId"], data["stationId"]
            if event["type"] not in starting:
                data.pop("disputeId", None)
                data.pop("alertId", None)
            versions[stream] = versions.get(stream, 0) + 1
            payload = json.dumps(data, ensure_ascii=False).replace("\\", "\\\\")
            out.write("\t".join([event["eventId"], stream, str(versions[stream]), event["type"],
                                 "2" if event["type"] == "AlertReceived" else "1", payload,
                                 event["occurredAt"], "import", station]) + "\n")
    return out_path


def import_row(server, token, cluster, database, lines, workdir):
    path = import_file(lines, workdir)
    connection = http_load.Connection("127.0.0.1", server.port, token, timeout=600)
    accepted, rejected, started = 0, 0, time.perf_counter()
    for body in _bodies(path):
        status, answer = connection.request("POST", "/import", body, "application/x-ndjson")
        if status != 200:
            raise RuntimeError(f"POST /import answered {status}: {answer[:300]!r}")
        report = json.loads(answer)
        accepted += report["accepted"]
        rejected += len(report["rejected"])
    took = time.perf_counter() - started
    connection.close()

    copy_path = _copy_rows(path, workdir)
    _shape_table(cluster, database, "copy_events")
    started = time.perf_counter()
    with open(copy_path) as rows:
        subprocess.run(cluster.psql_command(database, "-c", f"copy public.copy_events ({COLUMNS}) from stdin"),
                       stdin=rows, check=True, capture_output=True)
    copy_took = time.perf_counter() - started
    note = (f"{lines:,} generated lines (scripts/generate-import.py, seed 1) in {took:.1f} s: "
            f"{accepted:,} accepted, {rejected} rejected; COPY {copy_took:.1f} s")
    return Row("import", "lines/s", ours=accepted / took, limit=lines / copy_took, target=0.40,
               limit_label="COPY of the same rows into a table of the log's shape", note=note)
