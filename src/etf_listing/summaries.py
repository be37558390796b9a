"""What rules compute from an index alone, shared by the products that track it.

A 3-month mean, a weight, a total, the top-85% ranking: these read only the index, the evaluation
date and the rulebook's parameters, so the products that track one index need them computed once.
They are kept here, beside the indices rather than on them (an ``Index`` is a frozen value and
carries no cache), in a memo keyed by the index object itself, the evaluation date and every
parameter's value: a copy of an index (``dataclasses.replace``) is another object and starts with
nothing, and another date or another parameter gets its own summary.

An index's summaries live as long as the index does: they are dropped when the index is no longer
referenced (a weak reference's finalizer), so a run over any number of indices computes each
index's summary once, however its products are ordered, and holds no index alive. Each index
keeps its latest ``SUMMARIES_KEPT`` summaries (a tool checking many dates in one long-lived
process). Nothing here changes a result, only how often one is computed.
"""

from __future__ import annotations

import _thread
import datetime as dt
import weakref
from collections import OrderedDict
from typing import Any, Hashable

SUMMARIES_KEPT = 8  # per index: dates and parameter sets whose summaries are kept

_lock = _thread.allocate_lock()  # threading.Lock itself, without importing threading at start-up
# id(index) -> (a weak reference to the index, its summaries by (date, parameters)). The entry is
# removed when the index is collected, before its id can be given to another object.
_kept: dict[int, tuple[weakref.ref[Any], OrderedDict[Hashable, dict[Any, Any]]]] = {}


def _drop(key: int) -> None:
    with _lock:
        _kept.pop(key, None)


def _entry(index: object) -> tuple[weakref.ref[Any], OrderedDict[Hashable, dict[Any, Any]]] | None:
    entry = _kept.get(id(index))
    return entry if entry is not None and entry[0]() is index else None


def summary_of(index: object, as_of: dt.date, parameters: Hashable) -> dict[Any, Any]:
    """The summary (a memo, filled by the evaluation) of ``index`` on ``as_of`` under ``parameters``
    (a hashable rendering of every parameter's value)."""
    with _lock:
        entry = _entry(index)
        if entry is None:
            entry = _kept[id(index)] = (weakref.ref(index), OrderedDict())
            weakref.finalize(index, _drop, id(index))
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
        entry = _entry(index)
        return list(entry[1]) if entry is not None else []


def indices_summarised() -> int:
    """How many indices have summaries kept (those still referenced somewhere)."""
    with _lock:
        return len(_kept)


def forget(index: object | None = None) -> None:
    """Drop the summaries of ``index`` (of every index when None): the next evaluation computes them
    afresh (a benchmark measuring a first evaluation)."""
    with _lock:
        if index is None:
            _kept.clear()
        elif _entry(index) is not None:
            del _kept[id(index)]


__all__ = ["SUMMARIES_KEPT", "forget", "indices_summarised", "summaries_kept", "summary_of"]
