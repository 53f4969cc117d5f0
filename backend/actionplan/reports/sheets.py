"""The board pack as a spreadsheet and as CSV, in the layout councils keep their plans in: one row per action.

Pure functions of the pack. The workbook's properties (created, modified, creator) come from the pack,
and its zip entries carry a fixed date, so the same pack gives the same bytes.
"""

import csv
import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from actionplan.core.words import STATUS_WORDS
from actionplan.reports.pack import STATUS_ORDER, BoardPack

# (heading, width in characters) of the actions sheet and the CSV, in order.
ACTION_COLUMNS = [("Area", 8), ("Area title", 30), ("Ref", 7), ("Action", 60), ("Target / timescale", 36),
                  ("Owner", 22), ("RAG", 12), ("Latest commentary", 50), ("Commentary date", 14),
                  ("Due date", 12), ("Original due date", 14), ("Re-scheduled", 13), ("Overdue", 10),
                  ("Accepted evidence", 12), ("Decisions arising", 50)]
# Cell fills of the RAG column: the word is in the cell too, so colour only repeats it.
RAG_FILLS = {"red": ("D4351C", "FFFFFF"), "amber": ("F47738", "0B0C0C"), "green": ("00703C", "FFFFFF"),
             "blue": ("1D70B8", "FFFFFF"), "not_started": ("B1B4B6", "0B0C0C")}
FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
IMPORT_NOTE = ("Edit the RAG, Owner, Due date and Latest commentary of the Actions sheet, then import the workbook "
               "on the plan's page. Nothing changes until you confirm the preview. A new RAG or due date needs new "
               "commentary saying why; it becomes a proposal for an approver to decide. The other sheets and "
               "columns are for reading: changes to them are not imported.")
# Made once: a style object per cell would cost more than the cell (a long plan has thousands).
WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)
RAG_STYLES = {status: (PatternFill("solid", start_color=fill, end_color=fill), Font(bold=True, color=ink))
              for status, (fill, ink) in RAG_FILLS.items()}


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _arising(pack: BoardPack) -> dict[str, list[str]]:
    """Each decision's words by what it concerns ("Action 1.4", "Area 1"), oldest meeting first."""
    found: dict[str, list[str]] = {}
    for d in pack.decisions:
        for concern in d.concerns:
            found.setdefault(concern, []).append(f"{d.meeting} ({d.number}): {d.text}")
    return found


def action_rows(pack: BoardPack) -> list[list]:
    """The rows of the actions sheet and the CSV (dates as dates; the CSV writes them ISO 8601). Decisions
    arising are those about the action or about its area."""
    arising = _arising(pack)
    return [[r.area_number, r.area_title, r.ref, r.text, r.target, r.owner or "", STATUS_WORDS[r.status],
             r.latest_commentary or "", r.commentary_on, r.due_on, r.original_due_on, _yes(r.rescheduled),
             _yes(r.overdue), r.evidence_accepted,
             "\n".join(arising.get(f"Action {r.ref}", []) + arising.get(f"Area {r.area_number}", []))]
            for r in pack.actions]


def _header(sheet: Worksheet, columns: list[tuple[str, int]]) -> None:
    sheet.append([name for name, _ in columns])
    for i, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
        cell = sheet.cell(row=1, column=i)
        cell.font = BOLD
        cell.alignment = WRAP
    sheet.freeze_panes = "A2"


def _finish(sheet: Worksheet, columns: int, rows: int) -> None:
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(rows + 1, 2)}"


def _actions_sheet(sheet: Worksheet, pack: BoardPack) -> None:
    sheet.title = "Actions"
    _header(sheet, ACTION_COLUMNS)
    rag = [name for name, _ in ACTION_COLUMNS].index("RAG") + 1
    for row_number, (row, action) in enumerate(zip(action_rows(pack), pack.actions), start=2):
        sheet.append(row)
        for column in (2, 4, 5, 8, 15):
            sheet.cell(row=row_number, column=column).alignment = WRAP
        for column in (9, 10, 11):
            sheet.cell(row=row_number, column=column).number_format = "d mmm yyyy"
        cell = sheet.cell(row=row_number, column=rag)
        cell.fill, cell.font = RAG_STYLES[action.status]
    _finish(sheet, len(ACTION_COLUMNS), len(pack.actions))


def _summary_sheet(sheet: Worksheet, pack: BoardPack) -> None:
    columns = [("Area", 8), ("Area title", 50), ("Lead", 22), *((STATUS_WORDS[s], 11) for s in STATUS_ORDER),
               ("All actions", 11), ("Overdue", 10), ("Re-scheduled", 13), ("Accepted evidence", 12)]
    _header(sheet, columns)
    for a in pack.areas:
        sheet.append([a.number, a.title, a.lead or "", *(a.status_counts.get(s, 0) for s in STATUS_ORDER), a.actions,
                      a.overdue, a.rescheduled, a.evidence_accepted])
    sheet.append(["", "The plan", "", *(pack.status_counts.get(s, 0) for s in STATUS_ORDER), pack.total_actions,
                  len(pack.overdue), len(pack.rescheduled), sum(a.evidence_accepted for a in pack.areas)])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    _finish(sheet, len(columns), len(pack.areas))


