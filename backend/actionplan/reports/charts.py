"""The board pack's charts as SVG (vector in the PDF), drawn from the pack alone.

Each chart has a <title> and <desc> in words, and the figures it draws are also in a table beside it:
the colour and the shape only repeat what the words say. Coordinates are rounded to one decimal so the
same pack draws the same bytes.
"""

import datetime as dt
import math
from html import escape

from actionplan.core.words import STATUS_WORDS, date_words
from actionplan.measures import rules
from actionplan.reports.pack import STATUS_ORDER, AreaRow, MeasureRow

# GOV.UK Frontend's tag colours: red, orange, green, blue, grey.
STATUS_COLOURS = {"red": "#d4351c", "amber": "#f47738", "green": "#00703c", "blue": "#1d70b8",
                  "not_started": "#b1b4b6"}
INK, GRID = "#0b0c0c", "#b1b4b6"


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="{escape(title)}">'
            f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{''.join(body)}</svg>")


def _text(x: float, y: float, words: str, anchor: str = "start", size: int = 11, weight: str = "normal") -> str:
    return (f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" font-size="{size}" font-weight="{weight}" '
            f'fill="{INK}">{escape(words)}</text>')


def status_bars(areas: list[AreaRow]) -> str:
    """One bar per area, split by status in the legend's order, each part labelled with its count."""
    width, label_w, row_h, top = 640, 70, 26, 30
    plot_w = width - label_w - 10
    height = top + row_h * len(areas) + 8
    body = []
    # The key, in words, across the top.
    x = label_w
    for status in STATUS_ORDER:
        body.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{STATUS_COLOURS[status]}"/>')
        body.append(_text(x + 16, 16, STATUS_WORDS[status]))
        x += 22 + 7 * len(STATUS_WORDS[status]) + 16
    most = max((a.actions for a in areas), default=0) or 1
    for i, area in enumerate(areas):
        y = top + i * row_h
        body.append(_text(label_w - 8, y + 15, f"Area {area.number}", anchor="end"))
        x = float(label_w)
        for status in STATUS_ORDER:
            count = area.status_counts.get(status, 0)
            if not count:
                continue
            w = plot_w * count / most
            body.append(f'<rect x="{_n(x)}" y="{y + 2}" width="{_n(w)}" height="{row_h - 8}" '
                        f'fill="{STATUS_COLOURS[status]}" stroke="#ffffff" stroke-width="1"/>')
            if w >= 14:
                fill = INK if status in ("amber", "not_started") else "#ffffff"
                body.append(f'<text x="{_n(x + w / 2)}" y="{y + 15}" text-anchor="middle" font-size="10" '
                            f'fill="{fill}">{count}</text>')
            x += w
    desc = "; ".join(f"Area {a.number}: " + ", ".join(f"{a.status_counts.get(s, 0)} {STATUS_WORDS[s]}"
                                                     for s in STATUS_ORDER) for a in areas)
    return _svg(width, height, "Actions by status in each area", desc + ". The table has the same figures.", body)


def _ticks(top: float) -> list[float]:
    """A round top for the vertical axis and four or five ticks from 0."""
    if top <= 0:
        return [0, 1]
    rough = top / 4
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    return [step * i for i in range(math.ceil(top / step - 1e-9) + 1)]


def figure_words(value: float, unit: str) -> str:
    text = f"{value:,.1f}".removesuffix(".0")
    return f"{text}%" if unit == "percent" else f"{text} days" if unit == "days" else text


def measure_chart(m: MeasureRow) -> str | None:
    """Baselines (squares), targets (diamonds), the trajectory through them (dashed) and the readings (dots
    on a line). None when the measure has no figure at all."""
    points = ([("baseline", f.on, f.value) for f in m.baselines] + [("target", f.on, f.value) for f in m.targets]
              + [("reading", f.on, f.value) for f in m.readings])
    if not points:
        return None
    width, height = 640, 220
    left, right, top, bottom = 52, width - 110, 12, height - 36
    first = min(p[1] for p in points)
    last = max(max(p[1] for p in points), first + dt.timedelta(days=1))
    ticks = [0, 25, 50, 75, 100] if m.unit == "percent" else _ticks(max(p[2] for p in points))
    span_days = (last - first).days

    def x(day: dt.date) -> float:
        return left + (right - left) * (day - first).days / span_days

    def y(value: float) -> float:
        return bottom - (bottom - top) * value / ticks[-1]

    body = []
    for tick in ticks:
        body.append(f'<line x1="{left}" x2="{right}" y1="{_n(y(tick))}" y2="{_n(y(tick))}" stroke="{GRID}" '
                    f'stroke-width="0.5"/>')
        body.append(_text(left - 6, y(tick) + 4, figure_words(tick, "count" if m.unit == "days" else m.unit),
                          anchor="end", size=10))
    for day in sorted({first, last}):
        body.append(_text(x(day), bottom + 16, f"{day:%b %Y}", anchor="middle", size=10))
    line = rules.trajectory([rules.Point(f.on, f.value) for f in m.baselines],
                            [rules.Point(f.on, f.value) for f in m.targets])
    if len(line) > 1:
        body.append(f'<polyline points="{" ".join(f"{_n(x(p.on))},{_n(y(p.value))}" for p in line)}" fill="none" '
                    f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="6 4"/>')
    if len(m.readings) > 1:
        body.append(f'<polyline points="{" ".join(f"{_n(x(r.on))},{_n(y(r.value))}" for r in m.readings)}" '
                    f'fill="none" stroke="#1d70b8" stroke-width="2"/>')
    shapes = {"baseline": '<rect x="-5" y="-5" width="10" height="10" fill="#0b0c0c"/>',
              "target": '<rect x="-5" y="-5" width="10" height="10" fill="#ffffff" stroke="#0b0c0c" '
                        'stroke-width="1.5" transform="rotate(45)"/>',
              "reading": '<circle r="4" fill="#1d70b8"/>'}
    for kind, day, value in points:
        body.append(f'<g transform="translate({_n(x(day))},{_n(y(value))})">{shapes[kind]}</g>')
    for i, kind in enumerate(("baseline", "target", "reading")):
        body.append(f'<g transform="translate({right + 22},{top + 12 + i * 22})">{shapes[kind]}</g>')
        body.append(_text(right + 34, top + 16 + i * 22, kind.capitalize()))
    latest = m.readings[-1] if m.readings else None
    desc = (f"Latest reading {figure_words(latest.value, m.unit)} on {date_words(latest.on)}." if latest
            else "No reading yet.") + " The table beside the chart has every figure."
    return _svg(width, height, f"{m.ref} {m.name}: baselines, targets and readings", desc, body)
