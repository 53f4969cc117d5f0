"""Issue 10: administrators administer; they do not read or steer the plan."""

import itertools

import pytest

from actionplan.auth.permissions import (
    ELEVATED_ROLES, SERVICE_SCOPE_ISSUER_NEEDS, SERVICE_SCOPES, Principal, check_own_account, check_role_change_decision, check_token_scopes,
    elevation_needs_confirmation, sees_audit_detail,
)
from actionplan.users.models import Role

ME, REQUESTER, TARGET = 10, 20, 30
PLAN = 1


def principal(role: Role, pid: int = ME, **kw) -> Principal:
    return Principal(id=pid, role=role, **kw)


def test_every_service_scope_says_what_its_issuer_needs():
    # A scope missing here would fail as a KeyError (a 500) when someone asks for it.
    assert set(SERVICE_SCOPE_ISSUER_NEEDS) == set(SERVICE_SCOPES)


@pytest.mark.parametrize(("role", "scopes"), list(itertools.product(Role, [["plans:read"], ["webhooks:manage"],
                                                                      ["measures:write"],
                                                                      ["plans:read", "webhooks:manage"]])))
def test_a_token_carries_only_what_its_issuer_reads_across_the_plans(role, scopes):
    allowed = check_token_scopes(principal(role), scopes, None) is None
    assert allowed == (role in {Role.assistant_director, Role.director})


def test_an_admin_cannot_issue_a_reading_token_even_for_one_plan():
    denied = check_token_scopes(principal(Role.admin), ["plans:read"], PLAN)
    assert denied is not None and denied.visible and "cannot read the plan" in denied.why


def test_an_inspector_holds_no_token_issuing_even_on_a_granted_plan():
    inspector = principal(Role.inspector, granted_plan_ids=frozenset({PLAN}))
    assert check_token_scopes(inspector, ["plans:read"], PLAN) is not None


@pytest.mark.parametrize("role", list(Role))
def test_nobody_changes_their_own_role_or_deactivates_themselves(role):
    me = principal(role)
    assert check_own_account(me, ME, role_changes=True, deactivates=False) is not None
    assert check_own_account(me, ME, role_changes=False, deactivates=True) is not None
    assert check_own_account(me, ME, role_changes=False, deactivates=False) is None  # a new name is fine
    assert check_own_account(me, TARGET, role_changes=True, deactivates=True) is None


@pytest.mark.parametrize(("now", "new"), list(itertools.product(Role, Role)))
def test_which_role_changes_wait_for_a_director(now, new):
    assert elevation_needs_confirmation(now, True, new, True) == (new in ELEVATED_ROLES and new != now)
    # Reactivating an account that holds an elevated role opens the plan to it again.
    assert elevation_needs_confirmation(now, False, new, True) == (new in ELEVATED_ROLES)
    # A deactivated account holds no power, whatever its role.
    assert not elevation_needs_confirmation(now, True, new, False)


def test_elevated_roles_are_the_ones_the_issue_names():
    assert ELEVATED_ROLES == {Role.director, Role.assistant_director, Role.inspector}


@pytest.mark.parametrize("role", list(Role))
def test_only_a_director_confirms_and_never_for_their_own_request_or_elevation(role):
    allowed = check_role_change_decision(principal(role), REQUESTER, TARGET) is None
    assert allowed == (role == Role.director)
    director = principal(Role.director)
    assert check_role_change_decision(director, ME, TARGET) is not None
    assert check_role_change_decision(director, REQUESTER, ME) is not None


@pytest.mark.parametrize(("role", "object_type"),
                         list(itertools.product(Role, ["status_change", "evidence", "progress_note", "user",
                                                       "role_change", "service_token"])))
def test_the_audit_detail_is_shown_to_plan_readers_and_accounts_to_admins(role, object_type):
    shown = sees_audit_detail(principal(role), object_type)
    reads_drafts = role in {Role.action_owner, Role.head_of_service, Role.assistant_director, Role.director}
    account = object_type in {"user", "role_change", "service_token"}
    assert shown == (reads_drafts or (role == Role.admin and account))


def test_service_tokens_see_no_audit_detail():
    token = Principal(id=-1, role=None, service_scopes=("plans:read",))
    assert not sees_audit_detail(token, "status_change")
