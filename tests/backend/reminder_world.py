"""A small plan and its people, for playing a quarter of reminders (April to June 2019)."""

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from actionplan.actions import workflow
from actionplan.actions.models import Action, ProgressNote, Reschedule, StatusChange
from actionplan.auth.deps import principal_for
from actionplan.core.clock import COUNCIL_TZ, frozen_at
from actionplan.plans.models import Area, Plan
from actionplan.reminders.models import PlanReminderSettings
from actionplan.users.models import Role, User
from tests.backend.conftest import DEMO_EMAILS

D = dt.date.fromisoformat
QUARTER = [D("2019-04-01") + dt.timedelta(days=n) for n in range(91)]   # 1 April to 30 June 2019

# ref: (owner, status, continuing review, due date)
ACTIONS = {
    "R1": ("Olu", "amber", False, "2019-05-10"),
    "R2": ("Priya", "amber", False, "2019-06-14"),
    "R3": ("Sam", "amber", False, "2019-04-12"),
    "R4": ("Tom", "amber", False, "2019-05-03"),
    "R5": ("Vic", "blue", True, None),
    "R6": ("Wen", "blue", False, "2019-04-30"),
    "R7": ("Xan", "amber", False, "2019-09-30"),
}
PEOPLE = ["Olu", "Priya", "Sam", "Tom", "Uma", "Vic", "Wen", "Xan"]


@dataclass
class World:
    plan_id: int
    people: dict[str, int]     # name → user id; "Lead" (Head of Service) and "AD" too
    actions: dict[str, int]    # ref → action id


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=COUNCIL_TZ)


def build(session: Session) -> World:
    def person(name: str, role: Role) -> int:
        row = User(email=f"{name.lower()}.reminders@council.example", name=f"{name} Quarterly", role=role)
        session.add(row)
        session.flush()
        return row.id

    people = {name: person(name, Role.action_owner) for name in PEOPLE}
    people["Lead"] = person("Lead", Role.head_of_service)
    people["AD"] = session.exec(select(User.id).where(User.email == DEMO_EMAILS["assistant_director"])).one()
    plan = Plan(slug="reminders-quarter", title="Reminders quarter", organisation="Council", issued="March 2019",
                context="")
    session.add(plan)
    session.flush()
    area = Area(plan_id=plan.id, number=1, title="Reminders", target_heading="Target", lead_id=people["Lead"])
    session.add(area)
    session.flush()
    actions = {}
    for position, (ref, (owner, status, ongoing, due)) in enumerate(ACTIONS.items(), 1):
        row = Action(plan_id=plan.id, area_id=area.id, ref=ref, position=position, text=f"Action {ref}",
                     target_text="", owner_id=people[owner], status=status, continuing_review=ongoing,
                     due_on=D(due) if due else None, original_due_on=D(due) if due else None)
        session.add(row)
        session.flush()
        actions[ref] = row.id
        # Everyone updated before the March board.
        session.add(ProgressNote(action_id=row.id, author_id=people[owner], text="Before the March board.",
                                 recorded_at=at(D("2019-03-20"))))
    session.add(PlanReminderSettings(plan_id=plan.id, board_first_meeting_on=D("2018-12-31"), board_cadence_months=3,
                                     update_lead_working_days=5, due_within_days=14, waiting_working_days=5,
                                     escalate_after_working_days=3))
    session.commit()
    return World(plan.id, people, actions)


def _as(session: Session, world: World, name: str):
    return principal_for(session, session.get(User, world.people[name]))


def _version(session: Session, world: World, ref: str) -> int:
    return session.get(Action, world.actions[ref]).version


def happenings(session: Session, world: World, day: dt.date) -> None:
    """What people do on `day`, before that day's reminder run."""
    def progress(name: str, ref: str) -> None:
        workflow.record_progress(session, _as(session, world, name), world.actions[ref], _version(session, world, ref),
                                 f"Progress by {name}.")

    lead = workflow.Decider(_as(session, world, "Lead"))
    with frozen_at(at(day)):
        match day.isoformat():
            case "2019-04-16":
                progress("Sam", "R3")                                    # an update stops the escalation
            case "2019-05-01":
                workflow.propose_status_change(session, _as(session, world, "Xan"), world.actions["R7"],
                                               _version(session, world, "R7"), "green", "On track.", None, None,
                                               None, day)
            case "2019-05-02":
                change = _pending(session, StatusChange, world.actions["R7"])
                workflow.decide_proposal(session, lead, change.id, change.version, "return", "Which figures?")
            case "2019-05-09":
                action = session.get(Action, world.actions["R4"])       # reassigned before its escalation
                workflow.assign_action_owner(session, _as(session, world, "AD"), action, action.version,
                                             world.people["Uma"])
            case "2019-05-13":
                progress("Uma", "R4")
            case "2019-05-20":
                change = session.exec(select(StatusChange).where(StatusChange.action_id == world.actions["R7"],
                                                                 StatusChange.state == "returned")).one()
                workflow.resubmit_proposal(session, _as(session, world, "Xan"), change.id, change.version,
                                           "Figures attached.", None, None, None, day)
            case "2019-05-30":
                change = _pending(session, StatusChange, world.actions["R7"])
                workflow.decide_proposal(session, lead, change.id, change.version, "approve", None)
            case "2019-06-03":
                workflow.request_reschedule(session, _as(session, world, "Priya"), world.actions["R2"],
                                            _version(session, world, "R2"), D("2019-09-30"), "Partners late.", day)
            case "2019-06-04":
                r = _pending(session, Reschedule, world.actions["R2"])
                workflow.decide_reschedule(session, lead, r.id, r.version, "approve", None)
            case "2019-06-10":
                progress("Vic", "R5")


def _pending(session: Session, model, action_id: int):
    return session.exec(select(model).where(model.action_id == action_id, model.state == "pending")).one()
