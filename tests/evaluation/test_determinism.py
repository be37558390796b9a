"""The same inputs give the same report: byte for byte across runs and processes, result for
result whatever the order of rows, and the same from many threads at once as from one.

What may be shared between threads (``docs/robustness.md``): a compiled ``Rulebook`` and a loaded
``Product`` are immutable; ``evaluate`` keeps its working state in a context of its own and runs
in a decimal context of its own; a ``Loader`` may be shared too (its cache of indices holds
immutable values, and two threads that read the same index at once both get an equal one).
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from etf_listing.api import render
from etf_listing.evaluation import evaluate
from etf_listing.loading.load import Loader
from etf_listing.reporting.json_report import report_dict
from etf_listing.rulebook import load_rulebook

from ..conftest import EXAMPLES, REPOSITORY

KRX = load_rulebook()
PRODUCTS = sorted(str(p.relative_to(REPOSITORY)) for p in EXAMPLES.rglob("product.yaml"))


# --- across processes ---------------------------------------------------------------------------

def test_the_same_files_give_byte_identical_reports_in_separate_processes(tmp_path: Path) -> None:
    """Three interpreters with different hash seeds (set and dict order of strings differ between
    them), every example, a product whose rules end in errors, both formats."""
    errors = missing_data_product(tmp_path, late=[0, 3, 5])
    outputs = {}
    for seed in ("0", "1", "4242"):
        for fmt in ("json", "text"):
            done = subprocess.run([sys.executable, "-m", "etf_listing", "--format", fmt, *PRODUCTS, errors],
                                  cwd=REPOSITORY, capture_output=True, timeout=300,
                                  env={**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"})
            assert done.returncode == 1, done.stderr
            outputs.setdefault(fmt, set()).add(done.stdout)
    assert len(outputs["json"]) == 1 and len(outputs["text"]) == 1
    assert b'"status": "error"' in next(iter(outputs["json"]))


# --- whatever the order of rows ------------------------------------------------------------------

INDEX = """\
kind: etf-index
schema_version: 1
name: Order index
asset_class: equity
weighting: market_cap
constituents: constituents.csv
market_data: market_data.csv
"""
PRODUCT = """\
kind: etf-product
schema_version: 1
name: Order ETF
as_of: 2024-10-31
fund_form: trust
principal_krw: 100억원
units: 150000
leverage: 1
creation: in_kind
underlying: {{index: index.yaml, license_signed: true}}
participants:
{participants}
pdf: pdf.csv
"""
DAYS = [dt.date(2024, 8, 1) + dt.timedelta(days=i) for i in range(92)]


def missing_data_product(folder: Path, late: list[int], caps: list[int] | None = None, held: list[bool] | None = None,
                         order: random.Random | None = None) -> str:
    """A product whose constituents ``late`` have market data that starts too late in the window,
    so that several rules end in errors naming them; rows in the order ``order`` shuffles them."""
    caps = caps or [10**12 * (i + 1) for i in range(12)]
    held = held or [i % 4 != 0 for i in range(len(caps))]
    codes = [f"{200000 + i:06d}" for i in range(len(caps))]

    def shuffled(rows: list[str]) -> list[str]:
        rows = list(rows)
        if order is not None:
            order.shuffle(rows)
        return rows

    constituents = shuffled([f"{c},Issue {c},{'KOSPI' if i % 3 else 'OTC'}" for i, c in enumerate(codes)])
    market = shuffled([f"{day},{c},{cap},{cap // 1000}" for i, (c, cap) in enumerate(zip(codes, caps))
                       for day in DAYS[(40 if i in late else 0):]])
    pdf = shuffled([f"{c},Issue {c},{10 if h else 0}" for c, h in zip(codes, held)] + ["KRW,현금,1000", "F1,선물,1"])
    participants = shuffled(["  - {name: A증권, authorized_participant: true, lp_contract: false}",
                             "  - {name: B증권, authorized_participant: false, lp_contract: true}",
                             "  - {name: C증권, authorized_participant: true, lp_contract: false}"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.yaml").write_text(INDEX, encoding="utf-8")
    (folder / "constituents.csv").write_text("code,name,market\n" + "\n".join(constituents) + "\n", encoding="utf-8")
    (folder / "market_data.csv").write_text("date,code,market_cap_krw,trading_value_krw\n" + "\n".join(market) + "\n", encoding="utf-8")
    (folder / "pdf.csv").write_text("code,name,quantity\n" + "\n".join(pdf) + "\n", encoding="utf-8")
    (folder / "product.yaml").write_text(PRODUCT.format(participants="\n".join(participants)), encoding="utf-8")
    return str(folder / "product.yaml")


def without_locations(path: str) -> list[dict[str, Any]]:
    """Every result without positions (rows moved in a file move their line numbers, nothing else)."""
    results = report_dict(evaluate(Loader(root=os.path.dirname(path)).load_product(path), KRX))["results"]
    for result in results:
        result.pop("location")
        for item in result["items"]:
            item.pop("location")
    return results


cases = st.integers(min_value=10, max_value=20).flatmap(lambda n: st.tuples(
    st.lists(st.integers(min_value=10**9, max_value=10**13), min_size=n, max_size=n),
    st.lists(st.booleans(), min_size=n, max_size=n),
    st.sets(st.integers(min_value=0, max_value=n - 1), max_size=n),
))


@settings(max_examples=25, deadline=None)
@given(cases, st.randoms(use_true_random=False))
def test_row_order_never_changes_a_result_even_where_data_is_missing(case: tuple[list[int], list[bool], set[int]],
                                                                     shuffle: random.Random) -> None:
    """Errors that name several issues, fails listing offenders, markets that are not eligible, a
    PDF with other assets, participants in any order: the same results, message for message."""
    caps, held, late = case
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        in_order = without_locations(missing_data_product(Path(first), sorted(late), caps, held))
        shuffled = without_locations(missing_data_product(Path(second), sorted(late), caps, held, shuffle))
    assert shuffled == in_order


def with_rows_named(path: str) -> list[dict[str, Any]]:
    """Every result with each item's position given as the text of the line it points at (rows
    that moved in a file move their line numbers, not what they say); a result's own position too
    where it is an item's, else as it is (a field of the product, which stays where it is)."""
    texts: dict[str, list[str]] = {}

    def text(where: dict[str, Any] | None) -> Any:
        if not where or "line" not in where:
            return where
        lines = texts.setdefault(where["file"], Path(where["file"]).read_text(encoding="utf-8").splitlines())
        return {"file": os.path.basename(where["file"]), "text": lines[where["line"] - 1]}

    results = report_dict(evaluate(Loader(root=os.path.dirname(path)).load_product(path), KRX))["results"]
    for result in results:
        items = [item["location"] for item in result["items"]]
        where = result["location"]
        result["location"] = (text(where) if where in items else
                              {**where, "file": os.path.basename(where["file"])} if where else where)
        for item in result["items"]:
            item["location"] = text(item["location"])
    return results


