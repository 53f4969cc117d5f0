"""Importing and exporting whole plans."""

import datetime as dt

from sqlmodel import Session, col, select

from actionplan.actions.milestones import occurrences, parse_milestones
from actionplan.actions.models import Action, Milestone, StatusChange
from actionplan.audit import service as audit
from actionplan.auth.permissions import AREA_LEAD_ROLES
from actionplan.core.errors import Conflict, Invalid, NotFound, body_field
from actionplan.plans.import_format import (
    AcronymIn, ActionIn, AreaIn, KeyDate, LegendEntry, MilestoneIn, PlanFile, PlanIn, RecurrenceIn,
)
from actionplan.core.clock import council_today
from actionplan.core.types import utcnow
from actionplan.measures.service import add_measures, exported_measures
from actionplan.plans.models import Area, Plan
from actionplan.plans.version_store import add_version
from actionplan.users.models import Role, User


def effective_milestones(action: ActionIn) -> list[MilestoneIn]:
    if action.milestones is not None:
        return action.milestones
    return [MilestoneIn(due_on=m.due_on, text=m.text, target_value=m.target_value)
            for m in parse_milestones(action.target)]


# The plan is "monitored quarterly through the Children's Improvement Board": an action with no
# dated target to judge it by is reviewed at each board meeting.
BOARD_REVIEW_MONTHS = 3


def default_review_months(dated: bool, status: str, continuing_review: bool) -> int | None:
    return BOARD_REVIEW_MONTHS if continuing_review or (not dated and status != "blue") else None


def _series(action: ActionIn) -> list[MilestoneIn]:
    r = action.recurrence
    return [MilestoneIn(due_on=day, text=r.text) for day in occurrences(r.first_due_on, r.every_months, r.until)] if r else []


def plan_definition(plan: PlanIn) -> dict:
    """What a plan *is*, apart from its live state (owners, leads, statuses), for comparing imports."""
    data = plan.model_dump(mode="json", exclude={"areas"})
    data["areas"] = []
    for area in plan.areas:
        a = area.model_dump(mode="json", exclude={"actions", "lead"})
        a["actions"] = [
            {**x.model_dump(mode="json", exclude={"milestones", "status", "status_source", "continuing_review", "review_every_months", "owner"}),
             "milestones": [m.model_dump(mode="json") for m in effective_milestones(x)]}
            for x in area.actions
        ]
        data["areas"].append(a)
    return data


def first_difference(a, b, path: str = "plan") -> str | None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            if key not in a or key not in b:
                return f"{path}.{key}"
            found = first_difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b)):
            found = first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None if len(a) == len(b) else f"{path} (length {len(a)} here, {len(b)} in the file)"
    return None if a == b else path


def users_by_email(session: Session, plan: PlanIn) -> dict[str, User]:
    emails = {a.lead for a in plan.areas if a.lead} | {x.owner for a in plan.areas for x in a.actions if x.owner}
    users = session.exec(select(User).where(col(User.email).in_(emails))).all() if emails else []
    found = {u.email: u for u in users}
    errors = []
    for i, area in enumerate(plan.areas):
        if area.lead and area.lead not in found:
            errors.append(f"plan.areas[{i}].lead: no user has the email {area.lead!r}")
        for j, action in enumerate(area.actions):
            if action.owner and action.owner not in found:
                errors.append(f"plan.areas[{i}].actions[{j}].owner: no user has the email {action.owner!r}")
    if errors:
        raise Invalid("The plan file names people who are not users yet:\n" + "\n".join(errors),
                      code="plan_file_unknown_user")
    return found


def _imported_status(plan: Plan, action: Action, action_in: ActionIn, stated_at: dt.datetime) -> StatusChange:
    """The status a plan arrives with is history too: record where it came from."""
    if action_in.status_source == "published_plan":
        stated = dt.datetime.combine(plan.issued_on, dt.time(), tzinfo=dt.UTC)
        return StatusChange(action_id=action.id, from_status="not_started", to_status=action_in.status,
                            state="approved", source="published_plan", proposed_at=stated, decided_at=stated,
                            commentary=f"Stated in the published plan of {plan.issued_on:%-d %B %Y}: "
                                       f"{action_in.target}")
    return StatusChange(action_id=action.id, from_status="not_started", to_status=action_in.status,
                        state="approved", source="import", commentary="Status as imported.",
                        decided_at=stated_at)


