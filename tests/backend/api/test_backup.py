"""`actionplan backup` and `actionplan restore`, run as an operator runs them, against a real server.

The source is a live server with its own database (SQLite, or a PostgreSQL schema when the suite runs on
PostgreSQL); each restore goes into a fresh database of the same kind, and SQLite → the suite's database
is tested too (SQLite → PostgreSQL on the PostgreSQL run).
"""

import hashlib
import io
import json
import subprocess
import tarfile
import threading
from pathlib import Path

import httpx
import pytest
from sqlalchemy import MetaData, select

from actionplan.core.db import make_engine
from tests.backend.conftest import DEMO_EMAILS
from tests.backend.live import COMMAND, Live, fresh_database, live_server, sign_in

QUIET = {"ACTIONPLAN_RUN_WORKER": "false"}  # no background writes: the source holds still when we compare


def cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([COMMAND, *args], env=env, capture_output=True, text=True, timeout=300)


def target_env(source: Live, data_dir: Path, url: str) -> dict:
    return {**source.env, "ACTIONPLAN_DATA_DIR": str(data_dir), "ACTIONPLAN_EVIDENCE_DIR": str(data_dir / "evidence"),
            "ACTIONPLAN_DATABASE_URL": url}


def every_row(url: str) -> dict[str, list[dict]]:
    """Every row of every table, read back through SQLAlchemy, in primary-key order."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            metadata = MetaData()
            metadata.reflect(bind=conn)
            return {t.name: [dict(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns)).mappings()]
                    for t in metadata.sorted_tables}
    finally:
        engine.dispose()


def named_hashes(rows: dict[str, list[dict]]) -> set[str]:
    return {r["sha256"] for table in ("evidence", "evidencefile") for r in rows[table] if r["sha256"]}


def content_files(evidence_dir: Path) -> dict[str, str]:
    """name → SHA-256 of what the file actually holds."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in evidence_dir.glob("??/??/*")}


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def archive_path(result: subprocess.CompletedProcess) -> Path:
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.split("Wrote ", 1)[1].split(":", 1)[0])


class Writer:
    """Uploads distinct evidence files one after another until stopped."""

    def __init__(self, live: Live, headers: dict, action_id: int):
        self.live, self.headers, self.action_id = live, headers, action_id
        self.done = 0
        self.progress = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=60) as http:
            while not self._stop.is_set():
                upload(http, self.live, self.headers, self.action_id, f"written during a backup {self.done}")
                with self.progress:
                    self.done += 1
                    self.progress.notify_all()

    def __enter__(self) -> "Writer":
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def wait_for(self, n: int) -> None:
        with self.progress:
            assert self.progress.wait_for(lambda: self.done >= n or not self._thread.is_alive(), timeout=60)
            assert self.done >= n, "the writer stopped"


def upload(http: httpx.Client, live: Live, headers: dict, action_id: int, text: str) -> dict:
    response = http.post(f"{live.api}/actions/{action_id}/evidence", headers=headers,
                         files={"file": ("note.txt", f"{text}\n".encode() * 200, "text/plain")},
                         data={"title": text, "effective_on": "2019-01-31", "contains_personal_data": "false"})
    assert response.status_code == 201, response.text
    return response.json()


def owners_action(live: Live, headers: dict) -> int:
    me = httpx.get(f"{live.api}/users/me", headers=headers).json()
    actions = httpx.get(f"{live.api}/actions", params={"owner_id": me["id"], "limit": 500}, headers=headers).json()
    return actions["items"][0]["id"]


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A running server with some history: evidence uploaded, replaced, erased."""
    tmp = tmp_path_factory.mktemp("backup-source")
    with live_server(tmp, extra_env=QUIET) as live:
        owner = sign_in(live, DEMO_EMAILS["action_owner"])
        action_id = owners_action(live, owner)
        with httpx.Client(timeout=60) as http:
            kept = upload(http, live, owner, action_id, "kept")
            replaced = upload(http, live, owner, action_id, "first version")
            http.put(f"{live.api}/evidence/{replaced['id']}/file", headers=owner,
                     files={"file": ("v2.txt", b"second version\n" * 50, "text/plain")}).raise_for_status()
            erased = upload(http, live, owner, action_id, "erased")
            http.post(f"{live.api}/evidence/{erased['id']}/erase", json={"reason": "held a child's name"},
                      headers=sign_in(live, DEMO_EMAILS["director"])).raise_for_status()
        live.owner, live.action_id, live.kept = owner, action_id, kept
        yield live


def test_backup_while_the_server_takes_writes_restores_a_consistent_copy(source, tmp_path):
    with Writer(source, source.owner, source.action_id) as writer:
        writer.wait_for(2)
        before = writer.done
        made = cli(source.env, "backup", str(tmp_path))
        during = writer.done - before
    archive = archive_path(made)
    assert during > 0, "no write landed while the backup ran"
    assert archive.stat().st_mode & 0o777 == 0o600
    manifest = manifest_of(archive)

    with fresh_database(tmp_path / "target") as url:
        env = target_env(source, tmp_path / "target", url)
        restored = cli(env, "restore", str(archive))
        assert restored.returncode == 0, restored.stderr
        assert cli(env, "audit-verify").returncode == 0
        rows = every_row(url)
        assert {name: len(rows[name]) for name in manifest["tables"]} == \
            {name: t["rows"] for name, t in manifest["tables"].items()}
        files = content_files(tmp_path / "target" / "evidence")
        assert all(name == digest for name, digest in files.items())
        assert sorted(files) == sorted(n.removeprefix("evidence/") for n in manifest["members"] if n.startswith("evidence/"))
        # Every file a row names is there: the erased one is not, nor one uploaded after the snapshot.
        assert named_hashes(rows) == set(files)


def test_round_trip_keeps_every_row_every_file_and_the_audit_chain(source, tmp_path):
    archive = archive_path(cli(source.env, "backup", str(tmp_path / "nightly.tar.gz")))
    assert archive == tmp_path / "nightly.tar.gz"
    with fresh_database(tmp_path / "target") as url:
        env = target_env(source, tmp_path / "target", url)
        restored = cli(env, "restore", str(archive))
        assert restored.returncode == 0, restored.stderr
        assert "the audit log verified" in restored.stdout
        assert cli(env, "audit-verify").returncode == 0
        assert every_row(url) == every_row(source.env["ACTIONPLAN_DATABASE_URL"])
        assert content_files(tmp_path / "target" / "evidence") == content_files(Path(source.env["ACTIONPLAN_EVIDENCE_DIR"]))


def test_sqlite_to_the_suite_database_then_the_restored_copy_serves_and_takes_writes(tmp_path):
    """On the PostgreSQL run this is the move from the embedded default to production."""
    sqlite_url = f"sqlite:///{tmp_path / 'embedded.db'}"
    with live_server(tmp_path / "embedded", extra_env={**QUIET, "ACTIONPLAN_DATABASE_URL": sqlite_url}) as embedded:
        owner = sign_in(embedded, DEMO_EMAILS["action_owner"])
        action_id = owners_action(embedded, owner)
        with httpx.Client(timeout=60) as http:
            item = upload(http, embedded, owner, action_id, "moved to production")
        archive = archive_path(cli(embedded.env, "backup", str(tmp_path)))
        source_rows = every_row(sqlite_url)
    assert manifest_of(archive)["database"] == "sqlite"

    with fresh_database(tmp_path / "production") as url:
        env = target_env(embedded, tmp_path / "production", url)
        restored = cli(env, "restore", str(archive))
        assert restored.returncode == 0, restored.stderr
        assert every_row(url) == source_rows
        with live_server(tmp_path / "production", extra_env=QUIET, database_url=url) as production:
            owner = sign_in(production, DEMO_EMAILS["action_owner"])
            download = httpx.get(f"{production.api}/evidence/{item['id']}/file", headers=owner)
            assert download.status_code == 200 and download.headers["x-content-sha256"] == item["sha256"]
            # New rows take new ids: the sequences continue after the restored rows.
            with httpx.Client(timeout=60) as http:
                later = upload(http, production, owner, action_id, "after the move")
            assert later["id"] > item["id"]
        assert cli(env, "audit-verify").returncode == 0


def _rewrite(archive: Path, out: Path, change) -> Path:
    """A copy of the archive with `change(name, data) -> data` applied to every member."""
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for member in src:
            data = change(member.name, src.extractfile(member).read())
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return out


def _left_behind(url: str, evidence_dir: Path) -> tuple[int, list[Path]]:
    rows = every_row(url)
    return sum(len(r) for r in rows.values()), [p for p in evidence_dir.rglob("*") if p.is_file()]


@pytest.fixture(scope="module")
def archive(source, tmp_path_factory) -> Path:
    return archive_path(cli(source.env, "backup", str(tmp_path_factory.mktemp("archive"))))


def test_restore_refuses_a_database_or_evidence_directory_that_is_not_empty(source, archive, tmp_path):
    with fresh_database(tmp_path / "target") as url:
        env = target_env(source, tmp_path / "target", url)
        assert cli(env, "migrate").returncode == 0  # an empty migrated schema is fine ...
        (tmp_path / "target" / "evidence" / "ab").mkdir(parents=True)
        refused = cli(env, "restore", str(archive))  # ... a directory with something in it is not
        assert refused.returncode == 2 and "evidence directory" in refused.stderr and "not empty" in refused.stderr
        (tmp_path / "target" / "evidence" / "ab").rmdir()
        assert cli(env, "demo").returncode == 0
        refused = cli(env, "restore", str(archive))
        assert refused.returncode == 2 and "database is not empty" in refused.stderr
        assert not list((tmp_path / "target" / "evidence").glob("??"))


def test_a_changed_file_in_the_archive_is_found_and_nothing_is_left(source, archive, tmp_path):
    damaged = _rewrite(archive, tmp_path / "damaged.tar.gz",
                       lambda name, data: data + b"x" if name.startswith("evidence/") else data)
    with fresh_database(tmp_path / "target") as url:
        env = target_env(source, tmp_path / "target", url)
        refused = cli(env, "restore", str(damaged))
        assert refused.returncode == 2 and "does not match its manifest" in refused.stderr
        assert _left_behind(url, tmp_path / "target" / "evidence") == (0, [])


def test_an_audit_log_changed_with_its_manifest_fails_verification_and_nothing_is_left(source, archive, tmp_path):
    """Someone rewrote an audit event and updated the manifest's hashes to match: the chain still tells."""
    def forge(name: str, data: bytes) -> bytes:
        if name == "db/auditevent.jsonl":
            lines = data.splitlines(keepends=True)
            event = json.loads(lines[3])
            event["actor_label"] = "someone else"
            lines[3] = json.dumps(event).encode() + b"\n"
            forged["db"] = b"".join(lines)
            return forged["db"]
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["members"]["db/auditevent.jsonl"] = {"sha256": hashlib.sha256(forged["db"]).hexdigest(),
                                                          "size": len(forged["db"])}
            return json.dumps(manifest).encode()
        return data
    forged: dict[str, bytes] = {}
    damaged = _rewrite(archive, tmp_path / "forged.tar.gz", forge)
    with fresh_database(tmp_path / "target") as url:
        env = target_env(source, tmp_path / "target", url)
        refused = cli(env, "restore", str(damaged))
        assert refused.returncode == 2 and "audit log is broken at event" in refused.stderr
        assert _left_behind(url, tmp_path / "target" / "evidence") == (0, [])


def test_something_that_is_not_an_archive_is_refused(source, tmp_path):
    not_archive = tmp_path / "notes.tar.gz"
    not_archive.write_bytes(b"not a tar file")
    with fresh_database(tmp_path / "target") as url:
        refused = cli(target_env(source, tmp_path / "target", url), "restore", str(not_archive))
        assert refused.returncode == 2 and "not a readable backup archive" in refused.stderr
