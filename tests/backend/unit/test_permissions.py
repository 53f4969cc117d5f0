"""The rules of issue 3, written out independently and checked against auth/permissions.py.

Every role × every permission × each kind of object: own, led, other; own or others' decisions;
Red/Blue sign-off; inspectors with and without a grant; service tokens.
"""

import itertools

import pytest

from actionplan.auth.permissions import (
    ActionRef, DecisionRef, Perm, PlanRef, Principal, can, check, visible_plan_ids,
)
from actionplan.users.models import Role

ME, SOMEONE = 10, 20
PLAN, OTHER_PLAN = 1, 2
LED_AREA, OTHER_AREA = 100, 200

OBJECTS = {
    "own action": ActionRef(plan_id=PLAN, area_id=OTHER_AREA, owner_id=ME),
    "action in led area": ActionRef(plan_id=PLAN, area_id=LED_AREA, owner_id=SOMEONE),
    "other action": ActionRef(plan_id=PLAN, area_id=OTHER_AREA, owner_id=SOMEONE),
}
ACTION_PERMS = [Perm.action_update, Perm.evidence_upload, Perm.status_propose]
DECISION_PERMS = [Perm.proposal_decide, Perm.evidence_review]


def principal(role: Role, **kw) -> Principal:
    return Principal(id=ME, role=role, led_area_ids=frozenset({LED_AREA}), **kw)


# Where each role may record progress, upload evidence and propose a status (issue 3, "Roles and rules").
ACTION_WORK = {
    Role.action_owner: {"own action"},
    Role.head_of_service: {"own action", "action in led area"},
    Role.assistant_director: {"own action", "action in led area", "other action"},
    Role.director: {"own action", "action in led area", "other action"},
    Role.inspector: set(),
    Role.admin: set(),
}
# Where each role may decide (approve/reject/return) someone else's Amber/Green proposal or evidence.
DECIDES = {
    Role.action_owner: set(),
    Role.head_of_service: {"action in led area"},
    Role.assistant_director: {"own action", "action in led area", "other action"},
    Role.director: {"own action", "action in led area", "other action"},
    Role.inspector: set(),
    Role.admin: set(),
}
PLAN_WIDE = {
    Perm.status_sign_off: {Role.assistant_director, Role.director},
    Perm.evidence_erase: {Role.assistant_director, Role.director},
    Perm.action_assign_owner: {Role.assistant_director, Role.director},
    Perm.area_assign_lead: {Role.assistant_director, Role.director},
    Perm.plan_publish: {Role.director},
    Perm.inspector_grant: {Role.director},
    Perm.audit_read: {Role.assistant_director, Role.director, Role.admin},
    Perm.user_manage: {Role.admin},
    Perm.token_manage: {Role.assistant_director, Role.director, Role.admin},
    Perm.role_confirm: {Role.director},
    Perm.plan_read_drafts: {Role.action_owner, Role.head_of_service, Role.assistant_director, Role.director},
}


@pytest.mark.parametrize(("role", "perm", "obj"), list(itertools.product(Role, ACTION_PERMS, OBJECTS)))
def test_action_work(role, perm, obj):
    assert can(principal(role), perm, OBJECTS[obj]) == (obj in ACTION_WORK[role])


@pytest.mark.parametrize(("role", "perm", "obj", "to"),
                         list(itertools.product(Role, DECISION_PERMS, OBJECTS, ["amber", "green", "not_started"])))
def test_deciding_someone_elses_work(role, perm, obj, to):
    decision = DecisionRef(action=OBJECTS[obj], author_id=SOMEONE, to_status=to)
    assert can(principal(role), perm, decision) == (obj in DECIDES[role])


@pytest.mark.parametrize(("role", "perm", "obj"), list(itertools.product(Role, DECISION_PERMS, OBJECTS)))
def test_nobody_decides_their_own_work(role, perm, obj):
    own = DecisionRef(action=OBJECTS[obj], author_id=ME, to_status="amber")
    denied = check(principal(role), perm, own)
    assert denied is not None
    if obj in DECIDES[role]:
        assert "own proposal" in denied.why


@pytest.mark.parametrize(("role", "to"), list(itertools.product(Role, ["red", "blue"])))
def test_red_and_blue_need_sign_off(role, to):
    decision = DecisionRef(action=OBJECTS["action in led area"], author_id=SOMEONE, to_status=to)
    assert can(principal(role), Perm.proposal_decide, decision) == (role in {Role.assistant_director, Role.director})


def test_a_head_of_services_own_proposal_goes_up_to_the_assistant_director():
    hos_proposal = DecisionRef(action=OBJECTS["action in led area"], author_id=ME, to_status="amber")
    assert not can(principal(Role.head_of_service), Perm.proposal_decide, hos_proposal)
    ad = Principal(id=SOMEONE + 1, role=Role.assistant_director)
    assert can(ad, Perm.proposal_decide, hos_proposal)


@pytest.mark.parametrize(("role", "perm"), list(itertools.product(Role, PLAN_WIDE)))
def test_plan_wide_powers(role, perm):
    # Account powers concern no plan; the others are asked about the plan.
    obj = None if perm in {Perm.user_manage, Perm.token_manage, Perm.audit_read, Perm.role_confirm} else PlanRef(PLAN)
    assert can(principal(role), perm, obj) == (role in PLAN_WIDE[perm])


@pytest.mark.parametrize("role", [r for r in Role if r not in {Role.inspector, Role.admin}])
def test_every_officer_reads_the_whole_plan(role):
    assert visible_plan_ids(principal(role)) is None
    assert all(can(principal(role), Perm.plan_read, o) for o in OBJECTS.values())


def test_admins_manage_accounts_but_do_not_read_the_plan():
    admin = principal(Role.admin)
    assert visible_plan_ids(admin) == frozenset()
    denied = check(admin, Perm.plan_read, PlanRef(PLAN))
    assert denied is not None and not denied.visible


def test_inspectors_read_only_granted_plans_and_nothing_else():
    inspector = principal(Role.inspector, granted_plan_ids=frozenset({PLAN}))
    assert can(inspector, Perm.plan_read, PlanRef(PLAN))
    assert check(inspector, Perm.plan_read, PlanRef(OTHER_PLAN)).visible is False
    assert not can(inspector, Perm.plan_read_drafts, PlanRef(PLAN))
    assert visible_plan_ids(inspector) == frozenset({PLAN})
    without_grant = principal(Role.inspector)
    assert check(without_grant, Perm.plan_read, OBJECTS["other action"]).visible is False
    for perm in Perm:
        if perm != Perm.plan_read:
            assert not can(inspector, perm, OBJECTS["own action"])


def test_service_tokens_see_what_their_scope_allows():
    everywhere = Principal(id=1, role=None, service_scopes=("plans:read",))
    one_plan = Principal(id=2, role=None, service_scopes=("plans:read",), token_plan_ids=frozenset({PLAN}))
    no_scope = Principal(id=3, role=None, service_scopes=())
    assert can(everywhere, Perm.plan_read, PlanRef(OTHER_PLAN))
    assert can(one_plan, Perm.plan_read, PlanRef(PLAN)) and not can(one_plan, Perm.plan_read, PlanRef(OTHER_PLAN))
    assert not can(no_scope, Perm.plan_read, PlanRef(PLAN))
    assert [p for p in Perm if can(everywhere, p, PlanRef(PLAN))] == [Perm.plan_read]
