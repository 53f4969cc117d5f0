"""The board pack as a PDF: A4, the plan's title and "as at" date on every page, page numbers, a contents
page, vector charts, tagged (PDF/UA-1) so a screen reader can read it.

A pure function of the pack: the PDF's dates are the pack's "as at" moment and its identifier is the
pack's digest, so the same pack renders to the same bytes whenever and wherever it is rendered.
"""

import datetime as dt
from collections.abc import Callable
from html import escape

from actionplan.core.words import STATUS_WORDS, date_words
from actionplan.reports import charts
from actionplan.reports.pack import STATUS_ORDER, BoardPack

VERDICT_WORDS = {"on_track": "On track", "ahead": "Ahead of its trajectory", "behind": "Behind its trajectory",
                 "no_reading": "No reading yet", "no_trajectory": "No trajectory to judge it against"}

STYLE = """
@page { size: A4; margin: 24mm 16mm 20mm 16mm;
  @top-left { content: "%(title)s"; font-size: 8pt; color: #505a5f; width: 70%%; vertical-align: bottom; }
  @top-right { content: "%(as_at)s"; font-size: 8pt; color: #505a5f; vertical-align: bottom; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #505a5f; } }
html { font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #0b0c0c;
  line-height: 1.35; }
h1 { font-size: 22pt; margin: 40mm 0 6mm; }
h2 { font-size: 15pt; margin: 0 0 4mm; break-before: page; }
h3 { font-size: 11.5pt; margin: 6mm 0 2mm; break-after: avoid; }
p { margin: 0 0 3mm; }
.cover p { font-size: 12pt; }
.contents ol { list-style: none; padding: 0; }
.contents li { margin: 0 0 2mm; font-size: 11pt; }
.contents a { color: #0b0c0c; text-decoration: none; }
.contents a::after { content: leader(".") target-counter(attr(href), page); }
table { table-layout: fixed; border-collapse: collapse; width: 100%%; margin: 0 0 5mm; font-size: 8.5pt; }
caption { text-align: left; font-weight: bold; margin-bottom: 1.5mm; }
th, td { border-bottom: 0.5pt solid #b1b4b6; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }
thead th { border-bottom: 1pt solid #0b0c0c; }
tr { break-inside: avoid; }
.num { text-align: right; }
.tag { font-weight: bold; padding: 0.3mm 1.2mm; white-space: nowrap; }
.tag-red { background: #f4cdc6; color: #2a0b06; } .tag-amber { background: #fcd6c3; color: #6e3619; }
.tag-green { background: #cce2d8; color: #005a30; } .tag-blue { background: #bbd4ea; color: #0c2d4a; }
.tag-not_started { background: #e5e6e7; color: #0b0c0c; }
figure { margin: 0 0 4mm; break-inside: avoid; }
figure svg { width: 100%%; height: auto; }
dl { margin: 0 0 4mm; } dt { font-weight: bold; } dd { margin: 0 0 1.5mm 0; }
.red-report { break-inside: avoid; border-left: 3pt solid #d4351c; padding-left: 3mm; margin-bottom: 5mm; }
"""


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _day(day: dt.date | None) -> str:
    return date_words(day) if day else "None"


def _tag(status: str) -> str:
    return f'<span class="tag tag-{status}">{STATUS_WORDS[status]}</span>'


