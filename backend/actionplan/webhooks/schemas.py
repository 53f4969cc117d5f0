import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

from actionplan.webhooks.outbox import EVENT_TYPES

EventType = Literal["status.approved", "evidence.accepted", "action.overdue", "measure.reading"]
assert set(get_args(EventType)) == set(EVENT_TYPES)
DeliveryState = Literal["pending", "delivered", "failed", "cancelled"]

# What the API accepts as a webhook URL, said once so the contract and the check agree:
# http or https, a host name or IPv4 address, an optional port up to 65535, and an optional path
# and query of URL characters (no fragment, no user:password@). IPv6 literals are not taken: a
# pattern cannot tell a real one from "[66c4a]", and a name serves as well.
_HOST = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)"
_PORT = r"(?::(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?"
URL_PATTERN = rf"^https?://{_HOST}{_PORT}(?:[/?][A-Za-z0-9._~:/?\[\]!$&'()*+,;=%-]*)?$"
SECRET_PATTERN = r"^[!-~]+$"
REPLAY_BATCH = 500


def _no_duplicates(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError("each event type once")
    return values


def _a_string(value: Any) -> Any:
    # Timestamps arrive as JSON strings; a number is not taken for seconds since 1970.
    if not isinstance(value, str):
        raise ValueError("an ISO 8601 timestamp with a zone, as a string")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class WebhookCreate(_Strict):
    url: str = Field(max_length=2000, pattern=URL_PATTERN,
                     description="Where events are POSTed: an https URL to a public address (http, and "
                                 "private addresses, only where the server allows them).",
                     examples=["https://performance.council.example/hooks/actionplan"])
    event_types: Annotated[list[EventType], AfterValidator(_no_duplicates)] = Field(
        min_length=1, max_length=len(EVENT_TYPES), json_schema_extra={"uniqueItems": True},
        description="The events to receive.", examples=[["status.approved"]])
    secret: str | None = Field(
        default=None, min_length=24, max_length=100, pattern=SECRET_PATTERN,
        description="The key deliveries are signed with. Leave it out to have one generated; "
                    "either way it is shown once, in this response.")


class WebhookPublic(BaseModel):
    id: int
    url: str
    event_types: list[EventType]
    created_at: dt.datetime


class WebhookCreated(WebhookPublic):
    secret: str = Field(description="Shown once: verify each delivery's signature with it.")


class DeliveryPublic(BaseModel):
    id: int
    webhook_id: int
    event_id: str = Field(description="The same for every delivery (and replay) of one event: deduplicate on it.")
    event_type: EventType
    state: DeliveryState = Field(description="pending (waiting for its next attempt), delivered, failed "
                                             "(given up after the last retry) or cancelled (subscription "
                                             "deleted, or token revoked or expired).")
    attempts: int
    next_attempt_at: dt.datetime | None = Field(description="When a pending delivery is next tried.")
    last_status: int | None = Field(description="The HTTP status your endpoint last answered, if it answered.")
    last_error: str | None = Field(description="Why the last attempt failed: timeout, unreachable (refused, reset, "
                                               "no such name), tls_error, http_error (see last_status) or "
                                               "refused_target (an address webhooks may not reach); or why the "
                                               "delivery was cancelled. Never what your endpoint answered.")
    created_at: dt.datetime
    delivered_at: dt.datetime | None
    payload: dict[str, Any] = Field(description="The body sent: {id, type, occurred_at, plan_id, data}.")


class DeliveriesPage(BaseModel):
    items: list[DeliveryPublic]
    total: int
    limit: int
    offset: int


class ReplayRequest(_Strict):
    after_event_id: str | None = Field(default=None, min_length=1, max_length=40,
                                       description="Replay the events after this one (not including it).")
    since: Annotated[AwareDatetime, Field(strict=False), BeforeValidator(_a_string)] | None = Field(
        default=None, description="Replay the events that occurred at or after this moment.")


class ReplayResult(BaseModel):
    queued: int = Field(description="Deliveries queued, oldest event first.")
    more: bool = Field(description=f"true: there were more than {REPLAY_BATCH} events; call again with "
                                    "after_event_id set to the last one queued.")
    deliveries: list[DeliveryPublic]
