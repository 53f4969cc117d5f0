"""The evidence rules of issues 5 and 10, written out independently and checked against
auth/permissions.py: who reviews, withdraws or replaces evidence (decided on its home action, the one it
was uploaded to, whatever else it is linked to), who erases it, and what inspectors and service tokens see."""

import itertools

import pytest

from actionplan.auth.permissions import (
    ActionRef, Perm, Principal, check, check_evidence_change, check_evidence_review, check_evidence_unlink,
    sees_evidence, sees_evidence_history,
)
from actionplan.users.models import Role

ME, SOMEONE, ELSE = 10, 20, 30
PLAN = 1
LED_AREA, OTHER_AREA = 100, 200

ACTIONS = {
    "own action": ActionRef(plan_id=PLAN, area_id=OTHER_AREA, owner_id=ME),
    "action in led area": ActionRef(plan_id=PLAN, area_id=LED_AREA, owner_id=SOMEONE),
    "other action": ActionRef(plan_id=PLAN, area_id=OTHER_AREA, owner_id=SOMEONE),
}
STAFF = [Role.action_owner, Role.head_of_service, Role.assistant_director, Role.director]
# Where each role reviews someone else's evidence (issue 5: a Head of Service or higher).
REVIEWS = {
    Role.action_owner: set(),
    Role.head_of_service: {"action in led area"},
    Role.assistant_director: set(ACTIONS),
    Role.director: set(ACTIONS),
    Role.inspector: set(),
    Role.admin: set(),
}
# Where each role may upload evidence, and so withdraw or replace anyone's evidence there.
UPLOADS = {
    Role.action_owner: {"own action"},
    Role.head_of_service: {"own action", "action in led area"},
    Role.assistant_director: set(ACTIONS),
    Role.director: set(ACTIONS),
    Role.inspector: set(),
    Role.admin: set(),
}


def principal(role: Role) -> Principal:
    return Principal(id=ME, role=role, led_area_ids=frozenset({LED_AREA}), granted_plan_ids=frozenset({PLAN}))


SERVICE = Principal(id=ME, role=None, service_scopes=("plans:read",))  # a token whose id happens to be a user's


@pytest.mark.parametrize(("role", "home"), list(itertools.product(Role, ACTIONS)))
def test_reviewing_someone_elses_evidence_is_decided_on_its_home_action(role, home):
    allowed = check_evidence_review(principal(role), ACTIONS[home], {SOMEONE}) is None
    assert allowed == (home in REVIEWS[role])


@pytest.mark.parametrize(("role", "home"), list(itertools.product(Role, ACTIONS)))
def test_nobody_reviews_evidence_they_uploaded_or_whose_file_they_replaced(role, home):
    for authors in ({ME}, {SOMEONE, ME}):
        denied = check_evidence_review(principal(role), ACTIONS[home], authors)
        assert denied is not None
        if home in REVIEWS[role]:
            assert "Nobody decides on their own" in denied.why


@pytest.mark.parametrize(("role", "home"), list(itertools.product(Role, ACTIONS)))
def test_withdrawing_or_replacing_someone_elses_evidence_is_decided_on_its_home_action(role, home):
    allowed = check_evidence_change(principal(role), ACTIONS[home], SOMEONE) is None
    assert allowed == (home in UPLOADS[role])


@pytest.mark.parametrize("role", Role)
def test_the_uploader_may_withdraw_wherever_its_home_now_is_if_they_may_upload_at_all(role):
    allowed = check_evidence_change(principal(role), ACTIONS["other action"], ME) is None
    assert allowed == (role in STAFF)


@pytest.mark.parametrize(("role", "linked", "home"), list(itertools.product(Role, ACTIONS, ACTIONS)))
def test_a_link_is_removed_by_those_who_upload_on_the_linked_action_or_may_withdraw_the_item(role, linked, home):
    allowed = check_evidence_unlink(principal(role), ACTIONS[linked], ACTIONS[home], SOMEONE) is None
    assert allowed == bool({linked, home} & UPLOADS[role])
    assert (check_evidence_unlink(principal(role), ACTIONS[linked], ACTIONS[home], ME) is None) == (role in STAFF)


def test_a_service_token_is_never_the_uploader_even_with_a_users_id():
    assert check_evidence_change(SERVICE, ACTIONS["own action"], ME) is not None
    assert check_evidence_review(SERVICE, ACTIONS["own action"], {SOMEONE}) is not None
    assert check_evidence_unlink(SERVICE, ACTIONS["own action"], ACTIONS["own action"], ME) is not None


@pytest.mark.parametrize("role", Role)
def test_erasure_is_for_assistant_directors_and_the_director(role):
    allowed = check(principal(role), Perm.evidence_erase, ACTIONS["other action"]) is None
    assert allowed == (role in {Role.assistant_director, Role.director})


def test_outside_the_callers_plans_the_item_is_not_acknowledged():
    elsewhere = ActionRef(plan_id=99, area_id=OTHER_AREA, owner_id=SOMEONE)
    assert check_evidence_change(principal(Role.inspector), elsewhere, SOMEONE).visible is False
    assert check_evidence_review(principal(Role.inspector), elsewhere, {SOMEONE}).visible is False


@pytest.mark.parametrize(("who", "state", "personal"), list(itertools.product(
    [*Role, "service"], ["submitted", "accepted", "rejected", "withdrawn", "erased"], [False, True])))
def test_inspectors_and_service_tokens_see_accepted_evidence_without_personal_data_only(who, state, personal):
    p = SERVICE if who == "service" else principal(who)
    staff = who in STAFF
    assert sees_evidence(p, state, personal) == (staff or (state == "accepted" and not personal))
    assert sees_evidence_history(p) == staff
