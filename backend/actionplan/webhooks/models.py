import datetime as dt

from sqlalchemy import JSON, Column, String, Text
from sqlmodel import Field, SQLModel

from actionplan.core.types import UTCDateTime, utcnow


class WebhookSubscription(SQLModel, table=True):
    """A service account's subscription to events, delivered to its URL signed with HMAC-SHA256."""

    id: int | None = Field(default=None, primary_key=True)
    service_token_id: int = Field(foreign_key="servicetoken.id", index=True)
    url: str = Field(max_length=2000)
    # Kept readable (not hashed): every delivery is signed with it.
    secret: str = Field(max_length=100)
    event_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    deleted_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebhookDelivery(SQLModel, table=True):
    """One event for one subscription, retried with backoff until delivered or given up."""

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="webhooksubscription.id", index=True)
    event_id: str = Field(max_length=40, index=True)
    event_type: str = Field(max_length=60)
    payload: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    state: str = Field(default="pending", sa_column=Column(String(20), nullable=False, index=True))
    attempts: int = 0
    next_attempt_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    last_status: int | None = None
    last_error: str | None = Field(default=None, sa_type=Text)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    delivered_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
