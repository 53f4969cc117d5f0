"""Sign-in, token checks and revocation, service tokens, inspector access, OpenID Connect."""

import base64
import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwk, jwt
from sqlalchemy import func
from sqlmodel import select

from actionplan.auth.models import ServiceToken
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
    assert client.get("/api/v1/actions", headers=service).json()["total"] >= 40
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
    assert client.get("/api/v1/actions", params={"plan_id": other.id}, headers=service).json()["total"] == 0


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
    assert client.get("/api/v1/actions", params={"plan_id": plan_id}, headers=ins).json()["total"] == 40

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


@pytest.fixture
def identity_provider(rsa_key):
    """A JWKS document served over real HTTP on loopback, as the council's provider would."""
    public = jwk.construct(rsa_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo), "RS256").to_dict()
    jwks = json.dumps({"keys": [{**public, "kid": "key-1", "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(jwks)

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/keys"
    server.shutdown()


@pytest.fixture
def oidc_client(engine, session, identity_provider):
    from fastapi.testclient import TestClient

    settings = Settings(database_url="sqlite://", secret_key="test-secret-key-with-enough-entropy-0123456789",
                        oidc_enabled=True, oidc_issuer="https://login.microsoftonline.com/council/v2.0",
                        oidc_audience="api://actionplan", oidc_jwks_url=identity_provider,
                        oidc_email_claim="preferred_username")
    app = create_app(settings, engine=engine)
    app.dependency_overrides[get_session] = lambda: session
    with TestClient(app) as c:
        yield c


def _provider_token(rsa_key, kid="key-1", **override) -> str:
    now = int(utcnow().timestamp())
    claims = {"iss": "https://login.microsoftonline.com/council/v2.0", "aud": "api://actionplan",
              "preferred_username": "Director@ActionPlan.example", "iat": now, "exp": now + 600, **override}
    pem = rsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": kid})


def test_a_token_from_the_council_identity_provider_maps_to_the_user_by_email(oidc_client, rsa_key):
    response = oidc_client.get(ME, headers=_bearer(_provider_token(rsa_key)))
    assert response.status_code == 200 and response.json()["role"] == "director"


def test_provider_tokens_are_fully_checked(oidc_client, rsa_key):
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = rsa_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    now = int(utcnow().timestamp())
    confusion = _hs256_by_hand({"iss": "https://login.microsoftonline.com/council/v2.0", "aud": "api://actionplan",
                                "preferred_username": "director@actionplan.example", "exp": now + 600},
                               public_pem.encode(), kid="key-1")
    bad = {
        "unknown person": _provider_token(rsa_key, preferred_username="stranger@council.example"),
        "signed by another key": _provider_token(other_key),
        "unknown key id": _provider_token(rsa_key, kid="key-2"),
        "wrong audience": _provider_token(rsa_key, aud="api://something-else"),
        "expired": _provider_token(rsa_key, exp=now - 5),
        "HS256 with the provider's public key": confusion,
    }
    for name, token in bad.items():
        assert oidc_client.get(ME, headers=_bearer(token)).status_code == 401, name
