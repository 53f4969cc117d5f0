"""Sign-in, token checks and revocation, service tokens, inspector access, OpenID Connect."""

import base64
import datetime as dt
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwk, jwt
from sqlalchemy import func
from sqlmodel import select

from actionplan.audit.models import AuditEvent
from actionplan.auth.models import ServiceToken
from actionplan.auth.tokens import JwksCache
from actionplan.core.config import Settings
from actionplan.core.db import get_session
from actionplan.core.types import utcnow
from actionplan.main import create_app
from tests.backend.builders import haringey, user
from tests.backend.conftest import DEMO_EMAILS, DEMO_PASSWORD

ME = "/api/v1/users/me"


def _sign_in(client, email, password, **extra):
    return client.post("/api/v1/auth/token", data={"username": email, "password": password, **extra})


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_sign_in_gives_a_token_that_works(client):
    response = _sign_in(client, DEMO_EMAILS["head_of_service"], DEMO_PASSWORD, grant_type="password")
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600
    me = client.get(ME, headers=_bearer(body["access_token"])).json()
    assert me["role"] == "head_of_service" and me["permissions"]["proposal:decide"] == "led"
    assert len(me["led_area_ids"]) == 5


def test_a_failed_sign_in_says_nothing_about_whether_the_account_exists(client):
    wrong_password = _sign_in(client, DEMO_EMAILS["director"], "not the password")
    no_such_account = _sign_in(client, "nobody@council.example", "not the password")
    assert wrong_password.status_code == no_such_account.status_code == 401
    assert wrong_password.json() == no_such_account.json()


def test_other_grant_types_are_refused(client):
    assert _sign_in(client, DEMO_EMAILS["director"], DEMO_PASSWORD, grant_type="client_credentials").status_code == 422


def test_sign_in_is_rate_limited_per_account(client):
    for _ in range(5):
        assert _sign_in(client, DEMO_EMAILS["admin"], "guess").status_code == 401
    # Even the right password is refused now, and says when to try again.
    blocked = _sign_in(client, DEMO_EMAILS["admin"], DEMO_PASSWORD)
    assert blocked.status_code == 429 and 0 < int(blocked.headers["retry-after"]) <= 30
    assert _sign_in(client, DEMO_EMAILS["director"], DEMO_PASSWORD).status_code == 200  # others unaffected


def test_sign_in_is_rate_limited_per_client_address(client):
    for i in range(30):
        _sign_in(client, f"spray{i}@council.example", "guess")
    assert _sign_in(client, DEMO_EMAILS["director"], DEMO_PASSWORD).status_code == 429


def test_deactivating_a_user_revokes_their_tokens_at_once(client, session, auth):
    headers = auth("action_owner")
    assert client.get(ME, headers=headers).status_code == 200
    owner = user(session, DEMO_EMAILS["action_owner"])
    response = client.patch(f"/api/v1/users/{owner.id}", json={"is_active": False}, headers=auth("admin"))
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert client.get(ME, headers=headers).status_code == 401
    assert _sign_in(client, DEMO_EMAILS["action_owner"], DEMO_PASSWORD).status_code == 401


def test_changing_the_password_revokes_earlier_tokens(client):
    old = _sign_in(client, DEMO_EMAILS["inspector"], DEMO_PASSWORD).json()["access_token"]
    bad = client.post(f"{ME}/password", json={"current_password": "wrong", "new_password": "x" * 12},
                      headers=_bearer(old))
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["body", "current_password"]
    ok = client.post(f"{ME}/password", json={"current_password": DEMO_PASSWORD, "new_password": "a new long password"},
                     headers=_bearer(old))
    assert ok.status_code == 204
    assert client.get(ME, headers=_bearer(old)).status_code == 401
    assert _sign_in(client, DEMO_EMAILS["inspector"], "a new long password").status_code == 200


