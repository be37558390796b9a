"""JSON Schemas of the product, index and rulebook files, for editors (``etf-check schema``).

The product and index schemas come from the pydantic models that validate those files
(``documents.py``); the rows of an inline constituent list, daily series or PDF come from the
column definitions the loader reads them with, so a schema cannot drift from what is accepted.
The rulebook schema is the one the rulebook compiler checks against.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Callable

from pydantic.json_schema import GenerateJsonSchema

from ..rulebook import rulebook_schema
from .documents import MONEY_PATTERN, MONEY_SCHEMA, NUMBER_PATTERN, IndexDocument, ProductDocument
from .load import CALENDAR_COLUMNS, CONSTITUENT_COLUMNS, HOLDING_COLUMNS, MARKET_DATA_COLUMNS, PDF_COLUMNS, market
from .markets import MARKETS
from .tables import Columns, boolean, code, decimal, iso_date, money, quantity, ratio, signed_krw, text
from .universe import COMPANY_COLUMNS, PREVIOUS_COLUMNS, amount, figure, flag, reason, share, share_class, signed_money
from .universe_document import UniverseDocument

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://etf-listing.invalid/schemas/"


def _any_case(*words: str) -> str:
    """A pattern for ``words`` in any letter case (JSON Schema patterns have no ignore-case flag)."""
    spelt = ("".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in word) for word in words)
    return rf"^\s*(?:{'|'.join(spelt)})\s*$"


# The JSON Schema of each column reader (tables.py): what the reader accepts from YAML.
CELLS: dict[Callable[[Any], Any], dict[str, Any]] = {
    code: {"type": ["string", "integer"], "minLength": 1,
           "description": "The issue's code, as text: quote a code with leading zeros ('005930')."},
    text: {"type": ["string", "integer"], "minLength": 1},
    market: {"type": "string", "minLength": 1,
             "description": f"The market: {', '.join(MARKETS)}, or as KRX writes it (유가증권시장, 코스닥, KOSDAQ GLOBAL ...)."},
    share_class: {"type": "string", "minLength": 1,
                  "description": "common (보통주) or preferred (우선주); another class as written, which the screen excludes."},
    reason: {"type": "string", "minLength": 1, "description": "Why KRX marked the company unsuitable; a dash (-), false, none or 없음 is none."},
    boolean: {"anyOf": [{"type": "boolean"}, {"enum": [0, 1]},
                        {"type": "string", "pattern": _any_case("true", "false", "yes", "no", "y", "n", "1", "0")}]},
    decimal: {"anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMBER_PATTERN}]},
    flag: {"anyOf": [{"type": "boolean"}, {"enum": [0, 1]},
                     {"type": "string", "pattern": _any_case("true", "false", "yes", "no", "y", "n", "1", "0")}]},
    quantity: {"anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMBER_PATTERN}],
               "description": "0 means not held; a non-index row may be negative (a short position, a payable)."},
    money: MONEY_SCHEMA,
    iso_date: {"type": "string", "format": "date"},
    ratio: {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1},
                      {"type": "string", "pattern": r"^\s*[0-9]+(?:\.[0-9]+)?\s*%?\s*$"}],
            "description": "A share: 0.05, or 5%."},
    amount: MONEY_SCHEMA,
    share: {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1},
                      {"type": "string", "pattern": r"^\s*[0-9]+(?:\.[0-9]+)?\s*%?\s*$"}],
            "description": "A share: 0.05, or 5%."},
    signed_money: {"anyOf": [{"type": "number"}, {"type": "string", "pattern": MONEY_PATTERN.replace(r"^\s*", r"^\s*[-−]?\s*", 1)}],
                   "description": "KRW, negative for a loss: -5000000000, -50억원, 1.5조원"},
    signed_krw: {"anyOf": [{"type": "number"}, {"type": "string", "pattern": MONEY_PATTERN.replace(r"^\s*", r"^\s*[-−]?\s*", 1)}],
                 "description": "KRW; negative for a payable or a short position: -1500000, -150만원."},
    figure: {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^\s*[+-]?[0-9]+(?:\.[0-9]+)?\s*%?\s*$"}],
             "description": "A figure such as a PBR (1.35) or an ROE (0.12, or 12%)."},
}
ROWS = {"constituent": CONSTITUENT_COLUMNS, "market_data_row": MARKET_DATA_COLUMNS, "pdf_row": PDF_COLUMNS,
        "holding_row": HOLDING_COLUMNS, "calendar_row": CALENDAR_COLUMNS}


class _WithoutTitles(GenerateJsonSchema):
    """pydantic titles every field after its name ("Principal Krw"); editors show descriptions."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def _generated(model: type) -> dict[str, Any]:
    schema = model.model_json_schema(schema_generator=_WithoutTitles)  # type: ignore[attr-defined]
    schema.pop("title", None)
    for definition in schema.get("$defs", {}).values():
        definition.pop("title", None)
    return dict(schema)


