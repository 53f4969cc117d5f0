"""Who is calling: turns the bearer token into a Principal, and one helper to enforce can()."""

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy import Row, String, bindparam, cast, func, update
from sqlmodel import Session, col, select

from actionplan.auth import tokens
from actionplan.auth.models import InspectorGrant, InspectorRead, ServiceToken
from actionplan.auth.permissions import DecisionRef, Denied, Obj, Perm, Principal, check, check_as_cover
from actionplan.auth.service import user_for_identity
from actionplan.core.clock import council_today
from actionplan.core.db import SessionDep, begin_writing
from actionplan.core.errors import Forbidden, NotFound, Unauthorized
from actionplan.core.params import id_from_text
from actionplan.core.types import utcnow
from actionplan.plans.models import Area, Plan
from actionplan.users.models import Delegation, Role, User

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False,
                              description="A bearer token: an access token from /auth/token, a service token, "
                                          "or (when enabled) a token from the council's identity provider.")


def _unauthorized(detail: str) -> Unauthorized:
    return Unauthorized(detail, code="invalid_token", headers={"WWW-Authenticate": "Bearer"})


def service_principal(session: Session, token: str) -> Principal:
    token_id = id_from_text(token.removeprefix(tokens.SERVICE_PREFIX).partition("_")[0])
    row = session.get(ServiceToken, token_id) if token_id is not None else None
    if row is None or not hmac.compare_digest(row.secret_hash, tokens.hash_service_secret(token)):
        raise _unauthorized("The service token is not valid.")
    now = utcnow()
    if row.revoked_at is not None:
        raise _unauthorized("The service token has been revoked.")
    if row.expires_at <= now:
        raise _unauthorized("The service token has expired.")
    # A negative id: a service token must never be mistaken for the user with the same number.
    principal = Principal(id=-row.id, role=None, name=f"service token {row.id} ({row.name})",
                          service_scopes=tuple(row.scopes),
                          token_plan_ids=None if row.plan_id is None else frozenset({row.plan_id}))
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        # To the minute: enough to see whether a token is still in use.
        begin_writing(session)
        session.execute(update(ServiceToken).where(col(ServiceToken.id) == -principal.id).values(last_used_at=now))
        session.commit()
    return principal


def _user_from_token(request: Request, session: Session, token: str) -> tuple[User | Row, frozenset[int] | None]:
    """The signed-in user (a User, or a row of the columns a Principal needs) and, when it came with
    them, the areas they lead (None: not yet read)."""
    settings = request.app.state.settings
    if settings.oidc_enabled and tokens.unverified_issuer(token) == settings.oidc_issuer:
        identity = tokens.verify_oidc(settings, request.app.state.jwks, token)
        user = user_for_identity(session, identity)
        if user.signed_out_at is not None and (
                identity.issued_at is None or identity.issued_at <= int(user.signed_out_at.timestamp())):
            # iat is in whole seconds: a token from the second of the sign-out is refused too.
            raise _unauthorized("The token has been revoked; sign in again.")
        return user, None
    claims = tokens.verify_local(settings, token)
    user = session.connection().execute(_SIGNED_IN, {"user_id": claims.user_id}).first()
    if user is None or not user.is_active or user.token_version != claims.token_version:
        raise _unauthorized("The token has been revoked; sign in again.")
    return user, frozenset(map(int, user.led_area_ids.split(","))) if user.led_area_ids else frozenset()


# The signed-in user and the areas they lead in one statement and one row (built once): read on every
# request, never kept between requests (a sign-out everywhere or a deactivation takes effect at once,
# in every worker). Only the columns a Principal needs, and the areas' ids as one string: someone who
# leads hundreds of areas made a row each to read on every request.
_SIGNED_IN = (select(User.id, User.role, User.name, User.is_active, User.token_version,
                     func.aggregate_strings(cast(Area.id, String), ",").label("led_area_ids"))
              .outerjoin(Area, col(Area.lead_id) == User.id).where(User.id == bindparam("user_id"))
              .group_by(User.id))


