"""The charts of a product's section, chosen by the shape of its results, never by rule id.

The results carry what every format renders: a check over each item records every item it judged
with its figure (``Result.figures``), a single-figure check its observed figure, operator and
threshold. Nothing is evaluated again here; figures are only ordered, cumulated for display and
drawn. What a result's shape gives:

- a check over each item with numeric figures: the items against the limit, worst first, the long
  tail folded into one line (the 30% single-issue cap; UCITS and SEBI issuer limits);
- figures that are shares of one whole (they add up to exactly 1), together with checks over a
  subset of the same items (the top 85%): the cumulative share by rank with the cut, which is the
  subset rules' ratio parameter, the subset's issues dotted and their offenders marked;
- a single share checked against a floor (PDF coverage by market cap and by count): what counts
  and the rest, against the floor;
- a single amount or count checked against a threshold (principal, units, APs, LPs): the figure
  against its threshold, with near misses marked.

Each chart comes with its title, a description, and a table of the figures it draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from decimal import Decimal
from typing import Any, Callable, Sequence

from ...formatting import describe_headroom, format_threshold, format_value, in_language, is_near_miss, label
from ...vocabulary.numbers import Ratio, add_all, exact, is_number
from . import svg
from .words import WORDS

ROWS_SHOWN = 15  # items drawn before the long tail is folded into one line
TABLE_ROWS = 30  # issues within a cut listed before the rest are counted


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    marks: tuple[str, ...]  # a class for each row: offender, near, fold or ""
    note: str = ""


@dataclass(frozen=True)
class Figure:
    """A chart with what makes it readable without seeing it: title, description, the figures."""

    id: str
    title: str
    description: str
    svg: str
    table: Table | None
    rules: tuple[str, ...] = field(default_factory=tuple)
    see: str = ""  # drawn already, for another product on the same index: the id of that chart


class Drawn:
    """The index's charts drawn so far in a page. Products on one index share the results of the
    checks that read the index alone (one judgement per index, the same objects), so those charts
    are drawn once, with the first product, and later products point to them: a run over a
    thousand products on ten indices draws ten sets."""

    def __init__(self) -> None:
        self.charts: dict[tuple[str, int], tuple[Any, str]] = {}
        self.shapes: dict[int, tuple[Any, bool, bool]] = {}

    def shape(self, result: Any) -> tuple[bool, bool]:
        """Whether ``result`` has numeric figures for each item, and whether they are shares of one
        whole: looked at once for figures shared by the products on an index."""
        found = self.shapes.get(id(result.figures))
        if found is None or found[0] is not result.figures:
            numeric = _numeric_figures(result)
            found = self.shapes[id(result.figures)] = (result.figures, numeric, numeric and _is_shares(result))
        return found[1], found[2]

    def find(self, kind: str, figures: Any) -> str:
        found = self.charts.get((kind, id(figures)))
        return found[1] if found is not None and found[0] is figures else ""

    def add(self, kind: str, figures: Any, chart_id: str) -> None:
        self.charts[(kind, id(figures))] = (figures, chart_id)  # kept, so that the id stays theirs


def figures(report: Any, section: str, lang: str, near_miss: Decimal, drawn: Drawn | None = None) -> list[Figure]:
    """The charts for one report, in reading order; ``section`` makes their ids unique."""
    return _Charts(report, section, lang, near_miss, drawn or Drawn()).all()


def _float(value: Any) -> float:
    return float(exact(value))


def _numeric_figures(result: Any) -> bool:
    return (result.status in ("pass", "fail", "waived", "at_risk") and bool(result.figures)
            and all(is_number(v) and not isinstance(v, bool) for _, v in result.figures)
            and is_number(result.threshold) and result.operator in ("<=", "<", ">=", ">"))


def _is_shares(result: Any) -> bool:
    """Figures that are shares of one whole: ratios that add up to exactly 1."""
    values = [v for _, v in result.figures]
    if result.rule.unit != "ratio" or not all(isinstance(v, (Ratio, Decimal, int)) for v in values):
        return False
    try:
        return bool(add_all(values) == 1)
    except ArithmeticError:
        return False


class _Charts:
    def __init__(self, report: Any, section: str, lang: str, near_miss: Decimal, drawn: Drawn):
        self.report, self.section, self.lang, self.near_miss = report, section, lang, near_miss
        self.drawn = drawn
        self.words = WORDS[lang]
        self.count = 0

    def _id(self) -> str:
        self.count += 1
        return f"{self.section}-c{self.count}"

    def all(self) -> list[Figure]:
        results = self.report.results
        per_item = [r for r in results if r.figures and self.drawn.shape(r)[0]]
        drawn: set[str] = set()
        out: list[Figure] = []
        for whole in [r for r in per_item if self.drawn.shape(r)[1]]:
            out.append(self._once("items", whole, partial(self.items, whole)))
            drawn.add(whole.rule.id)
            keys = {m.key for m, _ in whole.figures}
            subsets = [r for r in per_item if r is not whole and r.rule.id not in drawn
                       and {m.key for m, _ in r.figures} < keys]
            if subsets:
                out.append(self._once("cumulative", whole, partial(self.cumulative, whole, subsets)))
                for subset in subsets:
                    out.append(self._once("items", subset, partial(self.items, subset)))
                    drawn.add(subset.rule.id)
        out += [self._once("items", r, partial(self.items, r)) for r in per_item if r.rule.id not in drawn]
        floors = [r for r in results if self._share_against_floor(r)]
        if floors:
            out.append(self.floors(floors))
        amounts = [r for r in results if self._amount_against_threshold(r)]
        if amounts:
            out.append(self.amounts(amounts))
        return out

    def _once(self, kind: str, result: Any, draw: Callable[[], Figure]) -> Figure:
        """The chart ``draw`` makes, or, when the same figures were drawn for an earlier product on
        the same index, a pointer to it (nothing is computed for it again)."""
        found = self.drawn.find(kind, result.figures)
        if found:
            title = self._title(result) if kind == "items" else self.words["cumulative_title"]
            return Figure(self._id(), title, "", "", None, (result.rule.id,), see=found)
        figure = draw()
        self.drawn.add(kind, result.figures, figure.id)
        return figure

    # -- what a result is ---------------------------------------------------------------------

    @staticmethod
    def _single(result: Any) -> bool:
        return (result.status in ("pass", "fail", "waived", "at_risk") and not result.figures
                and is_number(result.observed) and not isinstance(result.observed, bool)
                and is_number(result.threshold) and not isinstance(result.threshold, bool))

    def _share_against_floor(self, result: Any) -> bool:
        return (self._single(result) and result.rule.unit == "ratio" and result.operator in (">=", ">")
                and 0 <= exact(result.observed) <= 1)

    def _amount_against_threshold(self, result: Any) -> bool:
        return (self._single(result) and result.rule.unit not in ("ratio", "multiple")
                and result.operator in (">=", ">", "<=", "<"))

    def _mark(self, result: Any) -> str:
        if result.status in ("fail", "waived", "at_risk"):
            return {"fail": "offender", "waived": "waived", "at_risk": "at-risk"}[result.status]
        return "near" if is_near_miss(result, self.near_miss) else ""

    def _value(self, value: Any, result: Any) -> str:
        return format_value(value, result.rule.unit, self.lang, avoid=result.threshold)

    def _limit(self, result: Any) -> str:
        return format_threshold(result.threshold, result.operator, result.rule.unit, self.lang)

    def _title(self, result: Any) -> str:
        return in_language(result.rule.title, self.lang)

    # -- the charts ---------------------------------------------------------------------------

    def items(self, result: Any) -> Figure:
        """Every item's figure against the limit, worst first; the tail folded into one line."""
        w = self.words
        upper = result.operator in ("<=", "<")
        offenders = {item.key for item in result.items}
        ordered = sorted(result.figures, key=lambda pair: pair[0].key)
        ordered.sort(key=lambda pair: pair[1], reverse=upper)
        shown = list(ordered[:ROWS_SHOWN])
        rest = ordered[ROWS_SHOWN:]
        shown += [pair for pair in rest if pair[0].key in offenders]  # every offender is drawn
        rest = [pair for pair in rest if pair[0].key not in offenders]
        bars = [svg.Bar(label(m.identity()), _float(v), self._value(v, result),
                        "offender" if m.key in offenders else "") for m, v in shown]
        rows = [(str(n), label(m.identity()), self._value(v, result),
                 w["offender"] if m.key in offenders else w["within_limit"]) for n, (m, v) in enumerate(shown, 1)]
        marks = ["offender" if m.key in offenders else "" for m, _ in shown]
        if rest:
            if _is_shares(result):
                together = format_value(add_all([v for _, v in rest]), result.rule.unit, self.lang)
                folded = w["fold_together"].format(count=len(rest), total=together)
            else:
                folded = w["fold_each"][upper].format(count=len(rest), value=self._value(rest[0][1], result))
            bars.append(svg.Bar(folded, 0.0, "", "fold"))
            rows.append(("", folded, "", ""))
            marks.append("fold")
        values = [_float(v) for _, v in shown] + [_float(result.threshold)]
        log = result.rule.unit == "krw"
        scale = svg.Scale(max(values) * (1.0 if log else 1.08), min(values), log=log)
        title = self._title(result)
        description = w["items_description"][upper].format(
            count=len(result.figures), limit=self._limit(result), offenders=len(offenders))
        chart_id = self._id()
        drawing = svg.bars(chart_id, title, description, bars, scale, _float(result.threshold),
                           self._limit(result))
        table = Table((w["rank"], w["item"], w["figure"], w["status"]), tuple(rows), tuple(marks))
        return Figure(chart_id, title, description, drawing, table, (result.rule.id,))

    def cumulative(self, whole: Any, subsets: Sequence[Any]) -> Figure:
        """The cumulative share by rank, the cut, the issues within it and their offenders."""
        w = self.words
        ordered = sorted(whole.figures, key=lambda pair: pair[0].key)
        ordered.sort(key=lambda pair: pair[1], reverse=True)
        within = {m.key for subset in subsets for m, _ in subset.figures}
        offenders = {item.key for subset in subsets for item in subset.items}
        figures_of = [{m.key: v for m, v in subset.figures} for subset in subsets]
        running: list[Any] = []
        for _, share in ordered:
            running.append(running[-1] + share if running else share)
        cut_value = self._cut(subsets)
        cut_label = w["cut"].format(cut=format_value(cut_value, "ratio", self.lang)) if cut_value is not None else ""
        drawing_id = self._id()
        title = w["cumulative_title"]
        description = w["cumulative_description"].format(
            count=len(ordered), within=len(within), cut=cut_label or "-", offenders=len(offenders))
        drawing = svg.cumulative(drawing_id, title, description, [_float(r) for r in running],
                                 [m.key in within for m, _ in ordered], [m.key in offenders for m, _ in ordered],
                                 _float(cut_value) if cut_value is not None else None, cut_label, w["rank_axis"])
        columns = (w["rank"], w["item"], w["share"], w["cumulative"],
                   *(self._title(subset) for subset in subsets))
        rows, marks = [], []
        listed = 0
        for n, ((member, share), cumulated) in enumerate(zip(ordered, running), start=1):
            if member.key not in within:
                continue
            listed += 1
            if listed > TABLE_ROWS and member.key not in offenders:
                continue
            cells = [str(n), label(member.identity()), format_value(share, "ratio", self.lang),
                     format_value(cumulated, "ratio", self.lang)]
            for subset, values in zip(subsets, figures_of):
                value = values.get(member.key)
                bad = any(item.key == member.key for item in subset.items)
                cells.append(("✘ " if bad else "") + (self._value(value, subset) if value is not None else "-"))
            rows.append(tuple(cells))
            marks.append("offender" if member.key in offenders else "")
        note = w["more_within"].format(count=listed - len(rows)) if listed > len(rows) else ""
        limits = "; ".join(f"{self._title(s)}: {self._limit(s)}" for s in subsets)
        table = Table(columns, tuple(rows), tuple(marks), note=(note + " " if note else "") + limits)
        return Figure(drawing_id, title, description, drawing, table, tuple(s.rule.id for s in subsets))

    def _cut(self, subsets: Sequence[Any]) -> Any:
        """The share that bounds the subset: the ratio parameter its rules use, where there is one."""
        declared = self.report.rulebook.parameters
        for subset in subsets:
            for name, value in subset.parameters.items():
                parameter = declared.get(name)
                if parameter is not None and parameter.unit == "ratio" and is_number(value):
                    return value
        return None

    def floors(self, results: Sequence[Any]) -> Figure:
        w = self.words
        rows, table_rows, marks = [], [], []
        for result in results:
            part = exact(result.observed)
            rest = 1 - part
            shown = self._value(result.observed, result)
            rest_shown = w["rest"].format(value=format_value(rest, "ratio", self.lang))
            mark = self._mark(result)
            rows.append((self._title(result), _float(part), shown, rest_shown, _float(result.threshold),
                         self._limit(result), mark))
            table_rows.append((self._title(result), shown, format_value(rest, "ratio", self.lang),
                               self._limit(result), self._headroom(result), w[result.status]))
            marks.append(mark)
        chart_id = self._id()
        title = w["floors_title"]
        description = w["floors_description"].format(count=len(results))
        drawing = svg.shares(chart_id, title, description, rows)
        table = Table((w["rule"], w["counted"], w["rest_column"], w["threshold"], w["headroom"], w["status"]),
                      tuple(table_rows), tuple(marks))
        return Figure(chart_id, title, description, drawing, table, tuple(r.rule.id for r in results))

    def amounts(self, results: Sequence[Any]) -> Figure:
        w = self.words
        rows, table_rows, marks = [], [], []
        for result in results:
            mark = self._mark(result)
            rows.append((self._title(result), _float(result.observed), _float(result.threshold),
                         self._value(result.observed, result), self._limit(result), mark))
            status = w[result.status] + (f" · {w['near_miss']}" if mark == "near" else "")
            table_rows.append((self._title(result), self._value(result.observed, result), self._limit(result),
                               self._headroom(result), status))
            marks.append(mark)
        chart_id = self._id()
        title = w["amounts_title"]
        description = w["amounts_description"].format(
            count=len(results), near=sum(1 for m in marks if m == "near"),
            failing=sum(1 for m in marks if m in ("offender", "waived", "at-risk")))
        drawing = svg.against(chart_id, title, description, rows)
        table = Table((w["rule"], w["observed"], w["threshold"], w["headroom"], w["status"]),
                      tuple(table_rows), tuple(marks))
        return Figure(chart_id, title, description, drawing, table, tuple(r.rule.id for r in results))

    def _headroom(self, result: Any) -> str:
        return describe_headroom(result.headroom, result.operator or "", result.threshold, result.rule.unit, self.lang)
