"""The peer rows: Python `eventsourcing` with PostgreSQL persistence (peer_eventsourcing.py,
run in its own virtual environment under .build-tools/), taking turns with our append rows
and pgbench slice by slice (write_rows.append_row), in its own database of the cluster."""
import json
import os
import subprocess

from report import Row, not_run

HERE = os.path.dirname(os.path.abspath(__file__))
VENV_PYTHON = os.path.join(HERE, "..", ".build-tools", "eventsourcing", "bin", "python")
LABEL = "Python eventsourcing (PostgreSQL persistence), one-event aggregates"


class Peer:
    def __init__(self, cluster):
        self.cluster = cluster
        self.totals = {}   # clients -> [events, seconds]
        self.errors = {}   # clients -> why it could not run
        self.missing = None
        if not os.path.exists(VENV_PYTHON):
            self.missing = "eventsourcing is not installed (scripts/install-bench-deps.sh)"
        else:
            cluster.create_database("peer")

    def run(self, clients, seconds):
        """One slice: `clients` processes saving for `seconds`; adds to the totals."""
        if self.missing or clients in self.errors:
            return
        env = dict(os.environ, POSTGRES_HOST="127.0.0.1", POSTGRES_PORT=str(self.cluster.port),
                   POSTGRES_DBNAME="peer", POSTGRES_USER="postgres")
        done = subprocess.run([VENV_PYTHON, os.path.join(HERE, "peer_eventsourcing.py"), str(clients), str(seconds)],
                              env=env, capture_output=True, text=True, timeout=seconds + 180)
        if done.returncode != 0:  # the peer failing is reported, never guessed
            lines = (done.stderr or done.stdout).strip().splitlines() or ["no output"]
            self.errors[clients] = f"eventsourcing failed: {lines[-1][:300]}"
            return
        result = json.loads(done.stdout.strip().splitlines()[-1])
        total = self.totals.setdefault(clients, [0, 0.0])
        total[0] += result["events"]
        total[1] += result["seconds"]

    def rows(self, ours):
        """`ours` maps a client count to our append events/s (None where that row failed)."""
        rows = []
        for clients in (1, 16):
            reason = self.missing or self.errors.get(clients)
            if reason or clients not in self.totals:
                rows.append(not_run(f"peer-{clients}", "events/s", reason or "not measured", target=5.0))
                continue
            events, seconds = self.totals[clients]
            rows.append(Row(f"peer-{clients}", "events/s", ours=ours.get(clients), limit=events / seconds,
                            target=5.0, limit_label=f"{LABEL}, {clients} client process(es)",
                            note=f"ours = append-{clients}, in the same alternating slices; "
                                 f"peer saved {events:,} events in {seconds:.1f} s"))
        return rows
