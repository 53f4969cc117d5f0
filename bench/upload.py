"""Times a large evidence upload over real HTTP against copying the same file on the same disk.

    .venv/bin/python -m bench.upload [--mib 1024] [--runs 3] [--database URL]

Starts the real server (bench/harness.py), makes a file of --mib MiB that reads as a PDF (random
bytes after the signature, different in each run so that none is a duplicate), uploads it with curl
as the demo action owner, and prints MB/s beside `cp` of the same file (and `cp` with an fsync, since
the store syncs what it keeps), with the server's resident memory before, at its peak and after.
"""

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import machine, serve, sign_in, tmpdir  # noqa: E402
from tests.backend.conftest import DEMO_EMAILS  # noqa: E402

BLOCK = 16 * 1024 * 1024


def make_file(path: Path, mib: int, run: int) -> None:
    with path.open("wb") as out:
        out.write(b"%PDF-1.7\n% bench run " + str(run).encode() + b"\n")
        block = os.urandom(BLOCK)
        for i in range(mib * 1024 * 1024 // BLOCK):
            out.write(block[:-8] + i.to_bytes(8, "big"))


def memory(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) // 1024  # MiB
    return fields


def reset_peak(pid: int) -> None:
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM starts again from the current RSS
    except OSError:
        pass


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def hash_seconds(path: Path) -> float:
    """SHA-256 of the file, read in 4 MiB pieces: the floor under any upload kept by its hash."""
    start = time.perf_counter()
    with path.open("rb") as source:
        hashlib.file_digest(source, "sha256")
    return time.perf_counter() - start


def copy_seconds(source: Path, target: Path, sync: bool) -> float:
    target.unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run(["cp", str(source), str(target)], check=True)
    if sync:
        fd = os.open(target, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
    elapsed = time.perf_counter() - start
    target.unlink()
    return elapsed


def upload_seconds(url: str, token: str, path: Path) -> float:
    start = time.perf_counter()
    out = subprocess.run(["curl", "-s", "-o", str(path.with_suffix(".answer")), "-w", "%{http_code}", "-H", "Expect:", "-H", token,
                          "-F", "title=Bench upload", "-F", "contains_personal_data=false", "-F", "effective_on=2026-11-01",
                          "-F", f"file=@{path};type=application/pdf", url], capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - start
    if out.stdout.strip() != "201":
        raise RuntimeError(f"the upload answered {out.stdout}: {path.with_suffix('.answer').read_text()[:500]}")
    return elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", help="a PostgreSQL URL (default: an SQLite file)")
    args = parser.parse_args(argv)
    size = args.mib * 1024 * 1024
    with tmpdir() as tmp_name:
        tmp = Path(tmp_name)
        limit = {"ACTIONPLAN_EVIDENCE_MAX_BYTES": str(size + 1024 * 1024)}
        with serve(tmp, args.database, extra_env=limit) as live:
            owner = sign_in(live, DEMO_EMAILS["action_owner"])
            me = httpx.get(f"{live.api}/users/me", headers=owner).json()["id"]
            action = httpx.get(f"{live.api}/actions", params={"owner_id": me, "limit": 1}, headers=owner).json()
            url = f"{live.api}/actions/{action['items'][0]['id']}/evidence"
            token = f"Authorization: {owner['Authorization']}"
            source = tmp / "upload.pdf"
            copies, synced, hashed, uploads, cpu, peaks, growth = [], [], [], [], [], [], []
            for run in range(args.runs):
                make_file(source, args.mib, run)
                copies.append(copy_seconds(source, tmp / "copy.pdf", sync=False))
                synced.append(copy_seconds(source, tmp / "copy.pdf", sync=True))
                hashed.append(hash_seconds(source))
                before, cpu_before = memory(live.pid), cpu_seconds(live.pid)
                reset_peak(live.pid)
                uploads.append(upload_seconds(url, token, source))
                cpu.append(cpu_seconds(live.pid) - cpu_before)
                after = memory(live.pid)
                peaks.append(after["VmHWM"] - before["VmRSS"])
                growth.append(after["VmRSS"] - before["VmRSS"])
            shutil.rmtree(tmp / "evidence", ignore_errors=True)
    rate = lambda seconds: size / statistics.median(seconds) / 1e6  # noqa: E731
    print(f"{args.mib} MiB upload, {args.runs} runs (medians), {'PostgreSQL' if args.database else 'SQLite'}; "
          f"{machine()}\n")
    print("| what | MB/s | share of cp |\n|---|---|---|")
    print(f"| cp | {rate(copies):.0f} | 100% |")
    print(f"| cp, then fsync | {rate(synced):.0f} | {rate(synced) / rate(copies):.0%} |")
    print(f"| SHA-256 of the file alone (one core) | {rate(hashed):.0f} | {rate(hashed) / rate(copies):.0%} |")
    print(f"| upload over HTTP (curl → server → store, fsync) | {rate(uploads):.0f} | {rate(uploads) / rate(copies):.0%} |")
    print(f"\nserver CPU per upload: {statistics.median(cpu):.2f} s ({statistics.median(cpu) / args.mib * 1024:.2f} s a GiB) "
          f"for {statistics.median(uploads):.2f} s of wall time")
    print(f"server memory: peak {max(peaks)} MiB above its resident size before the upload; "
          f"{max(growth)} MiB more resident after it")


if __name__ == "__main__":
    main()
