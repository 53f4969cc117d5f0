import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from actionplan.users.models import Role


class RoleChangePublic(BaseModel):
    id: int
    user_id: int
    user_name: str
    user_email: str
    user_role: Role = Field(description="The role the account holds now.")
    user_is_active: bool
    role: Role = Field(description="The role asked for; on confirmation the account holds it, active.")
    state: Literal["pending", "confirmed", "refused", "superseded"]
    requested_by_id: int | None
    requested_by_name: str
    requested_at: dt.datetime
    decided_by_id: int | None
    decided_by_name: str | None
    decided_at: dt.datetime | None


class RoleChangeDecision(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    decision: Literal["confirm", "refuse"]


class UserPublic(BaseModel):
    id: int
    email: str
    name: str
    role: Role
    is_active: bool
    created_at: dt.datetime
    pending_role_change: RoleChangePublic | None = Field(
        description="An elevation an administrator asked for, waiting for a director to confirm or refuse it.")


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    # The service checks these, with messages of its own (weak_password, invalid_email); the
    # contract states the same rules so that a client can check first.
    email: str = Field(min_length=3, max_length=254, json_schema_extra={"pattern": "@"})
    name: str = Field(default="", max_length=200)
    role: Role = Field(strict=False)
    password: str = Field(min_length=1, max_length=1000, json_schema_extra={"minLength": 12},
                          description="At least 12 characters.")


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: str | None = Field(default=None, min_length=1, max_length=200)
    role: Role | None = Field(default=None, strict=False)
    is_active: bool | None = Field(default=None, description="false revokes every token of the user at once.")
