#!/usr/bin/env bash
# What `make bench` needs beyond `make run`: the PostgreSQL server packages (initdb,
# pg_ctl, psql, pgbench — pgbench ships with the server package on Debian), and the peer
# of issue 9, Python `eventsourcing` with its PostgreSQL driver, pinned, in a virtual
# environment under .build-tools/ (from PyPI). If that install fails the benchmark still
# runs and prints the peer rows as not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/install-deps.sh"

if ! command -v pgbench >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pgbench >/dev/null 2>&1; then
    echo "pgbench is missing: it comes with the postgresql package (scripts/install-deps.sh)" >&2
    exit 1
fi

EVENTSOURCING_VERSION="9.5.6"
VENV="$ROOT/.build-tools/eventsourcing"
if ! "$VENV/bin/python" -c "import eventsourcing.postgres, importlib.metadata as m; assert m.version('eventsourcing') == '$EVENTSOURCING_VERSION'" >/dev/null 2>&1; then
    echo "installing eventsourcing $EVENTSOURCING_VERSION (PyPI) into $VENV for the peer rows"
    if ! { python3 -m venv "$VENV" &&
           "$VENV/bin/pip" install --quiet --disable-pip-version-check "eventsourcing[postgres]==$EVENTSOURCING_VERSION"; }; then
        echo "could not install eventsourcing: the peer rows will be reported as not run" >&2
        rm -rf "$VENV"
    fi
fi
