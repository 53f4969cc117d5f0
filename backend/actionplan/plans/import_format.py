"""The plan import/export file format (YAML or JSON), version 1.

These pydantic models are the single definition of the format: import validates
against them, export writes them, and `backend/data/plan-import.schema.json` is
generated from them (a test fails when the committed schema drifts).
"""

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from actionplan.measures.rules import figure_problem

FORMAT_ID = "actionplan/plan@1"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[^@\s]+@[^@\s]+$",
                                         max_length=254)]
Ref = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]*\.[1-9][0-9]*[a-z]?$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Status = Literal["not_started", "red", "amber", "green", "blue"]


class _Strict(BaseModel):
    # Unknown keys are mistakes in a hand-edited file: reject them rather than drop words.
    model_config = ConfigDict(extra="forbid", strict=False)


class KeyDate(_Strict):
    label: Line
    date: dt.date


class LegendEntry(_Strict):
    status: Status
    label: Line = Field(description='The word shown, e.g. "Red".')
    letter: Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]
    meaning: Text


class AcronymIn(_Strict):
    term: Line
    meaning: Line


class MilestoneIn(_Strict):
    due_on: dt.date = Field(description="The last day by which the milestone is due.")
    text: Text = Field(description="The words of the target that state this milestone.")
    target_value: float | None = Field(
        default=None, description="A stated level, e.g. 60 for '60% by Sept 2019'."
    )
    met_on: dt.date | None = Field(
        default=None, description="The plan states it met, e.g. 'Dec 2018 completed': the day it was met by.")


class RecurrenceIn(_Strict):
    """A target that repeats ("quarterly from April 2019"): a series of dated occurrences."""

    every_months: int = Field(ge=1, le=12, description="3 for quarterly, 12 for annually.")
    first_due_on: dt.date = Field(description="The first occurrence; the others fall on the same day of the "
                                              "month, or the month's end when the first is one.")
    until: dt.date = Field(description="The last day an occurrence may fall on: the plan states no end, so a "
                                       "horizon is chosen.")
    text: Text = Field(description="The words of the target that state the recurrence.")

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> "RecurrenceIn":
        if self.until < self.first_due_on:
            raise ValueError("recurrence.until is before its first_due_on")
        return self


Figure = Annotated[float, Field(allow_inf_nan=False, ge=0, le=1e12)]


class BaselineIn(_Strict):
    value: Figure
    date: dt.date = Field(description="The day the figure stands for (the end of its month or period).")
    period: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)] | None = Field(
        default=None, description='The period as printed, e.g. "Q3 2018".')
    text: Text | None = Field(default=None, description="The words of the plan that state this baseline.")


class TargetIn(_Strict):
    value: Figure
    due_on: dt.date
    text: Text | None = Field(default=None, description="The words of the plan that state this target.")


class MeasureIn(_Strict):
    name: Line
    unit: Literal["percent", "count", "days"]
    direction: Literal["higher", "lower"] = Field(default="higher", description="Which way is better.")
    baselines: list[BaselineIn] = []
    targets: list[TargetIn] = Field(default=[], description="Dated targets: with the latest baseline, the trajectory.")
    aim: Figure | None = Field(default=None, description="An undated aim after the last target, e.g. 100.")
    aim_text: Text | None = None
    tolerance: Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False)] | None = Field(
        default=None, description="How far from the trajectory still counts as on track (default: 5% of its span).")

    @model_validator(mode="after")
    def _figures_fit_the_unit(self) -> "MeasureIn":
        figures = [b.value for b in self.baselines] + [t.value for t in self.targets] + [self.aim or 0]
        problem = next((p for p in (figure_problem(self.unit, f) for f in figures) if p), None)
        if problem:
            raise ValueError(f"measure {self.name!r}: {problem}")
        return self