def _area_sheet(sheet: Worksheet, pack: BoardPack, number: int) -> None:
    """One area's actions in brief, so each lead can be sent their own sheet."""
    columns = [("Ref", 7), ("Action", 60), ("Owner", 22), ("RAG", 12), ("Due date", 12), ("Re-scheduled", 13),
               ("Overdue", 10)]
    _header(sheet, columns)
    mine = [r for r in pack.actions if r.area_number == number]
    for i, r in enumerate(mine, start=2):
        sheet.append([r.ref, r.text, r.owner or "", STATUS_WORDS[r.status], r.due_on, _yes(r.rescheduled),
                      _yes(r.overdue)])
        sheet.cell(row=i, column=2).alignment = WRAP
        sheet.cell(row=i, column=5).number_format = "d mmm yyyy"
        cell = sheet.cell(row=i, column=4)
        cell.fill, cell.font = RAG_STYLES[r.status]
    _finish(sheet, len(columns), len(mine))


def _commentary_sheet(sheet: Worksheet, pack: BoardPack) -> None:
    """Each area's latest published commentary: only published text reaches the pack."""
    columns = [("Area", 8), ("Area title", 30), ("Commentary", 90), ("Written by", 22), ("Published", 14),
               ("Written for", 40)]
    _header(sheet, columns)
    for i, c in enumerate(pack.commentary, start=2):
        sheet.append([c.area_number, c.area_title, c.text, c.written_by or "", c.published_on, c.meeting or ""])
        for column in (2, 3, 6):
            sheet.cell(row=i, column=column).alignment = WRAP
        sheet.cell(row=i, column=5).number_format = "d mmm yyyy"
    _finish(sheet, len(columns), len(pack.commentary))


def _decisions_sheet(sheet: Worksheet, pack: BoardPack) -> None:
    columns = [("Meeting", 40), ("Held on", 12), ("No.", 6), ("Decision or action arising", 70), ("Concerns", 24),
               ("Owner", 22), ("Due date", 12), ("Done on", 12)]
    _header(sheet, columns)
    for i, d in enumerate(pack.decisions, start=2):
        sheet.append([d.meeting, d.meeting_on, d.number, d.text, ", ".join(d.concerns), d.owner or "", d.due_on,
                      d.done_on])
        for column in (1, 4, 5):
            sheet.cell(row=i, column=column).alignment = WRAP
        for column in (2, 7, 8):
            sheet.cell(row=i, column=column).number_format = "d mmm yyyy"
    _finish(sheet, len(columns), len(pack.decisions))


def _about_sheet(sheet: Worksheet, pack: BoardPack) -> None:
    sheet.title = "About"
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 90
    for label, value in [("Plan", pack.plan_title), ("Organisation", pack.organisation),
                         ("Board pack", pack.generated_for), ("As at", pack.as_of_date),
                         ("Changes since", pack.since_date or ""), ("Plan issued", pack.plan_issued),
                         ("Plan version", pack.plan_version or "")]:
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
    for cell in (sheet["B4"], sheet["B5"]):
        cell.number_format = "d mmmm yyyy"
        cell.alignment = Alignment(horizontal="left")
    sheet.append(["Sending changes back", IMPORT_NOTE])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    sheet.cell(row=sheet.max_row, column=2).alignment = WRAP
    sheet.append([])
    sheet.append(["RAG", "What it means"])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    for entry in pack.legend:
        sheet.append([entry.label, entry.meaning])


def render_xlsx(pack: BoardPack) -> bytes:
    book = Workbook()
    _actions_sheet(book.active, pack)
    _summary_sheet(book.create_sheet("Summary by area"), pack)
    for area in pack.areas:
        _area_sheet(book.create_sheet(f"Area {area.number}"), pack, area.number)
    _commentary_sheet(book.create_sheet("Area commentary"), pack)
    _decisions_sheet(book.create_sheet("Decisions arising"), pack)
    _about_sheet(book.create_sheet(), pack)
    moment = pack.as_of.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    book.properties.creator = pack.organisation
    book.properties.lastModifiedBy = pack.organisation
    book.properties.title = f"{pack.plan_title}: {pack.generated_for}"
    book.properties.created = moment
    book.properties.modified = moment
    raw = io.BytesIO()
    book.save(raw)
    return _without_save_time(raw.getvalue(), f"{moment.isoformat()}Z")


def _without_save_time(data: bytes, modified: str) -> bytes:
    """openpyxl stamps the workbook's "modified" property and each zip entry with the time of saving:
    put the pack's moment in the one and a fixed date on the others."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + modified.encode() + rb"\g<2>", content)
            entry = zipfile.ZipInfo(item.filename, date_time=FIXED_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = item.external_attr
            target.writestr(entry, content)
    return out.getvalue()


def render_csv(pack: BoardPack) -> bytes:
    """The actions sheet as CSV: UTF-8 with a byte order mark, so Excel reads the accents right."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([name for name, _ in ACTION_COLUMNS])
    for row in action_rows(pack):
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return "\ufeff".encode() + text.getvalue().encode("utf-8")
