# Shared by scripts/run and scripts/test: a virtual environment in .venv, reinstalled only
# when backend/pyproject.toml changes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

need() { command -v "$1" >/dev/null 2>&1 || { echo "actionplan needs $1 ($2); install it and try again." >&2; exit 1; }; }

ensure_venv() {
  need python3 "Python 3.11 or newer"
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "actionplan needs Python 3.11 or newer." >&2; exit 1; }
  [ -x .venv/bin/python ] || python3 -m venv .venv
  local stamp=".venv/.actionplan-installed"
  local want; want="$(cat backend/pyproject.toml | sha256sum | cut -c1-16)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "Installing the backend into .venv ..."
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e 'backend[test]'
    echo "$want" > "$stamp"
  fi
}

# The web front end (frontend/): Node.js 20.19 or newer, and its packages installed by `npm ci`
# only when frontend/package-lock.json changes (stamped like the venv above).
ensure_frontend() {
  need node "Node.js 20.19 or newer, for the web front end"
  need npm "npm, which comes with Node.js"
  node -e 'const [major, minor] = process.versions.node.split(".").map(Number); process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1)' \
    || { echo "actionplan's web front end needs Node.js 20.19 or newer; this is $(node --version)." >&2; exit 1; }
  local stamp="frontend/node_modules/.actionplan-installed"
  local want; want="$(sha256sum frontend/package-lock.json | cut -c1-16)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "Installing the front end's packages (npm ci) ..."
    (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
}

# Builds the SPA into frontend/dist (type-checked first), which `actionplan serve` serves at /.
build_frontend() {
  ensure_frontend
  echo "Building the web front end ..."
  (cd frontend && npm run --silent build)
}
