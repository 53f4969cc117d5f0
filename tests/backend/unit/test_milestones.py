import datetime as dt

import pytest

from actionplan.actions.milestones import parse_milestones


def test_two_dated_percentages_give_two_targets():
    found = parse_milestones("At least 60% by Sept 2019. 85% by Dec 2019 and then working towards 100%.")
    assert [(m.due_on, m.target_value, m.text) for m in found] == [
        (dt.date(2019, 9, 30), 60.0, "At least 60% by Sept 2019"),
        (dt.date(2019, 12, 31), 85.0, "85% by Dec 2019"),
    ]


@pytest.mark.parametrize("text", ["Ongoing.", "Completed.", "In line with targets set in the strategy.",
                                  "On-going and in line with the child's requirements."])
def test_no_date_no_milestone(text):
    assert parse_milestones(text) == []


def test_month_means_end_of_month_including_february():
    assert parse_milestones("Practice weeks completed February 2019.")[0].due_on == dt.date(2019, 2, 28)


def test_day_is_kept_when_stated():
    assert parse_milestones("Report by 9th November 2018.")[0].due_on == dt.date(2018, 11, 9)


def test_clause_with_two_dates_splits_between_them():
    found = parse_milestones("Targets 50% by April 2019 and 80% by Sept 2019.")
    assert [(m.due_on, m.target_value, m.text) for m in found] == [
        (dt.date(2019, 4, 30), 50.0, "Targets 50% by April 2019"),
        (dt.date(2019, 9, 30), 80.0, "80% by Sept 2019"),
    ]


def test_a_baseline_is_not_a_target():
    text = "By April 2019. Baseline 38% of audits had good quality of supervision in February 2019"
    assert [m.due_on for m in parse_milestones(text)] == [dt.date(2019, 4, 30)]


def test_bare_year_means_its_last_day():
    found = parse_milestones("aim is currently 2021 for agreements to be in place.")
    assert found[0].due_on == dt.date(2021, 12, 31)


def test_a_quarterly_series_keeps_to_month_ends_up_to_its_horizon():
    from actionplan.actions.milestones import occurrences
    assert occurrences(dt.date(2019, 4, 30), 3, dt.date(2020, 3, 31)) == [
        dt.date(2019, 4, 30), dt.date(2019, 7, 31), dt.date(2019, 10, 31), dt.date(2020, 1, 31)]
    assert occurrences(dt.date(2019, 1, 15), 12, dt.date(2021, 1, 14)) == [dt.date(2019, 1, 15), dt.date(2020, 1, 15)]
    assert occurrences(dt.date(2019, 4, 30), 3, dt.date(2019, 4, 29)) == []