def principal_for(session: Session, user: User | Row, led: frozenset[int] | None = None) -> Principal:
    if led is None:
        led = frozenset(session.exec(select(Area.id).where(Area.lead_id == user.id)).all())
    granted: frozenset[int] = frozenset()
    if user.role == Role.inspector:
        # A grant is live from when it is made to the end of its expiry day, unless revoked,
        # and only for a plan the director has published.
        granted = frozenset(session.exec(
            select(InspectorGrant.plan_id).join(Plan, col(Plan.id) == InspectorGrant.plan_id)
            .where(InspectorGrant.inspector_id == user.id, col(InspectorGrant.revoked_at).is_(None),
                   InspectorGrant.expires_on >= council_today(), col(Plan.published_at).is_not(None))).all())
    return Principal(id=user.id, role=Role(user.role), name=user.name, led_area_ids=led, granted_plan_ids=granted)


def get_principal(request: Request, session: SessionDep,
                  token: Annotated[str | None, Depends(oauth2)]) -> Principal:
    if not token:
        raise _unauthorized("Sign in first: send an Authorization: Bearer token.")
    if token.startswith(tokens.SERVICE_PREFIX):
        return service_principal(session, token)
    user, led = _user_from_token(request, session, token)
    principal = principal_for(session, user, led)
    if principal.role == Role.inspector:
        _log_inspector_read(session, request, user.id)
    return principal


def _log_inspector_read(session: Session, request: Request, inspector_id: int) -> None:
    # Logged here, for every request an inspector makes, so no route can forget it.
    # The path is kept as asked, even when it names no plan, but PostgreSQL cannot store NUL.
    plan_id = request.path_params.get("plan_id") or request.query_params.get("plan_id") or ""
    begin_writing(session)
    session.add(InspectorRead(inspector_id=inspector_id, method=request.method[:10],
                              path=request.url.path.replace("\x00", "\ufffd")[:500], plan_id=id_from_text(plan_id)))
    session.commit()


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def authorize(principal: Principal, perm: Perm, obj: Obj = None, *, not_found: str = "Not found.") -> None:
    """Raises 404 (with the same words as for a missing object) when the caller may not know
    the object exists, and 403 when they may see it but not do this."""
    refuse(check(principal, perm, obj), not_found=not_found)


def refuse(denied: Denied | None, *, not_found: str = "Not found.") -> None:
    """Turns a rule's refusal into its answer: nothing, 404 or 403."""
    if denied is None:
        return
    if not denied.visible:
        raise NotFound(not_found)
    raise Forbidden(f"{denied.why}.", code="forbidden")


def active_delegation(session: Session, approver_id: int, cover_id: int) -> Delegation | None:
    today = council_today()
    return session.exec(select(Delegation).where(
        Delegation.approver_id == approver_id, Delegation.cover_id == cover_id, *Delegation.in_force_on(today))).first()


def covered_approvers(session: Session, principal: Principal) -> list[Principal]:
    """The active approvers the caller covers today (none for a service token), oldest delegation first."""
    if principal.is_service:
        return []
    approvers = session.exec(select(User).join(Delegation, col(Delegation.approver_id) == User.id)
                             .where(Delegation.cover_id == principal.id, User.is_active,
                                    *Delegation.in_force_on(council_today()))
                             .order_by(col(Delegation.id))).all()
    return [principal_for(session, a) for a in {a.id: a for a in approvers}.values()]


def cover_for(session: Session, principal: Principal, on_behalf_of_id: int) -> Principal:
    """The approver the caller names as covering for, if they do cover for them today."""
    approver = session.get(User, on_behalf_of_id)
    if approver is None or not approver.is_active or active_delegation(session, approver.id, principal.id) is None:
        raise Forbidden("You are not covering for that person today.", code="no_delegation")
    return principal_for(session, approver)


def authorize_decision(session: Session, principal: Principal, perm: Perm, obj: DecisionRef,
                       on_behalf_of_id: int | None, not_found: str) -> Principal | None:
    """Authorises a decision by the caller, or by the caller as an approver's cover.
    Returns the approver's Principal when deciding on their behalf."""
    if on_behalf_of_id is None:
        authorize(principal, perm, obj, not_found=not_found)
        return None
    authorize(principal, Perm.plan_read, obj, not_found=not_found)
    on_behalf = cover_for(session, principal, on_behalf_of_id)
    denied = check_as_cover(principal, on_behalf, perm, obj)
    if denied:
        raise Forbidden(f"{denied.why} (you act as {on_behalf.name}'s cover).", code="forbidden")
    return on_behalf