def _table(caption: str, head: list[str], rows: list[list[str]], numeric: set[int] = frozenset(),
           widths: list[int] | None = None) -> str:
    """Cells in `rows` are HTML already; header cells are words. The first cell of a row heads it.
    Columns have fixed widths (percentages; by default the first takes what the others leave): laying a
    table out by its content would measure every cell twice, and a long plan has thousands."""
    cls = lambda i: ' class="num"' if i in numeric else ""  # noqa: E731
    if widths is None:
        rest = min(12, 60 // max(1, len(head) - 1))
        widths = [100 - rest * (len(head) - 1)] + [rest] * (len(head) - 1)
    cols = "".join(f'<col style="width: {w}%">' for w in widths)
    out = [f"<table><caption>{_e(caption)}</caption><colgroup>{cols}</colgroup><thead><tr>"]
    out += [f'<th scope="col"{cls(i)}>{_e(h)}</th>' for i, h in enumerate(head)]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f'<th scope="row"{cls(i)}>{c}</th>' if i == 0 else f"<td{cls(i)}>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _summary(pack: BoardPack) -> str:
    rows = [[f"{a.number}. {_e(a.title)}", *(str(a.status_counts.get(s, 0)) for s in STATUS_ORDER), str(a.actions),
             str(a.overdue), str(a.rescheduled)] for a in pack.areas]
    rows.append(["The plan", *(f"<strong>{pack.status_counts.get(s, 0)}</strong>" for s in STATUS_ORDER),
                 f"<strong>{pack.total_actions}</strong>", f"<strong>{len(pack.overdue)}</strong>",
                 f"<strong>{len(pack.rescheduled)}</strong>"])
    head = ["Area", *(STATUS_WORDS[s] for s in STATUS_ORDER), "All", "Overdue", "Re-scheduled"]
    legend = "".join(f"<dt>{_tag(x.status)} {_e(x.label)}</dt><dd>{_e(x.meaning)}</dd>" for x in pack.legend)
    return (f"<figure>{charts.status_bars(pack.areas)}<figcaption>Actions by status in each area.</figcaption></figure>"
            + _table(f"Number of actions at each status, by area, as at {date_words(pack.as_of_date)}", head, rows,
                     set(range(1, len(head))), widths=[31] + [7] * 6 + [8, 12])
            + (f"<h3>What the statuses mean</h3><dl>{legend}</dl>" if legend else ""))


def _reds(pack: BoardPack) -> str:
    if not pack.reds:
        return "<p>No action is Red.</p>"
    out = []
    for r in pack.reds:
        out.append(f'<div class="red-report"><h3>{_e(r.ref)} {_e(r.text)}</h3><dl>'
                   f"<dt>Owner</dt><dd>{_e(r.owner or 'No owner')}</dd>"
                   f"<dt>Why it is not on track</dt><dd>{_e(r.reason or 'No exception report recorded')}</dd>"
                   f"<dt>What is being done</dt><dd>{_e(r.mitigation or 'None recorded')}</dd>"
                   f"<dt>Revised due date</dt><dd>{_day(r.revised_due_on)}</dd>"
                   f"<dt>Approved</dt><dd>{_day(r.approved_on)}</dd></dl></div>")
    return "".join(out)


def _movements(pack: BoardPack) -> str:
    if pack.since_date is None:
        return "<p>No earlier date was given to compare with.</p>"
    if not pack.movements:
        return f"<p>No action changed status since {date_words(pack.since_date)}.</p>"
    return _table(f"Actions whose approved status changed since {date_words(pack.since_date)}",
                  ["Action", "What it is", "From", "To"],
                  [[_e(m.ref), _e(m.text), _tag(m.from_status), _tag(m.to_status)] for m in pack.movements],
                  widths=[9, 65, 13, 13])


def _overdue(pack: BoardPack) -> str:
    if not pack.overdue:
        return "<p>No action is overdue.</p>"
    return _table(f"Actions past their due date and not Blue, as at {date_words(pack.as_of_date)}",
                  ["Action", "What it is", "Status", "Owner", "Due", "Days overdue"],
                  [[_e(o.ref), _e(o.text), _tag(o.status), _e(o.owner or "No owner"), _day(o.due_on),
                    str(o.days_overdue)] for o in pack.overdue], {5}, widths=[8, 44, 12, 14, 12, 10])


def _rescheduled(pack: BoardPack) -> str:
    if not pack.rescheduled:
        return "<p>No action has been re-scheduled.</p>"
    return _table("Actions whose due date was moved by an approved re-schedule",
                  ["Action", "What it is", "Due as planned", "Due now", "Reason"],
                  [[_e(r.ref), _e(r.text), _day(r.original_due_on), _day(r.due_on), _e(r.reason or "")]
                   for r in pack.rescheduled], widths=[8, 36, 13, 13, 30])


def _evidence(pack: BoardPack) -> str:
    e = pack.evidence
    return (f"<p>{e.accepted} accepted evidence items support {e.actions_with_evidence} of the plan's "
            f"{pack.total_actions} actions. {e.blue_without_evidence} Blue actions have no accepted evidence "
            "linked.</p>"
            + _table("Accepted evidence by area", ["Area", "Actions", "Evidence items linked"],
                     [[f"{a.number}. {_e(a.title)}", str(a.actions), str(a.evidence_accepted)] for a in pack.areas],
                     {1, 2}))


def _measures(pack: BoardPack) -> str:
    if not pack.measures:
        return "<p>The plan has no measures.</p>"
    out = []
    for m in pack.measures:
        figures = ([["Baseline", _day(f.on), charts.figure_words(f.value, m.unit), _e(f.label or "")] for f in m.baselines]
                   + [["Target", _day(f.on), charts.figure_words(f.value, m.unit), _e(f.label or "")] for f in m.targets]
                   + [["Reading", _day(f.on), charts.figure_words(f.value, m.unit), _e(f.label or "")]
                      for f in m.readings])
        verdict = VERDICT_WORDS.get(m.verdict, m.verdict)
        if m.expected is not None:
            verdict += (f": {charts.figure_words(m.readings[-1].value, m.unit)} against "
                        f"{charts.figure_words(m.expected, m.unit)} expected on the trajectory")
        if m.suggested_rag:
            verdict += f" (suggests {STATUS_WORDS[m.suggested_rag]}; advice only)"
        chart = charts.measure_chart(m)
        out.append(f"<h3>{_e(m.ref)} {_e(m.name)}</h3><p>{_e(verdict)}.</p>"
                   + (f"<figure>{chart}<figcaption>{_e(m.name)}.</figcaption></figure>" if chart else "")
                   + _table(f"Figures of {m.name}", ["Kind", "Date", "Value", "As the plan or reading states it"],
                            figures, {2}, widths=[14, 20, 14, 52]))
    return "".join(out)


def _actions(pack: BoardPack) -> str:
    out = []
    for area in pack.areas:
        rows = [[_e(r.ref), _e(r.text), _e(r.target), _e(r.owner or "No owner"), _tag(r.status),
                 _day(r.due_on) + (" (re-scheduled)" if r.rescheduled else ""),
                 _e(r.latest_commentary or "")] for r in pack.actions if r.area_number == area.number]
        out.append(f"<h3>Area {area.number}. {_e(area.title)}</h3>"
                   + _table(f"The actions of area {area.number}",
                            ["Ref", "Action", "Target / timescale", "Owner", "Status", "Due", "Latest commentary"],
                            rows, widths=[6, 28, 17, 11, 10, 10, 18]))
    return "".join(out)


def _commentary(pack: BoardPack) -> str:
    if not pack.commentary:
        return "<p>No area commentary has been published for this board.</p>"
    return "".join(f"<h3>{c.area_number}. {_e(c.area_title)}</h3><p>{_e(c.text)}</p>"
                   f"<p class=\"byline\">{_e(c.written_by or 'Unknown')}, for {_e(c.meeting or 'the board')}; "
                   f"published {_day(c.published_on)}.</p>" for c in pack.commentary)


def _decisions(pack: BoardPack) -> str:
    if not pack.decisions:
        return "<p>No decision of an earlier meeting is recorded.</p>"
    return _table("Decisions and actions arising from earlier meetings",
                  ["Meeting", "Decision", "Concerns", "Owner", "Due", "Done"],
                  [[_e(d.meeting), f"{d.number}. {_e(d.text)}", _e(", ".join(d.concerns)), _e(d.owner or ""),
                    _day(d.due_on) if d.due_on else "", _day(d.done_on) if d.done_on else "Not yet"]
                   for d in pack.decisions], widths=[18, 36, 12, 12, 11, 11])


# The pack's sections in order: (anchor, heading, body). A new section is one more entry.
Section = tuple[str, Callable[[BoardPack], str], Callable[[BoardPack], str]]
SECTIONS: list[Section] = [
    ("summary", lambda p: "Summary by area", _summary),
    ("commentary", lambda p: "Commentary from the areas", _commentary),
    ("reds", lambda p: "Red actions and their exception reports", _reds),
    ("movements", lambda p: f"What moved since {date_words(p.since_date)}" if p.since_date else "What moved",
     _movements),
    ("overdue", lambda p: "Overdue actions", _overdue),
    ("rescheduled", lambda p: "Re-scheduled actions", _rescheduled),
    ("evidence", lambda p: "Evidence", _evidence),
    ("decisions", lambda p: "Decisions and actions arising", _decisions),
    ("measures", lambda p: "Measures and their trajectories", _measures),
    ("actions", lambda p: "The actions in full", _actions),
]


def pack_html(pack: BoardPack) -> str:
    as_at = f"As at {date_words(pack.as_of_date)}"
    moment = pack.as_of.strftime("%Y-%m-%dT%H:%M:%SZ")
    contents = "".join(f'<li><a href="#{anchor}">{_e(title(pack))}</a></li>' for anchor, title, _ in SECTIONS)
    sections = "".join(f'<section id="{anchor}"><h2>{_e(title(pack))}</h2>{body(pack)}</section>'
                       for anchor, title, body in SECTIONS)
    since = (f"<p>Changes since the end of {date_words(pack.since_date)}.</p>" if pack.since_date else "")
    version = f"<p>Plan version: {_e(pack.plan_version)}.</p>" if pack.plan_version else ""
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{_e(pack.plan_title)}: board pack, '
        f'{_e(as_at.lower())}</title><meta name="author" content="{_e(pack.organisation)}">'
        f'<meta name="description" content="{_e(pack.generated_for)}">'
        f'<meta name="generator" content="actionplan">'
        f'<meta name="dcterms.created" content="{moment}"><meta name="dcterms.modified" content="{moment}">'
        f"<style>{STYLE % {'title': _css_string(pack.plan_title), 'as_at': _css_string(as_at)}}</style></head><body>"
        f'<section class="cover"><h1>{_e(pack.plan_title)}</h1><p>{_e(pack.organisation)}</p>'
        f"<p><strong>Board pack: {_e(pack.generated_for)}</strong></p>"
        f"<p>Statuses and due dates as approved at the end of {date_words(pack.as_of_date)}, London time.</p>{since}"
        f"<p>The plan was issued {_e(pack.plan_issued)}"
        f"{' (' + date_words(pack.plan_issued_on) + ')' if pack.plan_issued_on else ''}.</p>{version}"
        f"<p>{pack.total_actions} actions in {len(pack.areas)} areas.</p></section>"
        f'<nav class="contents"><h2>Contents</h2><ol>{contents}</ol></nav>{sections}</body></html>')


def render_pdf(pack: BoardPack) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango takes a moment, and only this needs it

    return HTML(string=pack_html(pack)).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=pack.digest()[:32].encode(), uncompressed_pdf=False)
