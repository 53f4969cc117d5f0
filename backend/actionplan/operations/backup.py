"""Backup and restore: every row of every table and every evidence file in one archive, in a form that
neither database owns, so that an archive made on the embedded SQLite restores into PostgreSQL.

The archive is a gzipped tar:

    db/<table>.jsonl     one JSON object per row, in primary-key order
    evidence/<sha256>    every content file that a row names
    manifest.json        the format, the Alembic revision, when and from which database it was made,
                         each table's columns (with how their values are written) and row count, the
                         audit chain's head, and the SHA-256 and size of every other member

The rows are read inside one consistent snapshot while the server keeps writing: on SQLite a copy made
with SQLite's online backup API, on PostgreSQL one REPEATABLE READ read-only transaction. No content
file can be removed between that snapshot and the copy of the files (the store's `frozen` lock; an
erasure waits for it), so every file a row names is there to copy.

Not in the archive, on purpose: the secret key that signs tokens, and any key that the audit chain
depends on. They are backed up apart (see README, Operations), so a stolen archive is not enough to
forge either.
"""

import base64
import datetime as dt
import decimal
import gzip
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from sqlalchemy import JSON, Date, DateTime, Float, Integer, LargeBinary, MetaData, Numeric, Table, Time, func, \
    inspect, select, text
from sqlalchemy.engine import Connection, make_url
from sqlmodel import Session, create_engine

from actionplan.audit.service import verify_chain
from actionplan.core.config import Settings
from actionplan.core.db import make_engine
from actionplan.core.errors import AppError
from actionplan.core.migrate import upgrade
from actionplan.evidence.content import hashes_in_use
from actionplan.storage.files import LocalEvidenceStore, check_sha256

FORMAT = "actionplan/backup@1"
MANIFEST = "manifest.json"
_DB_MEMBER = re.compile(r"db/([a-z_][a-z0-9_]*)\.jsonl")
_EVIDENCE_MEMBER = re.compile(r"evidence/([0-9a-f]{64})")
_CHUNK = 1024 * 1024
_BATCH = 1000


class BackupFailed(AppError):
    code, title = "backup_failed", "Backup or restore failed"


# Making an archive

def backup(settings: Settings, dest: Path) -> tuple[Path, dict]:
    """Writes the archive (to `dest`, or a dated name inside it if it is a directory) and returns its
    path and manifest. The archive appears only when complete."""
    if dest.is_dir():
        dest = dest / f"actionplan-backup-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.tar.gz"
    partial = dest.with_name(f".{dest.name}.partial-{os.getpid()}")
    store = LocalEvidenceStore(settings.evidence_dir)
    try:
        # 0600: the archive holds everything the database and the evidence do, personal data included.
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as raw:
            with store.frozen(), _snapshot(settings.database_url, dest.parent) as connection, \
                    tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                manifest = _write_archive(connection, store, tar)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, dest)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return dest, manifest


@contextmanager
def _snapshot(url: str, scratch: Path) -> Iterator[Connection]:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or not Path(parsed.database).is_file():
            raise BackupFailed(f"There is no SQLite database at {parsed.database}.")
        with tempfile.TemporaryDirectory(prefix=".actionplan-backup-", dir=scratch) as tmp:
            copy = Path(tmp) / "snapshot.db"
            source = sqlite3.connect(f"{Path(parsed.database).resolve().as_uri()}?mode=ro", uri=True)
            target = sqlite3.connect(copy)
            try:
                source.backup(target)  # all pages in one step: one read transaction, one moment
            finally:
                target.close()
                source.close()
            engine = create_engine(f"sqlite:///{copy}")
            try:
                with engine.connect() as connection, connection.begin():
                    yield connection
            finally:
                engine.dispose()
        return
    engine = make_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True) \
                as connection, connection.begin():
            yield connection
    finally:
        engine.dispose()


