"""Leftovers and consistency, with real processes: a server killed mid-upload, `actionplan fsck`, and the
server's own sweep of stale temporary files."""

import hashlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.backend.conftest import DEMO_EMAILS
from tests.backend.live import COMMAND, Live, live_server, sign_in

BOUNDARY = "----actionplan-fsck-boundary"
MIB = 1024 * 1024
TWO_DAYS_AGO = time.time() - 2 * 24 * 3600


def fsck(live: Live, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([COMMAND, "fsck", *args], env={**live.env, **env}, capture_output=True, text=True,
                          timeout=120)


def wait_for(condition, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def gone(pid: int) -> bool:
    """Dead: no process, or a zombie its parent has not reaped yet."""
    try:
        return "\nState:\tZ" in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True


def owners_action(live: Live, headers: dict) -> int:
    me = httpx.get(f"{live.api}/users/me", headers=headers).json()
    return httpx.get(f"{live.api}/actions", params={"owner_id": me["id"]}, headers=headers).json()["items"][0]["id"]


def upload(live: Live, headers: dict, action_id: int, text: str) -> dict:
    response = httpx.post(f"{live.api}/actions/{action_id}/evidence", headers=headers,
                          files={"file": ("note.txt", f"{text}\n".encode() * 100, "text/plain")},
                          data={"title": text, "effective_on": "2019-01-31", "contains_personal_data": "false"})
    assert response.status_code == 201, response.text
    return response.json()


def test_a_server_killed_mid_upload_leaves_a_partial_file_that_fsck_finds_once_stale_and_repairs(tmp_path):
    with live_server(tmp_path) as live:
        owner = sign_in(live, DEMO_EMAILS["action_owner"])
        action_id = owners_action(live, owner)
        fields = {"title": "Scanned case files", "effective_on": "2019-01-31", "contains_personal_data": "true"}
        preamble = b"".join(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                            for k, v in fields.items())
        preamble += (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="scans.pdf"\r\n'
                     "Content-Type: application/pdf\r\n\r\n").encode()
        size = 8 * MIB
        head = (f"POST /api/v1/actions/{action_id}/evidence HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Authorization: {owner['Authorization']}\r\n"
                f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                f"Content-Length: {len(preamble) + size + len(BOUNDARY) + 8}\r\n\r\n").encode()
        tmp = Path(live.env["ACTIONPLAN_EVIDENCE_DIR"]) / "tmp"
        port = int(live.base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(head + preamble + b"%PDF-1.7\n" + bytes(MIB))  # a megabyte of eight, then nothing
            wait_for(lambda: any(p.stat().st_size > 0 for p in tmp.iterdir()), "the server to write the upload")
            os.kill(live.pid, signal.SIGKILL)
            wait_for(lambda: gone(live.pid), "the server to die")
        partial = list(tmp.iterdir())
        assert len(partial) == 1 and partial[0].stat().st_size > 0  # nobody was left to discard it

        fresh = fsck(live)  # an upload in progress looks the same: not stale until untouched for a day
        assert fresh.returncode == 0, fresh.stdout + fresh.stderr
        os.utime(partial[0], (TWO_DAYS_AGO, TWO_DAYS_AGO))
        found = fsck(live)
        assert found.returncode == 1
        assert "stale temporary upload, untouched since" in found.stdout and str(partial[0]) in found.stdout
        assert partial[0].exists()  # listing removes nothing
        repaired = fsck(live, "--repair")
        assert repaired.returncode == 0, repaired.stdout + repaired.stderr
        assert f"{partial[0]} (removed)" in repaired.stdout
        assert not partial[0].exists()
        assert fsck(live).returncode == 0


def test_fsck_reports_damaged_rows_and_repairs_orphans_only(tmp_path):
    with live_server(tmp_path) as live:
        owner = sign_in(live, DEMO_EMAILS["action_owner"])
        action_id = owners_action(live, owner)
        lost, changed, fine = (upload(live, owner, action_id, text) for text in ("lost", "changed", "fine"))
        store = Path(live.env["ACTIONPLAN_EVIDENCE_DIR"])

        def path(sha: str) -> Path:
            return store / sha[:2] / sha[2:4] / sha
        path(lost["sha256"]).unlink()
        path(changed["sha256"]).write_bytes(b"overwritten by someone\n")
        stray = b"left by a crash between the file and its row\n"
        orphan = path(hashlib.sha256(stray).hexdigest())
        orphan.parent.mkdir(parents=True, exist_ok=True)
        orphan.write_bytes(stray)

        found = fsck(live)
        assert found.returncode == 1
        assert f"content missing for evidence {lost['id']} version 1: {lost['sha256']}" in found.stdout
        assert f"content does not match its SHA-256 for evidence {changed['id']} version 1" in found.stdout
        assert f"orphan content file, named by no evidence row: {orphan}" in found.stdout
        assert fine["sha256"] not in found.stdout

        repaired = fsck(live, "--repair")
        assert repaired.returncode == 1  # the damaged rows are for a person to mend, from a backup
        assert f"{orphan} (removed)" in repaired.stdout and not orphan.exists()
        assert "restore those files from a backup" in repaired.stderr
        for item in (lost, changed, fine):  # rows are never touched
            assert httpx.get(f"{live.api}/evidence/{item['id']}", headers=owner).json()["sha256"] == item["sha256"]


@pytest.mark.parametrize("run_worker", ["true", "false"])
def test_the_server_sweeps_stale_temporary_files_when_it_starts(tmp_path, run_worker):
    tmp = tmp_path / "evidence" / "tmp"
    tmp.mkdir(parents=True)
    stale, recent = tmp / "upload-from-last-week", tmp / "upload-in-progress"
    stale.write_bytes(b"partial")
    recent.write_bytes(b"partial")
    os.utime(stale, (TWO_DAYS_AGO, TWO_DAYS_AGO))
    with live_server(tmp_path, extra_env={"ACTIONPLAN_RUN_WORKER": run_worker}):
        wait_for(lambda: not stale.exists(), "the start-up sweep")
        assert recent.exists()
