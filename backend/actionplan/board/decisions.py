"""Decisions and actions arising from a meeting, each linked to the actions or areas it concerns. A link
only shows the decision there: it gives its owner (or anyone) no power over those actions."""

from sqlalchemy import delete, or_
from sqlmodel import Session, col, func, select

from actionplan.actions.models import Action, UserRef
from actionplan.audit import service as audit
from actionplan.auth.permissions import ACTION_OWNER_ROLES, Principal
from actionplan.board.models import DecisionLink, Meeting, MeetingDecision
from actionplan.board.schemas import (
    ActionLinkPublic, AreaLinkPublic, DecisionCreate, DecisionPublic, DecisionUpdate,
)
from actionplan.board.service import bump, meeting_ref
from actionplan.core.errors import Invalid, body_field
from actionplan.plans.models import Area
from actionplan.plans.service import check_assignee
from actionplan.users.models import User


def _check_links(session: Session, plan_id: int, action_ids: list[int], area_ids: list[int]) -> None:
    for field, model, ids in (("action_ids", Action, action_ids), ("area_ids", Area, area_ids)):
        found = set(session.exec(select(model.id).where(col(model.id).in_(ids), model.plan_id == plan_id)).all()) \
            if ids else set()
        missing = [i for i in ids if i not in found]
        if missing:
            raise Invalid(f"Not in this plan: {', '.join(map(str, missing))}.",
                          errors=[body_field(field, f"No such {model.__name__.lower()} in this plan: {missing[0]}")])


def _link(session: Session, decision_id: int, action_ids: list[int], area_ids: list[int]) -> None:
    session.add_all([DecisionLink(decision_id=decision_id, action_id=i) for i in dict.fromkeys(action_ids)]
                    + [DecisionLink(decision_id=decision_id, area_id=i) for i in dict.fromkeys(area_ids)])


def _links(session: Session, decision_id: int) -> tuple[list[int], list[int]]:
    rows = session.exec(select(DecisionLink).where(DecisionLink.decision_id == decision_id)
                        .order_by(DecisionLink.id)).all()
    return [r.action_id for r in rows if r.action_id], [r.area_id for r in rows if r.area_id]


def _audit_view(session: Session, decision: MeetingDecision) -> dict:
    actions, areas = _links(session, decision.id)
    return {**decision.model_dump(mode="json", include={"meeting_id", "number", "text", "owner_id", "due_on",
                                                        "done_on"}), "action_ids": actions, "area_ids": areas}


def record(session: Session, actor: Principal, meeting: Meeting, body: DecisionCreate) -> MeetingDecision:
    check_assignee(session, body.owner_id, ACTION_OWNER_ROLES, "owner_id", "the owner of a follow-up")
    _check_links(session, meeting.plan_id, body.action_ids, body.area_ids)
    number = session.exec(select(func.coalesce(func.max(MeetingDecision.number), 0))
                          .where(MeetingDecision.meeting_id == meeting.id)).one() + 1
    decision = MeetingDecision(meeting_id=meeting.id, plan_id=meeting.plan_id, number=number, text=body.text,
                               owner_id=body.owner_id, due_on=body.due_on, recorded_by_id=actor.id)
    session.add(decision)
    session.flush()
    _link(session, decision.id, body.action_ids, body.area_ids)
    session.flush()
    audit.record(session, actor, "decision.create", "decision", decision.id, after=_audit_view(session, decision))
    session.commit()
    session.refresh(decision)
    return decision