def _write_archive(connection: Connection, store: LocalEvidenceStore, tar: tarfile.TarFile) -> dict:
    members: dict[str, dict] = {}
    tables: dict[str, dict] = {}
    for table in _tables(connection):
        columns = {c.name: _kind(c.type) for c in table.columns}
        with tempfile.SpooledTemporaryFile(max_size=16 * _CHUNK, mode="w+b") as rows:
            count = 0
            result = connection.execution_options(yield_per=_BATCH).execute(
                select(table).order_by(*table.primary_key.columns))
            for row in result.mappings():
                rows.write(json.dumps({name: _encode(kind, row[name]) for name, kind in columns.items()},
                                      ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
                count += 1
            members[f"db/{table.name}.jsonl"] = _add(tar, f"db/{table.name}.jsonl", rows)
        tables[table.name] = {"rows": count, "columns": columns}
    with Session(bind=connection) as session:
        hashes = sorted(hashes_in_use(session))
    for sha256 in hashes:
        try:
            with store.open(sha256) as f:
                entry = _add(tar, f"evidence/{sha256}", f)
        except FileNotFoundError:
            raise BackupFailed(f"Evidence content {sha256} is named by a row but missing from the store; "
                               "run `actionplan fsck` to see which items.") from None
        if entry["sha256"] != sha256:
            raise BackupFailed(f"Evidence content {sha256} no longer matches its hash (the file changed on disk); "
                               "run `actionplan fsck` to see which items.")
        members[f"evidence/{sha256}"] = entry
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "database": connection.dialect.name,
        "alembic_revision": _revision(connection),
        "audit_head": _audit_head(connection),
        "tables": tables,
        "members": members,
    }
    data = json.dumps(manifest, indent=1, sort_keys=True).encode()
    info = tarfile.TarInfo(MANIFEST)
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
    with tempfile.SpooledTemporaryFile() as f:
        f.write(data)
        f.seek(0)
        tar.addfile(info, f)
    return manifest


def _size(f: IO[bytes]) -> int:
    f.seek(0, os.SEEK_END)
    size = f.tell()
    f.seek(0)
    return size


def _add(tar: tarfile.TarFile, name: str, f: IO[bytes]) -> dict:
    size = _size(f)
    reader = _HashingReader(f)
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(time.time()), 0o600
    tar.addfile(info, reader)
    return {"sha256": reader.hash.hexdigest(), "size": size}


class _HashingReader:
    def __init__(self, f: IO[bytes]):
        self._f, self.hash = f, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        chunk = self._f.read(n)
        self.hash.update(chunk)
        return chunk


def _tables(connection: Connection) -> list[Table]:
    """Every table as the database has it (not as this version's models say): in an order that
    satisfies foreign keys."""
    metadata = MetaData()
    metadata.reflect(bind=connection)
    return [t for t in metadata.sorted_tables if t.name != "alembic_version"]


def _revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _audit_head(connection: Connection) -> dict | None:
    row = connection.execute(text("SELECT id, hash FROM auditevent ORDER BY id DESC LIMIT 1")).first()
    return None if row is None else {"id": row.id, "hash": row.hash}


# How a value is written, by the column's type: JSON has no dates, bytes or exact decimals.

def _kind(type_) -> str:
    for cls, kind in ((DateTime, "datetime"), (Date, "date"), (Time, "time"), (JSON, "json"),
                      (LargeBinary, "bytes"), (Float, "plain"), (Numeric, "decimal")):
        if isinstance(type_, cls):
            return kind
    return "plain"


def _encode(kind: str, value: Any) -> Any:
    if value is None or kind in ("plain", "json"):
        return value
    if kind in ("datetime", "date", "time"):
        return value.isoformat()
    if kind == "bytes":
        return base64.b64encode(value).decode()
    return str(value)  # decimal


def _decode(kind: str, value: Any) -> Any:
    if value is None or kind in ("plain", "json"):
        return value
    if kind == "datetime":
        return dt.datetime.fromisoformat(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "time":
        return dt.time.fromisoformat(value)
    if kind == "bytes":
        return base64.b64decode(value)
    return decimal.Decimal(value)


# Restoring

def restore(settings: Settings, archive: Path) -> dict:
    """Into an empty database and an empty evidence directory only. Every member's hash is checked,
    the rows go in within one transaction, the files are moved into place, and the counts, the files
    and the audit chain are checked before that transaction commits. On any failure nothing is left:
    the transaction rolls back and the files placed are removed."""
    evidence_dir = settings.evidence_dir
    _require_empty_dir(evidence_dir)
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    store = LocalEvidenceStore(evidence_dir)
    staging = Path(tempfile.mkdtemp(prefix="restore-", dir=store.tmp_dir))
    placed: list[Path] = []
    engine = make_engine(settings.database_url)
    try:
        manifest = _unpack(archive, staging)
        with engine.connect() as connection, connection.begin():
            _require_empty_database(connection, manifest["alembic_revision"])
            upgrade(connection, manifest["alembic_revision"])
            _clear_seeded(connection)
            _insert_rows(connection, manifest, staging / "db")
            _check_counts(connection, manifest)
            _reset_sequences(connection)
            upgrade(connection)
            for name in manifest["members"]:
                if found := _EVIDENCE_MEMBER.fullmatch(name):
                    placed.append(store.adopt(staging / name, found[1]))
            _check_restored(connection, manifest, store, settings)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        raise
    finally:
        engine.dispose()
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _require_empty_dir(evidence_dir: Path) -> None:
    if not evidence_dir.exists():
        return
    leftovers = [p for p in evidence_dir.iterdir() if not (p.name == "tmp" and not any(p.iterdir()))]
    if leftovers:
        raise BackupFailed(f"The evidence directory {evidence_dir} is not empty: restore only into an empty one.")


def _require_empty_database(connection: Connection, revision: str | None) -> None:
    tables = _tables(connection)
    if not tables:
        return
    filled = [t.name for t in tables if connection.execute(select(func.count()).select_from(t)).scalar()]
    if filled:
        raise BackupFailed(f"The database is not empty (table {filled[0]} has rows): restore only into an "
                           "empty database.")
    if _revision(connection) != revision:
        raise BackupFailed(f"The database has the schema of revision {_revision(connection)}, the archive "
                           f"{revision}: restore into a database without tables.")


def _unpack(archive: Path, staging: Path) -> dict:
    """Extracts every member, checking its name and hash; returns the manifest."""
    seen: dict[str, dict] = {}
    manifest = None
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                if not member.isfile():
                    raise BackupFailed(f"The archive holds {member.name!r}, which is not a file.")
                source = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.load(source)
                    continue
                if not (_DB_MEMBER.fullmatch(member.name) or _EVIDENCE_MEMBER.fullmatch(member.name)):
                    raise BackupFailed(f"The archive holds {member.name!r}, which a backup never contains.")
                seen[member.name] = _extract(source, staging / member.name)
    except (tarfile.TarError, EOFError, gzip.BadGzipFile, zlib.error, ValueError) as exc:
        raise BackupFailed(f"{archive} is not a readable backup archive: {exc}.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupFailed(f"{archive} is not an actionplan backup ({FORMAT}): its manifest is missing or "
                           "of another format.")
    expected = manifest.get("members", {})
    for name in sorted(set(expected) | set(seen)):
        if name not in seen:
            raise BackupFailed(f"The archive is incomplete: {name} is missing.")
        if name not in expected or expected[name] != seen[name]:
            raise BackupFailed(f"The archive's {name} does not match its manifest (its SHA-256 differs): the "
                               "archive is damaged or was changed.")
        if (found := _EVIDENCE_MEMBER.fullmatch(name)) and seen[name]["sha256"] != found[1]:
            raise BackupFailed(f"The archive's {name} does not hold the content its name says.")
    return manifest


def _extract(source: IO[bytes], path: Path) -> dict:
    path.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with path.open("xb") as out:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def _clear_seeded(connection: Connection) -> None:
    """Rows a migration seeds into the new, empty database (the governance forums) are in the archive
    too, as they stood: the archive's copy is the one kept."""
    for table in reversed(_tables(connection)):  # dependants first
        if connection.execute(select(func.count()).select_from(table)).scalar():
            connection.execute(table.delete())


def _insert_rows(connection: Connection, manifest: dict, db_dir: Path) -> None:
    tables = _tables(connection)
    archived = manifest["tables"]
    extra = set(archived) - {t.name for t in tables}
    if extra:
        raise BackupFailed(f"The archive has table {sorted(extra)[0]}, which revision "
                           f"{manifest['alembic_revision']} of the schema does not.")
    for table in tables:
        spec = archived.get(table.name)
        if spec is None or set(spec["columns"]) != set(table.columns.keys()):
            raise BackupFailed(f"The archive's table {table.name} does not have the columns of revision "
                               f"{manifest['alembic_revision']}.")
        kinds = spec["columns"]
        batch = []
        with (db_dir / f"{table.name}.jsonl").open("rb") as rows:
            for line in rows:
                batch.append({name: _decode(kinds[name], value) for name, value in json.loads(line).items()})
                if len(batch) == _BATCH:
                    connection.execute(table.insert(), batch)
                    batch = []
        if batch:
            connection.execute(table.insert(), batch)


def _reset_sequences(connection: Connection) -> None:
    """Rows went in with their ids: PostgreSQL's sequences must continue after them (SQLite's do)."""
    if connection.dialect.name != "postgresql":
        return
    quote = connection.dialect.identifier_preparer.quote
    for table in _tables(connection):
        for column in table.primary_key.columns:
            if not isinstance(column.type, Integer):
                continue
            sequence = connection.execute(text("SELECT pg_get_serial_sequence(:table, :column)"),
                                          {"table": quote(table.name), "column": column.name}).scalar()
            if sequence:
                connection.execute(text(f"SELECT setval(:sequence, (SELECT COALESCE(MAX({quote(column.name)}), 0) + 1 "
                                        f"FROM {quote(table.name)}), false)"), {"sequence": sequence})


def _check_counts(connection: Connection, manifest: dict) -> None:
    for name, spec in manifest["tables"].items():
        table = Table(name, MetaData(), autoload_with=connection)
        count = connection.execute(select(func.count()).select_from(table)).scalar()
        if count != spec["rows"]:
            raise BackupFailed(f"Table {name} has {count} rows after the restore; the archive has {spec['rows']}.")


def _check_restored(connection: Connection, manifest: dict, store: LocalEvidenceStore, settings: Settings) -> None:
    with Session(bind=connection) as session:
        for sha256 in sorted(hashes_in_use(session)):
            if not store.exists(check_sha256(sha256)):
                raise BackupFailed(f"Evidence content {sha256} is named by a row but is not in the archive.")
        verify_audit(session, settings)
    if _audit_head(connection) != manifest["audit_head"]:
        raise BackupFailed("The restored audit log does not end where the archive's manifest says it does.")


def verify_audit(session: Session, settings: Settings) -> None:
    """The one place a restore checks the audit log: the same check as `actionplan audit-verify`, with
    this installation's audit key (kept apart from the archive) and its checkpoint files."""
    result = verify_chain(session, settings)
    if not result.ok:
        where = f" at event {result.broken_event.id}" if result.broken_event is not None else ""
        raise BackupFailed(f"The archive's audit log is broken{where}: {result.problem}; "
                           f"{result.events_checked} events were checked. Nothing was restored.")
