"""Builds a large, legal log straight into ledger.events with SQL (generate_stations.sql,
generate_cases.sql), not through the API: about 3.8 events per case, five years, five
stations, forty communities.

The log's indexes and unique constraints are dropped while the rows go in and built again
afterwards, with their definitions read from the catalog (so the table ends exactly as
the migrations made it; a freshly built index is denser than one grown by appends, which
favours readers slightly). Chunks are written by two sessions at once (two cores).
"""
import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
EVENTS_PER_CASE = 3.773       # measured on this generator: 998,090 events from 264,538 cases
CASES_PER_CHUNK = 50_000
FIRST_DAY = "2021-01-01 00:00+08"   # five years: 2021-01-01 … 2025-12-31 (Asia/Shanghai)
SPAN_SECONDS = 5 * 365 * 86400
STATION_DAY = "2020-12-31 00:00+08"


def count_events(cluster, database):
    return int(cluster.sql(database, "select count(*) from ledger.events"))


def _indexes(cluster, database):
    """(name, constraint definition or None, index definition) of every index on the log."""
    rows = cluster.sql(database, """
        select i.indexrelid::regclass::text, coalesce(pg_get_constraintdef(c.oid), ''),
               pg_get_indexdef(i.indexrelid)
          from pg_index i left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = i.indrelid
         where i.indrelid = 'ledger.events'::regclass order by 1""")
    found = []
    for line in rows.splitlines():
        name, constraint, definition = line.split("|", 2)
        found.append((name.split(".")[-1], constraint or None, definition))
    return found


def _drop_indexes(cluster, database, indexes):
    for name, constraint, _ in indexes:
        if constraint:
            cluster.sql(database, f"alter table ledger.events drop constraint {name}")
        else:
            cluster.sql(database, f"drop index ledger.{name}")


def _build_indexes(cluster, database, indexes):
    for name, constraint, definition in indexes:
        if constraint:
            statement = f"alter table ledger.events add constraint {name} {constraint}"
        else:
            statement = definition
        cluster.sql(database, f"set maintenance_work_mem = '1GB'; {statement}")


def _chunk(cluster, database, lo, hi, window_offset, window_seconds, seed):
    subprocess.run(cluster.psql_command(
        database, "-v", f"lo={lo}", "-v", f"hi={hi}", "-v", f"wfrom={FIRST_DAY}",
        "-v", f"woffset={window_offset}", "-v", f"wspan={window_seconds}", "-v", f"seed={seed}",
        "-f", os.path.join(HERE, "generate_cases.sql")),
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def grow(cluster, database, target_events, progress=print):
    """Appends cases until the log holds about `target_events` events (stations first,
    when the log is empty). Returns (events now, seconds taken)."""
    started = time.monotonic()
    before = count_events(cluster, database)
    if before == 0:
        subprocess.run(cluster.psql_command(database, "-v", f"t0={STATION_DAY}",
                                            "-f", os.path.join(HERE, "generate_stations.sql")),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        before = count_events(cluster, database)
    first_case = int(cluster.sql(database, "select count(*) from ledger.events where stream_version = 1 "
                                           "and stream_id not like 'station-%'")) + 1
    cases = max(0, round((target_events - before) / EVENTS_PER_CASE))
    chunks = max(1, -(-cases // CASES_PER_CHUNK))
    indexes = _indexes(cluster, database)
    _drop_indexes(cluster, database, indexes)
    # The chain trigger looks each row's previous version up in an index that is gone
    # now; generate_cases.sql computes the chain itself, set by set.
    cluster.sql(database, "alter table ledger.events disable trigger events_chain")
    try:
        jobs = []
        for k in range(chunks):
            lo = first_case + k * cases // chunks
            hi = first_case + (k + 1) * cases // chunks - 1
            jobs.append((lo, hi, k * SPAN_SECONDS // chunks, SPAN_SECONDS // chunks,
                         ((first_case + k) % 1000) / 1000.0))
        done = [0]

        def run(job):
            lo, hi, offset, span, seed = job
            _chunk(cluster, database, lo, hi, offset, span, seed)
            done[0] += 1
            progress(f"  log: chunk {done[0]}/{chunks} written")

        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(run, jobs))
    finally:
        cluster.sql(database, "alter table ledger.events enable trigger events_chain")
        progress("  log: building the indexes")
        _build_indexes(cluster, database, indexes)
    cluster.sql(database, "analyze ledger.events")
    return count_events(cluster, database), time.monotonic() - started
