"""The board pack document: read from the database as at a moment, in a fixed order, the same on every build."""

import datetime as dt

import pytest
from sqlmodel import Session, select

from actionplan.actions.asof import ActionView, parse_as_of
from actionplan.actions.models import Action
from actionplan.core.clock import COUNCIL_TZ
from actionplan.demo_history import load_history_demo
from actionplan.plans.models import Area
from actionplan.plans.summary import plan_report
from actionplan.reports.pack import BoardPack, build_pack
from tests.backend.builders import haringey
from tests.backend.conftest import DEMO_PASSWORD

YEAR_END = parse_as_of("2020-03-31")
YEAR_START = parse_as_of("2019-04-30")


@pytest.fixture(scope="module")
def year(engine):
    """The illustrative year (April 2019 to March 2020) played once for the module, on its own copy of the
    plan, and rolled back at the end. Playing it takes seconds, so the tests here only read it."""
    with engine.connect() as connection:
        outer = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as s:
            yield s, load_history_demo(s, DEMO_PASSWORD)[2]
        outer.rollback()


@pytest.fixture
def session(year):
    return year[0]


@pytest.fixture
def played(year):
    return year[1]


def test_the_pack_states_the_plan_as_approved_at_the_moment_read(session, played):
    pack = build_pack(session, played, YEAR_END, YEAR_START)
    report = plan_report(session, played, ActionView(YEAR_END), ActionView(YEAR_START), sees_pending=False)

    assert pack.plan_title == played.title and pack.plan_issued_on == dt.date(2019, 3, 18)
    assert pack.as_of_date == dt.date(2020, 3, 31) and pack.since_date == dt.date(2019, 4, 30)
    assert pack.generated_for == "As at 31 March 2020"
    assert pack.status_counts == report.status_counts and pack.total_actions == len(pack.actions)
    assert [a.number for a in pack.areas] == sorted(a.number for a in session.exec(
        select(Area).where(Area.plan_id == played.id)))
    for area in pack.areas:
        rows = [r for r in pack.actions if r.area_number == area.number]
        assert area.actions == len(rows) == sum(area.status_counts.values())
        assert area.status_counts["red"] == sum(r.status == "red" for r in rows)
    # The printed order: by area, then as the plan lists its actions.
    actions = {a.ref: a for a in session.exec(select(Action).where(Action.plan_id == played.id))}
    assert [r.ref for r in pack.actions] == [r.ref for r in sorted(
        pack.actions, key=lambda r: (r.area_number, actions[r.ref].position))]

    # Every Red carries its exception report; every movement, overdue and re-scheduled action is listed.
    assert {r.ref for r in pack.reds} == {r.ref for r in pack.actions if r.status == "red"} == {r.ref for r in report.reds}
    red = next(r for r in pack.reds if r.ref == "5.2")
    assert red.reason and red.mitigation and red.revised_due_on and red.approved_on <= pack.as_of_date
    assert {m.ref for m in pack.movements} == {m.ref for m in report.moved} and pack.movements
    assert {o.ref for o in pack.overdue} == {r.ref for r in pack.actions if r.overdue}
    assert all(o.days_overdue == (pack.as_of_date - o.due_on).days > 0 for o in pack.overdue)
    assert {r.ref for r in pack.rescheduled} == {r.ref for r in pack.actions if r.rescheduled}
    assert len(pack.rescheduled) >= 2 and all(r.reason for r in pack.rescheduled)

    # Commentary is the last approved status change's, decided by the moment read.
    commented = [r for r in pack.actions if r.latest_commentary]
    assert commented and all(r.commentary_on <= pack.as_of_date for r in commented)
    assert pack.evidence.accepted > 0 and pack.evidence.accepted == len({
        e for e in _accepted_items(session, played.id)})
    assert sum(a.evidence_accepted for a in pack.areas) == sum(r.evidence_accepted for r in pack.actions)

    # Measures: readings entered by then, judged against the trajectory.
    assert len(pack.measures) == 4 and all(m.readings for m in pack.measures)
    audits = next(m for m in pack.measures if m.ref == "1.4")
    assert (audits.verdict, audits.expected, audits.gap) == ("behind", 85.0, -9.0)  # 76% read against 85% due
    assert audits.readings[-1].value == 76.0 and [b.value for b in audits.baselines] == [47.0, 35.0]
    assert all(r.on <= pack.as_of_date for m in pack.measures for r in m.readings)


def _accepted_items(session, plan_id):
    from actionplan.evidence.models import Evidence
    return [e.id for e in session.exec(select(Evidence).where(Evidence.plan_id == plan_id, Evidence.state == "accepted"))]


def test_an_earlier_moment_reads_what_stood_then(session, played):
    early = build_pack(session, played, YEAR_START)
    late = build_pack(session, played, YEAR_END)
    assert early.since is None and early.movements == []
    assert sum(len(m.readings) for m in early.measures) < sum(len(m.readings) for m in late.measures)
    assert early.status_counts != late.status_counts
    assert all(r.commentary_on is None or r.commentary_on <= dt.date(2019, 4, 30) for r in early.actions)


def test_the_pack_is_the_same_document_every_time_and_survives_json(session, played):
    one = build_pack(session, played, YEAR_END, YEAR_START, generated_for="Children's Improvement Board, 2 April 2020")
    two = build_pack(session, played, YEAR_END, YEAR_START, generated_for="Children's Improvement Board, 2 April 2020")
    assert one.model_dump_json() == two.model_dump_json() and one.digest() == two.digest()
    frozen = BoardPack.model_validate_json(one.model_dump_json())
    assert frozen == one and frozen.digest() == one.digest()
    # An older frozen pack, without fields added since, still reads.
    minimal = one.model_dump(mode="json", include={"plan_id", "plan_slug", "plan_title", "organisation", "plan_issued",
                                                   "generated_for", "as_of", "as_of_date", "status_counts", "areas"})
    assert BoardPack.model_validate(minimal).actions == []


def test_a_moment_without_its_zone_is_refused(session):
    with pytest.raises(ValueError):
        build_pack(session, haringey(session), dt.datetime(2019, 6, 30))


def test_the_seed_plan_as_published(session):
    plan = haringey(session)
    pack = build_pack(session, plan, dt.datetime(2019, 3, 18, 23, 59, tzinfo=COUNCIL_TZ))
    assert pack.total_actions == len(pack.actions) == 40
    assert [x.status for x in pack.legend] == ["red", "amber", "green", "blue"]
    assert pack.legend[0].meaning.startswith("Not on track")
    one = next(r for r in pack.actions if r.ref == "1.2")
    assert one.status == "blue" and one.area_title.startswith("Assessments of children")
