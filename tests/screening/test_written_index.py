"""The index file a screen writes (``--write-index``) reads back through the listing check's loader
as it was written, whatever the universe's name and file name hold."""

from __future__ import annotations

import json
from pathlib import Path

from etf_listing.loading.load import Loader
from etf_listing.loading.universe import load_universe
from etf_listing.screening.evaluate import screen
from etf_listing.screening.write_index import write_index

from .. import builders
from .builders import many, universe_file, value_up


def test_a_universe_name_with_control_characters_and_line_breaks_reads_back_from_the_written_index(tmp_path: Path) -> None:
    name = '심사\x07 a\nb\r\t"따옴표" \\ \x1b[31m \x85 \u2028 끝'
    path = universe_file(tmp_path / "universe\x07", many(12))
    path.write_text(path.read_text(encoding="utf-8").replace("name: test universe", f"name: {json.dumps(name)}"),
                    encoding="utf-8")
    report = screen(load_universe(str(path)), value_up())
    assert report.universe.name == name
    index = write_index(report, str(tmp_path / "product" / "index"))
    first = Path(index).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# Written by etf-check screen from ") and "universe\\x07" in first
    product = builders.product()
    product["underlying"] = {"index": "index/index.yaml", "license_signed": True}
    product["pdf"] = builders.held(*(f"{n:06d}" for n in range(1, 13)))
    (tmp_path / "product" / "product.yaml").write_text(builders.to_yaml(product), encoding="utf-8")
    loaded = Loader(root=str(tmp_path)).load_product(str(tmp_path / "product" / "product.yaml"))
    assert loaded.underlying.index.description == f"12 constituents selected on 2024-09-23 from {name}"
