"""The cyclic garbage collector while a check starts.

A check starts by importing its modules and compiling the rulebook: everything it allocates then
lives until the end of the run, so the collector's passes over it (most of them over the whole
heap built so far) find nothing to free, and cost the shipped example a tenth of its time. The
check therefore pauses the collector for its start-up (``paused``) and, once the rulebook is
compiled (``started``), sets what start-up built aside (``gc.freeze``: later passes skip it) and
collects again for the products, whatever their size: a pass once ``PRODUCTS_THRESHOLD`` more
objects are alive than before the last, not 700 (Python's default). Checking a product makes and
drops hundreds of thousands of objects, nearly all gone before a pass would look at them; at 700
the batch of 1,000 products ran a thousand passes a process, a twentieth of its time, and freed
nothing by them (evaluation leaves no reference cycles: a test checks). The caller's threshold is
given back when the check ends.
"""

from __future__ import annotations

import gc
from typing import Callable, TypeVar

T = TypeVar("T")

_paused = False
_threshold: tuple[int, ...] | None = None  # the caller's thresholds, while the products' is in force

PRODUCTS_THRESHOLD = 10_000


def paused(start: Callable[[], T]) -> T:
    """``start()`` with the collector paused until it calls ``started`` (or returns); a collector
    already disabled by the caller stays as it is."""
    global _paused
    if not gc.isenabled():
        return start()
    gc.disable()
    _paused = True
    try:
        return start()
    finally:
        if _paused:
            _paused = False
            gc.enable()
        _restore()


def started() -> None:
    """Start-up is over: what it built is set aside for the collector, which collects again, at
    the products' threshold."""
    global _paused, _threshold
    if _paused:
        _paused = False
        gc.freeze()
        _threshold = gc.get_threshold()
        gc.set_threshold(max(_threshold[0], PRODUCTS_THRESHOLD), *_threshold[1:])
        gc.enable()


def _restore() -> None:
    global _threshold
    if _threshold is not None:
        gc.set_threshold(*_threshold)
        _threshold = None
