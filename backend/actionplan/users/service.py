from sqlmodel import Session, select

from actionplan.audit import service as audit
from actionplan.core.errors import Conflict, Invalid, body_field
from actionplan.core.security import hash_password
from actionplan.users.models import Role, User

MIN_PASSWORD_LENGTH = 12


def create_user(session: Session, email: str, role: Role | str, password: str, name: str = "",
                actor: User | None = None, actor_label: str | None = None) -> User:
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
                password_hash=hash_password(password))
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", "user", user.id, after={"email": email, "role": role.value},
                 actor_label=actor_label)
    session.commit()
    session.refresh(user)
    return user


def update_user(session: Session, actor, user: User, name: str | None, role: Role | None,
                is_active: bool | None) -> User:
    before = {"name": user.name, "role": user.role, "is_active": user.is_active}
    if name is not None:
        user.name = name.strip()
    if role is not None and role != user.role:
        user.role = role
        user.token_version += 1  # a token must not outlive the powers it was issued with
    if is_active is not None and is_active != user.is_active:
        user.is_active = is_active
        user.token_version += 1
    after = {"name": user.name, "role": user.role, "is_active": user.is_active}
    if after != before:
        session.add(user)
        audit.record(session, actor, "user.update", "user", user.id, before=before, after=after)
        session.commit()
        session.refresh(user)
    return user
