"""Downloading the board pack: stable addresses by date, ETags, filenames, refusals."""

import datetime as dt
import io

import openpyxl

from actionplan.core.asof import view_as_of
from actionplan.core.clock import council_today
from actionplan.core.types import utcnow
from actionplan.reports import service
from tests.backend.builders import haringey

DATES = {"as_of": "2019-06-30", "since": "2019-03-31"}


def _url(session, fmt: str) -> str:
    return f"/api/v1/plans/{haringey(session).id}/pack.{fmt}"


def test_each_format_downloads_with_its_type_name_and_etag(client, session, auth, render_pdfs):
    director = auth("director")
    expected = {"pdf": ("application/pdf", b"%PDF-"), "csv": ("text/csv; charset=utf-8", b"\xef\xbb\xbfArea,"),
                "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04")}
    assert client.get(_url(session, "pdf"), params=DATES, headers=director).status_code == 202
    render_pdfs()
    for fmt, (media_type, start) in expected.items():
        response = client.get(_url(session, fmt), params=DATES, headers=director)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == media_type and response.content.startswith(start)
        assert (f'filename="haringey-childrens-ofsted-2019-board-pack-2019-06-30.{fmt}"'
                in response.headers["content-disposition"])
        assert response.headers["etag"].startswith(f'"pack-{fmt}-') and "private" in response.headers["cache-control"]
        again = client.get(_url(session, fmt), params=DATES, headers={**director, "If-None-Match": response.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
    book = openpyxl.load_workbook(io.BytesIO(client.get(_url(session, "xlsx"), params=DATES, headers=director).content))
    assert book["Actions"].max_row == 41  # the header and the plan's 40 actions


def test_the_default_dates_are_today_and_the_plans_issue(client, session, auth):
    response = client.get(_url(session, "csv"), headers=auth("director"))
    assert response.status_code == 200
    assert f"board-pack-{council_today().isoformat()}.csv" in response.headers["content-disposition"]


def test_dates_to_come_and_backwards_comparisons_are_refused(client, session, auth):
    director = auth("director")
    tomorrow = (council_today() + dt.timedelta(days=1)).isoformat()
    for params, field in [({"as_of": tomorrow}, "as_of"), ({"as_of": "2019-06-30", "since": "2019-07-01"}, "since"),
                          ({"as_of": "30/06/2019"}, "as_of"), ({"as_of": "1899-12-31"}, "as_of")]:
        response = client.get(_url(session, "pdf"), params=params, headers=director)
        assert response.status_code == 422, params
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["loc"] == ["query", field]


def test_an_inspector_reads_the_pack_of_a_published_plan_only(client, session, auth):
    from actionplan.auth.service import grant_inspector
    from actionplan.auth.deps import principal_for
    from tests.backend.builders import user
    from tests.backend.conftest import DEMO_EMAILS

    plan = haringey(session)
    director = principal_for(session, user(session, DEMO_EMAILS["director"]))
    grant_inspector(session, director, plan.id, user(session, DEMO_EMAILS["inspector"]).id, dt.date(2099, 6, 30),
                    council_today())
    assert client.get(_url(session, "csv"), params=DATES, headers=auth("inspector")).status_code == 404
    plan.published_at = utcnow()
    session.commit()
    as_inspector = client.get(_url(session, "csv"), params=DATES, headers=auth("inspector"))
    as_director = client.get(_url(session, "csv"), params=DATES, headers=auth("director"))
    # The same approved-only pack for everyone: nothing pending or draft is in it for anybody.
    assert as_inspector.status_code == 200 and as_inspector.content == as_director.content
    assert client.get(_url(session, "csv"), params=DATES, headers=auth("admin")).status_code == 404
    assert client.get(_url(session, "csv"), params=DATES).status_code == 401


def test_changes_are_counted_since_the_boards_previous_meeting_unless_a_date_is_given(client, session, auth):
    plan = haringey(session)
    assert service.pack_moments(session, plan, "2019-06-30", None)[1] == view_as_of("2019-03-18").at  # its issue
    forums = client.get("/api/v1/forums", headers=auth("director")).json()
    board = next(f["id"] for f in forums if f["slug"] == "improvement-board")
    cabinet = next(f["id"] for f in forums if f["slug"] != "improvement-board")
    for forum, day in [(board, "2019-04-10"), (board, "2019-07-10"), (cabinet, "2019-05-20")]:
        created = client.post(f"/api/v1/plans/{plan.id}/meetings", json={"forum_id": forum, "held_on": day},
                              headers=auth("director"))
        assert created.status_code == 201, created.text
    # The board met on 10 April before 30 June (Cabinet's later meeting and the board's July one do not count).
    assert service.pack_moments(session, plan, "2019-06-30", None)[1] == view_as_of("2019-04-10").at
    assert service.pack_moments(session, plan, "2019-06-30", "2019-05-01")[1] == view_as_of("2019-05-01").at


def test_the_spreadsheet_carries_published_commentary_and_decisions_arising(client, session, auth):
    from tests.backend.api.test_board_commentary import act, board_meeting, write
    from tests.backend.builders import action

    def decide(headers, meeting_id, **body):
        return client.post(f"/api/v1/meetings/{meeting_id}/decisions", json=body, headers=headers)

    hos, ad, director = auth("head_of_service"), auth("assistant_director"), auth("director")
    meeting_id = board_meeting(client, session, auth)
    one, two = action(session, "1.4"), action(session, "2.1")
    draft = write(client, hos, meeting_id, one.area_id, "Audits improving: 44% good in May.")
    reviewed = act(client, ad, draft.json()["id"], "review", draft.headers["ETag"])
    assert act(client, ad, draft.json()["id"], "publish", reviewed.headers["ETag"]).status_code == 200
    assert write(client, ad, meeting_id, two.area_id, "A draft nobody published.").status_code == 201
    assert decide(director, meeting_id, text="Report the audit sample size", action_ids=[one.id],
                  owner_id=one.owner_id, due_on="2019-10-01").status_code == 201
    assert decide(director, meeting_id, text="Scrutiny to visit area 2",
                  area_ids=[two.area_id]).status_code == 201

    params = {"since": "2019-03-31"}
    book = openpyxl.load_workbook(io.BytesIO(client.get(_url(session, "xlsx"), params=params, headers=director).content))
    commentary = list(book["Area commentary"].iter_rows(values_only=True))
    assert commentary[0][:3] == ("Area", "Area title", "Commentary")
    # Published commentary only: area 2's draft is not in the pack.
    assert [(r[0], r[2], r[5]) for r in commentary[1:]] == [
        (1, "Audits improving: 44% good in May.", "Children's Improvement Board, 10 July 2019")]
    assert book["Area commentary"].freeze_panes == "A2" and book["Area commentary"].auto_filter.ref == "A1:F2"
    decisions = list(book["Decisions arising"].iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[3], r[4], r[6].date() if r[6] else None) for r in decisions] == [
        (1, "Report the audit sample size", "Action 1.4", dt.date(2019, 10, 1)),
        (2, "Scrutiny to visit area 2", "Area 2", None)]
    actions = book["Actions"]
    head = [c.value for c in actions[1]]
    rows = {r[2]: r for r in actions.iter_rows(min_row=2, values_only=True)}
    arising = head.index("Decisions arising")
    assert rows["1.4"][arising] == "Children's Improvement Board, 10 July 2019 (1): Report the audit sample size"
    assert rows["2.1"][arising] == "Children's Improvement Board, 10 July 2019 (2): Scrutiny to visit area 2"
    assert not rows["1.1"][arising]
    text = client.get(_url(session, "csv"), params=params, headers=director).content.decode("utf-8-sig")
    assert "Decisions arising" in text.splitlines()[0] and "(1): Report the audit sample size" in text
