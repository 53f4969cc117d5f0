"""Bad credentials and odd paths are answered 401, 404, 422 or 429, never 500; every failed
sign-in is counted; every request an inspector makes is logged, however odd."""

import datetime as dt
import urllib.parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import select

from actionplan.auth.models import InspectorGrant, InspectorRead
from tests.backend.builders import haringey, user
from tests.backend.conftest import DEMO_EMAILS, DEMO_PASSWORD

ME = "/api/v1/users/me"
TOKEN = "/api/v1/auth/token"
# Each example is a request or two on an in-process app: a few seconds for the whole module.
FEW = settings(max_examples=60, deadline=None)


def _raw_bearer(value: bytes) -> dict[str, bytes]:
    # Header bytes as a client may send them; the server reads them as Latin-1.
    return {"Authorization": b"Bearer " + value}


@pytest.mark.parametrize("token", [
    b"apst_99999999999999999999999_secret",  # an id larger than the column
    b"apst_2147483648_secret",
    b"apst_\xb2_secret",  # SUPERSCRIPT TWO in Latin-1: a digit to str.isdigit(), not to int()
    "apst_\u0661\u0662_secret".encode(),  # Arabic-Indic digits
    b"apst_0_secret",
    b"apst_-1_secret",
    b"apst__",
])
def test_a_malformed_service_token_is_401(client, token):
    response = client.get(ME, headers=_raw_bearer(token))
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_a_very_long_username_is_a_counted_failure(client):
    long_name = "a" * 400 + "@council.example"
    for _ in range(5):
        response = client.post(TOKEN, data={"username": long_name, "password": "guess"})
        assert response.status_code == 401
    assert client.post(TOKEN, data={"username": long_name, "password": "guess"}).status_code == 429


def _published_with_inspector(client, session, auth) -> int:
    plan_id = haringey(session).id
    client.post(f"/api/v1/plans/{plan_id}/publish", headers=auth("director"))
    inspector = user(session, DEMO_EMAILS["inspector"])
    session.add(InspectorGrant(plan_id=plan_id, inspector_id=inspector.id, expires_on=dt.date(2099, 12, 31)))
    session.commit()
    return plan_id


def _reads(session) -> int:
    return session.exec(select(func.count()).select_from(InspectorRead)).one()


@pytest.mark.parametrize("value", ["%C2%B2", "%00", "99999999999", "%D9%A1", "-1", "1e3", "%F0%9F%98%80"])
def test_an_odd_plan_id_in_an_inspectors_path_is_answered_and_logged(client, session, auth, value):
    _published_with_inspector(client, session, auth)
    before = _reads(session)
    response = client.get(f"/api/v1/plans/{value}/areas", headers=auth("inspector"))
    assert response.status_code in (404, 422)
    assert _reads(session) == before + 1


# --- the same, with random input -------------------------------------------------------------

_LATIN1 = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=80)
_CREDENTIAL = st.one_of(
    _LATIN1,
    st.builds(lambda n, rest: f"apst_{n}_{rest}", st.integers(min_value=-(10 ** 30), max_value=10 ** 30), _LATIN1),
    st.builds(lambda digits, rest: f"apst_{digits}_{rest}",
              st.text(st.characters(categories=["Nd", "No"], max_codepoint=0xFF), min_size=1, max_size=12), _LATIN1),
    st.builds(lambda a, b, c: f"{a}.{b}.{c}", _LATIN1, _LATIN1, _LATIN1),
    st.just("x" * 5000),
)


def test_no_authorization_header_makes_a_server_error(client):
    @FEW
    @given(scheme=st.sampled_from([b"Bearer ", b"bearer ", b"Basic ", b""]), credential=_CREDENTIAL)
    def check(scheme, credential):
        response = client.get(ME, headers={"Authorization": scheme + credential.encode("latin-1")})
        assert response.status_code == 401, response.text
    check()


_ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)


def test_no_username_or_password_makes_a_server_error(client):
    @settings(FEW, max_examples=20)  # each try that gets through costs an Argon2 check
    @given(username=st.one_of(_ANY_TEXT, st.just("a" * 2000 + "@x"), st.sampled_from(list(DEMO_EMAILS.values()))),
           password=_ANY_TEXT)
    def check(username, password):
        response = client.post(TOKEN, data={"username": username, "password": password})
        assert response.status_code in (401, 422, 429), response.text
    check()


def test_no_path_value_makes_a_server_error_for_an_inspector(client, session, auth):
    _published_with_inspector(client, session, auth)
    inspector = auth("inspector")

    @FEW
    # A value with "/" or only dots would name another endpoint (or none), not a stranger plan.
    @given(value=st.text(st.characters(exclude_categories=["Cs"], exclude_characters="/"), min_size=1, max_size=40)
           .filter(lambda v: v.strip(".")),
           route=st.sampled_from(["/plans/{}", "/plans/{}/areas", "/plans/{}/summary", "/actions/{}",
                                  "/actions?plan_id={}"]))
    def check(value, route):
        before = _reads(session)
        response = client.get("/api/v1" + route.format(urllib.parse.quote(value, safe="")), headers=inspector)
        assert response.status_code < 500, response.text
        if "nul_character" not in response.text:  # refused before anyone is signed in: nothing was read
            assert _reads(session) == before + 1
    check()
