"""The pure rules of a status change (actions/rules.py)."""

import datetime as dt

import pytest

from actionplan.actions.models import ActionStatus
from actionplan.actions.rules import check_blue_evidence, check_proposal, check_reschedule
from actionplan.core.errors import Conflict, Invalid

TODAY = dt.date(2026, 11, 27)


def _fields(exc: Invalid) -> set[str]:
    return {e["loc"][-1] for e in exc.errors}


def test_a_proposal_must_change_something_and_say_why():
    with pytest.raises(Invalid) as caught:
        check_proposal("amber", ActionStatus.amber, "  ", None, None, None, TODAY)
    assert _fields(caught.value) == {"to_status", "commentary"}


def test_red_carries_an_exception_report_with_a_future_date():
    check_proposal("amber", ActionStatus.red, "Slipped", "why", "what we do", TODAY, TODAY)
    with pytest.raises(Invalid) as caught:
        check_proposal("amber", ActionStatus.red, "Slipped", "why", "", TODAY - dt.timedelta(days=1), TODAY)
    assert _fields(caught.value) == {"exception_mitigation", "revised_due_on"}


def test_an_exception_report_goes_only_with_red():
    with pytest.raises(Invalid) as caught:
        check_proposal("amber", ActionStatus.green, "Back on track", "why", None, None, TODAY)
    assert _fields(caught.value) == {"exception_reason"}


@pytest.mark.parametrize("status", ["not_started", "red", "amber", "green"])
def test_only_blue_needs_evidence(status):
    check_blue_evidence(status, accepted_evidence=0)


def test_blue_needs_accepted_evidence():
    with pytest.raises(Conflict):
        check_blue_evidence("blue", accepted_evidence=0)
    check_blue_evidence("blue", accepted_evidence=1)


def test_a_reschedule_moves_to_a_new_future_date_with_a_reason():
    check_reschedule(dt.date(2019, 4, 30), TODAY, "Partner delay", TODAY)
    with pytest.raises(Invalid) as caught:
        check_reschedule(TODAY, TODAY, " ", TODAY)
    assert _fields(caught.value) == {"to_due_on", "reason"}
    with pytest.raises(Invalid):
        check_reschedule(None, TODAY - dt.timedelta(days=1), "late", TODAY)


def test_month_ends_for_the_trend():
    from actionplan.plans.summary import month_ends

    assert month_ends(dt.date(2026, 3, 10), 4) == [dt.date(2025, 12, 31), dt.date(2026, 1, 31),
                                                  dt.date(2026, 2, 28), dt.date(2026, 3, 10)]
    assert month_ends(dt.date(2026, 1, 31), 1) == [dt.date(2026, 1, 31)]
