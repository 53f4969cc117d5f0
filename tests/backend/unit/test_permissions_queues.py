"""Whom a queue shows as deciding: the caller, or the approver they cover; never on their own work."""

from actionplan.auth.permissions import ActionRef, DecisionRef, Perm, Principal, decides_as, reviews_evidence_as
from actionplan.users.models import Role

COVER, APPROVER, OFFICER = 1, 2, 3
AREA = 100
ACTION = ActionRef(plan_id=1, area_id=AREA, owner_id=OFFICER)
cover = Principal(id=COVER, role=Role.action_owner)
approver = Principal(id=APPROVER, role=Role.head_of_service, led_area_ids=frozenset({AREA}))


def test_a_cover_decides_as_the_approver_only_while_covering():
    amber = DecisionRef(action=ACTION, author_id=OFFICER, to_status="amber")
    assert decides_as(cover, [], Perm.proposal_decide, amber) is None
    assert decides_as(cover, [approver], Perm.proposal_decide, amber) == approver
    assert decides_as(approver, [], Perm.proposal_decide, amber) == approver


def test_a_cover_gains_nothing_the_approver_lacks_and_never_decides_their_own():
    blue = DecisionRef(action=ACTION, author_id=OFFICER, to_status="blue")  # needs sign-off
    assert decides_as(cover, [approver], Perm.proposal_decide, blue) is None
    own = DecisionRef(action=ACTION, author_id=COVER, to_status="amber")
    assert decides_as(cover, [approver], Perm.proposal_decide, own) is None
    approvers_own = DecisionRef(action=ACTION, author_id=APPROVER, to_status="amber")
    assert decides_as(cover, [approver], Perm.proposal_decide, approvers_own) is None


def test_evidence_review_as_a_cover():
    assert reviews_evidence_as(cover, [], ACTION, {OFFICER}) is None
    assert reviews_evidence_as(cover, [approver], ACTION, {OFFICER}) == approver
    assert reviews_evidence_as(cover, [approver], ACTION, {COVER}) is None
    assert reviews_evidence_as(cover, [approver], ACTION, {APPROVER}) is None
    assert reviews_evidence_as(approver, [], ACTION, {OFFICER}) == approver
