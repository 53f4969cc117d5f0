"""A board pack's PDF is laid out by a background job: the request answers 202 at once and queues one job
for the pack; once the job has run, the same address gives the file, the same bytes on every download and
after the file is made again. A failed layout is a problem (503) that queues it again."""

import datetime as dt
import io
import os

from pypdf import PdfReader
from sqlmodel import select

from actionplan.core.types import utcnow
from actionplan.jobs.models import Job
from actionplan.jobs.runner import claim
from actionplan.reports.models import PackRendering
from actionplan.reports.renderings import KEEP_RENDERINGS, RENDER_JOB, forget_renderings
from tests.backend.api.test_board_meetings import schedule
from tests.backend.api.test_board_snapshot import close
from tests.backend.builders import haringey

DATES = {"as_of": "2019-06-30", "since": "2019-03-31"}


def _url(session) -> str:
    return f"/api/v1/plans/{haringey(session).id}/pack.pdf"


def _render_jobs(session) -> list[Job]:
    return session.exec(select(Job).where(Job.name == RENDER_JOB)).all()


def test_a_pdf_is_queued_once_then_downloads_the_same_bytes_every_time(client, session, auth, render_pdfs, app):
    director = auth("director")
    first = client.get(_url(session), params=DATES, headers=director)
    assert first.status_code == 202 and first.headers["content-type"] == "application/json"
    assert first.json()["status"] == "queued" and "The PDF is being prepared" in first.json()["detail"]
    assert first.headers["location"] == _url(session) + "?as_of=2019-06-30&since=2019-03-31"
    assert int(first.headers["retry-after"]) == first.json()["retry_after_seconds"] >= 1
    again = client.get(_url(session), params=DATES, headers=auth("assistant_director"))
    assert again.status_code == 202 and len(_render_jobs(session)) == 1  # asking again queues nothing more

    assert render_pdfs() == ["done"]
    ready = client.get(_url(session), params=DATES, headers=director)
    assert ready.status_code == 200 and ready.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(ready.content)).pages)
    assert "As at 30 June 2019" in text and "What moved since 31 March 2019" in text
    second = client.get(_url(session), params=DATES, headers=auth("assistant_director"))
    assert second.content == ready.content and second.headers["etag"] == ready.headers["etag"]
    unchanged = client.get(_url(session), params=DATES, headers={**director, "If-None-Match": ready.headers["etag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""
    rendering = session.exec(select(PackRendering)).one()
    assert rendering.state == "ready" and rendering.size_bytes == len(ready.content) and rendering.document is None

    # The file lost (a restore without the data directory): it is laid out again, to the same bytes.
    stored = app.state.settings.data_dir / "packs" / f"{rendering.key}.pdf"
    stored.unlink()
    assert client.get(_url(session), params=DATES, headers=director).status_code == 202
    assert render_pdfs() == ["done"]
    assert client.get(_url(session), params=DATES, headers=director).content == ready.content
    assert not [p for p in stored.parent.iterdir() if p.name.startswith(".tmp-")]  # no half-written file left


def test_a_pdf_a_worker_has_taken_up_is_said_to_be_laid_out(client, session, auth):
    director = auth("director")
    client.get(_url(session), params=DATES, headers=director)
    assert claim(session, utcnow(), limit=1, names=[RENDER_JOB])  # a worker has taken the job up
    answer = client.get(_url(session), params=DATES, headers=director)
    assert answer.status_code == 202 and answer.json()["status"] == "rendering"
    assert "it is being laid out" in answer.json()["detail"]


def test_other_dates_are_another_pack_with_a_job_of_their_own(client, session, auth):
    director = auth("director")
    for since in ("2019-03-31", "2019-04-30", "2019-03-31"):
        assert client.get(_url(session), params={**DATES, "since": since}, headers=director).status_code == 202
    assert len(_render_jobs(session)) == 2


def test_a_failed_layout_is_a_problem_and_asking_again_tries_again(client, session, auth, render_pdfs, monkeypatch,
                                                                     tmp_path, app):
    director = auth("director")
    assert client.get(_url(session), params=DATES, headers=director).status_code == 202
    (tmp_path / "packs").write_text("a file where the worker's directory should be")
    monkeypatch.setenv("ACTIONPLAN_DATA_DIR", str(tmp_path))  # the worker cannot write its file there
    assert render_pdfs() == ["done"]  # the job has finished: with the failure recorded on the rendering
    assert session.exec(select(PackRendering)).one().state == "failed"

    failed = client.get(_url(session), params=DATES, headers=director)
    assert failed.status_code == 503 and failed.headers["content-type"] == "application/problem+json"
    assert failed.json()["code"] == "pack_render_failed" and "could not be made" in failed.json()["detail"]
    assert failed.headers["retry-after"] == "60"
    assert len(_render_jobs(session)) == 2  # queued again by that answer
    assert client.get(_url(session), params=DATES, headers=director).status_code == 202
    assert len(_render_jobs(session)) == 2

    monkeypatch.setenv("ACTIONPLAN_DATA_DIR", str(app.state.settings.data_dir))  # the fault mended
    assert render_pdfs() == ["done"]
    ready = client.get(_url(session), params=DATES, headers=director)
    assert ready.status_code == 200 and ready.content.startswith(b"%PDF-")


def test_a_meeting_s_pdf_is_queued_when_its_papers_close_and_made_from_its_snapshot(client, session, auth,
                                                                                      render_pdfs, app):
    director = auth("director")
    meeting = schedule(client, session, director, "2019-07-10").json()["id"]
    url = f"/api/v1/meetings/{meeting}/pack.pdf"
    close(client, director, meeting)
    assert len(_render_jobs(session)) == 1  # closing the papers queued it
    waiting = client.get(url, headers=director)
    assert waiting.status_code == 202 and waiting.headers["location"] == url
    assert render_pdfs() == ["done"]
    first = client.get(url, headers=director)
    assert first.status_code == 200 and first.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(first.content)).pages)
    assert "Children's Improvement Board, 10 July 2019" in text
    assert client.get(url, headers=auth("action_owner")).content == first.content

    # Made again from the snapshot (the file lost): byte for byte the same.
    rendering = session.exec(select(PackRendering)).one()
    (app.state.settings.data_dir / "packs" / f"{rendering.key}.pdf").unlink()
    assert client.get(url, headers=director).status_code == 202
    render_pdfs()
    assert client.get(url, headers=director).content == first.content
    assert client.get(url, headers={**director, "If-None-Match": first.headers["etag"]}).status_code == 304


def test_renderings_asked_for_long_ago_are_forgotten_with_their_files(client, session, auth, render_pdfs, app):
    director = auth("director")
    for since in ("2019-03-31", "2019-04-30"):
        client.get(_url(session), params={**DATES, "since": since}, headers=director)
    render_pdfs()
    old, recent = session.exec(select(PackRendering).order_by(PackRendering.id)).all()
    old_key, recent_key = old.key, recent.key
    packs = app.state.settings.data_dir / "packs"
    left_behind = packs / ".tmp-killed-mid-write.pdf"
    left_behind.write_bytes(b"%PDF-half")
    two_days_ago = (utcnow() - dt.timedelta(days=2)).timestamp()
    os.utime(left_behind, (two_days_ago, two_days_ago))
    old.requested_at = utcnow() - KEEP_RENDERINGS - dt.timedelta(days=1)
    session.commit()

    forget_renderings(session, utcnow())
    session.commit()
    assert [r.key for r in session.exec(select(PackRendering)).all()] == [recent_key]
    assert not (packs / f"{old_key}.pdf").exists() and (packs / f"{recent_key}.pdf").exists()
    assert not left_behind.exists()
    again = client.get(_url(session), params={**DATES, "since": "2019-03-31"}, headers=director)
    assert again.status_code == 202  # asked for again: made again


def test_a_pdf_whose_job_was_lost_is_reported_and_queued_again(client, session, auth, render_pdfs):
    director = auth("director")
    client.get(_url(session), params=DATES, headers=director)
    job = _render_jobs(session)[0]
    job.state, job.last_error = "failed", "JobLost"  # its workers died on it every time (runner.MAX_ATTEMPTS)
    session.commit()
    lost = client.get(_url(session), params=DATES, headers=director)
    assert lost.status_code == 503 and lost.json()["code"] == "pack_render_failed"
    assert client.get(_url(session), params=DATES, headers=director).status_code == 202
    assert render_pdfs() == ["done"]
    assert client.get(_url(session), params=DATES, headers=director).status_code == 200
