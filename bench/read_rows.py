"""Issue 8's read rows: `app replay` against a raw ordered read of the same table, and the
statistics routes at 8 clients (one station, 1–12 month ranges) and all stations over
five years (one client)."""
import calendar
import random
import subprocess
import time

import http_load
from report import Row

ROUTES = ["disputes", "alerts", "compare", "quiet-days"]
COMPARE_METRICS = ["alerts.received", "disputes.mediationSuccessRate", "alerts.response.p90Seconds",
                   "disputes.logged", "alerts.diversionRate"]
FIRST_YEAR, LAST_YEAR = 2021, 2025   # the generated log's five years
P99_TARGET_MS, ALL_STATIONS_TARGET_MS = 50.0, 500.0


def raw_read(cluster, database):
    """COPY (select * … order by transaction_id, global_position) TO STDOUT through psql
    (libpq) into /dev/null: every row and column, in the order readers tail the log.
    Returns (rows, seconds)."""
    rows = int(cluster.sql(database, "select count(*) from ledger.events"))
    query = "copy (select * from ledger.events order by transaction_id, global_position) to stdout"
    started = time.perf_counter()
    subprocess.run(cluster.psql_command(database, "-c", query), stdout=subprocess.DEVNULL, check=True)
    return rows, time.perf_counter() - started


def replay_rows(app, cluster, database, label, cap_seconds):
    rows, raw_seconds = raw_read(cluster, database)
    finished, wall, rss_mb, last_line = app.timed(["replay"], cap_seconds, f"replay-{label}.log")
    raw_rate = rows / raw_seconds
    if finished:
        rate = rows / wall
        note = f"{rows:,} events in {wall:.1f} s; raw read {raw_seconds:.1f} s; last line: {last_line[:160]}"
    else:
        rate = rows / wall  # an upper bound: the replay had not finished when it was stopped
        note = (f"did not finish within the {cap_seconds:.0f} s cap and was killed, so its rate is below "
                f"{rate:,.0f} events/s ({rows:,} events); last line: {last_line[:160]}")
    replay = Row(f"replay {label}", "events/s", ours=rate, limit=raw_rate, target=0.50,
                 limit_label="raw ordered read (COPY … ORDER BY transaction_id, global_position TO STDOUT via psql)",
                 note=note)
    memory = Row(f"replay {label} peak RSS", "MB", ours=rss_mb, limit=300.0, target=1.0, higher_is_better=False,
                 limit_label="fixed target 300 MB", note="peak resident set of the replay process (getrusage ru_maxrss)"
                 + ("" if finished else ", until it was killed"))
    rows_out = [replay, memory]
    if label == "10M":
        rows_out.append(Row("replay 10M wall", "s", ours=wall, limit=120.0, target=1.0, higher_is_better=False,
                            limit_label="fixed target: 10M events in under 2 minutes",
                            note="" if finished else "killed at the cap"))
    return rows_out, finished


def _month_range(rng):
    months = rng.randint(1, 12)
    start = rng.randrange(0, (LAST_YEAR - FIRST_YEAR + 1) * 12 - months + 1)
    year, month = FIRST_YEAR + start // 12, 1 + start % 12
    end_index = start + months - 1
    end_year, end_month = FIRST_YEAR + end_index // 12, 1 + end_index % 12
    last_day = calendar.monthrange(end_year, end_month)[1]
    return f"{year}-{month:02d}-01", f"{end_year}-{end_month:02d}-{last_day:02d}"


def stats_path(route, rng, station="st000"):
    """One realistic question: one station, a range of 1 to 12 whole months."""
    first, last = _month_range(rng)
    scope = f"from={first}&to={last}&stationId={station}"
    if route == "compare":
        return f"/stats/compare?metric={rng.choice(COMPARE_METRICS)}&period=custom&{scope}"
    if route == "quiet-days":
        return f"/stats/quiet-days?{scope}&category=criminal"
    return f"/stats/{route}?{scope}"


def all_stations_path(route):
    scope = f"from={FIRST_YEAR}-01-01&to={LAST_YEAR}-12-31"
    if route == "compare":
        return f"/stats/compare?metric=alerts.received&period=custom&{scope}"
    if route == "quiet-days":
        return f"/stats/quiet-days?{scope}&category=criminal"
    return f"/stats/{route}?{scope}"


def stats_rows(server, token, label, seconds, clients=8, timeout=30, time_left=lambda: float("inf")):
    """`time_left()` is the run's remaining budget: routes that no longer fit are not run."""
    rows = []
    for route in ROUTES:
        if time_left() < seconds + timeout:
            rows.append(Row(f"/stats/{route} {label} p99", "ms", limit=P99_TARGET_MS, target=1.0,
                            higher_is_better=False, not_run="time budget of the run spent"))
            continue
        def task(connection, recorder, client, iteration, route=route):
            rng = random.Random(f"{route}:{client}:{iteration}")
            recorder.timed(connection, "GET", stats_path(route, rng), expect=(200,))

        result = http_load.run(clients, seconds, "127.0.0.1", server.port, token, task, timeout=timeout)
        failed = f", {result['failures']} failed ({result['first_failures'][0]})" if result["failures"] else ""
        note = (f"p50 {_ms(result['p50_ms'])}, {result['per_second']:.1f} requests/s, "
                f"{result['requests']} requests in {result['seconds']:.1f} s{failed}; "
                f"load generator {result['client_cpu_s']:.1f} s CPU")
        rows.append(Row(f"/stats/{route} {label} p99", "ms", ours=result["p99_ms"], limit=P99_TARGET_MS, target=1.0,
                        higher_is_better=False, failures=result["failures"],
                        limit_label=f"fixed target: p99 < 50 ms at {clients} clients, one station, 1–12 months",
                        note=note))
    for route in ROUTES:
        if time_left() < timeout:
            rows.append(Row(f"/stats/{route} {label} all stations 5 years", "ms", limit=ALL_STATIONS_TARGET_MS,
                            target=1.0, higher_is_better=False, not_run="time budget of the run spent"))
            continue
        connection = http_load.Connection("127.0.0.1", server.port, token, timeout=timeout)
        recorder = http_load.Recorder()
        recorder.timed(connection, "GET", all_stations_path(route), expect=(200,))
        connection.close()
        if not recorder.latencies:
            rows.append(Row(f"/stats/{route} {label} all stations 5 years", "ms", limit=ALL_STATIONS_TARGET_MS,
                            target=1.0, higher_is_better=False, not_run=recorder.failures[0][:200]))
            continue
        rows.append(Row(f"/stats/{route} {label} all stations 5 years", "ms", ours=recorder.latencies[0] * 1000,
                        limit=ALL_STATIONS_TARGET_MS, target=1.0, higher_is_better=False,
                        failures=len(recorder.failures), limit_label="fixed target: < 500 ms",
                        note="; ".join(["one client, one request", *recorder.failures])[:300]))
    return rows


def _ms(value):
    return "-" if value is None else f"{value:.1f} ms"
