"""What the published plan says about its own actions survives import, pinned against the seed's words."""

import re
from pathlib import Path

import pytest
from sqlmodel import select

from actionplan.actions.models import StatusChange
from actionplan.plans.service import export_plan
from tests.backend.builders import action, haringey

SEED = Path("/work/shared/seed/haringey-ofsted-action-plan-2019.txt")
# The seed's words in the target column, as printed (its text file is kept beside the project, not in it).
COMPLETED = {
    "1.2": "Completed.", "1.3": "Completed.", "2.3": "Completed.", "2.6": "Completed.",
    "2.5": "Completed. A review planned for end of March",
    "6.1": "Quality Assurance Practice Framework and Guidance completed and launched in December 2018.",
}


def _seed_targets() -> dict[str, str]:
    """ref → the target column of the seed text, tags stripped."""
    targets = {}
    for line in SEED.read_text().splitlines():
        plain = re.sub(r"</?p>", "", line)
        match = re.match(r"(\d\.\d+) .*\t(.*)$", plain)
        if match:
            targets.setdefault(match[1], match[2].strip())
    return targets


@pytest.mark.skipif(not SEED.exists(), reason="the seed text is not on this machine")
def test_the_seed_says_which_actions_are_completed():
    targets = _seed_targets()
    assert {ref for ref, words in targets.items() if words.startswith("Completed.")} == {
        "1.2", "1.3", "2.3", "2.5", "2.6"}
    assert {ref: targets[ref] for ref in COMPLETED} == COMPLETED


def test_completed_actions_arrive_blue_from_the_published_plan(client, session, auth):
    for ref in COMPLETED:
        imported = action(session, ref)
        assert imported.status == "blue", ref
        public = client.get(f"/api/v1/actions/{imported.id}", headers=auth("director")).json()
        assert public["status"] == "blue" and public["overdue"] is False, ref
        [entry] = client.get(f"/api/v1/actions/{imported.id}/history", headers=auth("director")).json()
        change = entry["proposal"]
        assert change["source"] == "published_plan" and change["state"] == "approved", ref
        # Nobody approved it: the plan as published stated it, on the day it was issued.
        assert change["decided_by"] is None and change["proposed_by"] is None, ref
        assert change["decided_at"].startswith("2019-03-18") and entry["at"].startswith("2019-03-18"), ref
        assert change["commentary"].startswith("Stated in the published plan of 18 March 2019"), ref


def test_blue_that_continues_is_kept_apart_from_blue_that_is_done(client, session, auth):
    director = auth("director")
    continuing = {ref for ref in COMPLETED
                  if client.get(f"/api/v1/actions/{action(session, ref).id}", headers=director).json()[
                      "continuing_review"]}
    # 2.5 has a review planned, 6.1's framework goes on driving practice: the legend's Blue*.
    assert continuing == {"2.5", "6.1"}


def test_the_board_counts_the_published_blues(client, session, auth):
    blues = client.get("/api/v1/actions", params={"plan_id": haringey(session).id, "rag": "blue"},
                       headers=auth("director")).json()
    assert sorted(a["ref"] for a in blues["items"]) == sorted(COMPLETED)


def test_a_status_the_plan_states_goes_back_out_on_export(session):
    exported = {x.ref: x for a in export_plan(session, haringey(session).id).plan.areas for x in a.actions}
    assert {ref for ref, x in exported.items() if x.status_source == "published_plan"} == set(COMPLETED)
    assert {ref for ref, x in exported.items() if x.continuing_review} == {"2.5", "6.1"}
    changed = session.exec(select(StatusChange).where(StatusChange.action_id == action(session, "1.2").id)).one()
    changed.source = "person"
    session.add(changed)
    session.flush()
    assert export_plan(session, haringey(session).id).plan.areas[0].actions[1].status_source is None
