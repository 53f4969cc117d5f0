"""The sign-in throttle over real HTTP, as deployed: two uvicorn workers behind a trusted proxy
(here 127.0.0.1 plays nginx, sending X-Forwarded-For), with guesses arriving at once."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlmodel import select

from actionplan.auth import service, throttle
from actionplan.auth.models import SignInThrottle
from actionplan.core.config import Settings
from actionplan.core.errors import TooManyRequests, Unauthorized
from tests.backend.conftest import DEMO_EMAILS, DEMO_PASSWORD
from tests.backend.live import live_server

PROXY = "127.0.0.1"
UNTRUSTED_PEER = "127.0.0.2"  # all of 127.0.0.0/8 is loopback: another machine, as the server sees it


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("throttle"), workers=2,
                     extra_env={"ACTIONPLAN_TRUSTED_PROXIES": PROXY}) as server:
        yield server


def _try(live, email: str, password: str, forwarded_for: str | None = None, peer: str = PROXY) -> httpx.Response:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    with httpx.Client(transport=httpx.HTTPTransport(local_address=peer), timeout=60) as client:
        return client.post(f"{live.api}/auth/token", headers=headers,
                           data={"username": email, "password": password})


def test_thirty_guesses_at_once_get_no_more_password_checks_than_the_allowance(live):
    with ThreadPoolExecutor(max_workers=30) as pool:
        answers = list(pool.map(lambda _: _try(live, DEMO_EMAILS["admin"], "guess", "203.0.113.10"), range(30)))
    statuses = [a.status_code for a in answers]
    assert statuses.count(401) == throttle.ALLOWANCE[throttle.PAIR], sorted(statuses)
    assert statuses.count(429) == 30 - throttle.ALLOWANCE[throttle.PAIR]
    refused = next(a for a in answers if a.status_code == 429)
    assert refused.headers["content-type"] == "application/problem+json"
    assert 0 < int(refused.headers["retry-after"]) <= 30
    # The right password from the guessing address waits too; from anywhere else it works.
    assert _try(live, DEMO_EMAILS["admin"], DEMO_PASSWORD, "203.0.113.10").status_code == 429
    assert _try(live, DEMO_EMAILS["admin"], DEMO_PASSWORD, "203.0.113.11").status_code == 200


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(live):
    for i in range(5):
        assert _try(live, DEMO_EMAILS["director"], "guess", f"198.51.100.{i}", peer=UNTRUSTED_PEER).status_code == 401
    # Each claimed a different address, but all came from one peer: that peer waits.
    assert _try(live, DEMO_EMAILS["director"], DEMO_PASSWORD, "198.51.100.99", peer=UNTRUSTED_PEER).status_code == 429
    assert _try(live, DEMO_EMAILS["director"], DEMO_PASSWORD, "198.51.100.99").status_code == 200


def test_addresses_a_client_puts_before_the_proxys_own_are_ignored(live):
    # nginx appends the address it sees; whatever the client wrote before it is its own claim.
    for i in range(5):
        assert _try(live, DEMO_EMAILS["assistant_director"], "guess", f"10.9.9.{i}, 203.0.113.30").status_code == 401
    assert _try(live, DEMO_EMAILS["assistant_director"], DEMO_PASSWORD, "10.9.9.99, 203.0.113.30").status_code == 429


def test_trusted_proxies_are_read_as_a_comma_separated_list(monkeypatch):
    monkeypatch.setenv("ACTIONPLAN_TRUSTED_PROXIES", "10.0.0.5, 10.1.0.0/16")
    assert Settings().trusted_proxies == ["10.0.0.5", "10.1.0.0/16"]
    monkeypatch.delenv("ACTIONPLAN_TRUSTED_PROXIES")
    assert Settings().trusted_proxies == []


# --- the rule, in-process --------------------------------------------------------------------


def test_each_try_past_the_allowance_waits_twice_as_long_up_to_fifteen_minutes():
    waits = [throttle.delay_after(n, 5).total_seconds() for n in range(4, 13)]
    assert waits == [0, 30, 60, 120, 240, 480, 900, 900, 900]


def _sign_in(session, email: str, password: str, address: str):
    return service.sign_in(session, Settings(secret_key="x" * 40), email, password, address)


def _age_counters(session, by: dt.timedelta) -> None:
    """As if `by` had passed since each failure."""
    for row in session.exec(select(SignInThrottle)).all():
        row.last_failure_at -= by
        session.add(row)
    session.commit()


def test_a_wait_served_lets_one_more_try_through_and_doubles_the_next(session):
    email = DEMO_EMAILS["head_of_service"]
    for _ in range(5):
        with pytest.raises(Unauthorized):
            _sign_in(session, email, "guess", "192.0.2.7")
    with pytest.raises(TooManyRequests) as first:
        _sign_in(session, email, "guess", "192.0.2.7")
    # Counted from the last failure, which was a password check ago.
    assert 0 < int(first.value.headers["Retry-After"]) <= 30
    _age_counters(session, dt.timedelta(seconds=31))
    with pytest.raises(Unauthorized):
        _sign_in(session, email, "guess", "192.0.2.7")
    with pytest.raises(TooManyRequests) as second:
        _sign_in(session, email, "guess", "192.0.2.7")
    assert 30 < int(second.value.headers["Retry-After"]) <= 60
    # An hour without a failure and the count starts again.
    _age_counters(session, dt.timedelta(hours=1, minutes=1))
    assert _sign_in(session, email, DEMO_PASSWORD, "192.0.2.7")


def test_guesses_spread_over_many_addresses_hold_back_those_addresses_not_the_account_holder(session):
    email = DEMO_EMAILS["director"]
    for i in range(throttle.ALLOWANCE[throttle.ACCOUNT]):
        with pytest.raises(Unauthorized):
            _sign_in(session, email, "guess", f"192.0.2.{i}")
    # An address that has guessed now waits for the account's count, not only its own.
    with pytest.raises(TooManyRequests):
        _sign_in(session, email, "guess", "192.0.2.0")
    # The director, signing in from an address that has not failed, is not locked out.
    assert _sign_in(session, email, DEMO_PASSWORD, "198.51.100.200")
