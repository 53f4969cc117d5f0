"""What people read: refusals and validation errors in plain English, never codes or programmers' words."""

import datetime as dt
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from actionplan.auth.permissions import ActionRef, Perm, Principal, check
from actionplan.core.errors import field_label, plain_message
from actionplan.core.words import date_words
from actionplan.users.models import Role


class _Form(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=3, max_length=10)
    due_on: dt.date
    count: int = Field(ge=1)
    kind: Literal["file", "link"]


def _messages(data: dict) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        _Form.model_validate(data)
    return [plain_message({**e, "loc": ["body", *e["loc"]]}) for e in caught.value.errors()]


def test_an_empty_form_names_every_field_it_needs():
    assert _messages({}) == ["Enter title", "Enter due on", "Enter count", "Enter kind"]


def test_values_of_the_wrong_shape_are_told_in_words_a_person_would_write():
    assert _messages({"title": "ab", "due_on": "2027-02-30", "count": 0, "kind": "fax", "extra": 1}) == [
        "Title must be at least 3 characters",
        "Due on must be a real date",
        "Count must be 1 or more",
        "Kind must be one of: file or link",
        "Extra is not expected here: leave it out",
    ]
    assert _messages({"title": "a" * 11, "due_on": "2027-01-01", "count": "x", "kind": "file"}) == [
        "Title must be 10 characters or fewer", "Count must be a whole number"]


def test_a_rule_written_for_people_keeps_its_words():
    assert plain_message({"type": "value_error", "loc": ["body"], "msg": "Value error, Red needs a revised date"}) \
        == "Red needs a revised date"


def test_the_label_leaves_out_where_it_was_sent_and_union_branches():
    assert field_label(["body", "case_reference", "CaseReference", "system"]) == "System"
    assert field_label(["body", "url", "constrained-str"]) == "Url"
    assert field_label(["body"]) == "The request"


def test_refusals_say_who_can_and_where_in_plain_english():
    admin = Principal(id=1, role=Role.admin)
    assert check(admin, Perm.plan_publish).why == "Only the director can publish the plan to inspectors"
    owner = Principal(id=2, role=Role.action_owner)
    hos = Principal(id=3, role=Role.head_of_service)
    assert check(owner, Perm.user_list).why == \
        "Only Heads of Service, assistant directors, the director and administrators can see the list of users"
    theirs = ActionRef(plan_id=1, area_id=1, owner_id=99)
    assert check(owner, Perm.evidence_upload, theirs).why == "You can add evidence only for actions you own"
    assert check(hos, Perm.evidence_review, theirs).why == "You can review evidence only for actions in areas you lead"


def test_dates_read_as_the_plan_prints_them():
    assert date_words(dt.date(2027, 3, 30)) == "30 March 2027"
    assert date_words(dt.date(2019, 9, 1)) == "1 September 2019"
