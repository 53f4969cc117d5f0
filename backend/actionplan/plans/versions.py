"""Re-baselining a plan (a new version from a changed plan file) and reading its versions.

A plain import of a changed plan is refused (service.import_plan); a re-baseline is the explicit way
to change it. Actions are matched by ref and keep their identity, status history, evidence and
updates; an action the file leaves out is retired from the new version, never deleted.
"""

import datetime as dt
import re

from sqlmodel import Session, col, select

from actionplan.actions.models import Action, Milestone, Reschedule
from actionplan.actions.service import users_by_id
from actionplan.audit import service as audit
from actionplan.auth.permissions import Principal
from actionplan.core.clock import council_today
from actionplan.core.errors import Conflict, Invalid, NotFound, body_field
from actionplan.core.etag import PreconditionFailed
from actionplan.core.types import utcnow
from actionplan.measures.service import exported_measures
from actionplan.plans.import_format import ActionIn, PlanFile
from actionplan.plans.models import (
    ActionChange, Area, Plan, PlanVersion, PlanVersionPublic, PlanVersionSummary, VersionAction, VersionDiff,
    VersionRef,
)
from actionplan.plans.plan_file import parse_plan_file
from actionplan.plans.service import (
    add_action, add_area, default_review_months, export_plan, first_difference, plan_definition, planned_due_on,
    planned_milestones, users_by_email,
)
from actionplan.plans.version_rules import changed_refs, compare
from actionplan.plans.version_store import add_version, latest_version
from actionplan.users.models import User

SOURCES = {"api": "rebaseline_api", "cli": "rebaseline_cli"}


def read_rebaseline_file(text: str) -> PlanFile:
    """The plan file of a re-baseline request; its problems point at the body's `file` field."""
    try:
        return parse_plan_file(text)
    except Invalid as exc:
        exc.errors = ([{**e, "loc": ["body", "file", *e["loc"]]} for e in exc.errors] if exc.errors
                      else [body_field("file", exc.detail)])
        raise


def _loc(path: str) -> list:
    """'plan.areas[2].title' → ['body', 'file', 'plan', 'areas', 2, 'title']."""
    parts = [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path.split(" (")[0])]
    return ["body", "file", *parts]


def _measures_as_filed(stored: dict, incoming: dict) -> dict:
    """The stored plan with the measures the file leaves out taken away: measures are defined and
    corrected in the application (an area lead adds one between boards), so a re-baseline file made from
    the plan as published need not restate them. Measures the file does state must be as stored."""
    wanted_areas = {a["number"]: a for a in incoming["areas"]}
    areas = []
    for area in stored["areas"]:
        wanted = wanted_areas.get(area["number"], {})
        actions_in = {x["ref"]: x for x in wanted.get("actions", [])}
        area = {**area, "actions": [
            {**x, "measures": actions_in[x["ref"]].get("measures")}
            if x["ref"] in actions_in and not actions_in[x["ref"]].get("measures") else x
            for x in area["actions"]]}
        if wanted and not wanted.get("measures"):
            area["measures"] = wanted.get("measures")
        areas.append(area)
    return {**stored, "areas": areas}


def _outside_actions(stored: dict, incoming: dict) -> None:
    """A re-baseline changes actions (and may add areas); the rest of the plan stays as it is."""
    def without_areas(d: dict) -> dict:
        return {k: v for k, v in d.items() if k != "areas"}

    found = first_difference(without_areas(stored), without_areas(incoming))
    stored_areas = {a["number"]: {k: v for k, v in a.items() if k != "actions"} for a in stored["areas"]}
    for i, area in enumerate(incoming["areas"]):
        if found:
            break
        if area["number"] in stored_areas:
            found = first_difference(stored_areas[area["number"]], {k: v for k, v in area.items() if k != "actions"},
                                      f"plan.areas[{i}]")
    if found:
        raise Invalid(f"A re-baseline changes the plan's actions, and may add areas: {found} differs from the plan "
                      "as it stands. Keep everything else as it is in the file.", code="rebaseline_outside_actions",
                      errors=[{"loc": _loc(found), "msg": "Differs from the plan as it stands; a re-baseline changes "
                                                          "actions only", "type": "value_error"}])


def _as_planned(action: Action) -> tuple:
    """What a re-baseline may change of an action, to tell whether it changed it."""
    return (action.retired_in_version, action.text, action.target_text, action.printed_ref, action.position,
            action.outcomes, action.recurrence, action.review_every_months, action.due_on, action.original_due_on)


def _milestone_keys(rows) -> list[tuple]:
    return sorted((m.due_on, m.text, m.recurring, m.target_value, m.met_on) for m in rows)


