"""Slowing down password guessing without letting anyone lock another person out.

Failures are counted for the account, for the client address, and for the account from that
address. Each count has a free allowance; past it, the next try must wait a delay that doubles
with every further failure, up to 15 minutes. A count is forgotten after an hour without a
failure. The account's own count holds back only an address that has failed itself: whoever
guesses the director's password from elsewhere cannot keep the director out.

A try is counted before its password is checked, in one transaction that locks the counters
(always in the same order, so two tries never deadlock): thirty tries at once get no more
password checks than the allowance. A correct password takes its count back.
"""

import datetime as dt
import hashlib

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from actionplan.auth.models import SignInThrottle
from actionplan.core.types import utcnow

ACCOUNT, PAIR, ADDRESS = "account", "account at address", "address"
# An office behind one address shares its count, so the address allows the most.
ALLOWANCE = {PAIR: 5, ACCOUNT: 10, ADDRESS: 30}
FIRST_DELAY = dt.timedelta(seconds=30)
MAX_DELAY = dt.timedelta(minutes=15)
FORGET_AFTER = dt.timedelta(hours=1)


def delay_after(failures: int, allowance: int) -> dt.timedelta:
    """How long after the last failure the next try must wait."""
    if failures < allowance:
        return dt.timedelta(0)
    return min(MAX_DELAY, FIRST_DELAY * 2 ** min(failures - allowance, 16))


def wait_needed(counts: dict[str, tuple[int, dt.datetime]], now: dt.datetime) -> dt.timedelta:
    """How long this try must wait, from each kind's (failures, last failure)."""
    clean = counts[PAIR][0] == 0 and counts[ADDRESS][0] == 0
    wait = dt.timedelta(0)
    for kind, (failures, last) in counts.items():
        delay = delay_after(failures, ALLOWANCE[kind])
        if delay and not (kind == ACCOUNT and clean):
            wait = max(wait, last + delay - now)
    return wait


def _keys(email: str, address: str) -> dict[str, str]:
    def key(*parts: str) -> str:
        return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return {ACCOUNT: key(ACCOUNT, email), PAIR: key(PAIR, email, address), ADDRESS: key(ADDRESS, address)}


def _lock(session: Session, key: str) -> tuple[int, dt.datetime]:
    """The counter's (failures, last failure), its row created if need be and locked until commit."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    # A no-op update on conflict: it waits for and then locks the row, and returns it.
    statement = (dialect.insert(SignInThrottle).values(key=key, failures=0, last_failure_at=utcnow())
                 .on_conflict_do_update(index_elements=["key"], set_={"failures": SignInThrottle.failures})
                 .returning(SignInThrottle.failures, SignInThrottle.last_failure_at))
    failures, last = session.execute(statement).one()
    return failures, last


def count_attempt(session: Session, email: str, address: str) -> dt.timedelta:
    """Counts this try as a failure unless it must wait; returns the wait (zero: go ahead).
    Commits."""
    keys = _keys(email, address)
    locked = {kind: _lock(session, key) for kind, key in sorted(keys.items(), key=lambda kv: kv[1])}
    # The time is read once the counters are ours: a try that waited for another's lock sees
    # that try's failure in its past.
    now = utcnow()
    counts = {kind: (0 if now - last > FORGET_AFTER else failures, last) for kind, (failures, last) in locked.items()}
    wait = wait_needed(counts, now)
    if wait <= dt.timedelta(0):
        for kind, key in keys.items():
            session.execute(update(SignInThrottle).where(col(SignInThrottle.key) == key)
                            .values(failures=counts[kind][0] + 1, last_failure_at=now))
    session.commit()
    return wait


def forgive(session: Session, email: str, address: str) -> None:
    """A correct password: its try was no failure, and this address has proved itself for the
    account. Commits."""
    keys = _keys(email, address)
    session.execute(update(SignInThrottle).where(col(SignInThrottle.key) == keys[PAIR]).values(failures=0))
    session.execute(update(SignInThrottle)
                    .where(col(SignInThrottle.key).in_([keys[ACCOUNT], keys[ADDRESS]]), SignInThrottle.failures > 0)
                    .values(failures=SignInThrottle.failures - 1))
    session.commit()
