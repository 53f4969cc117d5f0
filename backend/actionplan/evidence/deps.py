"""The evidence store and loading evidence for a caller: missing and invisible look the same (404)."""

from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session, col, select

from actionplan.actions.deps import action_ref
from actionplan.actions.models import Action
from actionplan.auth.permissions import Denied, Perm, PlanRef, Principal, ActionRef, check, sees_evidence
from actionplan.core.errors import Forbidden, NotFound
from actionplan.evidence.models import Evidence, EvidenceLink
from actionplan.storage.files import EvidenceStore, LocalEvidenceStore


def get_evidence_store(request: Request) -> EvidenceStore:
    """The app's store: local disk under ACTIONPLAN_EVIDENCE_DIR (an S3-compatible one would go here)."""
    store = getattr(request.app.state, "evidence_store", None)
    if store is None:
        store = request.app.state.evidence_store = LocalEvidenceStore(request.app.state.settings.evidence_dir)
    return store


EvidenceStoreDep = Annotated[EvidenceStore, Depends(get_evidence_store)]


def missing(evidence_id: int) -> str:
    return f"There is no evidence {evidence_id}."


def refuse(denied: Denied | None, not_found: str) -> None:
    """Turns a refusal from auth/permissions into 404 (may not know it exists) or 403."""
    if denied is None:
        return
    if not denied.visible:
        raise NotFound(not_found)
    raise Forbidden(f"{denied.why}.", code="forbidden")


def evidence_for(session: Session, principal: Principal, evidence_id: int, *, for_update: bool = False) -> Evidence:
    """The item if the caller may see it: 404 if it does not exist, is in a plan they may not read,
    or is evidence they may not see (inspectors and service tokens: accepted, no personal data).
    for_update locks the row until the transaction ends (PostgreSQL), so decisions do not race."""
    query = select(Evidence).where(Evidence.id == evidence_id)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    evidence = session.exec(query).first()
    if evidence is None:
        raise NotFound(missing(evidence_id))
    refuse(check(principal, Perm.plan_read, PlanRef(evidence.plan_id)), missing(evidence_id))
    if not sees_evidence(principal, evidence.state, evidence.contains_personal_data):
        raise NotFound(missing(evidence_id))
    return evidence


def actions_of(session: Session, evidence_id: int) -> list[Action]:
    """The actions an item supports: its home first, then in the order they were linked."""
    return list(session.exec(
        select(Action).join(EvidenceLink, col(EvidenceLink.action_id) == Action.id)
        .where(EvidenceLink.evidence_id == evidence_id)
        .order_by(col(EvidenceLink.home).desc(), col(EvidenceLink.linked_at), col(Action.id))).all())


def home_action_ref(session: Session, evidence_id: int) -> ActionRef:
    """The action the item was uploaded to, where what may be done with it is decided."""
    return action_ref(session.exec(
        select(Action).join(EvidenceLink, col(EvidenceLink.action_id) == Action.id)
        .where(EvidenceLink.evidence_id == evidence_id, col(EvidenceLink.home))).one())
