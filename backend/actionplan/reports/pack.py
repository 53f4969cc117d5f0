"""The board pack: one document holding everything the improvement board reads about a plan at a moment.

`build_pack` reads it from the database; the renderers (pdf.py, xlsx.py, csv.py) turn it into files
and read nothing else — no clock, no database — so a pack frozen as JSON (a meeting's snapshot) is
rendered again byte for byte. Every list is in a fixed order (area number, then the action's printed
position) and every moment is stated in the document.

The pack holds approved content only, the same for every reader (a council publishes it): statuses
and due dates as approved at `as_of`, commentary from approved status changes, accepted evidence,
and measure readings as they stood. No pending proposal, draft note or unreviewed evidence appears.
"""

import datetime as dt
import hashlib

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from actionplan.actions.asof import ActionView
from actionplan.actions.models import Action, ActionStatus, Reschedule, StatusChange
from actionplan.actions.service import users_by_id
from actionplan.core.clock import COUNCIL_TZ
from actionplan.core.words import STATUS_WORDS, date_words
from actionplan.evidence.models import Evidence, EvidenceLink
from actionplan.measures.service import details_for_plan
from actionplan.plans.models import Area, Plan
from actionplan.plans.reads import STATUSES
from actionplan.plans.summary import plan_report
from actionplan.plans.version_store import shown_in_version, version_in_force

# Bumped when the document's shape changes; a renderer reads the version it was given.
PACK_FORMAT = 1
# The order the legend and every table list statuses in: worst first, then done, then not yet rated.
STATUS_ORDER = ("red", "amber", "green", "blue", "not_started")


def london_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(COUNCIL_TZ).date()


class LegendEntry(BaseModel):
    status: ActionStatus
    label: str
    meaning: str


class AreaRow(BaseModel):
    number: int
    title: str
    lead: str | None = None
    status_counts: dict[str, int] = Field(description="Actions per status: not_started, red, amber, green, blue.")
    actions: int
    overdue: int = 0
    rescheduled: int = 0
    evidence_accepted: int = Field(0, description="Accepted evidence items linked to the area's actions.")


class RedAction(BaseModel):
    area_number: int
    ref: str
    text: str
    owner: str | None = None
    due_on: dt.date | None = None
    reason: str | None = None
    mitigation: str | None = None
    revised_due_on: dt.date | None = None
    approved_on: dt.date | None = Field(None, description="The day the Red and its exception report were approved.")


class Movement(BaseModel):
    area_number: int
    ref: str
    text: str
    from_status: ActionStatus
    to_status: ActionStatus


class OverdueAction(BaseModel):
    area_number: int
    ref: str
    text: str
    status: ActionStatus
    owner: str | None = None
    due_on: dt.date
    days_overdue: int


class RescheduledAction(BaseModel):
    area_number: int
    ref: str
    text: str
    original_due_on: dt.date | None = None
    due_on: dt.date | None = None
    reason: str | None = Field(None, description="The reason given for the last approved re-schedule.")


class ActionRow(BaseModel):
    """One row of the spreadsheet, in the layout councils keep their plans in."""

    area_number: int
    area_title: str
    ref: str
    text: str
    target: str = Field(description="Target / timescale as the plan states it.")
    owner: str | None = None
    status: ActionStatus
    continuing_review: bool = False
    latest_commentary: str | None = Field(None, description="The commentary of the last approved status change.")
    commentary_on: dt.date | None = None
    due_on: dt.date | None = None
    original_due_on: dt.date | None = None
    rescheduled: bool = False
    overdue: bool = False
    evidence_accepted: int = 0


class Figure(BaseModel):
    on: dt.date
    value: float
    label: str | None = Field(None, description="The period or note the plan gives with it.")


