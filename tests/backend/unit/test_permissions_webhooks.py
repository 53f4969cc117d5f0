"""The webhook rules in auth/permissions.py: a service account manages its own subscriptions only,
and hears of a plan only if it may read that plan."""

import pytest

from actionplan.auth.permissions import Perm, Principal, SubscriptionRef, check, receives_plan_events
from actionplan.users.models import Role

TOKEN, OTHER_TOKEN = 7, 8
PLAN, OTHER_PLAN = 1, 2


def token(*scopes: str, plan_id: int | None = None, token_id: int = TOKEN) -> Principal:
    return Principal(id=-token_id, role=None, service_scopes=scopes,
                     token_plan_ids=None if plan_id is None else frozenset({plan_id}))


def test_a_webhooks_token_manages_its_own_subscriptions():
    manager = token("plans:read", "webhooks:manage")
    assert manager.service_token_id == TOKEN
    assert check(manager, Perm.webhook_manage) is None  # list, create
    assert check(manager, Perm.webhook_manage, SubscriptionRef(service_token_id=TOKEN)) is None


def test_another_tokens_subscription_is_answered_as_missing():
    denied = check(token("webhooks:manage"), Perm.webhook_manage, SubscriptionRef(service_token_id=OTHER_TOKEN))
    assert denied is not None and denied.visible is False  # 404, not 403


def test_a_user_with_the_same_number_as_the_token_owns_nothing():
    # Service principals carry minus their token id, so user 7 is never token 7.
    user = Principal(id=TOKEN, role=Role.director)
    denied = check(user, Perm.webhook_manage, SubscriptionRef(service_token_id=TOKEN))
    assert denied is not None and denied.visible is True  # 403: no role holds webhook:manage


@pytest.mark.parametrize("role", list(Role))
def test_no_role_manages_webhooks(role):
    assert check(Principal(id=1, role=role), Perm.webhook_manage) is not None


def test_a_read_only_token_may_not_manage_webhooks():
    denied = check(token("plans:read"), Perm.webhook_manage)
    assert denied is not None and denied.visible is True


def test_events_reach_tokens_that_may_read_the_plan():
    assert receives_plan_events(token("plans:read", "webhooks:manage"), PLAN)
    assert receives_plan_events(token("plans:read", "webhooks:manage", plan_id=PLAN), PLAN)
    assert not receives_plan_events(token("plans:read", "webhooks:manage", plan_id=PLAN), OTHER_PLAN)
    assert not receives_plan_events(token("webhooks:manage"), PLAN)  # no plans:read: no plan data
