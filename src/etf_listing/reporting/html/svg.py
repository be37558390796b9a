"""Static SVG charts for the HTML report: horizontal bars against a limit, a cumulative curve with a
cut, stacked shares against a floor. No plotting library: a few hundred bytes of markup a chart,
drawn the same way in a browser and in print, with nothing to fetch.

Positions are floats (display only, rounded to a tenth of a unit so that the bytes are the same on
every run); the figures written on a chart are the exact ones, formatted by the caller. Every
string is escaped here, whatever its source. Each chart carries a ``<title>`` and a ``<desc>``
(``role="img"``, labelled by both) so that a screen reader announces what it shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Sequence

WIDTH = 640
LABEL_WIDTH = 190
VALUE_WIDTH = 120
ROW = 18
TOP = 8
AXIS = 22
PAD = 8
BAND = 48  # a row of the charts whose label stands above the bar


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: its label, where the bar ends (in the chart's scale), the figure
    written beside it, and how it is marked (``offender``, ``near``, ``fold`` or ``""``)."""

    label: str
    value: float
    shown: str
    mark: str = ""


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _frame(chart_id: str, title: str, description: str, height: float, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {_n(height)}" '
            f'width="{WIDTH}" height="{_n(height)}" aria-labelledby="{chart_id}-t {chart_id}-d">'
            f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>'
            + "".join(body) + "</svg>")


class Scale:
    """Figures to x positions, linear from 0 or logarithmic (for amounts spanning many orders)."""

    def __init__(self, largest: float, smallest: float = 0.0, log: bool = False,
                 left: float = LABEL_WIDTH, right: float = WIDTH - VALUE_WIDTH):
        self.log = log and largest > 0
        self.left, self.right = left, right
        self.low: float
        self.high: float
        if self.log:
            floor = smallest if smallest > 0 else largest / 1e6
            self.low = float(math.floor(math.log10(floor)))
            self.high = float(max(math.ceil(math.log10(largest)), self.low + 1))
        else:
            self.low, self.high = 0.0, largest if largest > 0 else 1.0

    def x(self, value: float) -> float:
        if self.log:
            position = (math.log10(value) - self.low) / (self.high - self.low) if value > 0 else 0.0
        else:
            position = value / self.high
        return self.left + max(0.0, min(1.0, position)) * (self.right - self.left)


def bars(chart_id: str, title: str, description: str, rows: Sequence[Bar], scale: Scale,
         limit: float | None, limit_label: str) -> str:
    """Horizontal bars, one a row, with a vertical line at ``limit``; offenders in the failing
    colour, near misses in the warning colour, a folded row as text only."""
    height = TOP + len(rows) * ROW + AXIS
    body = []
    for n, row in enumerate(rows):
        y = TOP + n * ROW
        classes = f"row {row.mark}".strip()
        body.append(f'<g class="{classes}">')
        body.append(f'<text class="label" x="{LABEL_WIDTH - 6}" y="{_n(y + 13)}" text-anchor="end">{escape(_clip(row.label))}</text>')
        if row.mark != "fold":
            end = scale.x(row.value)
            body.append(f'<rect class="bar" x="{LABEL_WIDTH}" y="{_n(y + 3)}" width="{_n(max(end - LABEL_WIDTH, 1.0))}" height="{ROW - 6}"/>')
        body.append(f'<text class="value" x="{_n(scale.right + 6)}" y="{_n(y + 13)}">{escape(row.shown)}</text>')
        body.append("</g>")
    if limit is not None:
        x = scale.x(limit)
        bottom = TOP + len(rows) * ROW
        body.append(f'<line class="limit" x1="{_n(x)}" y1="{TOP - 4}" x2="{_n(x)}" y2="{_n(bottom + 4)}"/>')
        body.append(f'<text class="limit-label" x="{_n(x)}" y="{_n(bottom + 17)}" text-anchor="middle">{escape(limit_label)}</text>')
    return _frame(chart_id, title, description, height, body)