class MeasureRow(BaseModel):
    area_number: int
    ref: str
    name: str
    unit: str
    direction: str
    baselines: list[Figure] = []
    targets: list[Figure] = []
    readings: list[Figure] = Field([], description="Readings as they stood at `as_of`, by date.")
    aim: float | None = None
    aim_text: str | None = None
    verdict: str = Field(description="on_track, ahead, behind, no_reading or no_trajectory (measures/rules.py).")
    expected: float | None = None
    gap: float | None = None
    tolerance: float | None = None
    suggested_rag: str | None = None


class EvidenceCounts(BaseModel):
    accepted: int = Field(0, description="Accepted evidence items (one linked to several actions counts once).")
    actions_with_evidence: int = 0
    blue_without_evidence: int = Field(0, description="Blue actions with no accepted evidence linked.")


class CommentaryRow(BaseModel):
    """An area's published commentary for the board (board/snapshot.py fills these)."""

    area_number: int
    area_title: str
    text: str
    written_by: str | None = None
    published_on: dt.date | None = None
    meeting: str | None = Field(None, description="The meeting it was written for, e.g. \"Children's "
                                                  "Improvement Board, 10 July 2019\".")


class DecisionRow(BaseModel):
    """A decision or action arising from an earlier meeting, as it stood (board/snapshot.py fills these)."""

    meeting: str
    meeting_on: dt.date
    number: int
    text: str
    concerns: list[str] = Field([], description="The actions and areas it concerns, e.g. \"Action 1.4\".")
    owner: str | None = None
    due_on: dt.date | None = None
    done_on: dt.date | None = None