def update(session: Session, actor: Principal, decision: MeetingDecision, read_version: int,
           body: DecisionUpdate) -> MeetingDecision:
    sent = body.model_fields_set
    if "text" in sent and body.text is None:
        raise Invalid("text cannot be null.", errors=[body_field("text", "Cannot be null")])
    if "owner_id" in sent:
        check_assignee(session, body.owner_id, ACTION_OWNER_ROLES, "owner_id", "the owner of a follow-up")
    actions, areas = _links(session, decision.id)
    actions = body.action_ids if "action_ids" in sent and body.action_ids is not None else actions
    areas = body.area_ids if "area_ids" in sent and body.area_ids is not None else areas
    _check_links(session, decision.plan_id, actions, areas)
    before = _audit_view(session, decision)
    decision = bump(session, MeetingDecision, decision.id, read_version)
    for name in ("text", "owner_id", "due_on", "done_on"):
        if name in sent:
            setattr(decision, name, getattr(body, name))
    if {"action_ids", "area_ids"} & sent:
        session.execute(delete(DecisionLink).where(col(DecisionLink.decision_id) == decision.id))
        _link(session, decision.id, actions, areas)
    session.add(decision)
    session.flush()
    audit.record(session, actor, "decision.update", "decision", decision.id, before=before,
                 after=_audit_view(session, decision))
    session.commit()
    session.refresh(decision)
    return decision


def views(session: Session, decisions: list[MeetingDecision]) -> list[DecisionPublic]:
    """Decisions as the API shows them, batched (no query per decision)."""
    if not decisions:
        return []
    ids = [d.id for d in decisions]
    links = session.exec(select(DecisionLink).where(col(DecisionLink.decision_id).in_(ids))
                         .order_by(DecisionLink.id)).all()
    action_ids = {link.action_id for link in links if link.action_id}
    area_ids = {link.area_id for link in links if link.area_id}
    actions = {a.id: ActionLinkPublic(id=a.id, ref=a.ref) for a in session.exec(
        select(Action).where(col(Action.id).in_(action_ids)))} if action_ids else {}
    areas = {a.id: AreaLinkPublic(id=a.id, number=a.number, title=a.title) for a in session.exec(
        select(Area).where(col(Area.id).in_(area_ids)))} if area_ids else {}
    user_ids = {d.owner_id for d in decisions} | {d.recorded_by_id for d in decisions}
    users = {u.id: UserRef(id=u.id, name=u.name) for u in session.exec(
        select(User).where(col(User.id).in_(user_ids - {None})))}
    meetings = {m.id: meeting_ref(session, m) for m in session.exec(
        select(Meeting).where(col(Meeting.id).in_({d.meeting_id for d in decisions})))}
    out = []
    for d in decisions:
        mine = [link for link in links if link.decision_id == d.id]
        out.append(DecisionPublic(
            id=d.id, plan_id=d.plan_id, meeting=meetings[d.meeting_id], number=d.number, text=d.text,
            owner=users.get(d.owner_id), due_on=d.due_on, done_on=d.done_on, recorded_by=users.get(d.recorded_by_id),
            recorded_at=d.recorded_at, version=d.version,
            actions=[actions[link.action_id] for link in mine if link.action_id],
            areas=[areas[link.area_id] for link in mine if link.area_id]))
    return out


def for_meeting(session: Session, meeting: Meeting) -> list[DecisionPublic]:
    return views(session, list(session.exec(select(MeetingDecision).where(MeetingDecision.meeting_id == meeting.id)
                                            .order_by(MeetingDecision.number, MeetingDecision.id))))


def for_action(session: Session, action: Action) -> list[DecisionPublic]:
    """Decisions about the action, or about its area, oldest meeting first."""
    linked = select(DecisionLink.decision_id).where(or_(DecisionLink.action_id == action.id,
                                                        DecisionLink.area_id == action.area_id))
    return views(session, list(session.exec(
        select(MeetingDecision).join(Meeting, col(Meeting.id) == MeetingDecision.meeting_id)
        .where(col(MeetingDecision.id).in_(linked)).order_by(Meeting.held_on, MeetingDecision.number))))


def for_plan(session: Session, plan_id: int) -> list[DecisionPublic]:
    return views(session, list(session.exec(
        select(MeetingDecision).join(Meeting, col(Meeting.id) == MeetingDecision.meeting_id)
        .where(MeetingDecision.plan_id == plan_id).order_by(Meeting.held_on, MeetingDecision.number))))
