#!/usr/bin/env bash
# The real backend for the browser tests: a fresh SQLite database with the demo plan in a temporary
# directory, serving the built SPA at / and the API under /api/v1 on 127.0.0.1:$PORT.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="$(mktemp -d -t actionplan-e2e.XXXXXX)"
SERVER=""
cleanup() {
  set +e
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; fi
  rm -rf "$DATA"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# Only this run's settings: never a database or evidence store configured for something else.
unset ACTIONPLAN_DATABASE_URL ACTIONPLAN_EVIDENCE_DIR ACTIONPLAN_CORS_ORIGINS
export ACTIONPLAN_DATA_DIR="$DATA" ACTIONPLAN_DEMO_PASSWORD="$E2E_PASSWORD" ACTIONPLAN_FRONTEND_DIR="$ROOT/frontend/dist"
[ -f "$ACTIONPLAN_FRONTEND_DIR/index.html" ] || { echo "No built SPA in $ACTIONPLAN_FRONTEND_DIR: run 'npm run build' in frontend/ first." >&2; exit 1; }
"$ROOT/.venv/bin/actionplan" migrate >/dev/null
"$ROOT/.venv/bin/actionplan" demo >/dev/null
# The server's log is kept beside the other artefacts, not mixed into the test report.
mkdir -p "$ROOT/test-results"
"$ROOT/.venv/bin/actionplan" serve --host 127.0.0.1 --port "$PORT" >"${E2E_SERVER_LOG:-$ROOT/test-results/e2e-server.log}" 2>&1 &
SERVER=$!
wait "$SERVER"
