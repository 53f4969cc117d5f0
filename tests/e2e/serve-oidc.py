"""The demo backend signing in with a council identity provider, for sign-in-council.spec.ts.

The provider is oidc-provider-mock (from PyPI), serving OpenID Connect on a free loopback port with
nonces required. The SPA is registered with it as a public client (PKCE, no secret), as with Entra
ID's single-page application platform; then serve-demo.sh runs on $PORT with the OIDC settings.
"""

import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from dataclasses import asdict, dataclass

import httpx
import oidc_provider_mock
from authlib.oauth2.rfc7636 import CodeChallenge
from oidc_provider_mock import _app, _storage
from werkzeug.serving import make_server


# oidc-provider-mock 0.3 (the last for Python 3.11) has no public clients and ignores PKCE; 0.4 has
# both but needs Python 3.12. Until then its authorization code grant is given authlib's own PKCE
# check (S256 verifier against the stored challenge) and accepts clients without a secret.
@dataclass(kw_only=True, frozen=True)
class CodeWithChallenge(_storage.AuthorizationCode):
    code_challenge: str | None
    code_challenge_method: str | None

    def get_code_challenge(self):
        return self.code_challenge

    def get_code_challenge_method(self):
        return self.code_challenge_method


class PublicClientCodeGrant(_app.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["none"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        CodeChallenge(required=True)(self)

    def save_authorization_code(self, code, request):
        super().save_authorization_code(code, request)
        saved = _app.storage.get_authorization_code(code)
        _app.storage.store_authorization_code(CodeWithChallenge(
            **asdict(saved), code_challenge=request.payload.data.get("code_challenge"),
            code_challenge_method=request.payload.data.get("code_challenge_method")))


_app.AuthorizationCodeGrant = PublicClientCodeGrant


def allow_any_origin(app):
    # The SPA reads the discovery document and redeems its code from the browser, cross-origin, as
    # Entra ID allows for a single-page application; the mock sends no CORS headers of its own.
    def wrapped(environ, start_response):
        def start(status, headers, exc_info=None):
            return start_response(status, [*headers, ("Access-Control-Allow-Origin", "*")], exc_info)
        return app(environ, start)
    return wrapped


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request in the test report
    provider = make_server("127.0.0.1", 0, allow_any_origin(oidc_provider_mock.app(require_nonce=True)),
                           threaded=True)
    threading.Thread(target=provider.serve_forever, daemon=True).start()
    issuer = f"http://127.0.0.1:{provider.server_port}"
    client = httpx.post(f"{issuer}/oauth2/clients", json={
        "redirect_uris": [f"http://127.0.0.1:{os.environ['PORT']}/sign-in/callback"],
        "token_endpoint_auth_method": "none"}).raise_for_status().json()
    # The ID token is the bearer token: its audience is the client id.
    env = {**os.environ, "ACTIONPLAN_OIDC_ENABLED": "true", "ACTIONPLAN_OIDC_ISSUER": issuer,
           "ACTIONPLAN_OIDC_JWKS_URL": f"{issuer}/jwks", "ACTIONPLAN_OIDC_CLIENT_ID": client["client_id"],
           "ACTIONPLAN_OIDC_AUDIENCE": client["client_id"], "ACTIONPLAN_OIDC_EMAIL_CLAIM": "email"}
    server = subprocess.Popen(["bash", str(Path(__file__).with_name("serve-demo.sh"))], env=env)
    signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    return server.wait()


if __name__ == "__main__":
    sys.exit(main())
