"""The board pack document: read from the database as at a moment, in a fixed order, the same on every build."""

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from actionplan.actions.asof import ActionView, parse_as_of
from actionplan.actions.models import Action
from actionplan.core.clock import COUNCIL_TZ
from actionplan.demo_history import load_history_demo
from actionplan.plans.models import Area
from actionplan.plans.summary import plan_report
from actionplan.core.words import STATUS_WORDS
from actionplan.reports.pack import BoardPack, build_pack
from actionplan.reports.pdf import render_pdf
from actionplan.reports.sheets import RAG_FILLS, render_csv, render_xlsx
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


# The files, read back as a reader's software would.

@pytest.fixture(scope="module")
def year_pack(year):
    session, plan = year
    return build_pack(session, plan, YEAR_END, YEAR_START)


@pytest.fixture(scope="module")
def year_pdf(year_pack):
    return render_pdf(year_pack)


def test_the_pdf_reads_back_with_the_figures_of_the_pack(year_pack, year_pdf):
    reader = PdfReader(io.BytesIO(year_pdf))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 10
    for number, text in enumerate(pages, start=1):
        # A4, and on every page the plan's title, the "as at" date and the page number.
        assert [round(float(v)) for v in reader.pages[number - 1].mediabox[2:]] == [595, 842]
        assert "As at 31 March 2020" in text and f"Page {number} of {len(pages)}" in text
        assert "Haringey Children's Service Ofsted Action" in text
    contents = pages[1]
    assert "Contents" in contents and "Red actions and their exception reports" in contents
    assert "What moved since 30 April 2019" in contents
    whole = "\n".join(pages)
    counts = [str(year_pack.status_counts[s]) for s in ("red", "amber", "green", "blue", "not_started")]
    assert re.search(r"The plan\s+" + r"\s+".join(counts) + rf"\s+{year_pack.total_actions}\b", whole)
    red = year_pack.reds[0]
    assert red.reason.split(".")[0] in " ".join(whole.split())
    assert all(f"{m.ref} {m.name}"[:40] in " ".join(whole.split()) for m in year_pack.measures)
    assert "Behind its trajectory: 76% against 85% expected on the trajectory" in " ".join(whole.split())
    # Tagged for screen readers, as PDF/UA-1; dated by the pack, not by the clock.
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root and root["/Lang"] == "en-GB"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == "D:20200331225959Z"


def test_the_pdf_is_the_same_bytes_on_every_render(year_pack, year_pdf):
    # The charts are vector drawings: paths and text, no image.
    assert b"/Subtype /Image" not in year_pdf
    # Rendered again from the pack frozen as JSON (as a meeting's snapshot keeps it): the same bytes.
    assert render_pdf(BoardPack.model_validate_json(year_pack.model_dump_json())) == year_pdf


def test_the_spreadsheet_has_a_row_per_action_and_a_sheet_per_area(year_pack):
    data = render_xlsx(year_pack)
    assert data == render_xlsx(year_pack)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Actions", "Summary by area", *(f"Area {a.number}" for a in year_pack.areas), "Area commentary",
                               "Decisions arising", "About"]
    sheet = book["Actions"]
    head = [c.value for c in sheet[1]]
    assert head[:8] == ["Area", "Area title", "Ref", "Action", "Target / timescale", "Owner", "RAG", "Latest commentary"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:O{len(year_pack.actions) + 1}"
    assert sheet.column_dimensions["D"].width == 60
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(year_pack.actions)
    column = {name: i for i, name in enumerate(head)}
    for row, action, cells in zip(rows, year_pack.actions, sheet.iter_rows(min_row=2)):
        assert (row[column["Ref"]], row[column["Owner"]] or None) == (action.ref, action.owner)
        assert row[column["RAG"]] == {"not_started": "Not started"}.get(action.status, action.status.capitalize())
        assert cells[column["RAG"]].fill.start_color.rgb.endswith(RAG_FILLS[action.status][0])
        assert row[column["Re-scheduled"]] == ("Yes" if action.rescheduled else "No")
        assert (row[column["Due date"]].date() if row[column["Due date"]] else None) == action.due_on
        assert (row[column["Latest commentary"]] or None) == action.latest_commentary
    summary = list(book["Summary by area"].iter_rows(min_row=2, values_only=True))
    assert summary[-1][1] == "The plan" and list(summary[-1][3:8]) == [year_pack.status_counts[s] for s in
                                                                         ("red", "amber", "green", "blue", "not_started")]
    assert [r[0] for r in summary[:-1]] == [a.number for a in year_pack.areas]
    area_one = list(book["Area 1"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in area_one] == [a.ref for a in year_pack.actions if a.area_number == 1]
    assert book.properties.modified == book.properties.created == dt.datetime(2020, 3, 31, 22, 59, 59)


def test_the_csv_has_the_same_rows_and_a_byte_order_mark(year_pack):
    data = render_csv(year_pack)
    assert data.startswith(b"\xef\xbb\xbf") and data == render_csv(year_pack)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:7] == ["Area", "Area title", "Ref", "Action", "Target / timescale", "Owner", "RAG"]
    assert [(r[2], r[6]) for r in rows[1:]] == [(a.ref, STATUS_WORDS[a.status]) for a in year_pack.actions]
    overdue = next(a for a in year_pack.actions if a.overdue)
    assert next(r for r in rows if r[2] == overdue.ref)[9] == overdue.due_on.isoformat()
