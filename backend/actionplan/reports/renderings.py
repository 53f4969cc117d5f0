"""Board pack PDFs are laid out by a background job, never in the request that asks for one.

Laying out a plan's PDF takes seconds (the Haringey plan) to many minutes (2,000 actions on a busy
machine): longer than anyone should wait on a request. So a request for a pack's PDF answers at once:
- with the file, when a rendering of exactly this pack is stored. Its key is the renderer's version and
  the SHA-256 of the pack's JSON, so any change to the pack is a different file;
- otherwise with 202 and when to ask again, having queued one job to lay it out. The key is unique, so
  however many requests and servers ask at once there is one row and one job;
- when the last attempt failed, with a problem (503), having queued it again: asking again tries again.

Files live under <data_dir>/packs, written to a temporary file, flushed to disk and renamed into place,
so no reader ever sees half a file. Nothing is held in a process: every server and worker sharing the
database and the data directory agrees. A meeting's pack comes from its frozen snapshot, so its key and
its bytes never change.
"""

import datetime as dt
import hashlib
import logging
import os
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from actionplan import jobs
from actionplan.core.config import Settings, get_settings
from actionplan.core.db import begin_writing
from actionplan.core.errors import AppError
from actionplan.core.types import utcnow
from actionplan.jobs.models import Job
from actionplan.reports.models import PackRendering
from actionplan.reports.pack import BoardPack
from actionplan.reports.service import FORMATS, RENDERER_VERSION

log = logging.getLogger("actionplan.reports")

RENDER_JOB = "reports.render-pdf"
# How long a worker holds the job before another may take it up: a plan of 2,000 actions took 22 minutes
# on a busy machine, far past the runner's default lease.
RENDER_LEASE = dt.timedelta(hours=1)
# Any date makes a pack, so renderings are forgotten this long after they were asked for; one asked for
# again is made again (the same bytes: a meeting's from its snapshot).
KEEP_RENDERINGS = dt.timedelta(days=30)


class PackPreparing(BaseModel):
    """The answer while the PDF is being made."""

    status: Literal["queued", "rendering"] = Field(
        description="queued: waiting for a worker; rendering: a worker is laying it out.")
    detail: str = Field(description="What is happening, in words for the reader.")
    retry_after_seconds: int = Field(description="Ask again (the same address) after this many seconds.")


class RenderFailed(AppError):
    status, code, title = 503, "pack_render_failed", "The PDF could not be made"


def pack_dir(settings: Settings) -> Path:
    return settings.data_dir / "packs"


def _key(document: str) -> str:
    return f"pdf-r{RENDERER_VERSION}-{hashlib.sha256(document.encode()).hexdigest()}"


def _file(directory: Path, key: str) -> Path:
    return directory / f"{key}.pdf"


def _read(path: Path, row: PackRendering) -> bytes | None:
    """The stored file, unless it is missing or not the one the row describes (a restore without the
    data directory, a damaged disk): then it is made again."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return data if hashlib.sha256(data).hexdigest() == row.sha256 else None


def _enqueue(session: Session, rendering_id: int) -> None:
    job = jobs.enqueue(session, RENDER_JOB, {"rendering_id": rendering_id})
    session.flush()
    session.execute(update(PackRendering).where(col(PackRendering.id) == rendering_id).values(job_id=job.id))


def request_pdf(session: Session, pack: BoardPack, document: str | None = None) -> PackRendering:
    """The pack's rendering, with a job queued to make it if nobody has asked before. The caller commits."""
    document = document or pack.model_dump_json()
    key = _key(document)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    # Does nothing when the key exists: on PostgreSQL it waits for a concurrent insert of the same key
    # to commit first. So exactly one request queues the job.
    new_id = session.execute(
        insert(PackRendering).values(key=key, state="pending", document=document, requested_at=utcnow())
        .on_conflict_do_nothing(index_elements=["key"]).returning(PackRendering.id)).scalar_one_or_none()
    if new_id is not None:
        _enqueue(session, new_id)
    return session.exec(select(PackRendering).where(PackRendering.key == key)).one()


def _queue_again(session: Session, row: PackRendering, document: str) -> None:
    # Only if nobody has since: another request queueing it has changed its state or its job.
    moved = session.execute(
        update(PackRendering).where(col(PackRendering.id) == row.id, col(PackRendering.state) == row.state,
                                    col(PackRendering.job_id) == row.job_id)
        .values(state="pending", document=document, error=None, requested_at=utcnow())).rowcount
    if moved == 1:
        _enqueue(session, row.id)


