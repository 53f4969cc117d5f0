"""docker-compose.yml validates with the official Compose v2 binary (no engine needed)."""

import os
import subprocess
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _compose(env: dict) -> subprocess.CompletedProcess:
    # The package's wrapper always exits 0, so call the binary it ships.
    binary = Path(find_spec("compose").origin).parent / "docker-compose"
    return subprocess.run([str(binary), "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
                          capture_output=True, text=True, env={"PATH": os.environ["PATH"], **env}, timeout=60)


def test_compose_file_is_valid():
    result = _compose({"POSTGRES_PASSWORD": "x", "ACTIONPLAN_SECRET_KEY": "y", "ACTIONPLAN_AUDIT_KEY": "z"})
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_compose_refuses_to_start_without_its_secrets():
    result = _compose({})
    assert result.returncode != 0 and "POSTGRES_PASSWORD" in result.stderr
    result = _compose({"POSTGRES_PASSWORD": "x", "ACTIONPLAN_SECRET_KEY": "y"})
    assert result.returncode != 0 and "ACTIONPLAN_AUDIT_KEY" in result.stderr