def _row(columns: Columns) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name, column in columns.items() if column.required],
        "properties": {name: copy.deepcopy(CELLS[column.read]) for name, column in columns.items()},
    }


def _reference(row: str, description: str, optional: bool = False, download: str | None = None) -> dict[str, Any]:
    choices: list[dict[str, Any]] = [
        {"type": "string", "minLength": 1, "description": "A CSV file, relative to this file."},
        {"type": "array", "items": {"$ref": f"#/$defs/{row}"}},
    ]
    if download:  # a KRX portal download: {format: krx-daily, files: ...} or {format: krx-pdf, file: ...}
        choices.append({"$ref": f"#/$defs/{download}"})
    if optional:
        choices.append({"type": "null"})
    return {"description": description, "anyOf": choices}


def _index_body() -> dict[str, Any]:
    schema = _generated(IndexDocument)
    properties = schema["properties"]
    properties["constituents"] = _reference("constituent", properties["constituents"]["description"])
    properties["market_data"] = _reference("market_data_row", properties["market_data"]["description"], optional=True,
                                           download="KrxDailyFiles")
    properties["calendar"] = _reference("calendar_row", properties["calendar"]["description"], optional=True)
    return schema


def _rows() -> dict[str, Any]:
    return {name: _row(columns) for name, columns in ROWS.items()}


def _document(kind: str, title: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": DIALECT, "$id": f"{BASE}{kind}.schema.json", "title": title, "description": description, **schema}


def index_schema() -> dict[str, Any]:
    schema = _index_body()
    schema["$defs"] = {**schema.get("$defs", {}), **_rows()}
    return _document("index", "etf-listing index file (kind: etf-index)",
                     "An index an ETF tracks: its asset class, weighting, constituents and daily market data.", schema)


def product_schema() -> dict[str, Any]:
    schema = _generated(ProductDocument)
    definitions = schema.setdefault("$defs", {})
    underlying = definitions["UnderlyingDocument"]["properties"]["index"]
    underlying["anyOf"] = [{"type": "string", "minLength": 1}, {"$ref": "#/$defs/IndexDocument"}]
    index_body = _index_body()
    definitions.update(index_body.pop("$defs", {}))
    definitions["IndexDocument"] = index_body
    definitions.update(_rows())
    pdf = schema["properties"]["pdf"]
    schema["properties"]["pdf"] = _reference("pdf_row", pdf["description"], optional=True, download="KrxPdfFile")
    holdings = schema["properties"]["holdings"]
    schema["properties"]["holdings"] = _reference("holding_row", holdings["description"], optional=True)
    return _document("product", "etf-listing product file (kind: etf-product)",
                     "An ETF product checked against a stock exchange's listing requirements.", schema)


def universe_schema() -> dict[str, Any]:
    schema = _generated(UniverseDocument)
    properties = schema["properties"]
    properties["companies"] = _reference("company_row", properties["companies"]["description"])
    properties["previous_constituents"] = _reference("previous_constituent_row",
                                                     properties["previous_constituents"]["description"], optional=True)
    schema["$defs"] = {**schema.get("$defs", {}), "company_row": _row(COMPANY_COLUMNS),
                       "previous_constituent_row": _row(PREVIOUS_COLUMNS)}
    return _document("universe", "etf-listing universe file (kind: index-universe)",
                     "The listed companies an index methodology screens (etf-check screen), on a review date.", schema)


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "product": product_schema,
    "index": index_schema,
    "rulebook": rulebook_schema,
    "universe": universe_schema,
}


def schema_text(name: str) -> str:
    """The schema ``name`` as the file ``etf-check schema`` writes (stable bytes)."""
    return json.dumps(SCHEMAS[name](), ensure_ascii=False, indent=2) + "\n"
