"""Board packs for the API: which moments a request asks for, the pack, and its file in each format."""

import datetime as dt
import importlib
from dataclasses import dataclass

from sqlmodel import Session

from actionplan.board.service import IMPROVEMENT_BOARD, changes_since, forum_by_slug
from actionplan.board.snapshot import with_board_parts
from actionplan.core.asof import view_as_of
from actionplan.core.clock import COUNCIL_TZ, council_today
from actionplan.core.errors import Invalid
from actionplan.plans.models import Plan
from actionplan.reports.pack import BoardPack, build_pack

# Bumped whenever a renderer's output changes, so a client's cached copy (its ETag) is not reused.
RENDERER_VERSION = 2
# Spreadsheets cannot hold a day before 1900, and no plan is that old.
EARLIEST = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class PackFormat:
    extension: str
    media_type: str
    words: str
    renderer: str  # module.function under actionplan.reports, imported when first used (openpyxl and
                   # WeasyPrint take a while to load, and most processes never render a pack)

    def render(self, pack: BoardPack) -> bytes:
        module, function = self.renderer.split(".")
        return getattr(importlib.import_module(f"actionplan.reports.{module}"), function)(pack)


FORMATS = {
    "pdf": PackFormat("pdf", "application/pdf", "PDF", "pdf.render_pdf"),
    "xlsx": PackFormat("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       "spreadsheet", "sheets.render_xlsx"),
    "csv": PackFormat("csv", "text/csv; charset=utf-8", "CSV", "sheets.render_csv"),
}


def _invalid(name: str, message: str) -> Invalid:
    return Invalid(f"{name}: {message}", code="invalid_date",
                   errors=[{"loc": ["query", name], "msg": message, "type": "value_error"}])


def _moment(value: str, name: str) -> dt.datetime:
    at = view_as_of(value, name).at
    if at is None or at.astimezone(COUNCIL_TZ).date() > council_today():
        raise _invalid(name, "a board pack states what has happened: give today or a day before")
    if at.astimezone(COUNCIL_TZ).date() < EARLIEST:
        raise _invalid(name, "give a day in 1900 or later")
    return at


def _previous_board(session: Session, plan: Plan, day: dt.date) -> dt.date | None:
    """The day of the improvement board's meeting before `day`, else the day the plan was issued."""
    forum = forum_by_slug(session, IMPROVEMENT_BOARD)
    if forum is None:
        return plan.issued_on
    return changes_since(session, plan, forum, day).since


def pack_moments(session: Session, plan: Plan, as_of: str | None,
                 since: str | None) -> tuple[dt.datetime, dt.datetime | None]:
    """The moment read (default: the end of today) and the one compared with (default: the end of the
    improvement board's previous meeting, or of the day the plan was issued; never a date worked out
    from the clock)."""
    at = _moment(as_of or council_today().isoformat(), "as_of")
    default = None if since is not None else _previous_board(session, plan, at.astimezone(COUNCIL_TZ).date())
    if since is not None:
        before = _moment(since, "since")
    elif default is not None:
        before = view_as_of(default.isoformat()).at
    else:
        before = None
    if before is not None and before >= at:
        if since is None:  # the plan's issue is not before the date asked for: nothing to compare with
            return at, None
        raise _invalid("since", "the date to compare with must be before the date the pack is as at")
    return at, before


def pack_for(session: Session, plan: Plan, as_of: str | None, since: str | None) -> BoardPack:
    """The plan's pack as at a date, with the areas' commentary published by then and the decisions arising
    from meetings held by then (as a meeting's snapshot has them)."""
    at, before = pack_moments(session, plan, as_of, since)
    return with_board_parts(session, build_pack(session, plan, at, before))


def etag(pack: BoardPack, fmt: str) -> str:
    return f'"pack-{fmt}-r{RENDERER_VERSION}-{pack.digest()[:40]}"'


def filename(pack: BoardPack, fmt: str) -> str:
    return f"{pack.plan_slug}-board-pack-{pack.as_of_date.isoformat()}.{FORMATS[fmt].extension}"