class BoardPack(BaseModel):
    """Everything a board pack shows. Fields added later carry defaults, so an older frozen pack still reads."""

    format: int = PACK_FORMAT
    plan_id: int
    plan_slug: str
    plan_title: str
    organisation: str
    plan_issued: str = Field(description="The plan's issue as it states it, e.g. \"March 2019\".")
    plan_issued_on: dt.date | None = None
    plan_version: str | None = Field(None, description="The plan version shown: the one in force on the \"as at\" day, e.g. \"version 2 (10 June 2019)\".")
    generated_for: str = Field(description="What the pack is for: a meeting, or \"As at <date>\".")
    as_of: dt.datetime = Field(description="The moment read (UTC).")
    as_of_date: dt.date = Field(description="That moment's day in London: the \"as at\" date printed.")
    since: dt.datetime | None = None
    since_date: dt.date | None = None
    legend: list[LegendEntry] = []
    status_counts: dict[str, int]
    areas: list[AreaRow]
    reds: list[RedAction] = []
    movements: list[Movement] = []
    overdue: list[OverdueAction] = []
    rescheduled: list[RescheduledAction] = []
    evidence: EvidenceCounts = EvidenceCounts()
    actions: list[ActionRow] = []
    measures: list[MeasureRow] = []
    meeting_id: int | None = Field(None, description="The meeting whose papers froze this pack, if any.")
    commentary: list[CommentaryRow] = Field([], description="Each area's latest published commentary.")
    decisions: list[DecisionRow] = Field([], description="Decisions and actions arising from earlier meetings.")

    def digest(self) -> str:
        """A fingerprint of the document: equal packs, equal digests (the ETag is built on it)."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()

    @property
    def total_actions(self) -> int:
        return sum(self.status_counts.values())


def latest_commentary(session: Session, action_ids: list[int], at: dt.datetime) -> dict[int, tuple[str, dt.date]]:
    found: dict[int, tuple[str, dt.date]] = {}
    if not action_ids:
        return found
    rows = session.exec(select(StatusChange.action_id, StatusChange.commentary, StatusChange.decided_at)
                        .where(col(StatusChange.action_id).in_(action_ids), StatusChange.state == "approved",
                               col(StatusChange.decided_at) <= at, StatusChange.commentary != "")
                        .order_by(col(StatusChange.decided_at), col(StatusChange.id)))
    for action_id, text, decided_at in rows:
        found[action_id] = (text, london_day(decided_at))
    return found


def _reschedule_reasons(session: Session, action_ids: list[int], at: dt.datetime) -> dict[int, str]:
    if not action_ids:
        return {}
    rows = session.exec(select(Reschedule.action_id, Reschedule.reason)
                        .where(col(Reschedule.action_id).in_(action_ids), Reschedule.state == "approved",
                               col(Reschedule.decided_at) <= at)
                        .order_by(col(Reschedule.decided_at), col(Reschedule.id)))
    return dict(rows.all())


def _accepted_evidence(session: Session, plan_id: int, at: dt.datetime) -> tuple[dict[int, int], int]:
    """Accepted evidence items per action, as accepted by `at` (an item accepted before then and since
    withdrawn or erased no longer counts: its present state is all that is kept)."""
    reviewed = col(Evidence.reviewed_at)
    rows = session.exec(select(EvidenceLink.action_id, Evidence.id).join(Evidence, col(Evidence.id) == EvidenceLink.evidence_id)
                        .join(Action, col(Action.id) == EvidenceLink.action_id)
                        .where(Action.plan_id == plan_id, Evidence.state == "accepted",
                               reviewed.is_(None) | (reviewed <= at), col(EvidenceLink.linked_at) <= at))
    counts: dict[int, int] = {}
    items = set()
    for action_id, evidence_id in rows:
        counts[action_id] = counts.get(action_id, 0) + 1
        items.add(evidence_id)
    return counts, len(items)


def _figure(on: dt.date, value: float, *labels: str | None) -> Figure:
    return Figure(on=on, value=value, label=next((x for x in labels if x), None))


def _version_words(session: Session, plan: Plan, on: dt.date) -> str | None:
    shown = version_in_force(session, plan.id, on)
    return f"version {shown.number} ({date_words(shown.effective_on)})" if shown else None


def build_pack(session: Session, plan: Plan, as_of: dt.datetime, since: dt.datetime | None = None,
               generated_for: str | None = None) -> BoardPack:
    """The pack of `plan` as approved at `as_of` (an aware moment), with movements since `since`."""
    if as_of.tzinfo is None or (since is not None and since.tzinfo is None):
        raise ValueError("as_of and since must carry their zone")
    as_of = as_of.astimezone(dt.UTC)
    since = since.astimezone(dt.UTC) if since is not None else None
    view = ActionView(as_of)
    report = plan_report(session, plan, view, ActionView(since) if since else None, sees_pending=False)
    today = view.today

    areas = {a.id: a for a in session.exec(select(Area).where(Area.plan_id == plan.id))}
    rows = session.exec(select(Action, view.status.label("status"), view.due.label("due"))
                        .where(Action.plan_id == plan.id, shown_in_version(today, plan.id))).all()
    rows = sorted(rows, key=lambda r: (areas[r[0].area_id].number, r[0].position, r[0].id))
    ids = [a.id for a, *_ in rows]
    owners = users_by_id(session, {a.owner_id for a, *_ in rows} | {a.lead_id for a in areas.values()})
    commentary = latest_commentary(session, ids, as_of)
    reasons = _reschedule_reasons(session, ids, as_of)
    evidence, evidence_items = _accepted_evidence(session, plan.id, as_of)
    by_id = {a.id: (a, status, due) for a, status, due in rows}

    def name(user_id: int | None) -> str | None:
        return owners[user_id].name if user_id in owners else None

    actions = []
    for a, status, due in rows:
        note = commentary.get(a.id)
        actions.append(ActionRow(
            area_number=areas[a.area_id].number, area_title=areas[a.area_id].title, ref=a.ref, text=a.text,
            target=a.target_text, owner=name(a.owner_id), status=status, continuing_review=a.continuing_review,
            latest_commentary=note[0] if note else None, commentary_on=note[1] if note else None,
            due_on=due, original_due_on=a.original_due_on, rescheduled=due is not None and due != a.original_due_on,
            overdue=due is not None and due < today and status != ActionStatus.blue,
            evidence_accepted=evidence.get(a.id, 0)))

    def area_rows() -> list[AreaRow]:
        out = []
        for counts in report.areas:
            area = areas[counts.area_id]
            mine = [r for r in actions if r.area_number == area.number]
            out.append(AreaRow(number=area.number, title=area.title, lead=name(area.lead_id),
                               status_counts={s: counts.status_counts.get(s, 0) for s in STATUSES},
                               actions=len(mine), overdue=sum(r.overdue for r in mine),
                               rescheduled=sum(r.rescheduled for r in mine),
                               evidence_accepted=sum(r.evidence_accepted for r in mine)))
        return out

    def number(action_id: int) -> int:
        return areas[by_id[action_id][0].area_id].number

    printed = {a.id: i for i, a in enumerate(by_id[i][0] for i in ids)}

    def in_print_order(items: list) -> list:
        return sorted(items, key=lambda item: printed[item.action_id])

    def text(action_id: int) -> str:
        return by_id[action_id][0].text

    reds = [RedAction(area_number=number(r.action_id), ref=r.ref, text=text(r.action_id),
                      owner=name(by_id[r.action_id][0].owner_id), due_on=by_id[r.action_id][2], reason=r.reason,
                      mitigation=r.mitigation, revised_due_on=r.revised_due_on,
                      approved_on=london_day(r.approved_at) if r.approved_at else None) for r in in_print_order(report.reds)]
    movements = [Movement(area_number=number(m.action_id), ref=m.ref, text=text(m.action_id),
                          from_status=m.from_status, to_status=m.to_status) for m in in_print_order(report.moved)]
    overdue = [OverdueAction(area_number=number(o.action_id), ref=o.ref, text=text(o.action_id), status=o.status,
                             owner=o.owner.name if o.owner else None, due_on=o.due_on,
                             days_overdue=(today - o.due_on).days) for o in in_print_order(report.overdue)]
    rescheduled = [RescheduledAction(area_number=r.area_number, ref=r.ref, text=r.text,
                                     original_due_on=r.original_due_on, due_on=r.due_on,
                                     reason=reasons.get(a.id))
                   for r, (a, *_) in zip(actions, rows) if r.rescheduled]
    measures = [MeasureRow(
        # A measure of an area as a whole is named by its area.
        area_number=m.area_number, ref=m.action_ref or f"Area {m.area_number}", name=m.name, unit=m.unit, direction=m.direction,
        baselines=[_figure(b.date, b.value, b.period, b.text) for b in m.baselines],
        targets=[_figure(t.due_on, t.value, t.text) for t in m.targets],
        readings=[_figure(r.taken_on, r.value, r.period) for r in m.readings],
        aim=m.aim, aim_text=m.aim_text, verdict=m.trajectory.verdict, expected=m.trajectory.expected,
        gap=m.trajectory.gap, tolerance=m.trajectory.tolerance, suggested_rag=m.trajectory.suggested_rag)
        for m in details_for_plan(session, plan.id, view)]
    legend = {x["status"]: x for x in plan.legend if x.get("status") in STATUSES}
    as_of_date = london_day(as_of)
    return BoardPack(
        plan_id=plan.id, plan_slug=plan.slug, plan_title=plan.title, organisation=plan.organisation,
        plan_issued=plan.issued, plan_issued_on=plan.issued_on, plan_version=_version_words(session, plan, as_of_date),
        generated_for=generated_for or f"As at {date_words(as_of_date)}",
        as_of=as_of, as_of_date=as_of_date, since=since, since_date=london_day(since) if since else None,
        legend=[LegendEntry(status=s, label=legend[s].get("label") or STATUS_WORDS[s], meaning=legend[s].get("meaning", ""))
                for s in STATUS_ORDER if s in legend],
        status_counts={s: report.status_counts.get(s, 0) for s in STATUSES},
        areas=area_rows(), reds=reds, movements=movements, overdue=overdue, rescheduled=rescheduled,
        evidence=EvidenceCounts(accepted=evidence_items, actions_with_evidence=len(evidence),
                                blue_without_evidence=sum(1 for r in actions
                                                          if r.status == ActionStatus.blue and not r.evidence_accepted)),
        actions=actions, measures=measures)
