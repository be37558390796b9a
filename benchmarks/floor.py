"""The columnar floor: the ten checks with pyarrow reading the market data and summing it in C.

What a job takes when nothing but the work is done, in the fastest form at hand: pyarrow's CSV
reader (multi-threaded C), the 3-month window as a filter and each issue's market cap and trading
value summed as int64 group sums (exact), then the means, weights, top-85% cut and thresholds with
floats, as the afternoon script (``baseline.check``) does them. No explanation, no positions, no
checking of the input beyond what the reader refuses. The benchmark measures it as a cold process
(``python benchmarks/floor.py PRODUCT.yaml``, which prints the verdicts as JSON) and warm
(``check`` called again in a process that has read the product once).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import yaml

try:
    from . import baseline
except ImportError:  # run as a script
    import baseline  # type: ignore[no-redef]


def read(product_path: str) -> dict[str, Any]:
    """The product and its index, with each issue's window sums computed from the daily data."""
    folder = os.path.dirname(product_path)
    with open(product_path, encoding="utf-8") as f:
        product = yaml.safe_load(f)
    index_path = os.path.join(folder, product["underlying"]["index"])
    index_folder = os.path.dirname(index_path)
    with open(index_path, encoding="utf-8") as f:
        index = yaml.safe_load(f)
    constituents = baseline.read_csv(os.path.join(index_folder, index["constituents"]))
    pdf = baseline.read_csv(os.path.join(folder, product["pdf"]))
    case = {"product": product, "index": index, "constituents": constituents, "daily": None, "pdf": pdf}
    mean: dict[str, tuple[float, float] | None] = {}
    if index.get("market_data"):
        as_of = product["as_of"]
        start = baseline.window_start(as_of)
        table = pacsv.read_csv(os.path.join(index_folder, index["market_data"]), convert_options=pacsv.ConvertOptions(
            column_types={"date": pa.date32(), "code": pa.string(), "market_cap_krw": pa.int64(),
                          "trading_value_krw": pa.int64()}))
        window = table.filter(pc.and_(pc.greater_equal(table["date"], pa.scalar(start, pa.date32())),
                                      pc.less_equal(table["date"], pa.scalar(as_of, pa.date32()))))
        sums = window.group_by("code").aggregate([("market_cap_krw", "sum"), ("trading_value_krw", "sum"),
                                                  ("date", "min"), ("date", "max"), ("date", "count")])
        columns = sums.to_pydict()
        tolerance = dt.timedelta(days=baseline.TOLERANCE_DAYS)
        for code, cap, value, first, last, count in zip(columns["code"], columns["market_cap_krw_sum"],
                                                        columns["trading_value_krw_sum"], columns["date_min"],
                                                        columns["date_max"], columns["date_count"]):
            covered = first - start <= tolerance and as_of - last <= tolerance
            mean[code] = (cap / count, value / count) if covered else None
        for c in constituents:
            mean.setdefault(c["code"], None)
    else:
        for c in constituents:
            mean[c["code"]] = (float(c["market_cap_krw"]), float(c["trading_value_krw"]))
    return {"case": case, "mean": mean}


def check(product_path: str) -> baseline.Verdicts:
    read_ = read(product_path)
    return baseline.check(read_["case"], read_["mean"])


def main(argv: list[str]) -> int:
    import json

    for path in argv:
        print(json.dumps({"file": path, "verdicts": check(path)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
