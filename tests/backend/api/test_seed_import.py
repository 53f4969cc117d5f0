"""What the published plan says about its own actions survives import, pinned against the seed's words."""

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlmodel import select

from actionplan.actions.models import ProgressNote, StatusChange
from actionplan.audit.models import AuditEvent
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
        # The occurrences are judged one by one: none is the action's due date, so it is never overdue
        # as a whole once the series has passed; what was missed counts as missed.
        assert public["due_on"] is None and public["overdue"] is False, ref
    as_of = {"as_of": "2019-08-15"}
    assert [m["state"] for m in _detail(client, auth, session, "2.4", **as_of)["milestones"]] == [
        "met", "missed", "missed", "due", "due"]
    # An update in a quarter meets that quarter's occurrence, and no other.
    session.add(ProgressNote(action_id=action(session, "2.4").id, text="Quarterly audit findings reported.",
                             recorded_at=dt.datetime(2019, 7, 20, 10, tzinfo=dt.UTC)))
    session.commit()
    assert [m["state"] for m in _detail(client, auth, session, "2.4", **as_of)["milestones"]] == [
        "met", "missed", "met", "due", "due"]
    assert _detail(client, auth, session, "2.4", **as_of)["missed_occurrences"] == 1


# Targets the plan states in words a series is chosen for (see the plan file's comments).
CHOSEN_SERIES = {
    # 1.1's text: "reviewed as appropriate and at least annually": each March from a year after issue.
    "1.1": ("at least annually", ["2020-03-31", "2021-03-31"]),
    # 6.4: "Practice weeks completed September 2018 and February 2019. Continue in line with practice week
    # schedules.": the two stated weeks met, then twice a year.
    "6.4": ("in line with practice week schedules", ["2019-09-30", "2020-03-31"]),
}


def test_annual_and_practice_week_targets_are_series_too(client, session, auth):
    for ref, (words, days) in CHOSEN_SERIES.items():
        public = _detail(client, auth, session, ref)
        assert words in public["text"] + public["target_text"], ref
        assert [m["due_on"] for m in public["milestones"] if m["recurring"]] == days, ref
        assert public["due_on"] is None, ref
    six_four = _detail(client, auth, session, "6.4", as_of="2019-10-15")["milestones"]
    assert [(m["due_on"], m["state"]) for m in six_four] == [
        ("2018-09-30", "met"), ("2019-02-28", "met"), ("2019-09-30", "missed"), ("2020-03-31", "due")]


def test_an_occurrence_is_recorded_met_with_a_note_once(client, session, auth):
    two_four = action(session, "2.4")
    april = next(m for m in _detail(client, auth, session, "2.4")["milestones"] if m["due_on"] == "2019-04-30")
    url = f"/api/v1/actions/{two_four.id}/milestones/{april['id']}/met"
    body = {"met_on": "2019-04-26", "note": "Audit findings went to the April improvement board."}
    assert client.post(url, json=body, headers=auth("director")).status_code == 428
    # The owner of 1.4 does not work on 2.4.
    assert client.post(url, json=body, headers={**auth("action_owner"), **if_match("action", two_four)}).status_code == 403
    future = client.post(url, json={**body, "met_on": "2999-01-01"}, headers={**auth("director"), **if_match("action", two_four)})
    assert future.status_code == 422
    done = client.post(url, json=body, headers={**auth("director"), **if_match("action", two_four)})
    assert done.status_code == 200, done.text
    shown = next(m for m in done.json()["milestones"] if m["id"] == april["id"])
    assert (shown["state"], shown["met_on"], shown["met_note"]) == ("met", "2019-04-26", body["note"])
    assert shown["met_by"]["name"]
    session.refresh(two_four)
    again = client.post(url, json=body, headers={**auth("director"), **if_match("action", two_four)})
    assert again.status_code == 409
    other = action(session, "4.6")
    wrong = client.post(f"/api/v1/actions/{other.id}/milestones/{april['id']}/met", json=body,
                        headers={**auth("director"), **if_match("action", other)})
    assert wrong.status_code == 404
    event = session.exec(select(AuditEvent).where(AuditEvent.operation == "milestone.met")).one()
    assert event.after["note"] == body["note"] and event.after["recurring"] is True


