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


def _jwks(settings: Settings) -> dict:
    # Fetched on each verification: keys rotate at the provider and no state is kept in a
    # process. A council's sign-in rate makes this cheap; add an HTTP cache if it ever is not.
    with urllib.request.urlopen(settings.oidc_jwks_url, timeout=5) as response:  # noqa: S310 (configured URL)
        return json.load(response)


@dataclass(frozen=True)
class OidcClaims:
    email: str
    issued_at: int | None


def verify_oidc(settings: Settings, token: str) -> OidcClaims:
    """The email of the user the identity provider vouches for, and when it did."""
    try:
        header = jwt.get_unverified_header(token)
        published = _jwks(settings).get("keys", [])
        # OpenID Connect lets a provider with a single key leave kid out of its tokens.
        keys = ([k for k in published if k.get("kid") == header["kid"]] if "kid" in header else
                published if len(published) == 1 else [])
        if not keys:
            raise _invalid("The identity provider's key for this token is unknown.")
        # at_hash ties an ID token to the access token issued beside it, which the SPA does not
        # send: the ID token is the bearer, and its signature, issuer, audience and expiry are checked.
        claims = jwt.decode(token, keys[0], algorithms=OIDC_ALGORITHMS, audience=settings.oidc_audience,
                            issuer=settings.oidc_issuer, options={"require_exp": True, "verify_at_hash": False})
    except JWTError:
        raise _invalid() from None
    except OSError:
        raise _invalid("The identity provider could not be reached to check the token.") from None
    email = claims.get(settings.oidc_email_claim)
    if not isinstance(email, str) or "@" not in email:
        raise _invalid(f"The token carries no email in its {settings.oidc_email_claim!r} claim.")
    issued_at = claims.get("iat")
    return OidcClaims(email=email.strip().lower(), issued_at=issued_at if isinstance(issued_at, int) else None)


def new_service_secret(token_id: int) -> str:
    return f"{SERVICE_PREFIX}{token_id}_{secrets.token_urlsafe(32)}"


def hash_service_secret(secret: str) -> str:
    # The secret has 256 random bits: a plain SHA-256 is enough and lets us look it up.
    return hashlib.sha256(secret.encode()).hexdigest()


def service_token_expiry(days: int) -> dt.datetime:
    return utcnow() + dt.timedelta(days=days)
