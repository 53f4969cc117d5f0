"""Plan versions: the plan as submitted stays as submitted; a re-baseline makes the next version."""

import datetime as dt

import pytest
import yaml
from sqlmodel import func, select

from actionplan.actions.models import Reschedule, StatusChange
from actionplan.audit.models import AuditEvent
from actionplan.core.errors import Conflict
from actionplan.demo import load_demo
from actionplan.plans import service
from actionplan.plans.models import PlanVersion
from actionplan.plans.plan_file import dump_plan_file, parse_plan_file
from actionplan.reports.pack import build_pack
from actionplan.reports.pdf import pack_html
from tests.backend.builders import action, haringey

REASON = "Re-baselined after the monitoring visit of 4 June 2019."


def _file(session) -> dict:
    """The plan as it stands, as a plan file a director would edit."""
    return yaml.safe_load(dump_plan_file(service.export_plan(session, haringey(session).id), "yaml"))


def _actions(data: dict, area: int) -> list[dict]:
    return next(a for a in data["plan"]["areas"] if a["number"] == area)["actions"]


def _find(data: dict, ref: str) -> dict:
    return next(x for x in _actions(data, int(ref.split(".")[0])) if x["ref"] == ref)


def _changed(session) -> dict:
    """Reworded 1.9, 1.10 moved to September, a new 1.11, and 2.2 retired."""
    data = _file(session)
    _find(data, "1.9")["text"] = "Staff and managers share an understanding of what good social work looks like."
    _find(data, "1.10")["target"] = "By September 2019."
    _actions(data, 1).append({"ref": "1.11", "text": "Social workers have protected time for direct work.",
                              "target": "By December 2019."})
    _actions(data, 2)[:] = [x for x in _actions(data, 2) if x["ref"] != "2.2"]
    return data


def _versions(client, auth, plan_id: int):
    return client.get(f"/api/v1/plans/{plan_id}/versions", headers=auth("director"))


def _rebaseline(client, auth, plan_id: int, data: dict | str, who: str = "director", etag: str | None = None,
                **body):
    read = _versions(client, auth, plan_id).headers["ETag"]
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return client.post(f"/api/v1/plans/{plan_id}/versions", headers={**auth(who), "If-Match": etag or read},
                       json={"reason": REASON, "file": text} | body)


def test_version_one_is_the_plan_as_submitted(client, auth, session):
    plan = haringey(session)
    versions = _versions(client, auth, plan.id)
    assert versions.status_code == 200
    [first] = versions.json()
    assert (first["number"], first["effective_on"], first["source"], first["action_count"]) == \
        (1, "2019-03-18", "import", 40)
    assert versions.headers["ETag"] == f'"plan-versions-{plan.id}-v1"'
    one = client.get(f"/api/v1/plans/{plan.id}/versions/1", headers=auth("action_owner")).json()
    assert next(a for a in one["actions"] if a["ref"] == "1.10")["due_on"] == "2019-06-30"


def test_a_rebaseline_keeps_identity_and_history_and_lists_the_differences(client, auth, session):
    plan = haringey(session)
    kept, retired = action(session, "1.10"), action(session, "2.2")
    kept_version, untouched_version = kept.version, action(session, "1.2").version
    history = {a.id: session.exec(select(func.count()).select_from(StatusChange)
                                  .where(StatusChange.action_id == a.id)).one() for a in (kept, retired)}
    made = _rebaseline(client, auth, plan.id, _changed(session), effective_on="2019-06-10")
    assert made.status_code == 201, made.text
    assert made.headers["Location"] == f"/api/v1/plans/{plan.id}/versions/2"
    body = made.json()
    assert (body["number"], body["effective_on"], body["reason"], body["action_count"]) == (2, "2019-06-10", REASON, 40)
    assert body["made_by"]["name"]

    session.expire_all()
    assert action(session, "1.10").id == kept.id and action(session, "1.10").due_on == dt.date(2019, 9, 30)
    assert action(session, "1.10").version == kept_version + 1
    assert action(session, "1.2").version == untouched_version  # an unchanged action keeps its ETag
    assert action(session, "2.2").retired_in_version == 2  # kept, never deleted
    for a in (kept, retired):
        assert session.exec(select(func.count()).select_from(StatusChange)
                            .where(StatusChange.action_id == a.id)).one() == history[a.id]

    diff = client.get(f"/api/v1/plans/{plan.id}/versions/1/diff/2", headers=auth("action_owner")).json()
    refs = {kind: [c["ref"] for c in diff[kind]] for kind in ("added", "retired", "reworded", "target_moved", "due_moved")}
    assert refs == {"added": ["1.11"], "retired": ["2.2"], "reworded": ["1.9"], "target_moved": ["1.10"],
                    "due_moved": ["1.10"]}
    assert (diff["due_moved"][0]["before"], diff["due_moved"][0]["after"]) == ("2019-06-30", "2019-09-30")
    backwards = client.get(f"/api/v1/plans/{plan.id}/versions/2/diff/1", headers=auth("action_owner")).json()
    assert [c["ref"] for c in backwards["added"]] == ["2.2"] and [c["ref"] for c in backwards["retired"]] == ["1.11"]

    event = session.exec(select(AuditEvent).where(AuditEvent.operation == "plan.rebaseline")).one()
    assert event.after["added"] == ["1.11"] and event.after["retired"] == ["2.2"] and event.after["version"] == 2


