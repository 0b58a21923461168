#!/usr/bin/env bash
# Fuzzes the live API against openapi.yaml with schemathesis (PyPI) for a bounded time and
# fails on any 5xx or any answer that the document does not allow.
#
# Runs on a throwaway project directory: its own embedded PostgreSQL (on a free port, in a
# temporary .data/) and a server on a free port, both stopped on exit, whatever happens.
#
#   scripts/schemathesis.sh [extra schemathesis run options, e.g. --include-path-regex '^/disputes']
#
# Environment: APP (the built binary, default .build/debug/app), SCHEMATHESIS_MAX_EXAMPLES
# (per operation, default 15), SCHEMATHESIS_SEED (default 1), SCHEMATHESIS_TIMEOUT (seconds
# for the whole run, default 300), SCHEMATHESIS_SCHEMA (where schemathesis reads the
# document, default the server's /openapi.yaml; a file path checks an edited copy).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP="${APP:-$ROOT/.build/debug/app}"
[[ "$APP" = /* ]] || APP="$ROOT/$APP"
SCHEMATHESIS_VERSION="4.32.5"
VENV="$ROOT/.build-tools/schemathesis"
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-15}"
SEED="${SCHEMATHESIS_SEED:-1}"
TIME_LIMIT="${SCHEMATHESIS_TIMEOUT:-300}"

log() { echo "schemathesis.sh: $*" >&2; }

if [[ ! -x "$APP" ]]; then
    log "no app binary at $APP: build it first (swift build --product app) or set APP"
    exit 1
fi

# (a) schemathesis, pinned, in its own virtual environment.
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "version $SCHEMATHESIS_VERSION\$"; then
    log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# (b) A throwaway project directory: the real sql/, openapi.yaml and web/, a fresh .data/.
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ledger-schemathesis.XXXXXX")"
chmod 755 "$WORK" # as root the cluster runs as the postgres user, who must reach .data/
ln -s "$ROOT/sql" "$WORK/sql"
ln -s "$ROOT/openapi.yaml" "$WORK/openapi.yaml"
ln -s "$ROOT/web" "$WORK/web"
unset DATABASE_URL
export LEDGER_PG_PORT="$(free_port)"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
SERVER_PID=""

# (d) Always stop the server, then the cluster if anything left it running.
cleanup() {
    local status=$?
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    local data="$WORK/.data/postgres"
    if [[ -f "$data/postmaster.pid" ]]; then
        local bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
        if [[ "$(id -u)" = 0 ]]; then
            runuser -u postgres -- "$bin/pg_ctl" stop -w -m immediate -D "$data" >/dev/null 2>&1 || true
        else
            "$bin/pg_ctl" stop -w -m immediate -D "$data" >/dev/null 2>&1 || true
        fi
    fi
    if [[ $status -ne 0 && -f "$WORK/server.log" ]]; then
        log "errors in the server log:"
        grep -E " (error|critical|warning) " "$WORK/server.log" | tail -n 20 >&2 || true
    fi
    rm -rf "$WORK"
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "migrating a fresh embedded database (port $LEDGER_PG_PORT)"
"$APP" migrate --root "$WORK" >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; exit 1; }
TOKEN="$("$APP" token create --root "$WORK" --role admin --name schemathesis 2>>"$WORK/token.log" | tail -n 1)"
if [[ ! "$TOKEN" =~ ^lgr_ ]]; then
    log "token create did not print a token"; cat "$WORK/token.log" >&2; exit 1
fi

log "starting the server on $BASE"
"$APP" serve --root "$WORK" --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
    curl -fsS "$BASE/health" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { log "the server exited during start-up"; exit 1; }
    sleep 0.1
done
curl -fsS "$BASE/health" >/dev/null || { log "the server did not answer /health"; exit 1; }

# Reference data, so generated writes can name a real station and community.
post() {
    curl -fsS -X POST "$BASE$1" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -d "$2" >/dev/null
}
post /stations '{"stationId": "fq", "name": "Fengqiao", "occurredAt": "2024-01-01T00:00:00Z"}'
post /stations/fq/communities '{"communityId": "wanyuan", "name": "Wanyuan", "areaClass": "urban", "occurredAt": "2024-01-01T00:00:00Z"}'

# (c) The run: bounded in examples and in time; (e) any failure is a non-zero exit.
# POST /import is left out: schemathesis has no serializer for application/x-ndjson.
# ImportRoutesTests and ImporterTests cover it against the real server code instead.
log "running schemathesis (max $MAX_EXAMPLES examples per operation, seed $SEED, at most ${TIME_LIMIT}s)"
set +e
timeout --kill-after=10 "$TIME_LIMIT" "$VENV/bin/schemathesis" run "${SCHEMATHESIS_SCHEMA:-$BASE/openapi.yaml}" \
    --url "$BASE" \
    --header "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$MAX_EXAMPLES" \
    --seed "$SEED" \
    --workers 2 \
    --request-timeout 20 \
    --generation-database none \
    --no-color \
    --exclude-path /import \
    "$@"
status=$?
set -e
if [[ $status -eq 124 || $status -eq 137 ]]; then
    log "schemathesis did not finish within ${TIME_LIMIT}s"
fi
exit $status
