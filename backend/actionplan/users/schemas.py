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

    email: str = Field(min_length=3, max_length=254)
    name: str = Field(default="", max_length=200)
    role: Role = Field(strict=False)
    password: str = Field(min_length=1, max_length=1000)


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: str | None = Field(default=None, min_length=1, max_length=200)
    role: Role | None = Field(default=None, strict=False)
    is_active: bool | None = Field(default=None, description="false revokes every token of the user at once.")