def test_a_retired_action_brought_back_is_the_same_action(client, auth, session):
    plan = haringey(session)
    retired_id = action(session, "2.2").id
    assert _rebaseline(client, auth, plan.id, _changed(session)).status_code == 201
    back = _file(session)
    _actions(back, 2).insert(1, {"ref": "2.2", "text": action(session, "2.2").text,
                                 "target": action(session, "2.2").target_text})
    third = _rebaseline(client, auth, plan.id, back)
    assert third.status_code == 201, third.text
    session.expire_all()
    assert action(session, "2.2").id == retired_id and action(session, "2.2").retired_in_version is None
    diff = client.get(f"/api/v1/plans/{plan.id}/versions/1/diff/3", headers=auth("director")).json()
    assert diff["retired"] == [] and [c["ref"] for c in diff["added"]] == ["1.11"]


def test_plain_import_of_a_changed_plan_is_still_refused_and_of_the_rebaselined_one_changes_nothing(
        client, auth, session):
    changed = _changed(session)
    with pytest.raises(Conflict, match="re-baseline"):
        service.import_plan(session, parse_plan_file(yaml.safe_dump(changed)))
    plan = haringey(session)
    assert _rebaseline(client, auth, plan.id, changed).status_code == 201
    again, created = service.import_plan(session, parse_plan_file(yaml.safe_dump(_file(session))))
    assert (again.id, created) == (plan.id, False)
    assert "2.2" not in [x["ref"] for x in _actions(_file(session), 2)]
    load_demo(session, None)  # the demo leaves a re-baselined demo plan as it is
    assert action(session, "2.2").retired_in_version == 2


def test_a_file_that_changes_nothing_is_409(client, auth, session):
    answer = _rebaseline(client, auth, haringey(session).id, _file(session))
    assert answer.status_code == 409 and answer.json()["code"] == "rebaseline_nothing_changed"


@pytest.mark.parametrize("spoil, loc", [
    (lambda d: "plan: [unclosed", ["body", "file"]),
    (lambda d: {**d, "plan": {**d["plan"], "title": "Another title"}}, ["body", "file", "plan", "title"]),
    (lambda d: {**d, "plan": {**d["plan"], "slug": "another-plan"}}, ["body", "file", "plan", "slug"]),
    (lambda d: {**d, "plan": {**d["plan"], "areas": []}}, ["body", "file", "plan", "areas"]),
])
def test_a_bad_file_is_422_naming_the_field_and_nothing_is_written(client, auth, session, spoil, loc):
    plan = haringey(session)
    answer = _rebaseline(client, auth, plan.id, spoil(_changed(session)))
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["errors"][0]["loc"][:len(loc)] == loc
    assert session.exec(select(func.count()).select_from(PlanVersion).where(PlanVersion.plan_id == plan.id)).one() == 1
    assert action(session, "1.9").text.startswith("There is a shared understanding")


def test_a_changed_measure_is_refused_before_anything_is_written(client, auth, session):
    data = _changed(session)
    _find(data, "1.8")["measures"][0]["aim"] = 90
    answer = _rebaseline(client, auth, haringey(session).id, data)
    assert answer.status_code == 422 and answer.json()["errors"][0]["loc"][-1] == "measures"
    session.expire_all()
    assert action(session, "2.2").retired_in_version is None and action(session, "1.9").version == 1


def test_measures_defined_in_the_application_need_not_be_in_the_file(client, auth, session):
    # The director re-baselines from the plan as published; an area lead has since defined a measure.
    data = _changed(session)
    area_id = action(session, "1.4").area_id
    body = {"name": "Re-referrals within 12 months", "unit": "percent", "direction": "lower",
            "baselines": [{"value": 22, "date": "2019-03-31"}], "targets": [{"value": 16, "due_on": "2020-03-31"}]}
    assert client.post(f"/api/v1/areas/{area_id}/measures", json=body, headers=auth("head_of_service")).status_code == 201
    answer = _rebaseline(client, auth, haringey(session).id, data)
    assert answer.status_code == 201, answer.text
    kept = client.get(f"/api/v1/areas/{area_id}/measures", headers=auth("director")).json()
    assert [m["name"] for m in kept] == ["Re-referrals within 12 months"]


def test_an_unknown_owner_of_a_new_action_is_422(client, auth, session):
    data = _changed(session)
    _find(data, "1.11")["owner"] = "nobody@example.org"
    answer = _rebaseline(client, auth, haringey(session).id, data)
    assert answer.status_code == 422 and "nobody@example.org" in answer.json()["detail"]