def planned_milestones(action_in: ActionIn) -> list[tuple[MilestoneIn, bool]]:
    """Its stated milestones and the occurrences of its repeating target (marked True), by due date."""
    stated, series = effective_milestones(action_in), _series(action_in)
    return sorted([(m, False) for m in stated] + [(m, True) for m in series], key=lambda x: x[0].due_on)


def planned_due_on(milestones: list[tuple[MilestoneIn, bool]]) -> dt.date | None:
    # Due by its last target still open: what the plan states met is not still to do, and the
    # occurrences of a repeating target are each due, met or missed, never the action's due date.
    return max((m.due_on for m, recurring in milestones if m.met_on is None and not recurring), default=None)


def add_action(session: Session, plan: Plan, area: Area, position: int, action_in: ActionIn,
               users: dict[str, User], stated_at: dt.datetime) -> Action:
    """A new action as its plan file states it, with its milestones, measures and stated status."""
    milestones = planned_milestones(action_in)
    due_on = planned_due_on(milestones)
    review = action_in.review_every_months or default_review_months(
        bool(milestones), action_in.status, bool(action_in.continuing_review))
    action = Action(plan_id=plan.id, area_id=area.id, ref=action_in.ref,
                    printed_ref=action_in.printed_ref, position=position, text=action_in.text,
                    target_text=action_in.target, status=action_in.status,
                    owner_id=users[action_in.owner].id if action_in.owner else None,
                    due_on=due_on, original_due_on=due_on,
                    continuing_review=bool(action_in.continuing_review), review_every_months=review,
                    recurrence=action_in.recurrence.model_dump(mode="json") if action_in.recurrence else None,
                    outcomes=action_in.outcomes)
    session.add(action)
    session.flush()
    session.add_all(Milestone(action_id=action.id, position=i, due_on=m.due_on, text=m.text,
                              target_value=m.target_value, met_on=m.met_on, recurring=recurring)
                    for i, (m, recurring) in enumerate(milestones, start=1))
    add_measures(session, area.id, action.id, action_in.measures or [])
    if action_in.status != "not_started":
        session.add(_imported_status(plan, action, action_in, stated_at))
    return action


def add_area(session: Session, plan: Plan, area_in: AreaIn, users: dict[str, User]) -> Area:
    area = Area(plan_id=plan.id, number=area_in.number, title=area_in.title,
                target_heading=area_in.target_heading, outcomes=list(area_in.outcomes),
                lead_id=users[area_in.lead].id if area_in.lead else None)
    session.add(area)
    session.flush()
    add_measures(session, area.id, None, area_in.measures or [])
    return area


def import_plan(session: Session, plan_file: PlanFile, actor: User | None = None,
                actor_label: str | None = None) -> tuple[Plan, bool]:
    """Creates the plan in one transaction. Returns (plan, created).

    Importing a plan whose slug exists is a no-op when the definition is the same, and a
    conflict naming the first difference otherwise: an import never overwrites history.
    """
    incoming = plan_file.plan
    existing = session.exec(select(Plan).where(Plan.slug == incoming.slug)).first()
    if existing:
        stored = export_plan(session, existing.id).plan
        diff = first_difference(plan_definition(stored), plan_definition(incoming))
        if diff:
            raise Conflict(
                f"A different plan with the slug {incoming.slug!r} already exists (first difference at {diff}). "
                "Import it under a new slug, or re-baseline the existing plan with it (a new version of the plan).",
                code="plan_exists_different")
        return existing, False

    users = users_by_email(session, incoming)
    plan = Plan(slug=incoming.slug, title=incoming.title, organisation=incoming.organisation,
                issued=incoming.issued, issued_on=incoming.issued_on, context=incoming.context,
                key_dates=[k.model_dump(mode="json") for k in incoming.key_dates],
                legend=[x.model_dump(mode="json") for x in incoming.legend],
                acronyms=[x.model_dump(mode="json") for x in incoming.acronyms])
    session.add(plan)
    session.flush()
    for area_in in incoming.areas:
        area = add_area(session, plan, area_in, users)
        for position, action_in in enumerate(area_in.actions, start=1):
            add_action(session, plan, area, position, action_in, users, plan.created_at)
    # Version 1 is the plan as submitted: it takes effect the day the plan was issued.
    add_version(session, plan.id, 1, plan.issued_on or council_today(), "import", "The plan as first imported.",
                actor.id if isinstance(actor, User) else None)
    audit.record(session, actor, "plan.import", "plan", plan.id, after={"slug": plan.slug, "version": 1},
                 actor_label=actor_label)
    session.commit()
    session.refresh(plan)
    return plan, True


