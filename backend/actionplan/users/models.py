import datetime as dt
from enum import StrEnum

from sqlalchemy import Column, String, UniqueConstraint
from sqlmodel import Field, SQLModel, col

from actionplan.core.types import UTCDateTime, utcnow


class Role(StrEnum):
    action_owner = "action_owner"
    head_of_service = "head_of_service"
    assistant_director = "assistant_director"
    director = "director"
    inspector = "inspector"
    admin = "admin"


class User(SQLModel, table=True):
    __tablename__ = "app_user"
    __table_args__ = (UniqueConstraint("oidc_issuer", "oidc_subject", name="uq_app_user_oidc_identity"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_column=Column(String(254), unique=True, nullable=False))
    name: str = Field(max_length=200)
    role: Role = Field(sa_column=Column(String(30), nullable=False))
    password_hash: str | None = Field(default=None, max_length=200)
    is_active: bool = True
    # Bumped on deactivation or password change: tokens carry it, so older tokens stop working.
    token_version: int = 0
    # Who the council's identity provider says this is (its issuer and the token's oid or sub): set at
    # the first sign-in through it and never changed, so a changed email still maps here and another
    # person given this email later does not.
    oidc_issuer: str | None = Field(default=None, max_length=500)
    oidc_subject: str | None = Field(default=None, max_length=255)
    # The identity provider's tokens carry no version of ours: those issued before this are refused.
    signed_out_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Delegation(SQLModel, table=True):
    """An approver's cover during an absence: the cover decides in the approver's name."""

    id: int | None = Field(default=None, primary_key=True)
    approver_id: int = Field(foreign_key="app_user.id", index=True)
    cover_id: int = Field(foreign_key="app_user.id", index=True)
    starts_on: dt.date
    ends_on: dt.date
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)

    @staticmethod
    def in_force_on(day: dt.date) -> tuple:
        """What a delegation in force on `day` meets, for a query: not ended early, and the day within it."""
        return (col(Delegation.revoked_at).is_(None), Delegation.starts_on <= day, Delegation.ends_on >= day)


class RoleChange(SQLModel, table=True):
    """An administrator's request to make someone director, assistant director or inspector: it
    takes effect (the account holds `role`, active) only when a second person, a director, confirms."""

    __tablename__ = "role_change"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    role: Role = Field(sa_column=Column(String(30), nullable=False))
    state: str = Field(default="pending", max_length=20, description="pending, confirmed, refused or superseded")
    requested_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    requested_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    decided_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    decided_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
