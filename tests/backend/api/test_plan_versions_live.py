"""Re-baselining a live installation: `actionplan rebaseline` through the real command, and racing
re-baselines over real HTTP, each on a database of its own."""

import subprocess

import httpx
import yaml

from tests.backend.api.test_concurrency import _race
from tests.backend.conftest import DEMO_EMAILS
from tests.backend.live import COMMAND, ROOT, fresh_database, live_server, sign_in

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


def test_racing_rebaselines_make_one_version(tmp_path):
    """Four directors' tabs re-baseline from the same read at once: one version is made, the others are told
    the plan moved on (412), and nothing is half-written."""
    with live_server(tmp_path, workers=2) as live:
        director = sign_in(live, DEMO_EMAILS["director"])
        versions = f"{live.api}/plans/1/versions"
        read = httpx.get(versions, headers=director)
        exported = subprocess.run([COMMAND, "export", "1"], env=live.env, capture_output=True, text=True, timeout=120)
        files = []
        for n in range(4):
            data = yaml.safe_load(exported.stdout)
            data["plan"]["areas"][6]["actions"][1]["text"] = f"Reworded in tab {n}."
            files.append(yaml.safe_dump(data, allow_unicode=True))
        answers = _race([lambda http, f=f: http.post(versions, headers={**director, "If-Match": read.headers["etag"]},
                                                     json={"reason": "After the visit.", "file": f}) for f in files])
        assert sorted(a.status_code for a in answers) == [201, 412, 412, 412], [a.text for a in answers]
        listed = httpx.get(versions, headers=director).json()
        assert [v["number"] for v in listed] == [1, 2]
        assert listed[1]["action_count"] == 40