def test_signing_out_everywhere_revokes_every_earlier_token_and_is_audited(client, session):
    laptop = _sign_in(client, DEMO_EMAILS["action_owner"], DEMO_PASSWORD).json()["access_token"]
    phone = _sign_in(client, DEMO_EMAILS["action_owner"], DEMO_PASSWORD).json()["access_token"]
    assert client.post(f"{ME}/sign-out-everywhere", headers=_bearer(phone)).status_code == 204
    for token in (laptop, phone):
        response = client.get(ME, headers=_bearer(token))
        assert response.status_code == 401 and "revoked" in response.json()["detail"]
    fresh = _sign_in(client, DEMO_EMAILS["action_owner"], DEMO_PASSWORD).json()["access_token"]
    assert client.get(ME, headers=_bearer(fresh)).status_code == 200
    owner = user(session, DEMO_EMAILS["action_owner"])
    event = session.exec(select(AuditEvent).where(AuditEvent.operation == "user.sign_out_everywhere")).one()
    assert (event.object_id, event.actor_id) == (str(owner.id), owner.id)


# --- forged and broken tokens -------------------------------------------------------------


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _hs256_by_hand(claims: dict, secret: bytes, **header) -> str:
    """python-jose refuses to sign with a public key as an HMAC secret; an attacker would not."""
    import hashlib
    import hmac

    signing_input = f"{_b64({'alg': 'HS256', 'typ': 'JWT', **header})}.{_b64(claims)}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


def _claims(app, session, **override) -> dict:
    settings = app.state.settings
    now = int(utcnow().timestamp())
    director = user(session, DEMO_EMAILS["director"])
    return {"sub": str(director.id), "ver": director.token_version, "iss": settings.token_issuer,
            "aud": settings.token_audience, "iat": now, "exp": now + 600, **override}


@pytest.fixture
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _forgeries(app, session, rsa_key) -> dict[str, str]:
    key = app.state.settings.signing_key()
    good = _claims(app, session)
    public_pem = rsa_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo)
    private_pem = rsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
    valid = jwt.encode(good, key, algorithm="HS256")
    header, payload, signature = valid.split(".")
    return {
        "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(good)}.",
        "wrong key": jwt.encode(good, "another-secret-of-sufficient-length-000000", algorithm="HS256"),
        "HS512 with the right key": jwt.encode(good, key, algorithm="HS512"),
        "RS256 from an unknown key": jwt.encode(good, private_pem, algorithm="RS256"),
        "HS256 signed with an RSA public key": _hs256_by_hand(good, public_pem),
        "expired": jwt.encode(_claims(app, session, exp=int(utcnow().timestamp()) - 10), key, algorithm="HS256"),
        "wrong audience": jwt.encode(_claims(app, session, aud="another-api"), key, algorithm="HS256"),
        "wrong issuer": jwt.encode(_claims(app, session, iss="someone-else"), key, algorithm="HS256"),
        "tampered payload": f"{header}.{_b64({**good, 'sub': str(int(good['sub']) + 1)})}.{signature}",
        "old token version": jwt.encode(_claims(app, session, ver=good["ver"] - 1), key, algorithm="HS256"),
        "not a jwt": "hello",
        "bad service token": "apst_1_not-the-secret",
        "service token without id": "apst_x",
    }


def test_every_forged_or_broken_token_gets_401(client, app, session, rsa_key):
    forgeries = _forgeries(app, session, rsa_key)
    assert client.get(ME, headers=_bearer(jwt.encode(_claims(app, session), app.state.settings.signing_key(),
                                                        algorithm="HS256"))).status_code == 200
    for name, token in forgeries.items():
        response = client.get(ME, headers=_bearer(token))
        assert response.status_code == 401, name
        assert response.headers["content-type"] == "application/problem+json", name


