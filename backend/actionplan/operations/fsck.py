"""Checking the evidence store against the database: `actionplan fsck`.

Finds content files that no row names (left by a crash between moving a file into place and the
commit), temporary files of uploads that never finished (a server killed mid-upload), and rows whose
content is missing or no longer matches its hash. Repair removes the first two kinds only: a damaged
row is evidence of something that needs a person (restore the file from a backup), never a deletion.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from actionplan.evidence.content import hashes_in_use, lock_contents
from actionplan.evidence.models import Evidence, EvidenceFile
from actionplan.storage.files import LocalEvidenceStore


@dataclass
class Damaged:
    sha256: str
    rows: list[str]  # "evidence 12 version 1"


@dataclass
class Report:
    orphans: list[Path] = field(default_factory=list)
    stale_uploads: list[Path] = field(default_factory=list)
    missing: list[Damaged] = field(default_factory=list)
    mismatched: list[Damaged] = field(default_factory=list)
    removed: set[Path] = field(default_factory=set)

    @property
    def clean(self) -> bool:
        """Nothing wrong is left."""
        return not (self.missing or self.mismatched) and {*self.orphans, *self.stale_uploads} <= self.removed

    def lines(self) -> list[str]:
        def mark(path: Path) -> str:
            return " (removed)" if path in self.removed else ""
        out = [f"orphan content file, named by no evidence row: {p}{mark(p)}" for p in self.orphans]
        out += [f"stale temporary upload, untouched since {_mtime(p)}: {p}{mark(p)}" for p in self.stale_uploads]
        out += [f"content missing for {', '.join(d.rows)}: {d.sha256}" for d in self.missing]
        out += [f"content does not match its SHA-256 for {', '.join(d.rows)}: {d.sha256}" for d in self.mismatched]
        return out


def _mtime(path: Path) -> str:
    try:
        return f"{dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC):%Y-%m-%d %H:%M:%S} UTC"
    except FileNotFoundError:
        return "(gone)"


def fsck(engine: Engine, store: LocalEvidenceStore, *, tmp_max_age_seconds: float, repair: bool) -> Report:
    report = Report(stale_uploads=store.stale_uploads(tmp_max_age_seconds))
    with Session(engine) as session:
        named = _rows_by_hash(session)
        session.rollback()  # no transaction stays open while every file is read
    for sha256, rows in sorted(named.items()):
        if not store.exists(sha256):
            report.missing.append(Damaged(sha256, rows))
        elif _file_hash(store, sha256) != sha256:
            report.mismatched.append(Damaged(sha256, rows))
    report.orphans = [store.path_for(h) for h in sorted(set(store.content_hashes()) - set(named))]
    if repair:
        report.removed |= {p for p in report.orphans if _remove_orphan(engine, store, p.name)}
        report.removed |= set(store.sweep_stale_uploads(tmp_max_age_seconds)) & set(report.stale_uploads)
    return report


def _rows_by_hash(session: Session) -> dict[str, list[str]]:
    named: dict[str, list[str]] = {}
    for evidence_id, version, sha256 in session.exec(
            select(EvidenceFile.evidence_id, EvidenceFile.version_no, EvidenceFile.sha256)
            .where(col(EvidenceFile.sha256).is_not(None)).order_by(col(EvidenceFile.evidence_id), col(EvidenceFile.version_no))):
        named.setdefault(sha256, []).append(f"evidence {evidence_id} version {version}")
    for evidence_id, sha256 in session.exec(select(Evidence.id, Evidence.sha256).where(col(Evidence.sha256).is_not(None))):
        rows = named.setdefault(sha256, [])
        if not any(r.startswith(f"evidence {evidence_id} ") for r in rows):  # its versions normally say it
            rows.append(f"evidence {evidence_id}")
    return named


def _file_hash(store: LocalEvidenceStore, sha256: str) -> str:
    digest = hashlib.sha256()
    with store.open(sha256) as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _remove_orphan(engine: Engine, store: LocalEvidenceStore, sha256: str) -> bool:
    """Checked again under the content lock: an identical upload may have named it since."""
    with store.removing(), Session(engine) as session:
        lock_contents(session, [sha256])
        if hashes_in_use(session, among=[sha256]):
            session.rollback()
            return False
        removed = store.delete(sha256)
        session.commit()
    return removed
