"""The `actionplan` command, run as a user runs it, against its own SQLite file."""

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture
def run(tmp_path):
    env = {**os.environ, "ACTIONPLAN_DATA_DIR": str(tmp_path / "data")}
    env.pop("ACTIONPLAN_DATABASE_URL", None)

    def _run(*args, stdin=""):
        return subprocess.run([sys.executable, "-m", "actionplan.cli", *args], input=stdin, text=True,
                              capture_output=True, env=env, timeout=120)
    return _run


def test_migrate_demo_export_import(run, tmp_path):
    assert run("migrate").returncode == 0
    first = run("demo")
    assert first.returncode == 0, first.stderr
    assert "password (generated, shown once):" in first.stdout and "owner@actionplan.example" in first.stdout
    again = run("demo")
    assert again.returncode == 0 and "keep their passwords" in again.stdout
    assert (tmp_path / "data" / "secret_key").exists() is False  # only made when a token is first signed

    exported = run("export", "1", "--format", "json")
    assert exported.returncode == 0
    data = json.loads(exported.stdout)
    assert len(data["plan"]["areas"]) == 9
    path = tmp_path / "plan.json"
    path.write_text(exported.stdout)
    unchanged = run("import", str(path))
    assert unchanged.returncode == 0 and "Unchanged" in unchanged.stdout


def test_import_of_a_bad_file_says_where_and_exits_2(run, tmp_path):
    run("migrate")
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: actionplan/plan@1\nplan:\n  slug: Not A Slug\n")
    result = run("import", str(bad))
    assert result.returncode == 2
    assert "plan.slug (line 3, column 9)" in result.stderr and "plan.title" in result.stderr
    assert run("import", str(tmp_path / "missing.yaml")).returncode == 2


def test_create_user_reads_the_password_from_stdin(run):
    run("migrate")
    made = run("create-user", "--email", "First.Admin@Council.example", "--role", "admin", stdin="a long enough password\n")
    assert made.returncode == 0 and "first.admin@council.example (admin)" in made.stdout
    twice = run("create-user", "--email", "first.admin@council.example", "--role", "admin", stdin="another long password\n")
    assert twice.returncode == 2 and "already exists" in twice.stderr
    bad_role = run("create-user", "--email", "x@council.example", "--role", "mayor", stdin="a long enough password\n")
    assert bad_role.returncode == 2 and "'mayor' is not a role" in bad_role.stderr


def test_remind_on_a_given_day_and_refuses_what_is_not_a_date(run):
    assert run("migrate").returncode == 0
    assert run("demo").returncode == 0
    first = run("remind", "--date", "2019-05-13")
    assert first.returncode == 0, first.stderr
    assert "Reminders for 13 May 2019:" in first.stdout and "No email sent: ACTIONPLAN_SMTP_HOST is not set" in first.stdout
    assert "in one digest each to 0 people" not in first.stdout      # the demo's owners have overdue actions
    wrong = run("remind", "--date", "13/05/2019")
    assert wrong.returncode != 0 and "is not a date (YYYY-MM-DD)" in wrong.stderr
