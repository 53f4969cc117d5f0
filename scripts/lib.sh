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