def _refresh_milestones(session: Session, action: Action, action_in: ActionIn) -> tuple[bool, list[dict]]:
    """Milestones as the file states them; those still stated keep their rows (and what was recorded
    met). Returns whether they changed, and the superseded ones that had been recorded met (for the audit
    event)."""
    planned = planned_milestones(action_in)
    rows = session.exec(select(Milestone).where(Milestone.action_id == action.id)).all()
    before = _milestone_keys(rows)
    by_key = {(m.due_on, m.text, m.recurring): m for m in rows}
    kept, superseded = [], []
    for m, recurring in planned:
        row = by_key.pop((m.due_on, m.text, recurring), None)
        if row is None:
            row = Milestone(action_id=action.id, position=0, due_on=m.due_on, text=m.text, recurring=recurring)
        row.target_value, row.met_on = m.target_value, m.met_on
        kept.append(row)
    for row in by_key.values():
        if row.met_recorded_on:
            superseded.append({"ref": action.ref, "due_on": row.due_on.isoformat(), "text": row.text,
                               "met_recorded_on": row.met_recorded_on.isoformat(), "met_note": row.met_note,
                               "met_by_id": row.met_by_id})
        session.delete(row)
    session.flush()
    for position, row in enumerate(kept, start=1):
        row.position = position
        session.add(row)
    due_on = planned_due_on(planned)
    if due_on != action.original_due_on:
        # The new baseline is the plan now: its due date replaces both the planned and any re-scheduled one.
        action.original_due_on = action.due_on = due_on
    moved = _milestone_keys(kept) != before
    if action_in.review_every_months or moved:
        # Stated, or due again from new dated targets; otherwise as it was (its status may have moved on).
        action.review_every_months = action_in.review_every_months or default_review_months(
            bool(planned), action.status, action.continuing_review)
    return moved, superseded


def _supersede_reschedules(session: Session, action: Action, due_before: dt.date | None, reason: str,
                           person: int | None, now: dt.datetime) -> None:
    """A due date is read as the last approved re-schedule, if any: where one was approved, the new
    baseline's date is recorded as one more (so the action's history says the re-baseline moved it)."""
    if action.due_on == due_before or action.due_on is None:
        return
    approved = session.exec(select(Reschedule.id).where(Reschedule.action_id == action.id,
                                                        Reschedule.state == "approved").limit(1)).first()
    if approved is not None:
        session.add(Reschedule(action_id=action.id, from_due_on=due_before, to_due_on=action.due_on, reason=reason,
                               state="approved", proposed_by_id=person, proposed_at=now, decided_by_id=person,
                               decided_at=now))


def _measures_kept(stored_measures: dict, action: Action, action_in: ActionIn, where: str) -> None:
    stored = [m.model_dump(mode="json") for m in stored_measures.get((action.area_id, action.id)) or []]
    incoming = [m.model_dump(mode="json") for m in action_in.measures or []]
    if stored != incoming:
        raise Invalid(f"{where}.measures differs from action {action.ref}'s measures: a re-baseline keeps an "
                      "action's measures (change them on the measure itself).", code="rebaseline_outside_actions",
                      errors=[{"loc": _loc(f"{where}.measures"), "msg": "Differs from the action's measures",
                               "type": "value_error"}])


