"""`actionplan demo --history`: an illustrative copy of the Haringey plan with a year, April 2019 to
March 2020, played through the real services by the demo users, so every screen has something to show.

The copy has a slug and a title of its own (the title says it is illustrative), and the history is only
ever played on the copy this module has just created: a real plan is never touched. The year is a fixed
script plus a seeded random choice of each action's course, so every run plays the same year. Each step
runs on a clock frozen at its moment (core.clock.frozen_at), so the services stamp 2019-20 times on the
rows and audit events they write, exactly as they would have then.
"""

import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from actionplan.actions import workflow
from actionplan.actions.deps import action_for, action_ref
from actionplan.actions.models import Action, ActionStatus, StatusChange
from actionplan.actions.proposals import proposal_ref
from actionplan.audit.models import AuditEvent
from actionplan.auth.deps import authorize_decision, principal_for
from actionplan.auth.permissions import DecisionRef, Perm, Principal
from actionplan.core.clock import COUNCIL_TZ, council_today, frozen_at
from actionplan.demo import demo_sign_ins, demo_users, haringey_plan_text
from actionplan.evidence import service as evidence
from actionplan.evidence.schemas import EvidenceLinkCreate, EvidenceReview
from actionplan.measures import service as measures
from actionplan.measures.deps import measure_for
from actionplan.measures.models import Measure
from actionplan.measures.schemas import ReadingCreate
from actionplan.plans.models import Area, Plan
from actionplan.plans.plan_file import parse_plan_file
from actionplan.plans.service import import_plan
from actionplan.users.models import Role, User

ILLUSTRATIVE = " (illustrative demo data)"
SLUG_SUFFIX = "-illustrative"
ACTOR_LABEL = "demo-history"
SEED = 2019
FIRST_MONTH = (2019, 4)
MONTHS = 12
OWNER, HOS, AD = Role.action_owner, Role.head_of_service, Role.assistant_director
# JOURNEYS.md: the Head of Service owns 1.7 himself; 5.2 slips to Red; 1.2 is done (Blue);
# 3.1 ends the year with a Green waiting for a decision.
HOS_OWNS = {"1.7"}
SCRIPTED = {"1.2": "blue", "1.4": "green", "5.2": "red", "3.1": "pending_green"}
COURSES = [("steady", 30), ("green", 30), ("blue", 18), ("slip", 10), ("unrated", 12)]


class HistoryRefused(Exception):
    """The illustrative plan's slug is taken by a plan the demo did not make; nothing was changed."""


def illustrative_slug(slug: str) -> str:
    return slug + SLUG_SUFFIX


def load_history_demo(session: Session, password: str | None) -> tuple[list[tuple[str, str, str]], str | None,
                                                                          Plan, bool]:
    """Returns the sign-ins, the password set (if users were new), the illustrative plan, and whether the
    year was played now (False: it was already there, and nothing changed)."""
    users, new_password = demo_users(session, password)
    plan_file = parse_plan_file(haringey_plan_text())
    slug = illustrative_slug(plan_file.plan.slug)
    existing = session.exec(select(Plan).where(Plan.slug == slug)).first()
    if existing is not None:
        if not _made_here(session, existing):
            raise HistoryRefused(f"A plan with the slug {slug!r} exists that the demo did not make; the illustrative "
                                 "year is played only on a plan it creates itself. Nothing was changed.")
        return demo_sign_ins(), new_password, existing, False
    plan = _Year(session, users).play(plan_file, slug)
    return demo_sign_ins(), new_password, plan, True


def _made_here(session: Session, plan: Plan) -> bool:
    return session.exec(select(AuditEvent.id).where(
        AuditEvent.operation == "plan.import", AuditEvent.object_type == "plan",
        AuditEvent.object_id == str(plan.id), AuditEvent.actor_label == ACTOR_LABEL)).first() is not None


