"""The peer row: Python `eventsourcing` with PostgreSQL persistence (peer_eventsourcing.py,
run in its own virtual environment under .build-tools/) against our append rows."""
import json
import os
import subprocess

from report import Row, not_run

HERE = os.path.dirname(os.path.abspath(__file__))
VENV_PYTHON = os.path.join(HERE, "..", ".build-tools", "eventsourcing", "bin", "python")


def peer_events_per_second(cluster, database, clients, seconds):
    env = dict(os.environ, POSTGRES_HOST="127.0.0.1", POSTGRES_PORT=str(cluster.port),
               POSTGRES_DBNAME=database, POSTGRES_USER="postgres")
    done = subprocess.run([VENV_PYTHON, os.path.join(HERE, "peer_eventsourcing.py"), str(clients), str(seconds)],
                          env=env, capture_output=True, text=True, timeout=seconds + 180)
    if done.returncode != 0:
        raise RuntimeError((done.stderr or done.stdout).strip().splitlines()[-1][:300])
    return json.loads(done.stdout.strip().splitlines()[-1])


def peer_rows(cluster, seconds, ours):
    """`ours` maps a client count to our append events/s (None where that row failed)."""
    label = "Python eventsourcing (PostgreSQL persistence), one-event aggregates"
    if not os.path.exists(VENV_PYTHON):
        return [not_run(f"peer-{n}", "events/s", "eventsourcing is not installed (scripts/install-bench-deps.sh)",
                        target=5.0) for n in (1, 16)]
    cluster.create_database("peer")
    rows = []
    for clients in (1, 16):
        try:
            peer = peer_events_per_second(cluster, "peer", clients, seconds)
        except Exception as error:  # the peer failing is reported, never guessed
            rows.append(not_run(f"peer-{clients}", "events/s", f"eventsourcing failed: {error}", target=5.0))
            continue
        rows.append(Row(f"peer-{clients}", "events/s", ours=ours.get(clients), limit=peer["per_second"], target=5.0,
                        limit_label=f"{label}, {clients} client process(es)",
                        note=f"ours = append-{clients}; peer saved {peer['events']:,} events in {peer['seconds']:.1f} s"))
    return rows
