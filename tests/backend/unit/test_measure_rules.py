"""Trajectory verdicts on hand-computed cases.

Action 1.4: baselines 47% (31 Oct 2018) and 35% (31 Jan 2019); targets 60% by 30 Sept 2019 and
85% by 31 Dec 2019. The line runs from the latest baseline: 35 on 31 Jan, 60 on 30 Sept (242 days
later), 85 on 31 Dec. On 31 May 2019 (120 days in) it expects 35 + 25 × 120/242 = 47.3967.
The default tolerance is 5% of the span 35 → 85: 2.5 points.
"""

import datetime as dt

import pytest

from actionplan.measures.rules import Direction, Point, Verdict, default_tolerance, expected_on, judge, trajectory

D = dt.date
BASELINES_1_4 = [Point(D(2018, 10, 31), 47), Point(D(2019, 1, 31), 35)]
TARGETS_1_4 = [Point(D(2019, 12, 31), 85), Point(D(2019, 9, 30), 60)]


def judge_1_4(value: float, on: dt.date = D(2019, 5, 31)):
    return judge(Direction.higher, BASELINES_1_4, TARGETS_1_4, Point(on, value))


def test_the_line_starts_at_the_latest_baseline_and_runs_through_the_targets_in_date_order():
    assert trajectory(BASELINES_1_4, TARGETS_1_4) == [
        Point(D(2019, 1, 31), 35), Point(D(2019, 9, 30), 60), Point(D(2019, 12, 31), 85)]
    assert default_tolerance(trajectory(BASELINES_1_4, TARGETS_1_4)) == pytest.approx(2.5)


def test_on_track_within_the_tolerance():
    j = judge_1_4(48)
    assert j.verdict == Verdict.on_track
    assert j.expected == pytest.approx(47.396694)
    assert j.gap == pytest.approx(0.603306)
    assert j.suggested_rag == "green"


def test_ahead_beyond_the_tolerance():
    j = judge_1_4(50)  # 2.60 above the line, tolerance 2.5
    assert (j.verdict, j.suggested_rag) == (Verdict.ahead, "green")
    assert j.gap == pytest.approx(2.603306)


def test_behind_within_twice_the_tolerance_suggests_amber():
    j = judge_1_4(44)  # 3.40 below the line: beyond 2.5, within 5
    assert (j.verdict, j.suggested_rag) == (Verdict.behind, "amber")
    assert j.gap == pytest.approx(-3.396694)


def test_further_behind_suggests_red():
    j = judge_1_4(40)  # 7.40 below the line
    assert (j.verdict, j.suggested_rag) == (Verdict.behind, "red")


def test_between_targets_and_after_the_last_one():
    # 15 Nov 2019: 46 days after 30 Sept of the 92 to 31 Dec → 60 + 25 × 46/92 = 72.5
    assert judge_1_4(72.5, D(2019, 11, 15)).expected == pytest.approx(72.5)
    # After the last target the line stays at it: 84 in March 2020 is 1 behind 85, within 2.5.
    late = judge_1_4(84, D(2020, 3, 31))
    assert (late.expected, late.verdict) == (85, Verdict.on_track)


def test_a_reading_before_the_baseline_is_compared_with_the_baseline():
    assert judge_1_4(35, D(2019, 1, 1)).expected == 35


def test_no_reading_yet():
    j = judge(Direction.higher, BASELINES_1_4, TARGETS_1_4, None)
    assert (j.verdict, j.gap, j.suggested_rag) == (Verdict.no_reading, None, None)


def test_lower_is_better():
    # Days to complete an assessment: 60 on 1 Jan 2019, target 45 by 11 Apr 2019 (100 days later).
    # On 20 Feb (50 days in) the line is at 52.5; the tolerance is 5% of 15 = 0.75.
    baselines, targets = [Point(D(2019, 1, 1), 60)], [Point(D(2019, 4, 11), 45)]
    better = judge(Direction.lower, baselines, targets, Point(D(2019, 2, 20), 50))
    assert (better.verdict, better.gap, better.suggested_rag) == (Verdict.ahead, 2.5, "green")
    worse = judge(Direction.lower, baselines, targets, Point(D(2019, 2, 20), 54))
    assert (worse.verdict, worse.gap, worse.suggested_rag) == (Verdict.behind, -1.5, "amber")
    much_worse = judge(Direction.lower, baselines, targets, Point(D(2019, 2, 20), 60))
    assert (much_worse.verdict, much_worse.suggested_rag) == (Verdict.behind, "red")


def test_a_baseline_without_targets_is_a_flat_line_with_five_percent_of_its_level():
    # 8.1: take-up of return home interviews from 47%, "increased take up", no dated target.
    j = judge(Direction.higher, [Point(D(2018, 12, 31), 47)], [], Point(D(2019, 6, 30), 50))
    assert (j.expected, j.tolerance, j.verdict) == (47, pytest.approx(2.35), Verdict.ahead)


def test_without_a_baseline_the_line_starts_at_the_first_target():
    targets = [Point(D(2019, 12, 31), 85)]
    early = judge(Direction.higher, [], targets, Point(D(2019, 6, 30), 70))
    assert (early.verdict, early.suggested_rag) == (Verdict.no_trajectory, None)
    assert judge(Direction.higher, [], targets, Point(D(2020, 1, 31), 86)).verdict == Verdict.on_track
    assert judge(Direction.higher, [], [], Point(D(2020, 1, 31), 86)).verdict == Verdict.no_trajectory


def test_a_measure_s_own_tolerance_overrides_the_default():
    assert judge(Direction.higher, BASELINES_1_4, TARGETS_1_4, Point(D(2019, 5, 31), 44), tolerance=5).verdict \
        == Verdict.on_track


def test_blue_is_never_suggested_even_when_the_last_target_is_met():
    assert judge_1_4(100, D(2020, 1, 31)).suggested_rag == "green"


def test_expected_on_the_day_of_a_target_without_baseline():
    assert expected_on([Point(D(2019, 4, 30), 50)], D(2019, 4, 30), has_baseline=False) == 50
