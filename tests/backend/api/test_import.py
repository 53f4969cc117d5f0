"""Importing whole plans: all of it, once, atomically, and back out again."""

import pytest
from sqlmodel import func, select

from actionplan.actions.models import Action, Milestone, StatusChange
from actionplan.core.errors import Conflict, Invalid
from actionplan.plans import service
from actionplan.plans.models import Area, Plan
from actionplan.plans.plan_file import dump_plan_file, parse_plan_file
from tests.backend.builders import action, haringey, plan_file


def test_the_demo_holds_the_whole_haringey_plan(session):
    plan = haringey(session)
    areas = session.exec(select(Area).where(Area.plan_id == plan.id).order_by(Area.number)).all()
    assert len(areas) == 9 and sum(len(a.outcomes) for a in areas) == 29
    assert session.exec(select(func.count()).select_from(Action).where(Action.plan_id == plan.id)).one() == 40
    assert plan.legend[0] == {"status": "red", "label": "Red", "letter": "R",
                              "meaning": "Not on track - exceptional reporting required"}
    one_four = action(session, "1.4")
    assert one_four.target_text == ("At least 60% by Sept 2019. 85% by Dec 2019 and then working towards 100%.")
    milestones = session.exec(select(Milestone).where(Milestone.action_id == one_four.id)
                              .order_by(Milestone.position)).all()
    assert [(str(m.due_on), m.target_value) for m in milestones] == [("2019-09-30", 60), ("2019-12-31", 85)]
    assert str(one_four.due_on) == "2019-12-31"


def test_importing_the_same_file_twice_changes_nothing(session):
    before = session.exec(select(func.count()).select_from(Action)).one()
    plan, created = service.import_plan(session, plan_file())
    assert not created and plan.id == haringey(session).id
    assert session.exec(select(func.count()).select_from(Action)).one() == before


def test_a_different_plan_under_an_existing_slug_is_refused_naming_the_difference(session):
    changed = plan_file()
    changed.plan.areas[2].actions[1].target = "By May 2019."
    with pytest.raises(Conflict) as caught:
        service.import_plan(session, changed)
    assert "plan.areas[2].actions[1].target" in caught.value.detail


def test_import_export_import_gives_the_same_plan(session):
    first, created = service.import_plan(session, plan_file("round-trip"))
    assert created
    exported = dump_plan_file(service.export_plan(session, first.id), "yaml")
    reparsed = parse_plan_file(exported.replace("slug: round-trip", "slug: round-trip-2"))
    second, _ = service.import_plan(session, reparsed)
    again = service.export_plan(session, second.id)
    again.plan.slug = "round-trip"
    assert again == service.export_plan(session, first.id)
    assert again.plan.areas[0].actions[7].milestones is not None  # 1.8's stated milestones survive


def test_a_failure_midway_leaves_nothing_behind(session, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    # Fails after every area, action and milestone row has been written in the transaction.
    monkeypatch.setattr(service.audit, "record", broken)
    plans_before = session.exec(select(func.count()).select_from(Plan)).one()
    areas_before = session.exec(select(func.count()).select_from(Area)).one()
    with pytest.raises(RuntimeError):
        service.import_plan(session, plan_file("half-imported"))
    session.rollback()
    assert session.exec(select(func.count()).select_from(Plan)).one() == plans_before
    assert session.exec(select(func.count()).select_from(Area)).one() == areas_before


def test_unknown_owner_emails_are_listed_before_anything_is_written(session):
    incoming = plan_file("with-owners")
    incoming.plan.areas[0].actions[0].owner = "nobody@example.org"
    incoming.plan.areas[1].lead = "ghost@example.org"
    with pytest.raises(Invalid) as caught:
        service.import_plan(session, incoming)
    assert "plan.areas[0].actions[0].owner: no user has the email 'nobody@example.org'" in caught.value.detail
    assert "plan.areas[1].lead" in caught.value.detail
    assert session.exec(select(Plan).where(Plan.slug == "with-owners")).first() is None


def test_a_status_in_the_file_is_recorded_as_history(session):
    incoming = plan_file("with-status")
    incoming.plan.areas[0].actions[1].status = "blue"
    plan, _ = service.import_plan(session, incoming)
    imported = session.exec(select(Action).where(Action.plan_id == plan.id, Action.ref == "1.2")).one()
    change = session.exec(select(StatusChange).where(StatusChange.action_id == imported.id)).one()
    assert (imported.status, change.to_status, change.state) == ("blue", "blue", "approved")