def test_a_late_issue_is_reported_at_the_same_row_whatever_the_order_of_the_rows(tmp_path: Path) -> None:
    """An issue whose market data starts late is reported at the row of its first date: not at
    whichever of its rows the file happens to give first."""
    in_order = with_rows_named(missing_data_product(tmp_path / "in-order", late=[0, 3, 5]))
    assert any(result["status"] == "error" and result["items"] for result in in_order)
    for seed in range(4):
        shuffled = missing_data_product(tmp_path / f"shuffled{seed}", late=[0, 3, 5], order=random.Random(seed))
        assert with_rows_named(shuffled) == in_order, seed


# --- threads ---------------------------------------------------------------------------------------

def reports_json(products: list[Any]) -> list[str]:
    return [json.dumps(report_dict(evaluate(p, KRX)), ensure_ascii=False) for p in products]


def test_evaluating_from_many_threads_gives_the_results_of_one_at_a_time(tmp_path: Path) -> None:
    """One compiled rulebook and one loader shared by eight threads, every product evaluated many
    times over in an interleaved order: each report equals the one computed alone."""
    paths = [str(REPOSITORY / p) for p in PRODUCTS]
    paths += [missing_data_product(tmp_path / f"late{i}", late=list(range(i))) for i in range(4)]
    alone = reports_json([Loader(root=str(REPOSITORY) if "examples" in p else os.path.dirname(p)).load_product(p) for p in paths])

    shared = Loader(root="/")
    work = [i for i in range(len(paths)) for _ in range(6)]
    random.Random(7).shuffle(work)

    def one(i: int) -> tuple[int, str]:
        report = evaluate(shared.load_product(paths[i]), KRX)
        return i, json.dumps(report_dict(report), ensure_ascii=False)

    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(one, work))
    for i, text in together:
        assert text == alone[i], paths[i]


def test_a_thread_s_own_decimal_context_changes_nothing() -> None:
    """A library user may set a decimal context of three digits that traps any rounding; loading,
    evaluating and both reports are the same as in a default context."""
    def everything() -> str:
        reports = [evaluate(Loader(root=str(REPOSITORY)).load_product(str(REPOSITORY / p)), KRX) for p in PRODUCTS]
        return render(reports, "json") + render(reports, "text")

    expected = everything()
    found: list[str] = []

    def hostile() -> None:
        context = decimal.getcontext()
        context.prec = 3
        context.traps[decimal.Inexact] = context.traps[decimal.Rounded] = True
        found.append(everything())

    thread = threading.Thread(target=hostile)
    thread.start()
    thread.join()
    assert found == [expected]