def rebaseline(session: Session, plan: Plan, plan_file: PlanFile, reason: str, effective_on: dt.date | None,
               actor: User | Principal | None, source: str, read_version: int | None = None,
               actor_label: str | None = None) -> PlanVersion:
    """Makes the next version of `plan` from a changed plan file, in one transaction."""
    # One re-baseline of a plan at a time: the second waits, then finds the version it read is stale.
    session.exec(select(Plan).where(Plan.id == plan.id).with_for_update()).one()
    current = latest_version(session, plan.id)
    if read_version is not None and read_version != current.number:
        raise PreconditionFailed("The plan was re-baselined since you read its versions. Reload them and try again.")
    if not reason.strip():
        raise Invalid("Say why the plan is re-baselined.", code="rebaseline_reason_missing",
                      errors=[body_field("reason", "Enter why the plan is re-baselined")])
    incoming = plan_file.plan
    if incoming.slug != plan.slug:
        raise Invalid(f"The file is of the plan {incoming.slug!r}, not {plan.slug!r}.", code="rebaseline_other_plan",
                      errors=[{"loc": _loc("plan.slug"), "msg": f"Must be {plan.slug!r}", "type": "value_error"}])
    effective_on = effective_on or council_today()
    if effective_on < current.effective_on:
        raise Invalid(f"Version {current.number} took effect on {current.effective_on:%-d %B %Y}; a new version "
                      "cannot take effect before it.", code="rebaseline_effective_too_early",
                      errors=[body_field("effective_on", f"Must be on or after {current.effective_on.isoformat()}")])
    wanted = plan_definition(incoming)
    stored = _measures_as_filed(plan_definition(export_plan(session, plan.id).plan), wanted)
    if stored == wanted:
        raise Conflict("The file states the plan as it stands: there is nothing to re-baseline. (Owners, leads and "
                       "statuses are changed in the application, not by a re-baseline.)",
                       code="rebaseline_nothing_changed")
    _outside_actions(stored, wanted)
    users = users_by_email(session, incoming)

    number = current.number + 1
    areas = {a.number: a for a in session.exec(select(Area).where(Area.plan_id == plan.id))}
    actions = {a.ref: a for a in session.exec(select(Action).where(Action.plan_id == plan.id))}
    measures = exported_measures(session, plan.id)
    for i, area_in in enumerate(incoming.areas):  # every refusal before anything is written
        for j, action_in in enumerate(area_in.actions):
            if action_in.ref in actions and action_in.measures:  # left out of the file: kept as they are
                _measures_kept(measures, actions[action_in.ref], action_in, f"plan.areas[{i}].actions[{j}]")
    now, listed, superseded = utcnow(), set(), []
    person = actor.id if isinstance(actor, User) or (isinstance(actor, Principal) and not actor.is_service) else None
    for area_in in incoming.areas:
        area = areas.get(area_in.number) or add_area(session, plan, area_in, users)
        for position, action_in in enumerate(area_in.actions, start=1):
            listed.add(action_in.ref)
            action = actions.get(action_in.ref)
            if action is None:
                add_action(session, plan, area, position, action_in, users, now).added_in_version = number
                continue
            before = _as_planned(action)
            milestones_moved, gone = _refresh_milestones(session, action, action_in)
            superseded += gone
            _supersede_reschedules(session, action, before[8], f"Re-baselined in version {number}: {reason.strip()}",
                                   person, now)
            # Brought back if an earlier re-baseline retired it: the same action, with its history.
            action.retired_in_version = None
            action.text, action.target_text, action.printed_ref = action_in.text, action_in.target, action_in.printed_ref
            action.position, action.outcomes = position, action_in.outcomes
            action.recurrence = action_in.recurrence.model_dump(mode="json") if action_in.recurrence else None
            if milestones_moved or _as_planned(action) != before:
                # Only a changed action gets a new ETag: someone editing an unchanged one carries on.
                action.version += 1
                action.updated_at = now
            session.add(action)
    for ref, action in actions.items():
        if ref not in listed and action.retired_in_version is None:
            action.retired_in_version = number
            action.version += 1
            action.updated_at = now
            session.add(action)
    session.flush()
    version = add_version(session, plan.id, number, effective_on, SOURCES[source], reason.strip(), person)
    changes = changed_refs(compare(current.document["actions"], version.document["actions"]))
    audit.record(session, actor, "plan.rebaseline", "plan", plan.id,
                 before={"version": current.number, "superseded_milestones_met": superseded} if superseded
                 else {"version": current.number},
                 after={"version": number, "effective_on": effective_on.isoformat(), "reason": version.reason,
                        **changes}, actor_label=actor_label)
    plan.updated_at = now
    session.add(plan)
    session.commit()
    session.refresh(version)
    return version


def _summary(version: PlanVersion, made_by) -> dict:
    return dict(number=version.number, effective_on=version.effective_on, made_at=version.made_at,
                made_by=made_by, source=version.source, reason=version.reason,
                action_count=len(version.document["actions"]))


def list_versions(session: Session, plan_id: int) -> list[PlanVersionSummary]:
    versions = session.exec(select(PlanVersion).where(PlanVersion.plan_id == plan_id)
                            .order_by(col(PlanVersion.number))).all()
    people = users_by_id(session, {v.made_by_id for v in versions})
    return [PlanVersionSummary(**_summary(v, people.get(v.made_by_id))) for v in versions]


def version_of(session: Session, plan_id: int, number: int) -> PlanVersion:
    version = session.exec(select(PlanVersion).where(PlanVersion.plan_id == plan_id,
                                                     PlanVersion.number == number)).first()
    if version is None:
        raise NotFound(f"Plan {plan_id} has no version {number}.")
    return version


def get_version(session: Session, plan_id: int, number: int) -> PlanVersionPublic:
    version = version_of(session, plan_id, number)
    made_by = users_by_id(session, {version.made_by_id}).get(version.made_by_id)
    return PlanVersionPublic(plan_id=plan_id, **_summary(version, made_by),
                             actions=[VersionAction(**a) for a in version.document["actions"]])


def diff_versions(session: Session, plan_id: int, a: int, b: int) -> VersionDiff:
    earlier, later = version_of(session, plan_id, a), version_of(session, plan_id, b)
    found = compare(earlier.document["actions"], later.document["actions"])
    return VersionDiff(plan_id=plan_id, from_version=VersionRef(number=a, effective_on=earlier.effective_on),
                       to_version=VersionRef(number=b, effective_on=later.effective_on),
                       **{kind: [ActionChange(**c) for c in changes] for kind, changes in found.items()})
