"""Working days and the reminder rules, pure: no database, a date given as today."""

import datetime as dt

import pytest

from actionplan.reminders.rules import (
    ActionFacts, Thresholds, WaitingItem, board_cycle, board_meetings, digests, projected_meetings, reminders_due,
)
from actionplan.reminders.workdays import add_working_days, is_working_day, working_days_between

D = dt.date.fromisoformat
TH = Thresholds(update_lead_working_days=5, due_within_days=14, waiting_working_days=5, escalate_after_working_days=3)
LEAD, AD, OWNER = 10, 20, 30


@pytest.mark.parametrize("day", ["2019-05-06", "2019-12-26", "2020-05-08", "2019-04-19", "2019-04-22",
                                 "2019-05-27", "2019-08-26", "2019-12-25", "2020-12-28", "2022-09-19"])
def test_bank_holidays_of_england_and_wales_are_not_working_days(day):
    assert not is_working_day(D(day))


@pytest.mark.parametrize("day", ["2020-05-04", "2019-03-18", "2019-07-12", "2019-11-05"])
def test_ordinary_weekdays_are_working_days(day):
    # 4 May 2020 was an ordinary Monday: the early May bank holiday moved to VE Day, 8 May. 18 March
    # (St Patrick's Day, after a weekend) and 12 July are holidays in Northern Ireland only.
    assert is_working_day(D(day))


def test_counting_working_days_skips_weekends_and_bank_holidays():
    assert add_working_days(D("2019-04-18"), 1) == D("2019-04-23")      # over Easter
    assert add_working_days(D("2019-05-03"), 1) == D("2019-05-07")      # over the early May bank holiday
    assert add_working_days(D("2019-06-28"), -5) == D("2019-06-21")
    assert add_working_days(D("2019-12-24"), 1) == D("2019-12-27")
    assert working_days_between(D("2019-05-02"), D("2019-05-13")) == 6
    assert working_days_between(D("2019-05-13"), D("2019-05-02")) == 0


def test_the_board_meets_on_its_cadence_moved_off_weekends():
    assert projected_meetings(D("2018-12-31"), 3, D("2019-12-31")) == [
        D("2018-12-31"), D("2019-03-29"), D("2019-06-28"), D("2019-09-30"), D("2019-12-31")]
    assert projected_meetings(None, 3, D("2019-12-31")) == []


def test_recorded_meetings_replace_the_dates_the_cadence_gives_near_them():
    projected = projected_meetings(D("2018-12-31"), 3, D("2019-12-31"))
    recorded = [D("2019-04-04"), D("2019-07-15")]               # the March and June boards moved
    assert board_meetings(recorded, projected, 3) == [
        D("2018-12-31"), D("2019-04-04"), D("2019-07-15"), D("2019-09-30"), D("2019-12-31")]
    assert board_meetings([], projected, 3) == projected


def test_the_update_round_opens_n_days_before_the_deadline_and_lasts_until_the_next_opens():
    meetings = projected_meetings(D("2018-12-31"), 3, D("2020-01-01"))
    cycle = board_cycle(D("2019-06-07"), meetings, TH)
    assert (cycle.meeting_on, cycle.previous_meeting_on, cycle.updates_due_on) == (
        D("2019-06-28"), D("2019-03-29"), D("2019-06-21"))
    assert board_cycle(D("2019-06-06"), meetings, TH).meeting_on == D("2019-03-29")
    assert board_cycle(D("2019-09-01"), meetings, TH).meeting_on == D("2019-06-28")


def _action(**kw) -> ActionFacts:
    base = dict(id=1, ref="1.4", area_lead_id=LEAD, owner_id=OWNER, status="amber", continuing_review=False,
                due_on=D("2019-05-10"), next_due_on=None, last_update_on=D("2019-03-20"))
    return ActionFacts(**{**base, **kw})


def _due(today, actions=(), waiting=(), meetings=(), first=None):
    return reminders_due(D(today), actions, waiting, meetings, TH, [AD], first or {})


