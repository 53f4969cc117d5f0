"""How much waits for the caller's decision, for the navigation's badge: one request, four queues."""

from fastapi import APIRouter
from pydantic import BaseModel, Field

from actionplan.actions import proposals
from actionplan.actions.models import Reschedule, StatusChange
from actionplan.auth.deps import CurrentPrincipal, covered_approvers
from actionplan.board import commentary as board_commentary
from actionplan.core.db import SessionDep
from actionplan.core.errors import problem_responses
from actionplan.evidence import service as evidence

router = APIRouter(tags=["queue"])


class QueueCounts(BaseModel):
    proposals: int = Field(description="Status proposals you may decide (GET /proposals?decidable=true).")
    reschedules: int = Field(description="New due dates you may decide (GET /reschedules?decidable=true).")
    evidence: int = Field(description="Evidence you may review (GET /evidence/awaiting-review).")
    commentary: int = Field(default=0, description="Commentary for the board you may review or publish "
                                                   "(GET /commentary/awaiting-clearance).")
    total: int


@router.get("/queue/counts", response_model=QueueCounts, summary="How many decisions wait for me",
            description="The size of each of my queues, counting what I may decide as someone's cover. All "
                        "zero for those who decide nothing.",
            responses=problem_responses(401, 422))
def queue_counts(session: SessionDep, principal: CurrentPrincipal) -> QueueCounts:
    covered = covered_approvers(session, principal)
    counts = {"proposals": len(proposals.decidable(session, principal, covered, StatusChange, proposals.proposal_ref)),
              "reschedules": len(proposals.decidable(session, principal, covered, Reschedule,
                                                     proposals.reschedule_ref)),
              "evidence": evidence.review_queue(session, principal, covered, 1, 0).total,
              "commentary": len(board_commentary.awaiting_clearance(session, principal))}
    return QueueCounts(**counts, total=sum(counts.values()))