def _moment(month: int, day: int, hour: int = 10) -> dt.datetime:
    """Month 0 is April 2019; days past a month's end fall on its last day."""
    year, number = FIRST_MONTH[0] + (FIRST_MONTH[1] - 1 + month) // 12, (FIRST_MONTH[1] - 1 + month) % 12 + 1
    last = (dt.date(year + number // 12, number % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.datetime(year, number, min(day, last), hour, tzinfo=COUNCIL_TZ)


@dataclass(order=True)
class _Step:
    at: dt.datetime
    order: int
    run: Callable[[], None] = field(compare=False)


class _Year:
    def __init__(self, session: Session, users: dict[Role, User]):
        self.session, self.users = session, users
        self.rng = random.Random(SEED)
        self.steps: list[_Step] = []
        self.actions: dict[str, int] = {}

    # The services, called as the routes call them: the same authorisation, then the use case.

    def who(self, role: Role) -> Principal:
        return principal_for(self.session, self.users[role])

    def action(self, ref: str) -> Action:
        return self.session.get(Action, self.actions[ref])

    def propose(self, ref: str, role: Role, to: ActionStatus, commentary: str,
                exception: tuple[str, str, dt.date] | None = None) -> StatusChange:
        principal = self.who(role)
        action = action_for(self.session, principal, self.actions[ref], Perm.status_propose)
        reason, mitigation, revised = exception or (None, None, None)
        return workflow.propose_status_change(self.session, principal, action.id, action.version, to, commentary,
                                              reason, mitigation, revised, council_today())

    def decide(self, change: StatusChange, role: Role, decision: str, note: str | None = None) -> StatusChange:
        principal = self.who(role)
        change = self.session.get(StatusChange, change.id)
        action = self.session.get(Action, change.action_id)
        authorize_decision(self.session, principal, Perm.proposal_decide, proposal_ref(action, change), None,
                           f"There is no proposal {change.id}.")
        return workflow.decide_proposal(self.session, workflow.Decider(principal), change.id, change.version,
                                        decision, note)

    def resubmit(self, change: StatusChange, role: Role, commentary: str) -> StatusChange:
        change = self.session.get(StatusChange, change.id)
        return workflow.resubmit_proposal(self.session, self.who(role), change.id, change.version, commentary,
                                          None, None, None, council_today())

    def add_evidence(self, ref: str, role: Role, title: str, slug: str) -> int:
        body = EvidenceLinkCreate.model_validate_json(json.dumps({
            "title": title, "url": f"https://intranet.haringey.example/children/improvement/{slug}",
            "effective_on": council_today().isoformat(), "contains_personal_data": False}))
        return evidence.add_link(self.session, self.who(role), self.actions[ref], body).id

    def review(self, evidence_id: int, role: Role, accept: bool, note: str = "") -> None:
        body = EvidenceReview.model_validate_json(json.dumps({"decision": "accept" if accept else "reject",
                                                              "note": note}))
        evidence.review(self.session, self.who(role), evidence_id, body)

    def reading(self, measure_id: int, value: float, period: str, role: Role = OWNER) -> None:
        principal = self.who(role)
        measure = measure_for(self.session, principal, measure_id, Perm.measure_record)
        body = ReadingCreate.model_validate_json(json.dumps({
            "value": value, "taken_on": council_today().isoformat(), "period": period,
            "source": "Monthly performance report (illustrative)"}))
        measures.record_reading(self.session, principal, measure, body, council_today())

    # The script.

    def at(self, month: int, day: int, run: Callable[[], None], hour: int = 10) -> None:
        self.steps.append(_Step(_moment(month, day, hour), len(self.steps), run))

    def play(self, plan_file, slug: str) -> Plan:
        plan_file = _illustrative(plan_file, slug, self.users)
        with frozen_at(_moment(0, 1, 9)):
            plan, _ = import_plan(self.session, plan_file, actor_label=ACTOR_LABEL)
        imported = self.session.exec(select(Action).where(Action.plan_id == plan.id).order_by(col(Action.id))).all()
        self.actions = {a.ref: a.id for a in imported}
        for action in imported:
            course = SCRIPTED.get(action.ref) or self.rng.choices([c for c, _ in COURSES], [w for _, w in COURSES])[0]
            if action.status != ActionStatus.blue:  # achieved before the year began
                self.course(action.ref, course)
        self.reschedule_one()
        self.readings(plan.id)
        for step in sorted(self.steps):
            with frozen_at(step.at):
                step.run()
        return plan

    def course(self, ref: str, course: str) -> None:
        if course == "unrated":
            return
        approver = AD if ref in HOS_OWNS else HOS
        proposer = HOS if ref in HOS_OWNS else OWNER
        rng = self.rng
        start = 0 if ref in SCRIPTED else rng.randint(0, 2)
        returned = rng.random() < 0.25
        state: dict = {}

        def amber():
            state["c"] = self.propose(ref, proposer, ActionStatus.amber, "Work has started; the first milestones "
                                      "are planned with the teams and the training programme starts this month.")

        self.at(start, rng.randint(2, 12), amber)
        if returned:
            self.at(start, 16, lambda: self.decide(state["c"], approver, "return",
                                                   "Say which milestones are planned and when, please."))
            self.at(start, 20, lambda: self.resubmit(state["c"], proposer, "Milestones agreed at the service "
                                                     "meeting: audit tool by June, training complete by September."))
        self.at(start, 24, lambda: self.decide(state["c"], approver, "approve"))
        if course in {"green", "blue", "pending_green"}:
            month = 11 if course == "pending_green" else start + rng.randint(3, 5)

            def green():
                state["c"] = self.propose(ref, proposer, ActionStatus.green,
                                          "On track: the milestones due this quarter were met.")
            if ref in SCRIPTED or rng.random() < 0.5:
                self.evidence_accepted(ref, proposer, approver, month)
            self.at(month, 5, green)
            if course != "pending_green":
                self.at(month, 12, lambda: self.decide(state["c"], approver, "approve"))
        if course == "blue":
            self.blue(ref, proposer, start + rng.randint(6, 8))
        if course in {"slip", "red"}:
            self.slip(ref, proposer, approver, start + rng.randint(4, 6), recovers=course == "slip")

    def evidence_accepted(self, ref: str, proposer: Role, reviewer: Role, month: int) -> None:
        state: dict = {}

        def upload():
            state["e"] = self.add_evidence(ref, proposer, f"Thematic audit summary, action {ref}",
                                           f"action-{ref.replace('.', '-')}-audit-{month}.pdf")
        self.at(month, 3, upload)
        self.at(month, 4, lambda: self.review(state["e"], reviewer, True))

    def blue(self, ref: str, proposer: Role, month: int) -> None:
        state: dict = {}
        reviewer = AD if ref in HOS_OWNS else HOS
        slug = f"action-{ref.replace('.', '-')}"
        if self.rng.random() < 0.3:
            def first():
                state["e"] = self.add_evidence(ref, proposer, f"Draft completion report, action {ref}",
                                               f"{slug}-draft.pdf")
            self.at(month, 2, first)
            self.at(month, 4, lambda: self.review(state["e"], reviewer, False,
                                                  "This is a draft; upload the version signed off by the board."))

        def final():
            state["e"] = self.add_evidence(ref, proposer, f"Completion report, action {ref}", f"{slug}.pdf")
        self.at(month, 8, final)
        self.at(month, 10, lambda: self.review(state["e"], reviewer, True))

        def propose():
            state["c"] = self.propose(ref, proposer, ActionStatus.blue, "Achieved: the completion report, "
                                      "signed off by the board, is attached as evidence.")
        self.at(month, 14, propose)
        self.at(month, 21, lambda: self.decide(state["c"], AD, "approve"))

    def slip(self, ref: str, proposer: Role, approver: Role, month: int, recovers: bool) -> None:
        state: dict = {}

        def red():
            due = self.action(ref).due_on
            revised = max(due or council_today(), council_today()) + dt.timedelta(days=91)
            state["c"] = self.propose(ref, proposer, ActionStatus.red, "Not on track: the milestone will be missed.",
                                      ("Recruitment to the specialist posts has not filled the team; placements "
                                       "across London are slower to agree than planned.",
                                       "Interim cover from agency staff; weekly placement panel chaired by the "
                                       "Head of Service; escalation to the regional commissioning group.", revised))
        self.at(month, 6, red)
        self.at(month, 13, lambda: self.decide(state["c"], AD, "approve"))
        self.at(month, 20, lambda: workflow.record_progress(
            self.session, self.who(proposer), self.actions[ref], self.action(ref).version,
            "Agency cover in place; the placement panel has met three times."))
        if not recovers:
            return

        def amber():
            state["c"] = self.propose(ref, proposer, ActionStatus.amber,
                                      "Recovering: the revised plan is being delivered.")
        self.at(min(month + 3, MONTHS - 1), 3, amber)
        self.at(min(month + 3, MONTHS - 1), 9, lambda: self.decide(state["c"], approver, "approve"))

    def reschedule_one(self) -> None:
        """A due date moved on its own, not through a Red: asked by the owner, approved by the Head of Service."""
        ref, state = "2.1", {}

        def ask():
            principal = self.who(OWNER)
            action = action_for(self.session, principal, self.actions[ref], Perm.status_propose)
            state["r"] = workflow.request_reschedule(
                self.session, principal, action.id, action.version, _moment(MONTHS - 1, 31).date(),
                "The new case management system goes live in January, so the audit moves after it.", council_today())

        def approve():
            principal, reschedule = self.who(HOS), state["r"]
            action = self.action(ref)
            authorize_decision(self.session, principal, Perm.proposal_decide,
                               DecisionRef(action=action_ref(action), author_id=reschedule.proposed_by_id), None,
                               f"There is no re-schedule request {reschedule.id}.")
            workflow.decide_reschedule(self.session, workflow.Decider(principal), reschedule.id, reschedule.version,
                                       "approve", "Agreed; report progress at the December board.")
        self.at(7, 11, ask)
        self.at(7, 15, approve)

    def readings(self, plan_id: int) -> None:
        """A reading at each month's end for every measure, moving from its baseline towards its last target."""
        rows = self.session.exec(select(Measure).join(Area, col(Area.id) == Measure.area_id)
                                 .where(Area.plan_id == plan_id).order_by(col(Measure.id))).all()
        for measure in rows:
            definition = measures.exported_measures(
                self.session, measure_id=measure.id)[(measure.area_id, measure.action_id)][0]
            start, goal = _start_and_goal(definition)
            for month in range(MONTHS):
                value = round(start + (goal - start) * (month + 1) / MONTHS + self.rng.uniform(-4, 4))
                value = max(0, min(100, value)) if measure.unit == "percent" else max(0, value)
                period = _moment(month, 1).strftime("%B %Y")
                # An area's own measure is the lead's to report; the demo's owners own the actions.
                role = OWNER if measure.action_id is not None else AD
                self.at(month, 31, lambda m=measure.id, v=value, p=period, r=role: self.reading(m, v, p, r), hour=17)


def _start_and_goal(measure) -> tuple[float, float]:
    start = measure.baselines[-1].value if measure.baselines else 30.0
    goal = measure.targets[-1].value * 0.9 if measure.targets else start + 30
    return start, goal


def _illustrative(plan_file, slug: str, users: dict[Role, User]):
    """The seed plan, marked illustrative, with the demo Head of Service leading every area and the demo
    owner owning every action but the one the Head of Service owns."""
    plan = plan_file.plan
    areas = [area.model_copy(update={"lead": users[HOS].email, "actions": [
        action.model_copy(update={"owner": users[HOS if action.ref in HOS_OWNS else OWNER].email})
        for action in area.actions]}) for area in plan.areas]
    return plan_file.model_copy(update={"plan": plan.model_copy(update={
        "slug": slug, "title": plan.title + ILLUSTRATIVE, "areas": areas})})
