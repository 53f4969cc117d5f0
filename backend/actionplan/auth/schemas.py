import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from actionplan.auth.permissions import SERVICE_SCOPES
from actionplan.core.params import MAX_ID, DateText
from actionplan.users.models import Role

ServiceScope = Literal[tuple(SERVICE_SCOPES)]  # the scopes auth/permissions.py defines


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the token expires.")


class OidcConfig(BaseModel):
    issuer: str = Field(description="Where the discovery document is: {issuer}/.well-known/openid-configuration.")
    client_id: str
    scopes: str


class AuthConfig(BaseModel):
    password_sign_in: bool = Field(description="Whether /auth/token accepts a password.")
    oidc: OidcConfig | None = Field(description="The council's identity provider, when the SPA may sign in "
                                                "with it: the ID token it gives is the bearer token.")


class Me(BaseModel):
    id: int
    email: str
    name: str
    role: Role
    permissions: dict[str, str] = Field(
        description="Each permission held, with the code of the scope it holds in: any, own, led, own_or_led, "
                    "author or granted (docs/permissions.md says what each means); a client words them.")
    led_area_ids: list[int]
    granted_plan_ids: list[int] = Field(description="Inspectors: the published plans granted to them today.")


class PasswordChange(_Strict):
    current_password: str = Field(min_length=1, max_length=1000)
    new_password: str = Field(min_length=1, max_length=1000, json_schema_extra={"minLength": 12},
                              description="At least 12 characters (checked by the service: weak_password).")


class ServiceTokenCreate(_Strict):
    name: str = Field(min_length=1, max_length=120)
    scopes: list[ServiceScope] | None = Field(
        default=None, description="Default: ['plans:read'] (read-only); 'webhooks:manage' lets it subscribe to events.")
    plan_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="Limit the token to one plan.")
    expires_in_days: int = Field(default=365, ge=1, le=730)


class ServiceTokenPublic(BaseModel):
    id: int
    name: str
    scopes: list[str]
    plan_id: int | None
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None


class ServiceTokenCreated(ServiceTokenPublic):
    token: str = Field(description="Shown once: only a hash is kept.")


class InspectorGrantCreate(_Strict):
    inspector_id: int = Field(ge=1, le=MAX_ID, description="An active inspector.")
    expires_on: DateText = Field(description="The last day the inspector may read the plan.")


class InspectorGrantPublic(BaseModel):
    id: int
    plan_id: int
    inspector_id: int
    inspector_name: str
    expires_on: dt.date
    granted_at: dt.datetime
    revoked_at: dt.datetime | None
    live: bool


class InspectorReadPublic(BaseModel):
    inspector_id: int
    inspector_name: str
    at: dt.datetime
    method: str
    path: str
