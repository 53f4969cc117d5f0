"""Reading back the board pack spreadsheet after officers have edited it: pure, no database.

Only the Actions sheet is read (the other sheets are for reading, and say so in About); columns are found
by their headings, so a column moved or hidden still reads. A file that is not such a workbook is refused
whole (BadWorkbook, a 422 naming what is wrong) before anything is read from its cells; a cell that cannot
be read is a CellError naming its sheet, row and column, and the rest of the workbook still reads.
"""

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from actionplan.core.errors import Invalid
from actionplan.core.words import STATUS_WORDS

SHEET = "Actions"
MAX_BYTES = 5 * 1024 * 1024             # the Haringey plan's pack is some 30 KB; a 2,000-action plan's under 1 MB
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024   # what its parts may expand to: more is a zip bomb, not a plan
MAX_RATIO = 200                         # spreadsheet XML compresses some 10 to 1; a part far beyond is a bomb
MAX_PARTS = 2000
MAX_ROWS = 20000
# The headings read, by what they hold. The others (Area title, Action, Overdue...) are the plan's words or
# worked out from it: changing them in a spreadsheet changes nothing, and is not reported.
HEADINGS = {"ref": "Ref", "owner": "Owner", "rag": "RAG", "commentary": "Latest commentary", "due_on": "Due date"}
STATUS_BY_WORD = {word.lower(): status for status, word in STATUS_WORDS.items()}
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class BadWorkbook(Invalid):
    code = "bad_workbook"


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str          # the column's letter, as Excel shows it
    heading: str
    message: str


@dataclass(frozen=True)
class EditedRow:
    """One action's row as the workbook has it: None where a cell could not be read (its CellError says why)."""

    row: int
    ref: str
    owner: str
    rag: str | None
    commentary: str
    due_on: dt.date | None
    due_readable: bool


@dataclass(frozen=True)
class EditedWorkbook:
    plan_title: str | None
    rows: list[EditedRow]
    errors: list[CellError]
    columns: dict[str, str]   # what → column letter, to name the cell of a change


def check_zip(data: bytes) -> None:
    """Refuses what is not an xlsx, and what would expand into more than a plan could be, before opening it."""
    if len(data) > MAX_BYTES:
        raise BadWorkbook(f"The file is larger than the {MAX_BYTES // (1024 * 1024)} MB a plan's workbook can be.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise BadWorkbook("This file is not an Excel workbook (.xlsx): save it as an Excel Workbook and try again.")
    names = {p.filename for p in parts}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise BadWorkbook("This file is not an Excel workbook (.xlsx): save it as an Excel Workbook and try again.")
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNZIPPED_BYTES or any(
            p.file_size > MAX_RATIO * max(p.compress_size, 1024) for p in parts):
        raise BadWorkbook("This file expands to far more than a plan's workbook could hold, so it was not opened.",
                          code="workbook_too_large")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> dt.date | None:
    """A date cell, or a date typed as text: 2019-09-30 or 30/09/2019 (days first, as in the UK)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if match := _UK_DATE.fullmatch(text):
        day, month, year = map(int, match.groups())
        return dt.date(year, month, day)
    return dt.date.fromisoformat(text)


def _plan_title(book) -> str | None:
    if "About" not in book.sheetnames:
        return None
    for label, value, *_ in book["About"].iter_rows(min_row=1, max_row=10, max_col=2, values_only=True):
        if label == "Plan":
            return _text(value)
    return None


def read_workbook(data: bytes) -> EditedWorkbook:
    check_zip(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file; all mean the same here
        raise BadWorkbook("This file could not be read as an Excel workbook (.xlsx): it may be damaged or "
                          "protected with a password. Save it again as an Excel Workbook and try again.") from None
    try:
        if SHEET not in book.sheetnames:
            raise BadWorkbook(f"The workbook has no sheet called '{SHEET}': import the board pack spreadsheet "
                              "downloaded from actionplan, with its Actions sheet.", code="workbook_sheet_missing")
        sheet = book[SHEET]
        rows = sheet.iter_rows(values_only=True)
        headings = [_text(v) for v in next(rows, ())]
        missing = [h for h in HEADINGS.values() if h not in headings]
        if missing:
            raise BadWorkbook(f"The Actions sheet has no column headed {', '.join(repr(m) for m in missing)} in row 1: "
                              "keep the headings as they were downloaded.", code="workbook_headings_missing")
        at = {key: headings.index(heading) for key, heading in HEADINGS.items()}
        letters = {key: get_column_letter(i + 1) for key, i in at.items()}
        edited, errors = [], []
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                raise BadWorkbook(f"The Actions sheet has more than {MAX_ROWS} rows: this is not a plan's workbook.",
                                  code="workbook_too_large")
            cells = {key: values[i] if i < len(values) else None for key, i in at.items()}
            if all(_text(v) == "" for v in cells.values()):
                continue

            def error(key: str, message: str, row: int = number) -> None:
                errors.append(CellError(SHEET, row, letters[key], HEADINGS[key], message))

            ref = _text(cells["ref"])
            if not ref:
                error("ref", "The Ref is empty: each row needs the action's reference, as downloaded.")
                continue
            word = _text(cells["rag"])
            rag = STATUS_BY_WORD.get(word.lower())
            if rag is None:
                error("rag", f"'{word}' is not a RAG status: write Red, Amber, Green, Blue or Not started.")
            due_on, readable = None, True
            if _text(cells["due_on"]):
                try:
                    due_on = _date(cells["due_on"])
                except ValueError:
                    readable = False
                    error("due_on", f"'{_text(cells['due_on'])}' is not a date: write it as 30/09/2019 or use a date cell.")
            edited.append(EditedRow(row=number, ref=ref, owner=_text(cells["owner"]), rag=rag,
                                    commentary=_text(cells["commentary"]), due_on=due_on, due_readable=readable))
        return EditedWorkbook(plan_title=_plan_title(book), rows=edited, errors=errors, columns=letters)
    finally:
        book.close()
