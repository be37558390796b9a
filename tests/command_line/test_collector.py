"""The check pauses the cyclic garbage collector while it starts (imports, the rulebook) and gives
it back for the products (etf_listing.collector): never left off, never turned on against the
caller's wish."""

from __future__ import annotations

import gc
from typing import Iterator

import pytest

from etf_listing.collector import paused, started


@pytest.fixture
def collecting() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        gc.unfreeze()
        if not was:
            gc.disable()


def test_start_up_is_not_collected_and_the_rest_is(collecting: None) -> None:
    seen = []

    def run() -> str:
        seen.append(gc.isenabled())
        started()
        seen.append(gc.isenabled())
        seen.append(gc.get_freeze_count() > 0)  # what start-up built is set aside
        return "done"

    assert paused(run) == "done"
    assert seen == [False, True, True]
    assert gc.isenabled()


def test_a_start_that_never_ends_still_gives_the_collector_back(collecting: None) -> None:
    assert paused(lambda: gc.isenabled()) is False
    assert gc.isenabled()

    def failing() -> None:
        raise ValueError("a bug")

    with pytest.raises(ValueError):
        paused(failing)
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off(collecting: None) -> None:
    gc.disable()
    seen = []

    def run() -> None:
        started()
        seen.append(gc.isenabled())

    paused(run)
    assert seen == [False] and not gc.isenabled()
    gc.enable()


def test_started_outside_a_paused_start_does_nothing(collecting: None) -> None:
    before = gc.get_freeze_count()
    started()
    assert gc.isenabled() and gc.get_freeze_count() == before


def test_the_products_are_collected_less_often_and_the_callers_threshold_comes_back(collecting: None) -> None:
    from etf_listing.collector import PRODUCTS_THRESHOLD

    before = gc.get_threshold()
    seen = []

    def run() -> None:
        started()
        seen.append(gc.get_threshold())
        raise ValueError("a bug")

    with pytest.raises(ValueError):
        paused(run)
    assert seen == [(max(before[0], PRODUCTS_THRESHOLD), *before[1:])] and seen[0][0] >= 10_000
    assert gc.get_threshold() == before and gc.isenabled()
    gc.set_threshold(50_000, *before[1:])  # a caller's own, higher threshold stays as it is
    try:
        paused(lambda: seen.append(started() or gc.get_threshold()))
        assert seen[-1][0] == 50_000 and gc.get_threshold()[0] == 50_000
    finally:
        gc.set_threshold(*before)
