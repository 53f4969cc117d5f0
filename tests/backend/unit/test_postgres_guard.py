"""When the suite is pointed at PostgreSQL and cannot reach it, it fails; it never skips."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_an_unreachable_postgresql_fails_the_run():
    env = {**os.environ, "ACTIONPLAN_TEST_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:1/test"}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "tests/backend/unit/test_milestones.py"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 3
    assert "PostgreSQL at postgresql+psycopg://postgres@127.0.0.1:1/test is unreachable" in result.stdout + result.stderr