def test_an_expired_token_says_so(client, app, session):
    token = jwt.encode(_claims(app, session, exp=int(utcnow().timestamp()) - 10), app.state.settings.signing_key(),
                       algorithm="HS256")
    assert "expired" in client.get(ME, headers=_bearer(token)).json()["detail"]


# --- service tokens ------------------------------------------------------------------------


def test_a_service_token_is_shown_once_reads_and_can_be_revoked(client, session, auth):
    created = client.post("/api/v1/service-tokens", json={"name": "performance system"}, headers=auth("director"))
    assert created.status_code == 201
    body = created.json()
    assert body["scopes"] == ["plans:read"] and body["token"].startswith("apst_")
    row = session.get(ServiceToken, body["id"])
    assert body["token"] not in row.secret_hash and row.last_used_at is None
    listed = client.get("/api/v1/service-tokens", headers=auth("admin")).json()
    assert all("token" not in t for t in listed)

    service = _bearer(body["token"])
    assert client.get("/api/v1/actions", params={"count": True}, headers=service).json()["total"] >= 40
    session.refresh(row)
    assert row.last_used_at is not None
    # Read-only: no write is open to it.
    plan_id = haringey(session).id
    assert client.post(f"/api/v1/plans/{plan_id}/publish", headers=service).status_code == 403

    assert client.delete(f"/api/v1/service-tokens/{body['id']}", headers=auth("admin")).status_code == 200
    revoked = client.get("/api/v1/actions", headers=service)
    assert revoked.status_code == 401 and "revoked" in revoked.json()["detail"]


def test_an_expired_service_token_is_refused(client, session, auth):
    body = client.post("/api/v1/service-tokens", json={"name": "old system", "expires_in_days": 1},
                       headers=auth("assistant_director")).json()
    row = session.get(ServiceToken, body["id"])
    row.expires_at = utcnow() - dt.timedelta(seconds=1)
    session.add(row)
    session.commit()
    response = client.get("/api/v1/actions", headers=_bearer(body["token"]))
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_a_service_token_limited_to_one_plan_sees_no_other(client, session, auth):
    from actionplan.plans.service import import_plan
    from tests.backend.builders import plan_file

    other, _ = import_plan(session, plan_file("another-plan"))
    body = client.post("/api/v1/service-tokens", json={"name": "one plan", "plan_id": haringey(session).id},
                       headers=auth("director")).json()
    service = _bearer(body["token"])
    assert client.get(f"/api/v1/plans/{other.id}", headers=service).status_code == 404
    assert {p["id"] for p in client.get("/api/v1/plans", headers=service).json()["items"]} == {haringey(session).id}
    assert client.get("/api/v1/actions", params={"plan_id": other.id, "count": True},
                      headers=service).json()["total"] == 0


def test_unknown_scopes_are_refused(client, auth):
    response = client.post("/api/v1/service-tokens", json={"name": "x", "scopes": ["plans:write"]},
                           headers=auth("director"))
    assert response.status_code == 422 and response.json()["errors"][0]["loc"] == ["body", "scopes", 0]


@pytest.mark.parametrize("body", [{"name": "dashboard"}, {"name": "dashboard", "scopes": ["webhooks:manage"]},
                                  {"name": "dashboard", "plan_id": 1}])
def test_an_admin_cannot_mint_a_token_that_reads_what_the_admin_cannot(client, session, auth, body):
    before = session.exec(select(func.count()).select_from(ServiceToken)).one()
    response = client.post("/api/v1/service-tokens", json=body, headers=auth("admin"))
    assert response.status_code == 403 and response.headers["content-type"] == "application/problem+json"
    assert "you cannot read the plan" in response.json()["detail"]
    assert session.exec(select(func.count()).select_from(ServiceToken)).one() == before


