"""Is a measure on its trajectory? Pure rules, no I/O.

The trajectory is the line from the latest baseline through the dated targets, in date order:
between two points the expected value is interpolated linearly by day; before the first point
it is the first point's value; after the last, the last target holds. Without a baseline the
line starts at the first target, and a reading taken before that target is not judged (there
is nothing to compare it with).

The latest reading is compared with the line on the day it was taken. The gap is signed so
that + is always better: above the line for a "higher is better" measure, below it for "lower
is better". Within the tolerance (the measure's own, or by default 5% of the trajectory's span,
see `default_tolerance`) the measure is on track; beyond it, ahead or behind.

The RAG this suggests: ahead or on track → Green; behind by up to twice the tolerance → Amber;
further behind → Red. Blue is never suggested: Blue means the action is complete, which needs
accepted evidence and sign-off, and a figure reaching its target is neither. A suggestion is
only shown beside the approved status and may prefill a proposal; it never changes a status.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    higher = "higher"
    lower = "lower"


class Verdict(StrEnum):
    on_track = "on_track"
    ahead = "ahead"
    behind = "behind"
    no_reading = "no_reading"          # nothing recorded yet
    no_trajectory = "no_trajectory"    # no baseline and no dated target, or a reading before the line starts


@dataclass(frozen=True)
class Point:
    on: dt.date
    value: float


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    expected: float | None      # the line's value on the reading's day
    gap: float | None           # reading − expected, signed so that + is better
    tolerance: float | None
    suggested_rag: str | None   # "green" | "amber" | "red", or None when nothing can be said


DEFAULT_TOLERANCE_SHARE = 0.05


def trajectory(baselines: list[Point], targets: list[Point]) -> list[Point]:
    """The latest baseline, then the targets due after it, by date."""
    start = [max(baselines, key=lambda p: p.on)] if baselines else []
    after = [t for t in sorted(targets, key=lambda p: p.on) if not start or t.on > start[0].on]
    return start + after


def expected_on(line: list[Point], day: dt.date, has_baseline: bool) -> float | None:
    if not line:
        return None
    if day <= line[0].on:
        return line[0].value if has_baseline or day == line[0].on else None
    for left, right in zip(line, line[1:]):
        if day <= right.on:
            share = (day - left.on).days / (right.on - left.on).days
            return left.value + (right.value - left.value) * share
    return line[-1].value


def default_tolerance(line: list[Point]) -> float:
    """5% of the span the line covers (35% → 85% gives 2.5 points); for a flat line, 5% of its level."""
    values = [p.value for p in line]
    span = max(values) - min(values)
    return DEFAULT_TOLERANCE_SHARE * (span if span > 0 else abs(values[0]))


def suggested_rag(verdict: Verdict, gap: float | None, tolerance: float | None) -> str | None:
    if verdict in (Verdict.ahead, Verdict.on_track):
        return "green"
    if verdict == Verdict.behind:
        return "amber" if -gap <= 2 * tolerance else "red"
    return None


def judge(direction: Direction, baselines: list[Point], targets: list[Point], reading: Point | None,
          tolerance: float | None = None) -> Judgement:
    line = trajectory(baselines, targets)
    if reading is None:
        return Judgement(Verdict.no_reading, None, None, None, None)
    expected = expected_on(line, reading.on, bool(baselines))
    if expected is None:
        return Judgement(Verdict.no_trajectory, None, None, None, None)
    allowed = tolerance if tolerance is not None else default_tolerance(line)
    sign = 1 if direction == Direction.higher else -1
    gap = round(sign * (reading.value - expected), 6)
    expected = round(expected, 6)
    if abs(gap) <= allowed:
        verdict = Verdict.on_track
    else:
        verdict = Verdict.ahead if gap > 0 else Verdict.behind
    return Judgement(verdict, expected, gap, allowed, suggested_rag(verdict, gap, allowed))


def figure_problem(unit: str, value: float) -> str | None:
    """Why a figure cannot be a value of a measure in `unit`, or None. No unit we use goes below 0."""
    if value < 0:
        return "A measure's figures are not negative"
    if unit == "percent" and value > 100:
        return "A percentage lies between 0 and 100"
    return None
