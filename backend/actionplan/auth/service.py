"""Signing in, passwords, service tokens and inspector access."""

import datetime as dt
import math

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from actionplan.audit import service as audit
from actionplan.auth import throttle, tokens
from actionplan.auth.models import InspectorGrant, ServiceToken, SignInFailure
from actionplan.auth.permissions import DEFAULT_SERVICE_SCOPES, INSPECTOR_ROLES, SERVICE_SCOPES, Principal
from actionplan.core.config import Settings
from actionplan.core.errors import Conflict, Invalid, NotFound, TooManyRequests, Unauthorized, body_field
from actionplan.core.security import hash_password, verify_password
from actionplan.core.types import utcnow
from actionplan.core.words import date_words
from actionplan.plans.models import Plan
from actionplan.users.models import User
from actionplan.users.service import MIN_PASSWORD_LENGTH

_BAD_SIGN_IN = "The email address or password is not right."


def _in_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"


def sign_in(session: Session, settings: Settings, email: str, password: str, client: str) -> tuple[str, int]:
    """Every try is counted before its password is checked (see auth/throttle.py)."""
    email = email.strip().lower()
    wait = throttle.count_attempt(session, email, client)
    if wait > dt.timedelta(0):
        seconds = math.ceil(wait.total_seconds())
        raise TooManyRequests(f"Too many failed sign-ins. Try again in {_in_words(seconds)}.",
                              code="sign_in_rate_limited", headers={"Retry-After": str(seconds)})
    user = session.exec(select(User).where(User.email == email)).first()
    account = (user.id, user.token_version, user.password_hash) if user is not None and user.is_active else None
    session.rollback()  # no transaction (on SQLite, no write lock) held through the slow hash
    # The hash is checked even for unknown accounts, so the answer and its timing say nothing
    # about whether the account exists.
    if not verify_password(password, account[2] if account else None) or account is None:
        session.add(SignInFailure(email=email[:254], client=client[:64]))
        session.commit()
        raise Unauthorized(_BAD_SIGN_IN, code="bad_credentials")
    throttle.forgive(session, email, client)
    return tokens.issue_access_token(settings, account[0], account[1])


def user_for_identity(session: Session, identity: tokens.OidcIdentity) -> User:
    """The user the identity provider's token is for, found by its issuer and subject.

    An account is linked once, at its first sign-in through the provider: by the email claim, if
    the provider has not said that email is unverified, to an account not linked yet. From then on
    the email claim is never read again for it: a changed email still finds it, and someone else
    given the same email later (another subject) is refused."""
    user = session.exec(select(User).where(User.oidc_issuer == identity.issuer,
                                           User.oidc_subject == identity.subject)).first()
    if user is None and identity.email is not None and identity.email_verified is not False:
        candidate = session.exec(select(User).where(User.email == identity.email)).first()
        if candidate is not None and candidate.is_active and candidate.oidc_subject is None:
            user = _link_identity(session, candidate, identity)
    if user is None or not user.is_active:
        raise Unauthorized("Your account is not set up in actionplan; ask an administrator.",
                           code="invalid_token", headers={"WWW-Authenticate": "Bearer"})
    return user


def _link_identity(session: Session, user: User, identity: tokens.OidcIdentity) -> User | None:
    # Conditional, so that of two first sign-ins at once (two subjects, one email) one links and the
    # other finds the account taken.
    try:
        linked = session.execute(update(User).where(col(User.id) == user.id, col(User.oidc_subject).is_(None))
                                 .values(oidc_issuer=identity.issuer, oidc_subject=identity.subject)).rowcount
        if linked != 1:
            session.rollback()
            return None
        audit.record(session, user, "user.link_identity", "user", user.id,
                     after={"oidc_issuer": identity.issuer, "oidc_subject": identity.subject})
        session.commit()
    except IntegrityError:  # the same subject linked to another account meanwhile
        session.rollback()
        return None
    session.refresh(user)
    return user


def change_password(session: Session, user: User, current: str, new: str) -> None:
    if not verify_password(current, user.password_hash):
        raise Invalid("The current password is not right.", code="bad_credentials",
                      errors=[body_field("current_password", "Not right")])
    if len(new) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"The new password must be at least {MIN_PASSWORD_LENGTH} characters.", code="weak_password",
                      errors=[body_field("new_password", "Too short")])
    user.password_hash = hash_password(new)
    user.token_version += 1  # every token issued before stops working
    session.add(user)
    audit.record(session, user, "user.change_password", "user", user.id)
    session.commit()