def cumulative(chart_id: str, title: str, description: str, points: Sequence[float], within: Sequence[bool],
               marked: Sequence[bool], cut: float | None, cut_label: str, axis_label: str) -> str:
    """The cumulative share (0 to 1) by rank as a line, a dot for each issue within the cut (hollow
    beyond it, the marked ones in the failing colour), and a horizontal line at ``cut``."""
    height, left, right, top, bottom = 260.0, 50.0, WIDTH - 20.0, 12.0, 230.0
    count = len(points)

    def x(rank: int) -> float:
        return left + (rank / count if count else 0.0) * (right - left)

    def y(share: float) -> float:
        return bottom - max(0.0, min(1.0, share)) * (bottom - top)

    body = [f'<line class="axis" x1="{_n(left)}" y1="{_n(bottom)}" x2="{_n(right)}" y2="{_n(bottom)}"/>',
            f'<line class="axis" x1="{_n(left)}" y1="{_n(top)}" x2="{_n(left)}" y2="{_n(bottom)}"/>']
    for tick in (0, 25, 50, 75, 100):
        body.append(f'<text class="tick" x="{_n(left - 4)}" y="{_n(y(tick / 100) + 4)}" text-anchor="end">{tick}%</text>')
    body.append(f'<text class="tick" x="{_n(right)}" y="{_n(bottom + 16)}" text-anchor="end">{escape(axis_label)}</text>')
    path: list[str] = []
    last = ""
    for rank, share in enumerate([0.0, *points]):
        point = f"{_n(x(rank))},{_n(y(share))}"
        if point != last:  # thousands of issues collapse to the pixels they cover
            path.append(point)
            last = point
    body.append(f'<polyline class="curve" points="{" ".join(path)}"/>')
    dots: list[str] = []
    seen: set[str] = set()
    for rank, (share, inside, mark) in enumerate(zip(points, within, marked), start=1):
        cx, cy = _n(x(rank)), _n(y(share))
        kind = "offender" if mark else ("within" if inside else "beyond")
        if not mark and (cx, cy, kind) in seen:
            continue
        seen.add((cx, cy, kind))  # type: ignore[arg-type]
        if inside or mark:
            dots.append(f'<circle class="dot {kind}" cx="{cx}" cy="{cy}" r="{3.5 if mark else 2.5}"/>')
    if count <= 400:  # beyond that, dots for issues past the cut would only thicken the line
        dots += [f'<circle class="dot beyond" cx="{_n(x(rank))}" cy="{_n(y(share))}" r="2"/>'
                 for rank, (share, inside, mark) in enumerate(zip(points, within, marked), start=1)
                 if not inside and not mark]
    body += dots
    if cut is not None:
        body.append(f'<line class="limit" x1="{_n(left)}" y1="{_n(y(cut))}" x2="{_n(right)}" y2="{_n(y(cut))}"/>')
        body.append(f'<text class="limit-label" x="{_n(right)}" y="{_n(y(cut) - 4)}" text-anchor="end">{escape(cut_label)}</text>')
    return _frame(chart_id, title, description, height, body)


def shares(chart_id: str, title: str, description: str, rows: Sequence[tuple[str, float, str, str, float, str, str]]) -> str:
    """One 0-100% bar a row, split into the share that counts (``part``) and the rest, with a tick
    at the row's floor; the row's label above its bar. A row: (label, part, part shown, rest shown,
    floor, floor shown, mark)."""
    height = TOP + len(rows) * BAND + 4
    scale = Scale(1.0, left=PAD, right=WIDTH - VALUE_WIDTH)
    body = []
    for n, (label, part, part_shown, rest_shown, floor, floor_shown, mark) in enumerate(rows):
        y = TOP + n * BAND
        end = scale.x(part)
        body.append(f'<g class="{("row " + mark).strip()}">')
        body.append(f'<text class="label" x="{PAD}" y="{_n(y + 10)}">{escape(_clip(label, 90))}</text>')
        body.append(f'<rect class="bar held" x="{PAD}" y="{_n(y + 16)}" width="{_n(end - PAD)}" height="14"/>')
        body.append(f'<rect class="bar rest" x="{_n(end)}" y="{_n(y + 16)}" width="{_n(scale.right - end)}" height="14"/>')
        body.append(f'<text class="value" x="{_n(scale.right + 6)}" y="{_n(y + 27)}">{escape(part_shown)}</text>')
        body.append(f'<text class="tick" x="{_n(scale.right + 6)}" y="{_n(y + 40)}">{escape(rest_shown)}</text>')
        body += _tick(scale.x(floor), y + 12, floor_shown)
        body.append("</g>")
    return _frame(chart_id, title, description, height, body)


def against(chart_id: str, title: str, description: str,
            rows: Sequence[tuple[str, float, float, str, str, str]]) -> str:
    """Each figure against its own threshold, one a row, the row's label above its bar. Every row
    has its own scale with the threshold at the same place (a third of the way), so that the
    distances compare: (label, observed, threshold, observed shown, threshold shown, mark). A figure
    beyond three times its threshold is drawn to the edge with a break."""
    height = TOP + len(rows) * BAND + 4
    body = []
    for n, (label, observed, threshold, observed_shown, threshold_shown, mark) in enumerate(rows):
        y = TOP + n * BAND
        largest = 3 * threshold if threshold > 0 else max(observed, 1.0)
        scale = Scale(largest, left=PAD, right=WIDTH - VALUE_WIDTH)
        end = scale.x(min(max(observed, 0.0), largest))
        body.append(f'<g class="{("row " + mark).strip()}">')
        body.append(f'<text class="label" x="{PAD}" y="{_n(y + 10)}">{escape(_clip(label, 90))}</text>')
        body.append(f'<rect class="bar" x="{PAD}" y="{_n(y + 16)}" width="{_n(max(end - PAD, 1.0))}" height="14"/>')
        if observed > largest:
            body.append(f'<path class="break" d="M{_n(end - 12)},{_n(y + 13)} l4,20 M{_n(end - 6)},{_n(y + 13)} l4,20"/>')
        body.append(f'<text class="value" x="{_n(scale.right + 6)}" y="{_n(y + 27)}">{escape(observed_shown)}</text>')
        body += _tick(scale.x(threshold), y + 12, threshold_shown)
        body.append("</g>")
    return _frame(chart_id, title, description, height, body)


def _tick(x: float, y: float, label: str) -> list[str]:
    return [f'<line class="limit" x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x)}" y2="{_n(y + 22)}"/>',
            f'<text class="limit-label" x="{_n(x)}" y="{_n(y + 32)}" text-anchor="middle">{escape(label)}</text>']


def _clip(text: str, width: int = 28) -> str:
    """A label that fits its column (the table beside the chart has the full name)."""
    single = " ".join(text.split())
    return single if len(single) <= width else single[: width - 1] + "…"
