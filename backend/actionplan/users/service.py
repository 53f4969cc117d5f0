from sqlalchemy import update
from sqlmodel import Session, col, select

from actionplan.audit import service as audit
from actionplan.auth.permissions import Principal, elevation_needs_confirmation
from actionplan.core.errors import Conflict, Invalid, body_field
from actionplan.core.security import hash_password
from actionplan.core.types import utcnow
from actionplan.notifications import service as notify
from actionplan.users.models import Role, RoleChange, User

MIN_PASSWORD_LENGTH = 12


def _new_user(session: Session, email: str, role: Role | str, password: str, name: str, active: bool) -> User:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise Invalid(f"{email!r} is not an email address.", code="invalid_email",
                      errors=[body_field("email", "Enter an email address, like name@council.gov.uk")])
    try:
        role = Role(role)
    except ValueError:
        raise Invalid(f"{role!r} is not a role; choose one of {', '.join(r.value for r in Role)}.",
                      code="invalid_role", errors=[body_field("role", "Choose a role")]) from None
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"The password must be at least {MIN_PASSWORD_LENGTH} characters.", code="weak_password",
                      errors=[body_field("password", f"Use at least {MIN_PASSWORD_LENGTH} characters")])
    if session.exec(select(User).where(User.email == email)).first():
        raise Conflict(f"A user with the email {email} already exists.", code="user_exists",
                       errors=[body_field("email", "Someone already has this email address")])
    user = User(email=email, role=role, name=name.strip() or email.split("@")[0],
                password_hash=hash_password(password), is_active=active)
    session.add(user)
    session.flush()
    return user


def create_user(session: Session, email: str, role: Role | str, password: str, name: str = "",
                actor: User | None = None, actor_label: str | None = None) -> User:
    """On the command line and for the demo, whoever runs the server: the role holds at once
    (this is how the first director comes to be)."""
    user = _new_user(session, email, role, password, name, active=True)
    audit.record(session, actor, "user.create", "user", user.id, after={"email": user.email, "role": user.role.value},
                 actor_label=actor_label)
    session.commit()
    session.refresh(user)
    return user


def add_user(session: Session, actor: Principal, email: str, role: Role, password: str, name: str) -> User:
    """An administrator adds someone. An account for an elevated role starts deactivated and
    becomes active only when a director confirms the role."""
    pending = elevation_needs_confirmation(role, False, role, True)
    user = _new_user(session, email, role, password, name, active=not pending)
    audit.record(session, actor, "user.create", "user", user.id,
                 after={"email": user.email, "role": user.role.value, "is_active": user.is_active})
    if pending:
        _request_role(session, actor, user, role)
    session.commit()
    session.refresh(user)
    return user


def update_user(session: Session, actor: Principal, user: User, name: str | None, role: Role | None,
                is_active: bool | None) -> RoleChange | None:
    """Applies the change; an elevation is only recorded as a request. Any request about the
    account's role or activity supersedes one still waiting: the latest request stands.
    Returns the new pending request, if there is one."""
    before = {"name": user.name, "role": user.role, "is_active": user.is_active}
    if name is not None:
        user.name = name.strip()
    requested = None
    if role is not None or is_active is not None:
        _supersede_pending(session, actor, user)
        new_role = user.role if role is None else role
        new_active = user.is_active if is_active is None else is_active
        if elevation_needs_confirmation(user.role, user.is_active, new_role, new_active):
            requested = _request_role(session, actor, user, new_role)
        elif (new_role, new_active) != (user.role, user.is_active):
            user.role, user.is_active = new_role, new_active
            user.token_version += 1  # a token must not outlive the powers it was issued with
    after = {"name": user.name, "role": user.role, "is_active": user.is_active}
    if after != before:
        session.add(user)
        audit.record(session, actor, "user.update", "user", user.id, before=before, after=after)
    session.commit()
    session.refresh(user)
    return requested


def _request_role(session: Session, actor: Principal, user: User, role: Role) -> RoleChange:
    change = RoleChange(user_id=user.id, role=role, requested_by_id=actor.id)
    session.add(change)
    session.flush()
    audit.record(session, actor, "role_change.request", "role_change", change.id,
                 after={"user_id": user.id, "role": Role(role).value, "state": "pending"})
    notify.role_change_requested(session, change, user, actor.name)
    return change


def _supersede_pending(session: Session, actor: Principal, user: User) -> None:
    for change in session.exec(select(RoleChange).where(RoleChange.user_id == user.id,
                                                        RoleChange.state == "pending")).all():
        change.state, change.decided_at = "superseded", utcnow()
        session.add(change)
        audit.record(session, actor, "role_change.supersede", "role_change", change.id,
                     before={"state": "pending"}, after={"state": "superseded"})


def pending_role_change(session: Session, user_id: int) -> RoleChange | None:
    return session.exec(select(RoleChange).where(RoleChange.user_id == user_id, RoleChange.state == "pending")
                        .order_by(col(RoleChange.id).desc())).first()


def decide_role_change(session: Session, actor: Principal, change: RoleChange, confirm: bool) -> RoleChange:
    """A director confirms (the account takes the role, active, and its tokens stop working) or refuses."""
    state = "confirmed" if confirm else "refused"
    # Claimed with a conditional update, so that two directors deciding at once cannot both win.
    claimed = session.execute(update(RoleChange).where(col(RoleChange.id) == change.id, RoleChange.state == "pending")
                              .values(state=state, decided_by_id=actor.id, decided_at=utcnow())).rowcount
    if not claimed:
        session.refresh(change)
        raise Conflict(f"This role change was already {change.state}.", code="role_change_decided")
    session.refresh(change)
    user = session.get(User, change.user_id)
    before = {"role": user.role, "is_active": user.is_active}
    if confirm:
        user.role, user.is_active = Role(change.role), True
        user.token_version += 1
        session.add(user)
    audit.record(session, actor, f"role_change.{'confirm' if confirm else 'refuse'}", "role_change", change.id,
                 before={"state": "pending", "user": before},
                 after={"state": state, "user": {"role": user.role, "is_active": user.is_active}})
    notify.role_change_decided(session, change, user)
    session.commit()
    session.refresh(change)
    return change