class ActionIn(_Strict):
    ref: Ref = Field(description='Unique within the plan, e.g. "1.4" or "9.3a".')
    printed_ref: Annotated[str, StringConstraints(max_length=20)] | None = Field(
        default=None,
        description="The number printed in the source document when it differs from ref.",
    )
    text: Text = Field(description="The 'impact of actions' text, paragraphs separated by blank lines.")
    target: Text = Field(description="The target / timescale text, verbatim.")
    milestones: list[MilestoneIn] | None = Field(
        default=None,
        description="Dated targets. When omitted they are parsed from `target`.",
    )
    measures: list[MeasureIn] | None = Field(
        default=None, description="Key performance indicators, with baselines and dated targets.")
    recurrence: RecurrenceIn | None = Field(default=None, description="A target that repeats, as a series.")
    outcomes: list[Annotated[int, Field(ge=1)]] | None = Field(
        default=None, description="The area's outcomes this action serves, by position in the area's list (from 1), "
                                  "where the plan makes that clear. Omitted: not linked.")
    review_every_months: int | None = Field(
        default=None, ge=1, le=12,
        description="How often it is reviewed when no dated target says when it is done: with no update for that "
                    "long it is flagged stale. Default: quarterly (each board meeting) for an action with no "
                    "dated milestone, and for a Blue under continuing review.")
    status: Status = "not_started"
    status_source: Literal["published_plan"] | None = Field(
        default=None,
        description="published_plan: the plan as published states this status (a target that says "
                    "'Completed.'); its history entry says so, dated the plan's `issued_on`, with no "
                    "person as decider. Omitted: the status is simply as imported.")
    continuing_review: bool | None = Field(
        default=None,
        description="A Blue that stays under review: the legend's 'completed and will be ongoing for future'.")
    owner: Email | None = Field(default=None, description="The owner's email address.")

    @model_validator(mode="after")
    def _stated_status_is_a_status(self) -> "ActionIn":
        if self.status_source and self.status == "not_started":
            raise ValueError(f"action {self.ref}: status_source needs a status")
        if self.continuing_review and self.status != "blue":
            raise ValueError(f"action {self.ref}: continuing_review goes only with status blue")
        return self


class AreaIn(_Strict):
    number: int = Field(ge=1)
    title: Text
    target_heading: Annotated[str, StringConstraints(max_length=100)] = Field(
        default="Timescales", description="The heading of the target column in the source."
    )
    outcomes: list[Text]
    lead: Email | None = Field(default=None, description="The lead Head of Service's email address.")
    actions: list[ActionIn]
    measures: list[MeasureIn] | None = Field(
        default=None, description="Measures of the area as a whole (not of one action), with baselines and targets.")

    @model_validator(mode="after")
    def _refs_belong_to_area(self) -> "AreaIn":
        for i, action in enumerate(self.actions):
            beyond = [n for n in action.outcomes or [] if n > len(self.outcomes)]
            if beyond:
                raise ValueError(f"actions[{i}].outcomes {beyond} beyond the area's {len(self.outcomes)} outcomes")
            if int(action.ref.split(".")[0]) != self.number:
                raise ValueError(
                    f"actions[{i}].ref {action.ref!r} does not start with area number {self.number}"
                )
        return self


class PlanIn(_Strict):
    slug: Slug = Field(description="A stable identifier: importing the same slug twice is idempotent.")
    title: Line
    organisation: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    issued: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)] = Field(description='When the plan was issued, as printed, e.g. "March 2019".')
    issued_on: dt.date | None = Field(
        default=None, description="The day the plan was issued: statuses it states are recorded as of then.")
    key_dates: list[KeyDate] = []
    context: Text = Field(description="The introduction: what the plan is and how it is monitored.")
    legend: list[LegendEntry]
    acronyms: list[AcronymIn] = []
    areas: list[AreaIn] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_numbers_and_refs(self) -> "PlanIn":
        seen_numbers: set[int] = set()
        seen_refs: dict[str, str] = {}
        for a, area in enumerate(self.areas):
            if area.number in seen_numbers:
                raise ValueError(f"areas[{a}].number {area.number} is used by another area")
            seen_numbers.add(area.number)
            for i, action in enumerate(area.actions):
                here = f"areas[{a}].actions[{i}]"
                if action.status_source and self.issued_on is None:
                    raise ValueError(f"{here}.status_source needs plan.issued_on, the day the plan stated it")
                if action.ref in seen_refs:
                    raise ValueError(
                        f"{here}.ref {action.ref!r} is already used at {seen_refs[action.ref]};"
                        " refs must be unique within a plan (suffix a letter, e.g. 9.3a, 9.3b)"
                    )
                seen_refs[action.ref] = here
        return self


class PlanFile(_Strict):
    format: Literal["actionplan/plan@1"] = FORMAT_ID
    plan: PlanIn


def ref_sort_key(ref: str) -> tuple[int, int, str]:
    """Orders refs as a reader expects: 1.2 < 1.10, 9.3a < 9.3b < 9.4."""
    match = re.fullmatch(r"(\d+)\.(\d+)([a-z]?)", ref)
    if not match:
        return (0, 0, ref)
    return (int(match[1]), int(match[2]), match[3])


def json_schema_text() -> str:
    """The JSON Schema of the file format, committed as data/plan-import.schema.json."""
    import json

    schema = PlanFile.model_json_schema(mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": "https://actionplan.example/schemas/plan@1.json", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
