"""`actionplan demo --history`: an illustrative year played through the real services, once, on its own plan."""

import pytest
from sqlalchemy import func
from sqlmodel import select

from actionplan.actions.models import Reschedule, StatusChange
from actionplan.audit.models import AuditEvent
from actionplan.audit.service import verify_chain
from actionplan.core.clock import council_today
from actionplan.core.config import Settings
from actionplan.evidence.models import Evidence
from actionplan.demo_history import ILLUSTRATIVE, HistoryRefused, load_history_demo
from actionplan.measures.models import MeasureReading
from actionplan.plans.models import Plan
from tests.backend.conftest import DEMO_PASSWORD


def _count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_the_year_shows_on_every_screen_and_is_played_once(session, client, auth, tmp_path):
    real_plans = {p.id: p.title for p in session.exec(select(Plan))}
    readings_before = _count(session, MeasureReading)
    _, _, plan, played = load_history_demo(session, DEMO_PASSWORD)
    assert played and plan.title.endswith(ILLUSTRATIVE) and plan.id not in real_plans
    assert council_today().year > 2020, "the clock was left frozen after the demo"

    director = auth("director")
    now = client.get(f"/api/v1/plans/{plan.id}/summary", headers=director).json()
    assert all(now["status_counts"][s] > 0 for s in ("red", "amber", "green", "blue"))
    assert now["pending_proposals"] >= 1
    reds = client.get(f"/api/v1/plans/{plan.id}/summary/reds", headers=director).json()["items"]
    assert len(reds) == now["red_count"]
    red = next(r for r in reds if r["ref"] == "5.2")
    assert red["reason"] and red["mitigation"] and red["revised_due_on"]
    assert now["rescheduled_with_approval"] >= 2  # 5.2's Red and a re-schedule asked for on its own

    # The board as it met at the end of the plan year, against the start: the statuses moved.
    board = client.get(f"/api/v1/plans/{plan.id}/summary", headers=director,
                       params={"as_of": "2020-03-31", "since": "2019-04-30"}).json()
    assert board["moved_count"] and board["status_counts"] == now["status_counts"]
    proposals = client.get("/api/v1/proposals", headers=director, params={"plan_id": plan.id, "limit": 500}).json()
    # People's decisions fall in the year played; the Blues the published plan states date from its issue.
    decided = [p["decided_at"] for p in proposals["items"] if p["decided_at"] and p["source"] == "person"]
    assert decided and all("2019-04-01" <= d < "2020-04-01" for d in decided)
    assert any(e.operation == "proposal.return" for e in session.exec(select(AuditEvent)))

    measures = client.get(f"/api/v1/plans/{plan.id}/measures", headers=director).json()
    readings = {m["name"]: m for m in measures}
    assert len(readings) == 4
    assert _count(session, MeasureReading) - readings_before == 4 * 12  # monthly, April to March
    evidence_states = {e.state for e in session.exec(select(Evidence).where(Evidence.plan_id == plan.id))}
    assert {"accepted", "rejected"} <= evidence_states

    assert verify_chain(session, Settings(data_dir=tmp_path)).ok

    before = (_count(session, StatusChange), _count(session, Reschedule), _count(session, AuditEvent),
              _count(session, MeasureReading), _count(session, Plan))
    _, _, again, played = load_history_demo(session, DEMO_PASSWORD)
    assert not played and again.id == plan.id
    assert before == (_count(session, StatusChange), _count(session, Reschedule), _count(session, AuditEvent),
                      _count(session, MeasureReading), _count(session, Plan))
    assert {p.id: p.title for p in session.exec(select(Plan)) if p.id in real_plans} == real_plans


def test_refuses_a_plan_it_did_not_make(session):
    real = session.exec(select(Plan)).first()
    session.add(Plan(slug=real.slug + "-illustrative", title="A council's own plan", organisation="Haringey",
                     issued="2019", context=""))
    session.commit()
    changes = _count(session, StatusChange)
    with pytest.raises(HistoryRefused, match="did not make"):
        load_history_demo(session, DEMO_PASSWORD)
    assert _count(session, StatusChange) == changes