def test_an_overdue_action_escalates_to_the_head_of_service_then_the_assistant_director():
    a = _action()
    [overdue] = _due("2019-05-13", [a])
    assert (overdue.user_id, overdue.reason, overdue.occurrence) == (OWNER, "overdue", "2019-05-10")
    first = {overdue.key: D("2019-05-13")}
    assert _due("2019-05-15", [a], first=first) == [overdue]                # not yet: 3 working days
    level_one = _due("2019-05-16", [a], first=first)
    assert [(r.user_id, r.reason) for r in level_one] == [(OWNER, "overdue"), (LEAD, "escalated:overdue")]
    level_two = _due("2019-05-21", [a], first=first)
    assert [r.user_id for r in level_two] == [OWNER, LEAD, AD]
    assert level_two[2].about_user_ids == (OWNER,)


@pytest.mark.parametrize("change", [
    {"last_update_on": D("2019-05-14")},          # updated
    {"owner_id": 31},                              # reassigned: the new owner is reminded, nobody escalated
    {"due_on": D("2019-09-30")},                   # re-scheduled
    {"status": "blue"},                            # completed
])
def test_updating_reassigning_rescheduling_or_completing_stops_reminders_and_escalation(change):
    first = {(OWNER, "overdue", "action:1", "2019-05-10"): D("2019-05-13")}
    said = _due("2019-05-21", [_action(**change)], first=first)
    assert not any(r.reason.startswith("escalated") for r in said)
    assert all(r.user_id == change.get("owner_id", OWNER) for r in said)
    if "owner_id" in change:
        assert [(r.user_id, r.reason) for r in said] == [(31, "overdue")]


def test_an_ongoing_action_is_reminded_for_the_board_but_a_completed_one_is_not():
    meetings = [D("2019-03-29"), D("2019-06-28")]
    ongoing = _action(id=2, status="blue", continuing_review=True, due_on=None)
    done = _action(id=3, status="blue", due_on=None)
    said = _due("2019-06-07", [ongoing, done], meetings=meetings)
    assert [(r.subject, r.reason, r.occurrence) for r in said] == [("action:2", "update_due", "2019-06-28")]
    assert "updates are due by 21 June 2019 for the board on 28 June 2019" in said[0].what
    assert _due("2019-06-07", [_action(id=2, status="blue", continuing_review=True, due_on=None,
                                       last_update_on=D("2019-04-01"))], meetings=meetings) == []


def test_due_soon_is_said_once_the_window_opens_unless_the_owner_is_already_on_it():
    a = _action(due_on=D("2019-05-10"), next_due_on=D("2019-05-10"))
    assert _due("2019-04-25", [a]) == []
    assert [r.reason for r in _due("2019-04-26", [a])] == ["due_soon"]
    assert _due("2019-04-29", [_action(next_due_on=D("2019-05-10"), last_update_on=D("2019-04-27"))]) == []


def test_a_proposal_waiting_on_a_head_of_service_escalates_to_the_assistant_director_only():
    item = WaitingItem("proposal", 7, _action(), D("2019-05-20"), (LEAD,))
    assert _due("2019-05-28", waiting=[item]) == []                   # 5 working days (27 May a bank holiday)
    [reminder] = _due("2019-05-29", waiting=[item])
    assert (reminder.user_id, reminder.reason, reminder.path) == (LEAD, "review_waiting", "/proposals/7")
    later = _due("2019-06-13", waiting=[item], first={reminder.key: D("2019-05-29")})
    assert [(r.user_id, r.reason) for r in later] == [(LEAD, "review_waiting"), (AD, "escalated:review_waiting")]
    # What waits on an assistant director goes no higher.
    on_ad = WaitingItem("proposal", 8, _action(), D("2019-05-20"), (AD,))
    [only] = _due("2019-06-13", waiting=[on_ad], first={(AD, "review_waiting", "proposal:8", "2019-05-20"):
                                                       D("2019-05-29")})
    assert only.user_id == AD


def test_each_person_gets_one_digest_with_everything_in_it():
    a, b = _action(id=1, ref="1.4"), _action(id=2, ref="1.2", owner_id=OWNER)
    said = _due("2019-05-13", [a, b])
    grouped = digests(said)
    assert list(grouped) == [OWNER] and [r.ref for r in grouped[OWNER]] == ["1.2", "1.4"]
