"""Bearer tokens: our own access tokens (JWT, HS256), the council identity provider's
(OpenID Connect, RS256 against its JWKS), and opaque service-account tokens.

python-jose 3.5.0: 3.4.0 fixed algorithm confusion with OpenSSH ECDSA keys (CVE-2024-33663)
and the JWE decompression bomb (CVE-2024-33664). Every decode pins its algorithm list:
without `algorithms=` python-jose accepts an HS512 token signed with the same key.
"""

import datetime as dt
import hashlib
import json
import secrets
import threading
import time
import urllib.request
from dataclasses import dataclass

from jose import JWTError, jwt

from actionplan.core.config import Settings
from actionplan.core.errors import Unauthorized
from actionplan.core.types import utcnow

LOCAL_ALGORITHMS = ["HS256"]
OIDC_ALGORITHMS = ["RS256"]
SERVICE_PREFIX = "apst_"


def _invalid(detail: str = "The token is not valid; sign in again.") -> Unauthorized:
    return Unauthorized(detail, code="invalid_token", headers={"WWW-Authenticate": "Bearer"})


@dataclass(frozen=True)
class LocalClaims:
    user_id: int
    token_version: int


def issue_access_token(settings: Settings, user_id: int, token_version: int) -> tuple[str, int]:
    now = utcnow()
    lifetime = settings.access_token_minutes * 60
    claims = {"sub": str(user_id), "ver": token_version, "iss": settings.token_issuer,
              "aud": settings.token_audience, "iat": int(now.timestamp()),
              "exp": int(now.timestamp()) + lifetime, "jti": secrets.token_hex(8)}
    return jwt.encode(claims, settings.signing_key(), algorithm=LOCAL_ALGORITHMS[0]), lifetime


def unverified_issuer(token: str) -> str | None:
    try:
        return jwt.get_unverified_claims(token).get("iss")
    except JWTError:
        return None


def verify_local(settings: Settings, token: str) -> LocalClaims:
    try:
        claims = jwt.decode(token, settings.signing_key(), algorithms=LOCAL_ALGORITHMS,
                            audience=settings.token_audience, issuer=settings.token_issuer,
                            options={"require_exp": True, "require_sub": True})
        return LocalClaims(user_id=int(claims["sub"]), token_version=int(claims["ver"]))
    except JWTError as exc:
        raise _invalid("The token has expired; sign in again." if "expired" in str(exc).lower() else
                       "The token is not valid; sign in again.") from None
    except (KeyError, ValueError, TypeError):
        raise _invalid() from None


class JwksCache:
    """The identity provider's public keys, kept by this process for `lifetime` seconds, so that a
    token does not cost a request to the provider. A token naming a key id we do not hold (the
    provider rotated its keys, or the token is junk) fetches the keys again, at most once every
    `refresh_after` seconds; so does an unreachable provider, so junk tokens cannot make us hammer it.

    One per process (on app.state): it holds public keys only, so several workers each with their
    own copy behave alike, differing at most in when each last fetched. While the provider cannot be
    reached, keys already held keep being used."""

    def __init__(self, lifetime: float, refresh_after: float = 60.0, clock=time.monotonic) -> None:
        self.lifetime, self.refresh_after, self.clock = lifetime, refresh_after, clock
        self._lock = threading.Lock()
        self._keys: dict[str, dict[str | None, dict]] = {}   # url → kid → JWK (None: the only key)
        self._fetched: dict[str, float] = {}          # url → when the keys were fetched
        self._tried: dict[str, float] = {}            # url → when a fetch was last attempted

    def key(self, url: str, kid: str | None) -> dict | None:
        """The key with this id (None: the provider's only key, if it publishes one), or None; raises
        OSError when the provider cannot be reached and no key was ever fetched from it."""
        with self._lock:  # one fetch at a time: concurrent requests wait for it rather than repeat it
            now = self.clock()
            keys = self._keys.get(url)
            fresh = keys is not None and now - self._fetched[url] < self.lifetime
            if fresh and kid in keys:
                return keys[kid]
            if url in self._tried and now - self._tried[url] < self.refresh_after:
                if keys is None:
                    raise OSError("the identity provider could not be reached a moment ago")
                return keys.get(kid)
            self._tried[url] = now
            try:
                document = _fetch_jwks(url)
            except (OSError, ValueError):
                if keys is None:
                    raise OSError("the identity provider's keys could not be fetched") from None
                return keys.get(kid)
            published = [k for k in document.get("keys", []) if isinstance(k, dict)]
            self._keys[url] = {k["kid"]: k for k in published if isinstance(k.get("kid"), str)}
            if len(published) == 1:
                self._keys[url][None] = published[0]
            self._fetched[url] = now
            return self._keys[url].get(kid)


def _fetch_jwks(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (configured URL)
        document = json.load(response)
    if not isinstance(document, dict):
        raise ValueError("not a JWKS document")
    return document


@dataclass(frozen=True)
class OidcIdentity:
    """Who the identity provider vouches for: the immutable subject, and the email it gives today."""

    issuer: str
    subject: str
    email: str | None
    email_verified: bool | None
    issued_at: int | None = None  # whole seconds since the epoch (iat)


def verify_oidc(settings: Settings, jwks: JwksCache, token: str) -> OidcIdentity:
    try:
        header = jwt.get_unverified_header(token)
        kid = header.get("kid")
        # OpenID Connect lets a provider with a single key leave kid out of its tokens.
        key = jwks.key(settings.oidc_jwks_url, kid) if isinstance(kid, str) or "kid" not in header else None
        if key is None:
            raise _invalid("The identity provider's key for this token is unknown.")
        # at_hash ties an ID token to the access token issued beside it, which the SPA does not
        # send: the ID token is the bearer, and its signature, issuer, audience and expiry are checked.
        claims = jwt.decode(token, key, algorithms=OIDC_ALGORITHMS, audience=settings.oidc_audience,
                            issuer=settings.oidc_issuer, options={"require_exp": True, "verify_at_hash": False})
    except JWTError:
        raise _invalid() from None
    except OSError:
        raise _invalid("The identity provider could not be reached to check the token.") from None
    # Entra ID's `oid` is the person across every application; elsewhere `sub` is the immutable id.
    subject = claims.get("oid") or claims.get("sub")
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise _invalid("The token does not say who it is for (no oid or sub claim).")
    email = claims.get(settings.oidc_email_claim)
    verified = claims.get("email_verified")
    issued_at = claims.get("iat")
    return OidcIdentity(issuer=settings.oidc_issuer, subject=subject,
                        email=email.strip().lower() if isinstance(email, str) and "@" in email else None,
                        email_verified=verified if isinstance(verified, bool) else None,
                        issued_at=issued_at if isinstance(issued_at, int) else None)


def new_service_secret(token_id: int) -> str:
    return f"{SERVICE_PREFIX}{token_id}_{secrets.token_urlsafe(32)}"


def hash_service_secret(secret: str) -> str:
    # The secret has 256 random bits: a plain SHA-256 is enough and lets us look it up.
    return hashlib.sha256(secret.encode()).hexdigest()


def service_token_expiry(days: int) -> dt.datetime:
    return utcnow() + dt.timedelta(days=days)