def test_an_admin_still_lists_and_revokes_tokens_issued_before_or_by_a_director(client, auth):
    issued = client.post("/api/v1/service-tokens", json={"name": "performance system"}, headers=auth("director"))
    token_id = issued.json()["id"]
    assert token_id in [t["id"] for t in client.get("/api/v1/service-tokens", headers=auth("admin")).json()]
    revoked = client.delete(f"/api/v1/service-tokens/{token_id}", headers=auth("admin"))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert client.get("/api/v1/actions", headers=_bearer(issued.json()["token"])).status_code == 401


# --- inspectors ----------------------------------------------------------------------------


def test_inspector_access_is_published_granted_expiring_revocable_and_logged(client, session, auth):
    plan_id = haringey(session).id
    inspector = user(session, DEMO_EMAILS["inspector"])
    director, ins = auth("director"), auth("inspector")
    assert client.get(f"/api/v1/plans/{plan_id}", headers=ins).status_code == 404

    grant = client.post(f"/api/v1/plans/{plan_id}/inspector-grants",
                        json={"inspector_id": inspector.id, "expires_on": "2099-06-30"}, headers=director)
    assert grant.status_code == 201 and grant.json()["live"] is True
    # Granted but not yet published: still nothing.
    assert client.get(f"/api/v1/plans/{plan_id}", headers=ins).status_code == 404
    assert client.post(f"/api/v1/plans/{plan_id}/publish", headers=director).status_code == 200
    assert client.get(f"/api/v1/plans/{plan_id}", headers=ins).status_code == 200
    assert client.get("/api/v1/actions", params={"plan_id": plan_id, "count": True},
                      headers=ins).json()["total"] == 40

    reads = client.get(f"/api/v1/plans/{plan_id}/inspector-reads", headers=director).json()
    assert [r["path"] for r in reads][:2] == ["/api/v1/actions", f"/api/v1/plans/{plan_id}"]
    assert reads[0]["inspector_name"] == "Ines Patel"

    # The director can end access at once.
    assert client.delete(f"/api/v1/inspector-grants/{grant.json()['id']}", headers=director).status_code == 200
    assert client.get(f"/api/v1/plans/{plan_id}", headers=ins).status_code == 404


def test_an_expired_grant_gives_no_access(client, session, auth):
    from actionplan.auth.models import InspectorGrant

    plan_id = haringey(session).id
    inspector = user(session, DEMO_EMAILS["inspector"])
    client.post(f"/api/v1/plans/{plan_id}/publish", headers=auth("director"))
    session.add(InspectorGrant(plan_id=plan_id, inspector_id=inspector.id, expires_on=dt.date.today() - dt.timedelta(days=1)))
    session.commit()
    assert client.get(f"/api/v1/plans/{plan_id}", headers=auth("inspector")).status_code == 404
    past = client.post(f"/api/v1/plans/{plan_id}/inspector-grants",
                       json={"inspector_id": inspector.id, "expires_on": "2020-01-01"}, headers=auth("director"))
    assert past.status_code == 422 and past.json()["errors"][0]["loc"] == ["body", "expires_on"]


def test_only_inspectors_can_be_granted_inspector_access(client, session, auth):
    owner = user(session, DEMO_EMAILS["action_owner"])
    response = client.post(f"/api/v1/plans/{haringey(session).id}/inspector-grants",
                           json={"inspector_id": owner.id, "expires_on": "2099-01-01"}, headers=auth("director"))
    assert response.status_code == 422


# --- assignment rules ----------------------------------------------------------------------


def test_owners_and_leads_must_hold_fitting_roles(client, session, auth):
    from tests.backend.builders import action

    inspector = user(session, DEMO_EMAILS["inspector"])
    ad = auth("assistant_director")
    target = action(session, "6.1")
    response = client.put(f"/api/v1/actions/{target.id}/owner", json={"owner_id": inspector.id},
                          headers={**ad, "If-Match": f'"action-{target.id}-v{target.version}"'})
    assert response.status_code == 422 and response.json()["errors"][0]["loc"] == ["body", "owner_id"]
    area_id = action(session, "6.1").area_id
    assert client.put(f"/api/v1/areas/{area_id}/lead", json={"lead_id": inspector.id}, headers=ad).status_code == 422
    hos = user(session, DEMO_EMAILS["head_of_service"])
    led = client.put(f"/api/v1/areas/{area_id}/lead", json={"lead_id": hos.id}, headers=ad)
    assert led.status_code == 200 and led.json()["lead"]["name"] == "Daniel Hughes"


