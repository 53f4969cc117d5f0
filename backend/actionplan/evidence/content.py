"""Which stored content files are in use, and the lock that keeps "in use" true while it matters.

Identical uploads share one content file. Removing that file (erasure, `fsck --repair`) and naming it
in a new row (an upload that finds the file already there) must not interleave: an erase that decides
"no other row names this hash" while an identical upload's row is written but not yet committed would
delete the file under a live item. So both take a lock on the hash, held to the end of the transaction,
before they look: the erase then sees the upload's committed row, or the upload finds the file gone
and puts its own copy in place.

On SQLite every writing transaction already holds the database's write lock from its start
(core/db.py), which serialises them the same way.
"""

from collections.abc import Iterable

from sqlalchemy import text, union
from sqlmodel import Session, col, select

from actionplan.evidence.models import Evidence, EvidenceFile

_LOCK_SPACE = 4243  # advisory lock class for content hashes (the audit chain uses a single-key lock)


def lock_contents(session: Session, hashes: Iterable[str]) -> None:
    if session.get_bind().dialect.name != "postgresql":
        return
    for sha256 in sorted(set(hashes)):  # one order for everyone, so two lockers never deadlock
        key = int(sha256[:8], 16) - 2**31  # a 32-bit signed key; a collision only makes someone wait
        session.exec(text("SELECT pg_advisory_xact_lock(:space, :key)").bindparams(space=_LOCK_SPACE, key=key))


def hashes_in_use(session: Session, among: Iterable[str] | None = None) -> set[str]:
    """The hashes that some evidence row (an item or any of its versions) names."""
    items = select(Evidence.sha256).where(col(Evidence.sha256).is_not(None))
    versions = select(EvidenceFile.sha256).where(col(EvidenceFile.sha256).is_not(None))
    if among is not None:
        among = set(among)
        if not among:
            return set()
        items, versions = items.where(col(Evidence.sha256).in_(among)), versions.where(col(EvidenceFile.sha256).in_(among))
    return set(session.execute(union(items, versions)).scalars().all())
