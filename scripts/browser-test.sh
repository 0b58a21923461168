#!/usr/bin/env bash
# The browser test of `make test`: Debian's chromium, headless, driven through
# chromium-driver (WebDriver) by scripts/browser_test.py, against a live server loaded with
# `app demo`.
#
# Runs on a throwaway project directory: its own embedded PostgreSQL (on a free port, in a
# temporary .data/) and a server on a free port, both stopped on exit, whatever happens.
#
#   scripts/browser-test.sh [--screenshots DIR]   (DIR: where to save the pages as PNG)
#
# Environment: APP (the built binary, default .build/debug/app), BROWSER_TEST_TIMEOUT
# (seconds for the browser part, default 240), BROWSER_TEST_DEMO_DAYS (days of demo data,
# default 90; the README's screenshots use the whole demo, 1096).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP="${APP:-$ROOT/.build/debug/app}"
[[ "$APP" = /* ]] || APP="$ROOT/$APP"
TIME_LIMIT="${BROWSER_TEST_TIMEOUT:-240}"

log() { echo "browser-test.sh: $*" >&2; }

if [[ ! -x "$APP" ]]; then
    log "no app binary at $APP: build it first (swift build --product app) or set APP"
    exit 1
fi
for tool in /usr/bin/chromium /usr/bin/chromedriver; do
    [[ -x "$tool" ]] || { log "$tool is missing: run scripts/install-deps.sh"; exit 1; }
done
/usr/bin/python3 -c 'import selenium' 2>/dev/null || { log "python3-selenium is missing: run scripts/install-deps.sh"; exit 1; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ledger-browser.XXXXXX")"
chmod 755 "$WORK" # as root the cluster runs as the postgres user, who must reach .data/
ln -s "$ROOT/sql" "$WORK/sql"
ln -s "$ROOT/openapi.yaml" "$WORK/openapi.yaml"
ln -s "$ROOT/web" "$WORK/web"
unset DATABASE_URL
export LEDGER_PG_PORT="$(free_port)"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
SERVER_PID=""

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

token() {
    "$APP" token create --root "$WORK" "$@" 2>>"$WORK/token.log" | tail -n 1
}

log "migrating a fresh embedded database (port $LEDGER_PG_PORT) and loading the demo"
"$APP" migrate --root "$WORK" >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; exit 1; }
"$APP" demo --root "$WORK" --days "${BROWSER_TEST_DEMO_DAYS:-90}" >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log" >&2; exit 1; }
ADMIN="$(token --role admin --name browser-admin)"
SUPERVISOR="$(token --role supervisor --name "Supervisor Li")"
CLERK="$(token --role clerk --station leifeng --name "Clerk Wang")"
for value in "$ADMIN" "$SUPERVISOR" "$CLERK"; do
    [[ "$value" =~ ^lgr_ ]] || { log "token create did not print a token"; cat "$WORK/token.log" >&2; exit 1; }
done

log "starting the server on $BASE"
"$APP" serve --root "$WORK" --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
    curl -fsS "$BASE/health" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { log "the server exited during start-up"; exit 1; }
    sleep 0.1
done
curl -fsS "$BASE/health" >/dev/null || { log "the server did not answer /health"; exit 1; }

BASE="$BASE" ADMIN_TOKEN="$ADMIN" SUPERVISOR_TOKEN="$SUPERVISOR" CLERK_TOKEN="$CLERK" \
    timeout --kill-after=10 "$TIME_LIMIT" /usr/bin/python3 "$ROOT/scripts/browser_test.py" "$@"
