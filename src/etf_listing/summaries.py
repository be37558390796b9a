"""What rules compute from an index alone, shared by the products that track it.

A 3-month mean, a weight, a total, the top-85% ranking: these read only the index, the evaluation
date and the rulebook's parameters, so the products that track one index need them computed once.
They are kept here, beside the indices rather than on them (an ``Index`` is a frozen value and
carries no cache), in a memo keyed by the index object itself, the evaluation date and every
parameter's value: a copy of an index (``dataclasses.replace``) is another object and starts with
nothing, and another date or another parameter gets its own summary.

The memo is bounded: the latest ``INDICES_KEPT`` indices, each with its latest ``SUMMARIES_KEPT``
summaries (a tool checking many dates in one long-lived process). It holds those indices alive
until they are pushed out; nothing in it changes a result, only how often one is computed.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from typing import Any, Hashable

INDICES_KEPT = 8  # indices whose summaries are kept (products are usually grouped by index)
SUMMARIES_KEPT = 8  # per index: dates and parameter sets whose summaries are kept

_lock = threading.Lock()
# id(index) -> (the index, its summaries by (date, parameters)); the index is held so that its id
# cannot be reused by another object while the entry exists.
_kept: OrderedDict[int, tuple[object, OrderedDict[Hashable, dict[Any, Any]]]] = OrderedDict()


def summary_of(index: object, as_of: dt.date, parameters: Hashable) -> dict[Any, Any]:
    """The summary (a memo, filled by the evaluation) of ``index`` on ``as_of`` under ``parameters``
    (a hashable rendering of every parameter's value)."""
    with _lock:
        entry = _kept.get(id(index))
        if entry is None or entry[0] is not index:
            entry = _kept[id(index)] = (index, OrderedDict())
            while len(_kept) > INDICES_KEPT:
                _kept.popitem(last=False)  # the index used longest ago
        _kept.move_to_end(id(index))
        summaries = entry[1]
        key = (as_of, parameters)
        summary = summaries.get(key)
        if summary is None:
            while len(summaries) >= SUMMARIES_KEPT:
                summaries.popitem(last=False)  # the oldest
            summary = summaries[key] = {}
        return summary


def summaries_kept(index: object) -> list[Hashable]:
    """The (date, parameters) keys of the summaries kept for ``index``, oldest first."""
    with _lock:
        entry = _kept.get(id(index))
        return list(entry[1]) if entry is not None and entry[0] is index else []


def forget(index: object | None = None) -> None:
    """Drop the summaries of ``index`` (of every index when None): the next evaluation computes them
    afresh (a benchmark measuring a first evaluation)."""
    with _lock:
        if index is None:
            _kept.clear()
        elif id(index) in _kept and _kept[id(index)][0] is index:
            del _kept[id(index)]


__all__ = ["INDICES_KEPT", "SUMMARIES_KEPT", "forget", "summaries_kept", "summary_of"]