# --- OpenID Connect ------------------------------------------------------------------------


def _public_jwk(key, kid: str) -> dict:
    public = jwk.construct(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo), "RS256").to_dict()
    return {**public, "kid": kid, "use": "sig", "alg": "RS256"}


@dataclass
class IdentityProvider:
    """The provider's JWKS endpoint: `keys` is what it publishes now (answering `status`), `fetches` how
    often it was asked."""

    url: str
    keys: list[dict]
    fetches: int = 0
    status: int = 200


@pytest.fixture
def identity_provider(rsa_key):
    """A JWKS document served over real HTTP on loopback, as the council's provider would."""
    provider = IdentityProvider(url="", keys=[_public_jwk(rsa_key, "key-1")])

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            provider.fetches += 1
            body = json.dumps({"keys": provider.keys} if provider.status == 200 else {"error": "down"}).encode()
            self.send_response(provider.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    provider.url = f"http://127.0.0.1:{server.server_address[1]}/keys"
    yield provider
    server.shutdown()
    server.server_close()


class Clock:
    """The key cache's clock, moved by the test instead of waiting for a minute to pass."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def oidc_client(engine, session, identity_provider, clock):
    from fastapi.testclient import TestClient

    settings = Settings(database_url="sqlite://", secret_key="test-secret-key-with-enough-entropy-0123456789",
                        oidc_enabled=True, oidc_issuer=ISSUER,
                        oidc_audience="api://actionplan", oidc_jwks_url=identity_provider.url,
                        oidc_client_id="api://actionplan",
                        oidc_email_claim="preferred_username", oidc_jwks_cache_seconds=3600)
    app = create_app(settings, engine=engine)
    app.state.jwks = JwksCache(settings.oidc_jwks_cache_seconds, clock=clock)
    app.dependency_overrides[get_session] = lambda: session
    with TestClient(app) as c:
        yield c


ISSUER = "https://login.microsoftonline.com/council/v2.0"
DIRECTOR_OID = "6f1c2a4e-0d3b-4c55-9a1e-directors-oid"


def _provider_token(rsa_key, kid: str | None = "key-1", **override) -> str:
    now = int(utcnow().timestamp())
    claims = {"iss": ISSUER, "aud": "api://actionplan", "oid": DIRECTOR_OID, "sub": "pairwise-sub-of-the-director",
              "preferred_username": "Director@ActionPlan.example", "iat": now, "exp": now + 600, **override}
    claims = {k: v for k, v in claims.items() if v is not None}
    pem = rsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": kid} if kid else None)


def test_an_id_token_from_a_provider_with_one_key_is_accepted_as_issued(oidc_client, rsa_key):
    # As the SPA sends it: the provider's only key unnamed, at_hash for an access token not sent.
    token = _provider_token(rsa_key, kid=None, aud=["api://actionplan"], at_hash="3OcMOJcSXRGGyItlkvzG2A")
    assert oidc_client.get(ME, headers=_bearer(token)).status_code == 200


def test_a_token_from_the_council_identity_provider_signs_in_the_user_it_names(oidc_client, rsa_key):
    response = oidc_client.get(ME, headers=_bearer(_provider_token(rsa_key)))
    assert response.status_code == 200 and response.json()["role"] == "director"


def test_the_sign_in_page_learns_the_providers_public_client_settings(oidc_client, client):
    assert client.get("/api/v1/auth/config").json() == {"password_sign_in": True, "oidc": None}
    config = oidc_client.get("/api/v1/auth/config").json()
    assert config["oidc"] == {"issuer": "https://login.microsoftonline.com/council/v2.0",
                              "client_id": "api://actionplan", "scopes": "openid profile email"}


def test_password_sign_in_can_be_turned_off(engine, session):
    from fastapi.testclient import TestClient

    settings = Settings(database_url="sqlite://", secret_key="test-secret-key-with-enough-entropy-0123456789",
                        password_sign_in=False)
    app = create_app(settings, engine=engine)
    app.dependency_overrides[get_session] = lambda: session
    with TestClient(app) as c:
        response = _sign_in(c, DEMO_EMAILS["director"], DEMO_PASSWORD)
        assert response.status_code == 403 and response.json()["code"] == "password_sign_in_off"
        assert c.get("/api/v1/auth/config").json()["password_sign_in"] is False


def test_signing_out_everywhere_revokes_the_identity_providers_earlier_tokens(oidc_client, rsa_key):
    now = int(utcnow().timestamp())
    earlier = _provider_token(rsa_key, iat=now - 60)
    assert oidc_client.post(f"{ME}/sign-out-everywhere", headers=_bearer(earlier)).status_code == 204
    assert oidc_client.get(ME, headers=_bearer(earlier)).status_code == 401
    # A token issued after the sign-out (iat is in whole seconds, so the next one) still works.
    later = _provider_token(rsa_key, iat=int(utcnow().timestamp()) + 1)
    assert oidc_client.get(ME, headers=_bearer(later)).status_code == 200


def test_provider_tokens_are_fully_checked(oidc_client, rsa_key):
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = rsa_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    now = int(utcnow().timestamp())
    confusion = _hs256_by_hand({"iss": ISSUER, "aud": "api://actionplan", "oid": DIRECTOR_OID,
                                "preferred_username": "director@actionplan.example", "exp": now + 600},
                               public_pem.encode(), kid="key-1")
    bad = {
        "unknown person": _provider_token(rsa_key, preferred_username="stranger@council.example"),
        "signed by another key": _provider_token(other_key),
        "unknown key id": _provider_token(rsa_key, kid="key-2"),
        "wrong audience": _provider_token(rsa_key, aud="api://something-else"),
        "expired": _provider_token(rsa_key, exp=now - 5),
        "no subject": _provider_token(rsa_key, oid=None, sub=None),
        "HS256 with the provider's public key": confusion,
    }
    for name, token in bad.items():
        assert oidc_client.get(ME, headers=_bearer(token)).status_code == 401, name


def test_the_providers_keys_are_fetched_once_not_per_token(oidc_client, rsa_key, identity_provider, clock):
    assert oidc_client.get(ME, headers=_bearer(_provider_token(rsa_key))).status_code == 200
    junk = [_provider_token(rsa_key, kid=f"no-such-key-{i}") for i in range(20)]
    for token in junk:
        assert oidc_client.get(ME, headers=_bearer(token)).status_code == 401
    for _ in range(5):
        assert oidc_client.get(ME, headers=_bearer(_provider_token(rsa_key))).status_code == 200
    assert identity_provider.fetches == 1
    clock.now += 59
    assert oidc_client.get(ME, headers=_bearer(junk[0])).status_code == 401
    assert identity_provider.fetches == 1  # an unknown key id asks again at most once a minute
    clock.now += 1
    for token in junk:
        assert oidc_client.get(ME, headers=_bearer(token)).status_code == 401
    assert identity_provider.fetches == 2


def test_a_rotated_key_is_picked_up_and_keys_are_fetched_again_when_old(oidc_client, rsa_key, identity_provider,
                                                                         clock):
    assert oidc_client.get(ME, headers=_bearer(_provider_token(rsa_key))).status_code == 200
    new_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    identity_provider.keys = [_public_jwk(new_key, "key-2")]
    clock.now += 60
    assert oidc_client.get(ME, headers=_bearer(_provider_token(new_key, kid="key-2"))).status_code == 200
    assert identity_provider.fetches == 2
    # key-1 is still held, but only for the cache's lifetime: then the keys are fetched anew.
    assert oidc_client.get(ME, headers=_bearer(_provider_token(rsa_key))).status_code == 401
    identity_provider.keys = [_public_jwk(rsa_key, "key-1")]
    clock.now += 3600
    assert oidc_client.get(ME, headers=_bearer(_provider_token(rsa_key))).status_code == 200
    assert identity_provider.fetches == 3


def test_a_failing_provider_is_not_asked_for_every_token(oidc_client, rsa_key, identity_provider, clock):
    identity_provider.status = 503
    for _ in range(20):
        refused = oidc_client.get(ME, headers=_bearer(_provider_token(rsa_key)))
        assert refused.status_code == 401 and "could not be reached" in refused.json()["detail"]
    assert identity_provider.fetches == 1
    identity_provider.status = 200
    clock.now += 60
    assert oidc_client.get(ME, headers=_bearer(_provider_token(rsa_key))).status_code == 200
    assert identity_provider.fetches == 2


def test_users_are_known_by_their_subject_not_their_email(oidc_client, session, rsa_key):
    director = user(session, DEMO_EMAILS["director"])
    assert oidc_client.get(ME, headers=_bearer(_provider_token(rsa_key))).json()["id"] == director.id
    session.refresh(director)
    assert (director.oidc_issuer, director.oidc_subject) == (ISSUER, DIRECTOR_OID)

    renamed = _provider_token(rsa_key, preferred_username="Director.Renamed@council.example")
    me = oidc_client.get(ME, headers=_bearer(renamed))
    assert me.status_code == 200 and me.json()["id"] == director.id

    # Someone else at the provider later given the director's address is not the director.
    impostor = _provider_token(rsa_key, oid="another-person-oid", sub="another-sub")
    refused = oidc_client.get(ME, headers=_bearer(impostor))
    assert refused.status_code == 401 and refused.headers["content-type"] == "application/problem+json"
    session.refresh(director)
    assert director.oidc_subject == DIRECTOR_OID


def test_an_account_is_linked_only_by_an_email_the_provider_does_not_call_unverified(oidc_client, session, rsa_key):
    owner = user(session, DEMO_EMAILS["action_owner"])
    unverified = _provider_token(rsa_key, oid="owner-oid", preferred_username=DEMO_EMAILS["action_owner"],
                                 email_verified=False)
    assert oidc_client.get(ME, headers=_bearer(unverified)).status_code == 401
    session.refresh(owner)
    assert owner.oidc_subject is None
    no_email = _provider_token(rsa_key, oid="owner-oid", preferred_username=None)
    assert oidc_client.get(ME, headers=_bearer(no_email)).status_code == 401
    linked = _provider_token(rsa_key, oid="owner-oid", preferred_username=DEMO_EMAILS["action_owner"])
    assert oidc_client.get(ME, headers=_bearer(linked)).json()["id"] == owner.id
    events = session.exec(select(AuditEvent).where(AuditEvent.operation == "user.link_identity",
                                                   AuditEvent.object_id == str(owner.id))).all()
    assert [e.after for e in events] == [{"oidc_issuer": ISSUER, "oidc_subject": "owner-oid"}]


def test_entra_id_tokens_are_known_by_oid_others_by_sub(oidc_client, session, rsa_key):
    hos = user(session, DEMO_EMAILS["head_of_service"])
    token = _provider_token(rsa_key, oid=None, sub="plain-oidc-sub", preferred_username=DEMO_EMAILS["head_of_service"])
    assert oidc_client.get(ME, headers=_bearer(token)).json()["id"] == hos.id
    session.refresh(hos)
    assert hos.oidc_subject == "plain-oidc-sub"