def export_plan(session: Session, plan_id: int) -> PlanFile:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFound(f"There is no plan {plan_id}.")
    areas = session.exec(select(Area).where(Area.plan_id == plan_id).order_by(Area.number)).all()
    # The plan as it stands: the current version's actions (retired ones are in the earlier versions).
    actions = session.exec(select(Action).where(Action.plan_id == plan_id, col(Action.retired_in_version).is_(None))
                           .order_by(Action.area_id, Action.position)).all()
    milestones = session.exec(select(Milestone).join(Action).where(Action.plan_id == plan_id)
                              .order_by(Milestone.action_id, Milestone.position)).all()
    user_ids = {a.lead_id for a in areas} | {x.owner_id for x in actions}
    emails = {u.id: u.email for u in session.exec(select(User).where(col(User.id).in_(user_ids - {None})))}
    by_action: dict[int, list[MilestoneIn]] = {}
    dated: set[int] = set()
    for m in milestones:
        dated.add(m.action_id)
        if not m.recurring:
            by_action.setdefault(m.action_id, []).append(
                MilestoneIn(due_on=m.due_on, text=m.text, target_value=m.target_value, met_on=m.met_on))
    measures = exported_measures(session, plan_id)
    # Still the published plan's word only while the status is the one it stated.
    from_plan = set(session.exec(select(StatusChange.action_id, StatusChange.to_status).join(Action).where(
        Action.plan_id == plan_id, StatusChange.source == "published_plan")).all())
    by_area: dict[int, list[ActionIn]] = {}
    for x in actions:
        stated = by_action.get(x.id, [])
        parsed = [MilestoneIn(due_on=m.due_on, text=m.text, target_value=m.target_value)
                  for m in parse_milestones(x.target_text)]
        by_area.setdefault(x.area_id, []).append(ActionIn(
            ref=x.ref, printed_ref=x.printed_ref, text=x.text, target=x.target_text,
            # Written out only where they differ from what the target text says.
            milestones=None if stated == parsed else stated, measures=measures.get((x.area_id, x.id)),
            status=x.status, status_source="published_plan" if (x.id, x.status) in from_plan else None,
            continuing_review=x.continuing_review or None, owner=emails.get(x.owner_id),
            recurrence=RecurrenceIn(**x.recurrence) if x.recurrence else None, outcomes=x.outcomes,
            review_every_months=None if x.review_every_months == default_review_months(
                x.id in dated, x.status, x.continuing_review) else x.review_every_months))
    return PlanFile(plan=PlanIn(
        slug=plan.slug, title=plan.title, organisation=plan.organisation, issued=plan.issued,
        issued_on=plan.issued_on,
        key_dates=[KeyDate(**k) for k in plan.key_dates], context=plan.context,
        legend=[LegendEntry(**x) for x in plan.legend], acronyms=[AcronymIn(**x) for x in plan.acronyms],
        areas=[AreaIn(number=a.number, title=a.title, target_heading=a.target_heading,
                      outcomes=a.outcomes, lead=emails.get(a.lead_id), actions=by_area.get(a.id, []),
                      measures=measures.get((a.id, None)))
               for a in areas]))


def check_assignee(session: Session, user_id: int | None, roles: frozenset[Role], field: str, what: str) -> User | None:
    if user_id is None:
        return None
    user = session.get(User, user_id)
    if user is None or not user.is_active or user.role not in roles:
        raise Invalid(f"User {user_id} cannot be {what}.", code="invalid_assignee",
                      errors=[body_field(field, f"Must be an active {' or '.join(sorted(roles))}")])
    return user


def assign_area_lead(session: Session, actor, area: Area, lead_id: int | None) -> Area:
    check_assignee(session, lead_id, AREA_LEAD_ROLES, "lead_id", "an area lead")
    if area.lead_id != lead_id:
        audit.record(session, actor, "area.assign_lead", "area", area.id,
                     before={"lead_id": area.lead_id}, after={"lead_id": lead_id})
        area.lead_id = lead_id
        area.updated_at = utcnow()
        session.add(area)
        session.commit()
        session.refresh(area)
    return area
