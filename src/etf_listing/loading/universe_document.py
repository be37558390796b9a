"""The universe file's fields as a pydantic model: what a universe may hold, for the JSON Schema and
for the messages about a universe file that ``loading.universe`` does not read directly."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .documents import Reference, _Strict


class UniverseDocument(_Strict):
    kind: Literal["index-universe"]
    schema_version: Literal[1]
    name: str = Field(min_length=1, description="What the universe is (the markets and the review).")
    description: str | None = None
    as_of: dt.date | None = Field(None, description="The review date (YYYY-MM-DD); --as-of overrides it.")
    companies: Reference = Field(description="The listed companies: a CSV file relative to this file, or a list of rows.")
    previous_constituents: Reference | None = Field(
        None, description="The index's constituents before this review (code, optional name and special_until): "
                          "a CSV file or a list of rows; additions, deletions and turnover are measured against it.")


__all__ = ["UniverseDocument"]
