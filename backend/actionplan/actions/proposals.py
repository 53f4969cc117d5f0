"""Reading proposals, re-schedules and history, shaped for the caller (no N+1)."""

from sqlalchemy import func
from sqlmodel import Session, col, select

from actionplan.actions.deps import action_ref
from actionplan.actions.models import Action, ProgressNote, Reschedule, StatusChange, UserRef
from actionplan.actions.schemas import HistoryEntry, ProgressPublic, ProposalPublic, ReschedulePublic
from actionplan.actions.service import users_by_id
from actionplan.auth.permissions import (
    DecisionRef, Perm, Principal, decides_as, sees_decision_state, visible_plan_ids,
)


def proposal_ref(action: Action, change: StatusChange) -> DecisionRef:
    return DecisionRef(action=action_ref(action), author_id=change.proposed_by_id, to_status=change.to_status)


def reschedule_ref(action: Action, reschedule: Reschedule) -> DecisionRef:
    return DecisionRef(action=action_ref(action), author_id=reschedule.proposed_by_id)


def _decider(principal: Principal, covered: list[Principal], state: str, ref: DecisionRef) -> Principal | None:
    return decides_as(principal, covered, Perm.proposal_decide, ref) if state == "pending" else None


def _decide_as(principal: Principal, decider: Principal | None) -> UserRef | None:
    return None if decider is None or decider.id == principal.id else UserRef(id=decider.id, name=decider.name)


def _public(session: Session, principal: Principal, rows: list[tuple], covered: list[Principal], schema, ref):
    """Proposals or re-schedules as the caller sees them; covered: the approvers the caller covers today,
    so a cover sees what they may decide in their name."""
    users = users_by_id(session, {u for i, _ in rows for u in (i.proposed_by_id, i.decided_by_id, i.on_behalf_of_id)})
    out = []
    for item, a in rows:
        decider = _decider(principal, covered, item.state, ref(a, item))
        out.append(schema(
            **item.model_dump(exclude={"proposed_by_id", "decided_by_id", "on_behalf_of_id"}),
            action_ref=a.ref, plan_id=a.plan_id, proposed_by=users.get(item.proposed_by_id),
            decided_by=users.get(item.decided_by_id), on_behalf_of=users.get(item.on_behalf_of_id),
            can_decide=decider is not None, decide_as=_decide_as(principal, decider)))
    return out


def proposals_public(session: Session, principal: Principal, rows: list[tuple[StatusChange, Action]],
                     covered: list[Principal]) -> list[ProposalPublic]:
    return _public(session, principal, rows, covered, ProposalPublic, proposal_ref)


def reschedules_public(session: Session, principal: Principal, rows: list[tuple[Reschedule, Action]],
                       covered: list[Principal]) -> list[ReschedulePublic]:
    return _public(session, principal, rows, covered, ReschedulePublic, reschedule_ref)


def _visible(principal: Principal, query, model):
    visible = visible_plan_ids(principal)
    if visible is not None:
        query = query.where(col(Action.plan_id).in_(visible))
    if not sees_decision_state(principal, "pending"):
        query = query.where(model.state == "approved")
    return query


def decidable(session: Session, principal: Principal, covered: list[Principal], model, ref) -> list[tuple]:
    """The approvals queue of one kind: the pending items the caller may decide, themselves or as a cover,
    filtered by the rules themselves. Pending items are few; this reads them all."""
    query = _visible(principal, select(model, Action).join(Action, col(Action.id) == model.action_id), model)
    rows = session.exec(query.where(model.state == "pending").order_by(col(model.proposed_at), col(model.id))).all()
    return [(item, a) for item, a in rows
            if decides_as(principal, covered, Perm.proposal_decide, ref(a, item)) is not None]


def list_proposals(session: Session, principal: Principal, covered: list[Principal], state: str | None,
                   plan_id: int | None, action_id: int | None, decidable_only: bool, limit: int,
                   offset: int) -> tuple[list[ProposalPublic], int]:
    query = _visible(principal, select(StatusChange, Action).join(Action, col(Action.id) == StatusChange.action_id),
                     StatusChange)
    for column, value in ((StatusChange.state, state), (Action.plan_id, plan_id), (StatusChange.action_id, action_id)):
        if value is not None:
            query = query.where(column == value)
    query = query.order_by(col(StatusChange.proposed_at), col(StatusChange.id))
    if decidable_only:
        rows = [(c, a) for c, a in decidable(session, principal, covered, StatusChange, proposal_ref)
                if (plan_id is None or a.plan_id == plan_id) and (action_id is None or a.id == action_id)
                and state in (None, "pending")]
        return proposals_public(session, principal, rows[offset:offset + limit], covered), len(rows)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = list(session.exec(query.limit(limit).offset(offset)).all())
    return proposals_public(session, principal, rows, covered), total


def list_reschedules(session: Session, principal: Principal, covered: list[Principal], state: str | None,
                     action_id: int | None, decidable_only: bool, limit: int,
                     offset: int) -> tuple[list[ReschedulePublic], int]:
    if decidable_only:
        rows = [(r, a) for r, a in decidable(session, principal, covered, Reschedule, reschedule_ref)
                if (action_id is None or a.id == action_id) and state in (None, "pending")]
        return reschedules_public(session, principal, rows[offset:offset + limit], covered), len(rows)
    query = _visible(principal, select(Reschedule, Action).join(Action, col(Action.id) == Reschedule.action_id),
                     Reschedule)
    for column, value in ((Reschedule.state, state), (Reschedule.action_id, action_id)):
        if value is not None:
            query = query.where(column == value)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = list(session.exec(query.order_by(col(Reschedule.proposed_at), col(Reschedule.id))
                             .limit(limit).offset(offset)).all())
    return reschedules_public(session, principal, rows, covered), total


def history(session: Session, principal: Principal, covered: list[Principal], action: Action) -> list[HistoryEntry]:
    drafts = sees_decision_state(principal, "pending")
    changes = session.exec(select(StatusChange).where(StatusChange.action_id == action.id)).all()
    reschedules = session.exec(select(Reschedule).where(Reschedule.action_id == action.id)).all()
    if not drafts:
        changes = [c for c in changes if c.state == "approved"]
        reschedules = [r for r in reschedules if r.state == "approved"]
    notes = session.exec(select(ProgressNote).where(ProgressNote.action_id == action.id)).all() if drafts else []
    authors = users_by_id(session, {n.author_id for n in notes})
    entries = [HistoryEntry(kind="proposal", at=p.proposed_at, proposal=p)
               for p in proposals_public(session, principal, [(c, action) for c in changes], covered)]
    entries += [HistoryEntry(kind="reschedule", at=r.proposed_at, reschedule=r)
                for r in reschedules_public(session, principal, [(r, action) for r in reschedules], covered)]
    entries += [HistoryEntry(kind="progress", at=n.recorded_at, progress=ProgressPublic(
        id=n.id, action_id=n.action_id, author=authors.get(n.author_id), text=n.text, recorded_at=n.recorded_at))
        for n in notes]
    return sorted(entries, key=lambda e: (e.at, e.kind))
