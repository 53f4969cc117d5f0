import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from actionplan.users.models import Role


class UserPublic(BaseModel):
    id: int
    email: str
    name: str
    role: Role
    is_active: bool
    created_at: dt.datetime


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
