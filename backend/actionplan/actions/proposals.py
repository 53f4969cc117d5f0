"""Reading proposals, re-schedules and history, shaped for the caller (no N+1)."""

from sqlalchemy import func
from sqlmodel import Session, col, select

from actionplan.actions.deps import action_ref
from actionplan.actions.models import Action, ProgressNote, Reschedule, StatusChange
from actionplan.actions.schemas import HistoryEntry, ProgressPublic, ProposalPublic, ReschedulePublic
from actionplan.actions.service import users_by_id
from actionplan.auth.permissions import DecisionRef, Perm, Principal, can, sees_decision_state, visible_plan_ids


def proposal_ref(action: Action, change: StatusChange) -> DecisionRef:
    return DecisionRef(action=action_ref(action), author_id=change.proposed_by_id, to_status=change.to_status)


def proposals_public(session: Session, principal: Principal,
                     rows: list[tuple[StatusChange, Action]]) -> list[ProposalPublic]:
    users = users_by_id(session, {u for c, _ in rows for u in (c.proposed_by_id, c.decided_by_id, c.on_behalf_of_id)})
    return [ProposalPublic(
        **c.model_dump(exclude={"proposed_by_id", "decided_by_id", "on_behalf_of_id"}),
        action_ref=a.ref, plan_id=a.plan_id, proposed_by=users.get(c.proposed_by_id),
        decided_by=users.get(c.decided_by_id), on_behalf_of=users.get(c.on_behalf_of_id),
        can_decide=c.state == "pending" and can(principal, Perm.proposal_decide, proposal_ref(a, c)))
        for c, a in rows]


def reschedules_public(session: Session, rows: list[Reschedule]) -> list[ReschedulePublic]:
    users = users_by_id(session, {u for r in rows for u in (r.proposed_by_id, r.decided_by_id, r.on_behalf_of_id)})
    return [ReschedulePublic(**r.model_dump(exclude={"proposed_by_id", "decided_by_id", "on_behalf_of_id"}),
                             proposed_by=users.get(r.proposed_by_id), decided_by=users.get(r.decided_by_id),
                             on_behalf_of=users.get(r.on_behalf_of_id)) for r in rows]


def list_proposals(session: Session, principal: Principal, state: str | None, plan_id: int | None,
                   action_id: int | None, decidable: bool, limit: int,
                   offset: int) -> tuple[list[ProposalPublic], int]:
    query = select(StatusChange, Action).join(Action, col(Action.id) == StatusChange.action_id)
    visible = visible_plan_ids(principal)
    if visible is not None:
        query = query.where(col(Action.plan_id).in_(visible))
    if not sees_decision_state(principal, "pending"):
        query = query.where(StatusChange.state == "approved")
    for column, value in ((StatusChange.state, state), (Action.plan_id, plan_id), (StatusChange.action_id, action_id)):
        if value is not None:
            query = query.where(column == value)
    query = query.order_by(col(StatusChange.proposed_at), col(StatusChange.id))
    if decidable:
        # The approvals queue: filtered by the rules themselves, so it shows exactly what the
        # caller may decide. Pending proposals are few; this reads them all.
        rows = [(c, a) for c, a in session.exec(query.where(StatusChange.state == "pending")).all()
                if can(principal, Perm.proposal_decide, proposal_ref(a, c))]
        return proposals_public(session, principal, rows[offset:offset + limit]), len(rows)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    return proposals_public(session, principal, list(session.exec(query.limit(limit).offset(offset)).all())), total


def history(session: Session, principal: Principal, action: Action) -> list[HistoryEntry]:
    drafts = sees_decision_state(principal, "pending")
    changes = session.exec(select(StatusChange).where(StatusChange.action_id == action.id)).all()
    reschedules = session.exec(select(Reschedule).where(Reschedule.action_id == action.id)).all()
    if not drafts:
        changes = [c for c in changes if c.state == "approved"]
        reschedules = [r for r in reschedules if r.state == "approved"]
    notes = session.exec(select(ProgressNote).where(ProgressNote.action_id == action.id)).all() if drafts else []
    authors = users_by_id(session, {n.author_id for n in notes})
    entries = [HistoryEntry(kind="proposal", at=p.proposed_at, proposal=p)
               for p in proposals_public(session, principal, [(c, action) for c in changes])]
    entries += [HistoryEntry(kind="reschedule", at=r.proposed_at, reschedule=r)
                for r in reschedules_public(session, list(reschedules))]
    entries += [HistoryEntry(kind="progress", at=n.recorded_at, progress=ProgressPublic(
        id=n.id, action_id=n.action_id, author=authors.get(n.author_id), text=n.text, recorded_at=n.recorded_at))
        for n in notes]
    return sorted(entries, key=lambda e: (e.at, e.kind))