def _preparing(session: Session, row: PackRendering, actions: int) -> PackPreparing:
    job = session.get(Job, row.job_id) if row.job_id else None
    status = "rendering" if job is not None and job.state == "running" else "queued"
    # Polling costs a pack built each time: a large plan, which takes minutes to lay out, is asked less often.
    retry_after = min(60, max(5, actions // 50))
    words = "is being laid out" if status == "rendering" else "is waiting to be laid out"
    return PackPreparing(status=status, retry_after_seconds=retry_after,
                         detail=f"The PDF is being prepared: it {words}. Ask again in {retry_after} seconds.")


def stored_pdf(session: Session, pack: BoardPack, directory: Path) -> bytes | PackPreparing:
    """The pack's PDF if it is stored; else what is being done about it (queued if needed)."""
    document = pack.model_dump_json()
    key = _key(document)
    row = session.exec(select(PackRendering).where(PackRendering.key == key)).first()
    if row is not None and row.state == "ready" and (data := _read(_file(directory, key), row)) is not None:
        return data
    begin_writing(session)
    row = request_pdf(session, pack, document)
    job = session.get(Job, row.job_id) if row.job_id else None
    session.refresh(row)  # read after its job: a job that has just finished has finished the row with it
    # Pending with no job left to make it: its workers died on it every time (the job failed), or the
    # job was forgotten. Reported and queued again like a failure.
    failed = row.state == "failed" or (row.state == "pending" and (job is None or job.state in ("done", "failed")))
    if failed or row.state == "ready":  # a ready one here has lost its file
        _queue_again(session, row, document)
    answer = _preparing(session, row, len(pack.actions))
    session.commit()
    if failed:
        raise RenderFailed("The PDF of this board pack could not be made. It has been queued again: "
                           "ask again in a minute. If it fails again, tell the service's administrators.",
                           headers={"Retry-After": "60"})
    return answer


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a crash
    finally:
        os.close(directory)


@jobs.queued(RENDER_JOB, lease=RENDER_LEASE)
def render_pdf(session: Session, payload: dict) -> None:
    """Lays out one pack's PDF and stores it. A failure is recorded on the rendering (the next request
    reports it and queues it again) rather than retried here: laying out is a pure function of the pack,
    so trying the same pack again at once would fail the same way."""
    rendering_id = payload["rendering_id"]
    row = session.get(PackRendering, rendering_id)
    if row is None or row.state != "pending":  # made by an earlier job, or forgotten
        return
    key, document = row.key, row.document
    # Laid out outside any transaction: on SQLite an open one holds the database's write lock, and on
    # PostgreSQL it would sit idle for the minutes a large plan takes. Nothing has been written yet.
    session.rollback()
    try:
        data = FORMATS["pdf"].render(BoardPack.model_validate_json(document))
        _write_atomically(_file(pack_dir(get_settings()), key), data)
    except Exception as exc:
        log.exception("the board pack %s could not be laid out", key)
        values = {"state": "failed", "error": type(exc).__name__[:200]}
    else:
        values = {"state": "ready", "document": None, "size_bytes": len(data),
                  "sha256": hashlib.sha256(data).hexdigest(), "rendered_at": utcnow()}
    session.execute(update(PackRendering).where(col(PackRendering.id) == rendering_id,
                                                col(PackRendering.state) == "pending").values(**values))


@jobs.periodic("reports.forget-renderings", every=jobs.DAILY)
def forget_renderings(session: Session, slot: dt.datetime) -> None:
    """Renderings asked for more than KEEP_RENDERINGS ago, with their files, and temporary files a worker
    killed mid-write left. A file goes before its row: should the row's deletion roll back, a ready row
    without its file is made again when next asked for."""
    directory = pack_dir(get_settings())
    old = session.exec(select(PackRendering.id, PackRendering.key)
                       .where(col(PackRendering.requested_at) < slot - KEEP_RENDERINGS)).all()
    for _, key in old:
        _file(directory, key).unlink(missing_ok=True)
    if old:
        session.execute(delete(PackRendering).where(col(PackRendering.id).in_([i for i, _ in old])))
    cutoff = (slot - dt.timedelta(days=1)).timestamp()
    for stale in directory.glob(".tmp-*") if directory.is_dir() else ():
        if stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)
