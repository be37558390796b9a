"""The records ``records.made`` makes of one class while a test runs: what the tests of rows kept as
columns (``records.Rows``) count."""

from __future__ import annotations

from typing import Any

import pytest

from etf_listing import records


def made_of(cls: type, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, the number of records of ``cls`` each call of ``records.made`` makes, in order."""
    made: list[int] = []
    making = records.made

    def counted(kind: type, count: int, **columns: Any) -> list[Any]:
        if kind is cls:
            made.append(count)
        return making(kind, count, **columns)

    monkeypatch.setattr(records, "made", counted)
    return made
