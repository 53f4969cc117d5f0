"""`actionplan rebaseline`: the command line's re-baseline, on a database of its own, through the real command."""

import subprocess

import yaml

from tests.backend.live import COMMAND, ROOT, fresh_database

HARINGEY_FILE = ROOT / "backend/actionplan/data/haringey-ofsted-action-plan-2019.yaml"


def test_the_command_rebaselines_and_plain_import_stays_refused(tmp_path):
    with fresh_database(tmp_path) as url:
        env = {"PATH": "/usr/bin:/bin", "ACTIONPLAN_DATABASE_URL": url, "ACTIONPLAN_DATA_DIR": str(tmp_path)}

        def run(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run([COMMAND, *args], env=env, capture_output=True, text=True, timeout=120)

        assert run("migrate").returncode == 0 and run("demo").returncode == 0
        data = yaml.safe_load(run("export", "1").stdout)
        seven = next(a for a in data["plan"]["areas"] if a["number"] == 7)
        seven["actions"][1]["text"] = "A joint quarterly report is produced and shared with partners."
        changed = tmp_path / "changed.yaml"
        changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

        made = run("rebaseline", str(changed), "--reason", "After the monitoring visit.", "--effective-on", "2019-06-10")
        assert made.returncode == 0, made.stderr
        assert "now at version 2, in effect from 2019-06-10" in made.stdout
        again = run("rebaseline", str(changed), "--reason", "Again.")
        assert again.returncode != 0 and "nothing to re-baseline" in again.stderr
        original = run("import", str(HARINGEY_FILE))
        assert original.returncode != 0 and "re-baseline" in original.stderr
        assert "Unchanged" in run("import", str(changed)).stdout

        data["plan"]["title"] = "Another title"
        changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        refused = run("rebaseline", str(changed), "--reason", "A new title.")
        assert refused.returncode != 0 and "plan.title" in refused.stderr