ONGOING = ["1.1", "4.1", "4.2", "5.3", "6.2", "6.3", "8.1", "9.1"]


def test_ongoing_actions_are_reviewed_each_board_meeting_and_go_stale(client, session, auth):
    plan_id = haringey(session).id
    everything = client.get("/api/v1/actions", params={"plan_id": plan_id, "limit": 100},
                            headers=auth("director")).json()["items"]
    reviewed = {a["ref"] for a in everything if a["review_every_months"] == 3}
    # Every ongoing action (1.1 beside its annual series), the undated one (5.1, in line with its strategy)
    # and the two Blues under continuing review. 6.4 is judged by its practice-week series.
    assert reviewed == {*ONGOING, "5.1", "2.5", "6.1"}
    # Nothing goes unwatched: what has no review cadence has a due date, is done, or has a series.
    assert not [a["ref"] for a in everything if a["review_every_months"] is None and a["due_on"] is None
                and a["status"] != "blue" and not any(m["recurring"] for m in a["milestones"])]
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


# Where an action's words echo one of its area's outcomes (positions from 1); see the plan file's comment.
OUTCOME_LINKS = {
    "1.1": [2], "1.4": [1], "1.5": [1], "1.6": [3], "1.7": [3], "1.8": [3], "1.9": [3],
    "2.1": [2, 3], "2.5": [3], "2.6": [3],
    "3.1": [4], "3.2": [3, 4], "3.3": [3],
    "4.1": [1], "4.2": [3], "4.3": [2], "4.4": [3], "4.5": [4], "4.6": [4],
    "5.1": [1], "5.2": [3],
    "6.2": [1], "6.3": [2], "6.4": [2],
    "7.1": [1, 2], "7.2": [3],
    "8.1": [1], "8.2": [2],
    "9.1": [1], "9.2": [2], "9.3a": [4], "9.3b": [4],
}
# The word each link rests on, in the action's text and in the outcome's.
ECHOES = {"1.1": (2, "plan"), "2.5": (3, "threshold"), "3.1": (4, "supervision"), "4.2": (3, "drift"),
          "4.6": (4, "IRO"), "5.2": (3, "London"), "6.3": (2, "audit"), "7.1": (2, "governance"),
          "8.1": (1, "return home interview"), "9.2": (2, "pathways")}


def test_actions_name_the_outcomes_they_serve_where_the_plan_makes_it_clear(client, session, auth):
    plan_id = haringey(session).id
    director = auth("director")
    everything = client.get("/api/v1/actions", params={"plan_id": plan_id, "limit": 100}, headers=director).json()["items"]
    assert {a["ref"]: a["outcomes"] for a in everything if a["outcomes"]} == OUTCOME_LINKS
    assert {a["ref"] for a in everything if not a["outcomes"]} == {"1.2", "1.3", "1.10", "2.2", "2.3", "2.4", "5.3",
                                                                    "6.1"}
    by_ref = {a["ref"]: a for a in everything}
    for ref, (position, word) in ECHOES.items():
        assert position in OUTCOME_LINKS[ref], ref
        outcome = client.get(f"/api/v1/areas/{by_ref[ref]['area_id']}", headers=director).json()["outcomes"][position - 1]
        assert word.lower() in by_ref[ref]["text"].lower() and word.lower() in outcome.lower(), (ref, outcome)
    exported = {x.ref: x for a in export_plan(session, plan_id).plan.areas for x in a.actions}
    assert {ref: x.outcomes for ref, x in exported.items() if x.outcomes} == OUTCOME_LINKS
