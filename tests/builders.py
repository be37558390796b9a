"""Small builders for product and index files, written the way a user writes them.

A test describes an index (its issues, their 3-month means or daily series) and a product in
domain terms; ``check`` writes the files into a temporary directory (YAML plus CSV, or everything
inline in YAML), loads them with the real loader and evaluates them with a rulebook.

The default product passes every rule: ten KOSPI issues of KRW 100bn mean market cap each, all held
in the PDF, a trust with KRW 10bn principal, 200,000 units, one AP that is also an LP. A test changes
only what its rule is about.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from etf_listing.evaluation import Report, Result, evaluate
from etf_listing.loading.load import Loader
from etf_listing.rulebook import Rulebook, compile_rulebook, load_rulebook, shipped_rulebooks

AS_OF = dt.date(2024, 10, 31)
EOK = 100_000_000  # 억원 (10^8 KRW)

ALL_RULES = (
    "krx.index.constituent_count",
    "krx.index.ktb_basket",
    "krx.index.single_issue_weight",
    "krx.index.top85_market_cap",
    "krx.index.top85_trading_value",
    "krx.index.eligible_market",
    "krx.index.license",
    "krx.product.leverage",
    "krx.size.principal",
    "krx.size.units",
    "krx.liquidity.authorized_participant",
    "krx.liquidity.lp_contract",
    "krx.pdf.market_cap_coverage",
    "krx.pdf.constituent_coverage",
    "krx.pdf.linked_assets",
    "krx.creation.cash",
)

CONSTITUENT_COLUMNS = ("code", "name", "market", "sector", "ktb_futures_basket", "tenor_years",
                       "market_cap_krw", "trading_value_krw")


# --- issues and indices ---------------------------------------------------------------------------

def stock(code: str, market_cap: Any = 1000 * EOK, trading_value: Any = 10 * EOK, *,
          market: str = "KOSPI", name: str | None = None) -> dict[str, Any]:
    """A constituent with its 3-month means given directly (None: not given, e.g. a daily series)."""
    return {"code": code, "name": name or f"종목{code}", "market": market,
            "market_cap_krw": market_cap, "trading_value_krw": trading_value}


def treasury(code: str, basket: bool | None = True, tenor_years: int = 3, *,
             market: str = "KOSPI") -> dict[str, Any]:
    """A Korea Treasury Bond issue; ``basket``: is it in a KTB futures basket (None: not said)."""
    row = stock(code, 5000 * EOK, 100 * EOK, market=market, name=f"국고채{code}")
    row["tenor_years"] = tenor_years
    row["ktb_futures_basket"] = basket
    return row


def stocks(count: int, market_cap: Any = 1000 * EOK, trading_value: Any = 10 * EOK) -> list[dict[str, Any]]:
    """``count`` equal issues S01, S02, ..."""
    return [stock(f"S{i:02d}", market_cap, trading_value) for i in range(1, count + 1)]


def index(constituents: list[dict[str, Any]], *, asset_class: str = "equity",
          weighting: str = "market_cap", market_data: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "kind": "etf-index", "schema_version": 1, "name": "시험 지수", "provider": "시험지수산출기관",
        "asset_class": asset_class, "weighting": weighting, "constituents": constituents,
    }
    if market_data is not None:
        document["market_data"] = market_data
    return document


def daily(code: str, *points: tuple[Any, Any, Any]) -> list[dict[str, Any]]:
    """Daily rows of one issue: (date, market cap, trading value) per trading day."""
    return [{"date": _date(day), "code": code, "market_cap_krw": cap, "trading_value_krw": value}
            for day, cap, value in points]


def _date(day: Any) -> dt.date:
    return day if isinstance(day, dt.date) else dt.date.fromisoformat(day)


def codes(constituents: Iterable[dict[str, Any]]) -> list[str]:
    return [c["code"] for c in constituents]


# --- products -------------------------------------------------------------------------------------

def participant(name: str, *, ap: bool, lp: bool) -> dict[str, Any]:
    return {"name": name, "authorized_participant": ap, "lp_contract": lp}


def holding(code: str, quantity: Any = 100, name: str | None = None) -> dict[str, Any]:
    return {"code": code, "name": name or f"보유{code}", "quantity": quantity}


def held(*codes_: str, quantity: Any = 100) -> list[dict[str, Any]]:
    return [holding(c, quantity) for c in codes_]


def product(idx: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """A product file tracking ``idx`` (default: ten equal issues), all rules met unless changed.

    A field given as ``None`` is written as null (not given); ``pdf`` defaults to every constituent
    of the index, held with quantity 100.
    """
    idx = idx if idx is not None else index(stocks(10))
    document: dict[str, Any] = {
        "kind": "etf-product", "schema_version": 1, "name": "시험 ETF", "issuer": "시험자산운용",
        "as_of": AS_OF, "fund_form": "trust", "principal_krw": "100억원", "units": 200000,
        "management": "passive", "leverage": 1, "creation": "in_kind", "cash_creation_reason": None,
        "underlying": {"index": idx, "license_signed": True},
        "participants": [participant("NH투자증권", ap=True, lp=True)],
        "pdf": held(*codes(idx["constituents"])),
    }
    if "license_signed" in fields:
        document["underlying"] = {**document["underlying"], "license_signed": fields.pop("license_signed")}
    for key, value in fields.items():
        if key not in document and key not in ("linked_assets_ratio", "description"):
            raise KeyError(f"not a product field: {key}")
        document[key] = value
    return document


def without(document: dict[str, Any], *keys: str) -> dict[str, Any]:
    """The document with ``keys`` left out altogether."""
    return {k: v for k, v in document.items() if k not in keys}


# --- writing and evaluating -----------------------------------------------------------------------

def write(directory: Path, document: dict[str, Any], layout: str = "files") -> Path:
    """Write a product into ``directory`` and return the product file's path.

    layout ``files``: product.yaml, index/index.yaml and CSV files for constituents, daily market data
    and the PDF; ``inline``: the same YAML files with every table written inline;
    ``embedded``: the index written inside product.yaml.
    """
    document = dict(document)
    idx = dict(document["underlying"]["index"])
    if layout == "embedded":
        document["underlying"] = {**document["underlying"], "index": idx}
    else:
        (directory / "index").mkdir(exist_ok=True)
        if layout == "files":
            idx["constituents"] = _write_csv(directory / "index" / "constituents.csv", idx["constituents"],
                                             CONSTITUENT_COLUMNS)
            if "market_data" in idx:
                idx["market_data"] = _write_csv(directory / "index" / "market_data.csv", idx["market_data"],
                                                ("date", "code", "market_cap_krw", "trading_value_krw"))
        (directory / "index" / "index.yaml").write_text(to_yaml(idx), encoding="utf-8")
        document["underlying"] = {**document["underlying"], "index": "index/index.yaml"}
    if layout == "files" and isinstance(document.get("pdf"), list):
        document["pdf"] = _write_csv(directory / "pdf.csv", document["pdf"], ("code", "name", "quantity", "value_krw", "linked"))
    path = directory / "product.yaml"
    path.write_text(to_yaml(document), encoding="utf-8")
    return path


def _write_csv(path: Path, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    used = [c for c in columns if any(c in row for row in rows)] or list(columns[:1])
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(used)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in used])
    return path.name


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_yaml(document: dict[str, Any]) -> str:
    """A mapping as YAML: one top-level key a line, values in flow style."""
    return "".join(f"{key}: {_flow(value)}\n" for key, value in document.items())


def _flow(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flow(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r}")


def check(directory: Path, document: dict[str, Any], rulebook: Rulebook | None = None,
          layout: str = "files") -> Report:
    """Write, load and evaluate a product; the default rulebook unless one is given."""
    path = write(directory, document, layout)
    loaded = Loader(root=str(directory)).load_product(str(path))
    return evaluate(loaded, rulebook or load_rulebook())


def result(report: Report, rule_id: str) -> Result:
    found = [r for r in report.results if r.rule.id == rule_id]
    assert len(found) == 1, f"{rule_id} appears {len(found)} times in the report"
    return found[0]


def rule_result(directory: Path, document: dict[str, Any], rule_id: str,
                rulebook: Rulebook | None = None) -> Result:
    return result(check(directory, document, rulebook), rule_id)


def offenders(res: Result) -> list[str]:
    """The codes (or participant names) of the items a result names, in its order."""
    return [item.identity.get("code", item.identity.get("name")) for item in res.items]


# --- rulebooks with other parameters ------------------------------------------------------------

def rulebook_text() -> str:
    return Path(shipped_rulebooks()["krx-etf-listing"]).read_text(encoding="utf-8")


def rulebook_with(**parameters: Any) -> Rulebook:
    """The shipped rulebook with some parameters' values changed (as an officer would in YAML)."""
    text = rulebook_text()
    for name, value in parameters.items():
        text, replaced = re.subn(rf"(?m)^(  {name}:\n    value: ).*$", lambda m: m.group(1) + _flow(value), text)
        assert replaced == 1, f"parameter {name} not found in the rulebook"
    return compile_rulebook(text, "test.yaml")