def sign_out_everywhere(session: Session, user: User) -> None:
    user.token_version += 1
    user.signed_out_at = utcnow()
    session.add(user)
    audit.record(session, user, "user.sign_out_everywhere", "user", user.id)
    session.commit()


def create_service_token(session: Session, actor: Principal, name: str, scopes: list[str] | None,
                         plan_id: int | None, expires_in_days: int) -> tuple[ServiceToken, str]:
    scopes = scopes or list(DEFAULT_SERVICE_SCOPES)
    unknown = [s for s in scopes if s not in SERVICE_SCOPES]
    if unknown:
        raise Invalid(f"Unknown scope {unknown[0]!r}; choose from {', '.join(SERVICE_SCOPES)}.", code="unknown_scope")
    if plan_id is not None and session.get(Plan, plan_id) is None:
        raise Invalid(f"There is no plan {plan_id}.", code="unknown_plan")
    row = ServiceToken(name=name, scopes=scopes, plan_id=plan_id, secret_hash="pending",
                       created_by_id=actor.id, expires_at=tokens.service_token_expiry(expires_in_days))
    session.add(row)
    session.flush()
    secret = tokens.new_service_secret(row.id)
    row.secret_hash = tokens.hash_service_secret(secret)
    audit.record(session, actor, "service_token.create", "service_token", row.id,
                 after={"name": name, "scopes": scopes, "plan_id": plan_id, "expires_at": row.expires_at.isoformat()})
    session.commit()
    session.refresh(row)
    return row, secret


def revoke_service_token(session: Session, actor: Principal, token_id: int) -> ServiceToken:
    row = session.get(ServiceToken, token_id)
    if row is None:
        raise NotFound(f"There is no service token {token_id}.")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(session, actor, "service_token.revoke", "service_token", row.id)
        session.commit()
        session.refresh(row)
    return row


def grant_inspector(session: Session, actor: Principal, plan_id: int, inspector_id: int,
                    expires_on: dt.date, today: dt.date) -> InspectorGrant:
    inspector = session.get(User, inspector_id)
    if inspector is None or inspector.role not in INSPECTOR_ROLES or not inspector.is_active:
        raise Invalid(f"User {inspector_id} is not an active inspector.", code="not_an_inspector",
                      errors=[body_field("inspector_id", "Not an active inspector")])
    if expires_on < today:
        raise Invalid("The expiry date has passed; choose today or later.", code="expiry_in_past",
                      errors=[body_field("expires_on", "In the past")])
    live = session.exec(select(InspectorGrant).where(
        InspectorGrant.plan_id == plan_id, InspectorGrant.inspector_id == inspector_id,
        col(InspectorGrant.revoked_at).is_(None), InspectorGrant.expires_on >= today)).first()
    if live:
        raise Conflict(f"{inspector.name} already has access to this plan until {date_words(live.expires_on)}; "
                       "revoke it first to change the date.", code="grant_exists",
                       errors=[body_field("inspector_id", "Already has access")])
    grant = InspectorGrant(plan_id=plan_id, inspector_id=inspector_id, expires_on=expires_on, granted_by_id=actor.id)
    session.add(grant)
    session.flush()
    audit.record(session, actor, "inspector_grant.create", "inspector_grant", grant.id,
                 after={"plan_id": plan_id, "inspector_id": inspector_id, "expires_on": expires_on.isoformat()})
    session.commit()
    session.refresh(grant)
    return grant


def revoke_inspector_grant(session: Session, actor: Principal, grant: InspectorGrant) -> InspectorGrant:
    if grant.revoked_at is None:
        grant.revoked_at = utcnow()
        grant.revoked_by_id = actor.id
        audit.record(session, actor, "inspector_grant.revoke", "inspector_grant", grant.id)
        session.commit()
        session.refresh(grant)
    return grant


def publish_plan(session: Session, actor: Principal, plan: Plan) -> Plan:
    if plan.published_at is None:
        plan.published_at = utcnow()
        plan.published_by_id = actor.id
        audit.record(session, actor, "plan.publish", "plan", plan.id)
        session.commit()
        session.refresh(plan)
    return plan
