"""What the published plan says about its own actions survives import, pinned against the seed's words."""

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlmodel import select

from actionplan.actions.models import ProgressNote, StatusChange
from actionplan.plans.service import export_plan
from tests.backend.builders import action, haringey, if_match

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


RECURRING = {  # ref → the seed's words, and the occurrences read from them (to March 2020, a year on)
    "2.4": ("Dec 2018 completed and quarterly from April 2019.",
            ["2019-04-30", "2019-07-31", "2019-10-31", "2020-01-31"]),
    "4.6": ("Quarterly report to QPN in Dec 2018; will be quarterly thereafter.",
            ["2019-03-31", "2019-06-30", "2019-09-30", "2019-12-31", "2020-03-31"]),
    "8.2": ("First report in new format produced in March 19 for the period October 18 to December 2018, and then "
            "quarterly.", ["2019-06-30", "2019-09-30", "2019-12-31", "2020-03-31"]),
}


@pytest.mark.skipif(not SEED.exists(), reason="the seed text is not on this machine")
def test_the_seed_says_which_targets_repeat_and_which_go_on():
    targets = _seed_targets()
    assert {ref: targets[ref] for ref in RECURRING} == {ref: words for ref, (words, _) in RECURRING.items()}
    assert "at least annually" in SEED.read_text() and targets["6.4"].endswith("in line with practice week schedules.")
    assert {ref for ref, words in targets.items() if re.search(r"on-?going", words, re.I)} == set(ONGOING)


def _detail(client, auth, session, ref: str, **params) -> dict:
    return client.get(f"/api/v1/actions/{action(session, ref).id}", params=params, headers=auth("director")).json()


def test_repeating_targets_are_a_series_each_due_met_or_missed(client, session, auth):
    for ref, (_, days) in RECURRING.items():
        public = _detail(client, auth, session, ref)
        assert [m["due_on"] for m in public["milestones"] if m["recurring"]] == days, ref
        # What the plan states done is met: the first report of each.
        assert [m["state"] for m in public["milestones"] if not m["recurring"]] == ["met"], ref
        assert public["due_on"] == days[-1], ref
    as_of = {"as_of": "2019-08-15"}
    assert [m["state"] for m in _detail(client, auth, session, "2.4", **as_of)["milestones"]] == [
        "met", "missed", "missed", "due", "due"]
    # An update in a quarter meets that quarter's occurrence, and no other.
    session.add(ProgressNote(action_id=action(session, "2.4").id, text="Quarterly audit findings reported.",
                             recorded_at=dt.datetime(2019, 7, 20, 10, tzinfo=dt.UTC)))
    session.commit()
    assert [m["state"] for m in _detail(client, auth, session, "2.4", **as_of)["milestones"]] == [
        "met", "missed", "met", "due", "due"]


ONGOING = ["1.1", "4.1", "4.2", "5.3", "6.2", "6.3", "8.1", "9.1"]


def test_ongoing_actions_are_reviewed_each_board_meeting_and_go_stale(client, session, auth):
    plan_id = haringey(session).id
    everything = client.get("/api/v1/actions", params={"plan_id": plan_id, "limit": 100},
                            headers=auth("director")).json()["items"]
    reviewed = {a["ref"] for a in everything if a["review_every_months"] == 3}
    # Every ongoing action, the two undated ones (5.1, in line with its strategy), 6.4 whose schedule
    # the plan does not give, and the two Blues under continuing review.
    assert reviewed == {*ONGOING, "5.1", "6.4", "2.5", "6.1"}
    assert not [a["ref"] for a in everything if a["review_every_months"] is None and a["due_on"] is None
                and a["status"] != "blue"]
    # A quarter after the plan was issued (18 March 2019) without an update, an ongoing action is stale.
    assert _detail(client, auth, session, "4.1", as_of="2019-06-18")["stale"] is False
    assert _detail(client, auth, session, "4.1", as_of="2019-06-19")["stale"] is True
    assert _detail(client, auth, session, "1.2", as_of="2019-06-19")["stale"] is False  # Blue, and done
    target = action(session, "4.1")
    assert _detail(client, auth, session, "4.1")["stale"] is True
    noted = client.post(f"/api/v1/actions/{target.id}/progress", json={"text": "All permanence decisions recorded."},
                        headers={**auth("director"), **if_match("action", target)})
    assert noted.status_code == 201
    fresh = _detail(client, auth, session, "4.1")
    assert fresh["stale"] is False and fresh["overdue"] is False and fresh["last_update_on"] >= "2026-01-01"