def test_if_match_is_required_and_a_stale_one_refused(client, auth, session):
    plan = haringey(session)
    text = yaml.safe_dump(_changed(session))
    bare = client.post(f"/api/v1/plans/{plan.id}/versions", headers=auth("director"),
                       json={"reason": REASON, "file": text})
    assert bare.status_code == 428
    assert _rebaseline(client, auth, plan.id, text).status_code == 201
    stale = _rebaseline(client, auth, plan.id, text, etag=f'"plan-versions-{plan.id}-v1"')
    assert stale.status_code == 412


def test_a_version_cannot_take_effect_before_the_one_it_follows(client, auth, session):
    answer = _rebaseline(client, auth, haringey(session).id, _changed(session), effective_on="2019-01-01")
    assert answer.status_code == 422 and answer.json()["errors"][0]["loc"] == ["body", "effective_on"]


def test_missing_versions_are_404(client, auth, session):
    plan = haringey(session)
    assert client.get(f"/api/v1/plans/{plan.id}/versions/2", headers=auth("director")).status_code == 404
    assert client.get(f"/api/v1/plans/{plan.id}/versions/1/diff/9", headers=auth("director")).status_code == 404


def test_reports_show_the_version_in_force_and_its_actions(client, auth, session):
    plan = haringey(session)
    assert _rebaseline(client, auth, plan.id, _changed(session), effective_on="2019-06-10").status_code == 201

    def summary(day: str) -> dict:
        return client.get(f"/api/v1/plans/{plan.id}/summary?as_of={day}", headers=auth("director")).json()

    before, after = summary("2019-05-31"), summary("2019-06-30")
    assert before["plan_version"] == {"number": 1, "effective_on": "2019-03-18"}
    assert after["plan_version"] == {"number": 2, "effective_on": "2019-06-10"}
    area = {s["number"]: s for s in before["areas"]}, {s["number"]: s for s in after["areas"]}
    assert (sum(area[0][1]["status_counts"].values()), sum(area[1][1]["status_counts"].values())) == (10, 11)
    assert (sum(area[0][2]["status_counts"].values()), sum(area[1][2]["status_counts"].values())) == (6, 5)

    pack = build_pack(session, plan, dt.datetime(2019, 6, 30, 22, tzinfo=dt.UTC))
    assert pack.plan_version == "version 2 (10 June 2019)"
    assert "2.2" not in [r.ref for r in pack.actions] and "1.11" in [r.ref for r in pack.actions]
    assert "Plan version: version 2 (10 June 2019)." in pack_html(pack)
    earlier = build_pack(session, plan, dt.datetime(2019, 3, 31, 22, tzinfo=dt.UTC))
    assert earlier.plan_version == "version 1 (18 March 2019)" and "2.2" in [r.ref for r in earlier.actions]


def test_a_retired_action_leaves_the_lists_and_stays_readable(client, auth, session):
    plan = haringey(session)
    retired = action(session, "2.2")
    assert _rebaseline(client, auth, plan.id, _changed(session)).status_code == 201
    listed = client.get(f"/api/v1/actions?plan_id={plan.id}&limit=200", headers=auth("director")).json()["items"]
    assert "2.2" not in [a["ref"] for a in listed] and "1.11" in [a["ref"] for a in listed]
    one = client.get(f"/api/v1/actions/{retired.id}", headers=auth("director")).json()
    assert one["retired_in_version"] == 2 and one["ref"] == "2.2"


def test_a_blank_reason_is_422_naming_it(client, auth, session):
    answer = _rebaseline(client, auth, haringey(session).id, _changed(session), reason="   ")
    assert answer.status_code == 422 and answer.json()["errors"][0]["loc"] == ["body", "reason"]


def test_a_moved_target_supersedes_an_approved_reschedule(client, auth, session):
    plan, moved = haringey(session), action(session, "1.10")
    session.add(Reschedule(action_id=moved.id, from_due_on=moved.due_on, to_due_on=dt.date(2019, 8, 31),
                           reason="Recruitment took longer.", state="approved", decided_at=dt.datetime(2019, 6, 1, tzinfo=dt.UTC)))
    moved.due_on = dt.date(2019, 8, 31)
    session.add(moved)
    session.commit()
    assert _rebaseline(client, auth, plan.id, _changed(session)).status_code == 201
    read = client.get(f"/api/v1/actions/{moved.id}", headers=auth("director")).json()
    assert (read["due_on"], read["original_due_on"], read["rescheduled"]) == ("2019-09-30", "2019-09-30", False)
    reasons = session.exec(select(Reschedule.reason).where(Reschedule.action_id == moved.id)
                           .order_by(Reschedule.id)).all()
    assert reasons == ["Recruitment took longer.", f"Re-baselined in version 2: {REASON}"]
