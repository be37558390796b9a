"""The afternoon script: the ten KRX checks as a user would write them instead of using etf-check.

``python benchmarks/afternoon.py PRODUCT.yaml`` prints the ten verdicts as JSON. Standard library
and PyYAML only: the csv module streams the daily market data, each issue's rows inside the
3-month window are summed as floats on the way (dates compared as ISO text), then the means,
weights, top-85% cut, the 30% / KRW 15bn / KRW 100m checks and the PDF coverage are computed with
floats, as ``baseline.check`` does (the same checks, so the benchmark can compare verdicts). It
explains nothing, checks no input, and rounds: it is the time a job takes when only the job is
done, in the way a script would do it.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sys
from typing import Any

import yaml

try:
    from . import baseline
except ImportError:  # run as a script
    import baseline  # type: ignore[no-redef]


def read(product_path: str) -> tuple[dict[str, Any], dict[str, tuple[float, float] | None]]:
    """The product and its index as plain dicts, and each issue's 3-month means (None: its data
    does not cover the window)."""
    folder = os.path.dirname(product_path)
    with open(product_path, encoding="utf-8") as f:
        product = yaml.safe_load(f)
    index_path = os.path.join(folder, product["underlying"]["index"])
    index_folder = os.path.dirname(index_path)
    with open(index_path, encoding="utf-8") as f:
        index = yaml.safe_load(f)
    constituents = baseline.read_csv(os.path.join(index_folder, index["constituents"]))
    pdf = baseline.read_csv(os.path.join(folder, product["pdf"]))
    as_of = product["as_of"]
    mean: dict[str, tuple[float, float] | None] = {}
    if index.get("market_data"):
        start, end = baseline.window_start(as_of).isoformat(), as_of.isoformat()
        sums: dict[str, list[Any]] = {}
        with open(os.path.join(index_folder, index["market_data"]), encoding="utf-8-sig", newline="") as f:
            rows = csv.reader(f)
            header = next(rows)
            i_date, i_code = header.index("date"), header.index("code")
            i_cap, i_value = header.index("market_cap_krw"), header.index("trading_value_krw")
            for row in rows:
                day = row[i_date]
                if start <= day <= end:
                    entry = sums.get(row[i_code])
                    if entry is None:
                        entry = sums[row[i_code]] = [0.0, 0.0, 0, day, day]
                    entry[0] += float(row[i_cap])
                    entry[1] += float(row[i_value])
                    entry[2] += 1
                    entry[3] = min(entry[3], day)
                    entry[4] = max(entry[4], day)
        tolerance = baseline.TOLERANCE_DAYS
        for c in constituents:
            entry = sums.get(c["code"])
            if entry is None:
                mean[c["code"]] = None
                continue
            late = (dt.date.fromisoformat(entry[3]) - baseline.window_start(as_of)).days
            early = (as_of - dt.date.fromisoformat(entry[4])).days
            mean[c["code"]] = (entry[0] / entry[2], entry[1] / entry[2]) if late <= tolerance and early <= tolerance else None
    else:
        for c in constituents:
            mean[c["code"]] = (float(c["market_cap_krw"]), float(c["trading_value_krw"]))
    case = {"product": product, "index": index, "constituents": constituents, "daily": None, "pdf": pdf}
    return case, mean


def check(product_path: str) -> baseline.Verdicts:
    case, mean = read(product_path)
    return baseline.check(case, mean)


def main(argv: list[str]) -> int:
    for path in argv:
        print(json.dumps({"file": path, "verdicts": check(path)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
