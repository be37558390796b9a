"""Bad input on the command line: each file's problems on standard error at file:line:column,
exit status 2, and the other files still evaluated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etf_listing.cli import main

from ..loading.test_input_problems import PRODUCT, Write
from ..loading.test_input_problems import product  # noqa: F401 - the fixture the tests below use


def test_an_absurd_number_of_units_is_an_input_error(in_examples_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = Path("examples/value-up-passive/product.yaml").read_text(encoding="utf-8").replace("units: 200000", "units: 1e5000")
    path = Path("examples/value-up-passive/units.review-tmp.yaml")
    path.write_text(text, encoding="utf-8")
    assert main([str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "units.review-tmp.yaml:11:8: " in err


def test_cli_reports_bad_files_and_still_evaluates_the_others(product: Path, write: Write,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    write("broken.yaml", PRODUCT.replace("units: 200000", "units: 200000\nunits: 1"))
    status = main(["broken.yaml", "product.yaml", "missing.yaml", "--format", "json"])
    captured = capsys.readouterr()
    assert status == 2
    assert "broken.yaml:8:1: the key 'units' is written twice (first at line 7)" in captured.err
    assert "missing.yaml:1:1: no such file" in captured.err
    assert "Traceback" not in captured.err
    reports = json.loads(captured.out)["reports"]
    assert [r["file"] for r in reports] == ["broken.yaml", "product.yaml", "missing.yaml"]
    assert reports[1]["eligible"] is True and len(reports[1]["results"]) == 16
    assert reports[0]["errors"][0]["location"] == {"file": "broken.yaml", "line": 8, "column": 1}


def test_cli_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--as-of", "2024-02-30", "x.yaml"])
    assert caught.value.code == 2
    assert "'2024-02-30' is not a date" in capsys.readouterr().err
    assert main([]) == 2


@pytest.mark.parametrize("command", [[], ["watch"], ["screen"], ["test"]])
@pytest.mark.parametrize("root, said", [("no-such-dir", "'no-such-dir' is not a directory"),
                                        ("product.yaml", "'product.yaml' is a file, not a directory")])
def test_a_root_that_is_no_directory_is_refused_once_not_blamed_on_each_reference(
        product: Path, capsys: pytest.CaptureFixture[str], command: list[str], root: str, said: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main([*command, "--root", root, "product.yaml"])
    err = capsys.readouterr().err
    assert caught.value.code == 2 and f"argument --root: {said}" in err and "outside the tree" not in err


def test_cli_an_index_file_named_as_a_product(product: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index.yaml"]) == 2
    assert "index.yaml:1:7: not a product file (kind: 'etf-index') (this is an index file; name the product that tracks it)" in capsys.readouterr().err


@pytest.mark.parametrize("target, jobs", [("examples/value-up-passive/pdf.csv", "1"),
                                          ("examples/value-up-passive/pdf.csv", "2"),
                                          ("examples/indices/korea-value-up/market_data.csv", "1"),
                                          ("examples/value-up-passive/product.yaml", "1"),
                                          ("waivers.yaml", "1")])
def test_output_never_overwrites_a_file_the_run_read(in_examples_copy: Path, capsys: pytest.CaptureFixture[str],
                                                     target: str, jobs: str) -> None:
    """A report written over the PDF (or the index's data, the product, the waivers) it was made
    from would lose the user's file: refused, exit status 2, the file as it was."""
    from pathlib import Path as P

    P("waivers.yaml").write_text("kind: etf-waivers\nschema_version: 1\nwaivers: []\n", encoding="utf-8")
    before = P(target).read_bytes()
    products = ["examples/value-up-passive/product.yaml", *sorted(str(p) for p in P("examples/failing").glob("*/product.yaml"))]
    status = main(["--jobs", jobs, "--waivers", "waivers.yaml", "--format", "json", "--output", target, *products])
    assert status == 2 and P(target).read_bytes() == before
    assert f"{target}:1:1: is a file this run read; the report is not written over it" in capsys.readouterr().err
    assert main(["--format", "json", "--output", "report.json", products[0]]) == 0  # another file: written
    assert P("report.json").read_text(encoding="utf-8").startswith("{")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_output_never_overwrites_a_file_the_run_read_under_another_name(
        in_examples_copy: Path, capsys: pytest.CaptureFixture[str], jobs: str) -> None:
    """report.txt a hard link to the PDF is the PDF: the report is not written over it."""
    import os
    from pathlib import Path as P

    pdf = P("examples/value-up-passive/pdf.csv")
    before = pdf.read_bytes()
    os.link(pdf, "report.txt")
    status = main(["--jobs", jobs, "--output", "report.txt", "examples/value-up-passive/product.yaml"])
    assert status == 2 and pdf.read_bytes() == before
    assert "report.txt:1:1: is a file this run read; the report is not written over it" in capsys.readouterr().err
    assert main(["--jobs", jobs, "--output", "elsewhere.txt", "examples/value-up-passive/product.yaml"]) == 0
