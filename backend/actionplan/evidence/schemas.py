"""What the evidence API reads and writes (the tables are in models.py)."""

import datetime as dt
import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from actionplan.actions.models import UserRef
from actionplan.core.params import MAX_ID


class EvidenceState(StrEnum):
    submitted = "submitted"   # waiting for review (again, after its file was replaced)
    accepted = "accepted"
    rejected = "rejected"
    withdrawn = "withdrawn"   # by its uploader or someone who may upload on its action; never deleted
    erased = "erased"         # content removed for data protection; the record kept


# States in which an item still counts: it blocks a duplicate, can be linked, withdrawn, replaced.
LIVE_STATES = (EvidenceState.submitted, EvidenceState.accepted, EvidenceState.rejected)

# A title or reason must hold something other than spaces (a search, as JSON Schema's pattern is).
_SOMETHING = r"\S"
# One line of printable text: no control characters.
_ONE_LINE = r"^[^\x00-\x1f\x7f]+$"
# http(s), a host (no user name or password: links are shown to others), an optional port and path.
# Nor any character that is invisible or reorders what is shown (bidi controls, zero widths, other
# spaces): a link must read as where it goes. The pattern names the usual ones for the contract;
# _visible() refuses the rest of those Unicode classes.
_UNSEEN = (r"\x00-\x20\x7f-\xa0\xad\u061c\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f"
           r"\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb")
URL_PATTERN = rf"^https?://[^{_UNSEEN}/?#@\\:\[\]]+(?::[0-9]{{1,5}})?(?:[/?#][^{_UNSEEN}]*)?$"
_UNSEEN_CLASSES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp", "Zs"}
CASE_SYSTEM_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$"
CASE_PREFIX = "case:"  # how a case-management reference is kept in Evidence.url: "case:<system>:<reference>"


# Patterns are checked with Python's re, as the clients and test tools that read the published
# schema do (Rust's regex, pydantic's default, disagrees on what \\s is).
_PYTHON_RE = ConfigDict(regex_engine="python-re")


