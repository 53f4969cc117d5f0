import datetime as dt

from sqlalchemy import JSON, Column, String
from sqlmodel import Field, SQLModel

from actionplan.core.types import UTCDateTime, utcnow


class ServiceToken(SQLModel, table=True):
    """A named API token for another council system; only a hash of the secret is kept."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    plan_id: int | None = Field(default=None, foreign_key="plan.id",
                                description="When set, the token sees this plan only.")
    secret_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: dt.datetime = Field(sa_type=UTCDateTime)
    revoked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class InspectorGrant(SQLModel, table=True):
    """An inspector's read access to one plan, until a date the director sets."""

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    inspector_id: int = Field(foreign_key="app_user.id", index=True)
    expires_on: dt.date = Field(description="The last day the inspector may read the plan.")
    granted_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    granted_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_by_id: int | None = Field(default=None, foreign_key="app_user.id")


class InspectorRead(SQLModel, table=True):
    """Every read an inspector makes, for the director to see."""

    id: int | None = Field(default=None, primary_key=True)
    # No foreign key: the log keeps what was asked for, even a plan that does not exist.
    plan_id: int | None = Field(default=None, index=True)
    inspector_id: int = Field(foreign_key="app_user.id", index=True)
    at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    method: str = Field(max_length=10)
    path: str = Field(max_length=500)


class SignInFailure(SQLModel, table=True):
    """Failed sign-ins: who tried which account from where, for an administrator to look into.
    The throttle counts them in SignInThrottle."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    client: str = Field(max_length=64, index=True)
    at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class SignInThrottle(SQLModel, table=True):
    """Failed sign-ins counted for one account, one client address, or one account from one
    address. The key is a hash of which: an attacker's username of any length fits it."""

    key: str = Field(sa_column=Column(String(64), primary_key=True))
    failures: int = 0
    last_failure_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