_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _full_date(value):
    """Dates as the schema says (RFC 3339 full-date text), not numbers or timestamps."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _FULL_DATE.fullmatch(value):
        raise PydanticCustomError("date_from_text", "Input should be a date as YYYY-MM-DD")
    return value


Day = Annotated[dt.date, BeforeValidator(_full_date)]


class _EvidenceFields(BaseModel):
    """What every evidence item has, however it arrives."""

    model_config = _PYTHON_RE

    title: str = Field(min_length=1, max_length=300, pattern=_SOMETHING, description="What the evidence is.")
    description: str = Field(default="", max_length=10_000)
    effective_on: Day = Field(description="The date (or the end of the period) the evidence is about; "
                                              "it is kept apart from when it was uploaded.")
    expires_on: Day | None = Field(default=None, description="The last day the evidence holds good; after it "
                                                                 "the item is flagged `needs_renewal`.")
    contains_personal_data: bool = Field(description="True if it holds anyone's personal data (a child's name, "
                                                     "a case record). Inspectors and other systems never see "
                                                     "such items.")

    @field_validator("expires_on")
    @classmethod
    def _expires_after_effective(cls, expires_on: dt.date | None, info: ValidationInfo) -> dt.date | None:
        # A rule between two fields, which JSON Schema cannot state: schema-based fuzzers will call its
        # 422 a valid request refused.
        effective_on = info.data.get("effective_on")
        if expires_on is not None and effective_on is not None and expires_on < effective_on:
            raise PydanticCustomError("date_order", "expires_on cannot be before effective_on")
        return expires_on


def _form_bool(value):
    """A form's true or false, as the schema's boolean is sent in multipart (not "1", "yes" or "on")."""
    if value in ("true", "false"):
        return value == "true"
    if isinstance(value, bool):
        return value
    raise PydanticCustomError("bool_parsing", "Input should be true or false")


class EvidenceUploadFields(_EvidenceFields):
    """The text fields of the multipart upload, validated once the body has arrived."""

    model_config = ConfigDict(extra="forbid", **_PYTHON_RE)  # lax: form fields arrive as text ("2019-01-31")

    contains_personal_data: Annotated[bool, BeforeValidator(_form_bool)] = Field(
        description=_EvidenceFields.model_fields["contains_personal_data"].description)


class CaseReference(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, **_PYTHON_RE)

    system: str = Field(min_length=1, max_length=40, pattern=CASE_SYSTEM_PATTERN,
                        description="The case-management system, e.g. Mosaic.")
    reference: str = Field(min_length=1, max_length=200, pattern=_ONE_LINE,
                           description="The record's reference in that system.")


class EvidenceLinkCreate(_EvidenceFields):
    """Evidence without a file: a web address or a record in the case-management system."""

    model_config = ConfigDict(extra="forbid", strict=True, **_PYTHON_RE,
                              json_schema_extra={"oneOf": [{"required": ["url"]}, {"required": ["case_reference"]}]})

    effective_on: Day = Field(strict=False, description=_EvidenceFields.model_fields["effective_on"].description)
    expires_on: Day | None = Field(default=None, strict=False,
                                   description=_EvidenceFields.model_fields["expires_on"].description)
    # Either one or the other: absent, never null (so the schema says exactly what is accepted).
    url: Annotated[str, Field(max_length=2000, pattern=URL_PATTERN)] | SkipJsonSchema[None] = Field(
        default=None, description="An http or https address, without a user name or password.")
    case_reference: CaseReference | SkipJsonSchema[None] = None

    @field_validator("url", "case_reference", mode="before")
    @classmethod
    def _absent_not_null(cls, value):
        if value is None:
            raise ValueError("leave the field out instead of sending null")
        return value

    @field_validator("url")
    @classmethod
    def _valid_port(cls, url: str | None) -> str | None:
        if url is not None:
            if any(unicodedata.category(c) in _UNSEEN_CLASSES for c in url):
                raise ValueError("an address may not hold invisible, control or text-direction characters")
            try:
                urlsplit(url).port
            except ValueError as exc:
                raise ValueError(f"not a valid address: {exc}") from None
        return url

    @model_validator(mode="after")
    def _one_target(self):
        if (self.url is None) == (self.case_reference is None):
            raise ValueError("give either url or case_reference, not both or neither")
        return self

    def stored_url(self) -> str:
        if self.url is not None:
            return self.url
        return f"{CASE_PREFIX}{self.case_reference.system}:{self.case_reference.reference}"


def _integral(value):
    """JSON Schema counts 12.0 as an integer; strict pydantic would not."""
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 2**53 else value


class EvidenceActionLink(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    action_id: Annotated[int, BeforeValidator(_integral)] = Field(ge=1, le=MAX_ID, description="Another action of the same plan that this evidence supports.")


class ReviewDecision(StrEnum):
    accept = "accept"
    reject = "reject"


class EvidenceReview(BaseModel):
    # A rejection says why: stated in the schema too, so that clients and test tools know it.
    model_config = ConfigDict(extra="forbid", strict=True, **_PYTHON_RE, json_schema_extra={
        "if": {"properties": {"decision": {"const": "reject"}}, "required": ["decision"]},
        "then": {"properties": {"note": {"pattern": _SOMETHING}}, "required": ["note"]}})

    decision: ReviewDecision = Field(strict=False)  # an enum arrives as a JSON string
    note: str = Field(default="", max_length=5_000, description="Required when rejecting: say what is missing.")
    on_behalf_of_id: int | None = Field(default=None, ge=1, le=MAX_ID,
                                        description="Reviewing as the named approver's cover (delegation).")

    @model_validator(mode="after")
    def _reason_for_rejection(self):
        if self.decision == ReviewDecision.reject and not re.search(_SOMETHING, self.note):
            raise PydanticCustomError("missing_note", "say why the evidence is rejected in note")
        return self


class EvidenceErasure(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, **_PYTHON_RE)

    reason: str = Field(min_length=1, max_length=2_000, pattern=_SOMETHING,
                        description="Why the content must go (kept, with who erased it and when, in the record "
                                    "and the audit log: do not repeat personal data here).")


class EvidencePublic(BaseModel):
    id: int
    plan_id: int
    action_ids: list[int] = Field(description="The actions this evidence supports, its home action first.")
    home_action_id: int = Field(description="The action it was uploaded to: who may review, withdraw or replace it "
                                            "is decided there, never on the other actions it is linked to.")
    kind: Literal["file", "link"]
    title: str
    description: str
    state: EvidenceState
    version: int = Field(description="The file's current version (1 until it is replaced).")
    filename: str | None = Field(description="Files: the sanitised name it is downloaded under.")
    content_type: str | None = Field(description="Files: the type detected from the content.")
    size_bytes: int | None
    sha256: str | None = Field(description="Files: the SHA-256 of the content, hex; null once erased.")
    url: str | None = Field(description="Links to a web page: the address.")
    case_reference: CaseReference | None = Field(description="Links to a case-management record.")
    effective_on: dt.date | None
    expires_on: dt.date | None
    needs_renewal: bool = Field(description="True once expires_on has passed (London time).")
    contains_personal_data: bool
    uploaded_by: UserRef | None
    uploaded_at: dt.datetime
    reviewed_by: UserRef | None
    reviewed_at: dt.datetime | None
    review_note: str | None
    erased_by: UserRef | None
    erased_at: dt.datetime | None
    erasure_reason: str | None


class EvidenceVersionPublic(BaseModel):
    version_no: int
    current: bool
    filename: str = Field(description="Empty once erased.")
    content_type: str
    size_bytes: int
    sha256: str | None = Field(description="Null once erased.")
    uploaded_by: UserRef | None
    uploaded_at: dt.datetime


class EvidenceToReview(BaseModel):
    evidence: EvidencePublic
    home_action_ref: str = Field(description="The reference of the action it was uploaded to.")
    review_as: UserRef | None = Field(description="When you may review it only as someone's cover: whom. Send "
                                                   "their id as `on_behalf_of_id`.")


class EvidenceReviewQueue(BaseModel):
    items: list[EvidenceToReview]
    total: int
    limit: int
    offset: int
