"""Many files at once: directories are searched for product files, a summary table closes the run,
and a progress bar shows on a terminal only."""

from __future__ import annotations

import io
import json
import shutil
import threading
from pathlib import Path

import pytest

from etf_listing.cli import main
from etf_listing.discovery import is_product_file, product_files
from etf_listing.progress import progress

from ..conftest import EXAMPLES
from .pipes import never_waited_on
from .test_examples import FAILING, PASSING

# every product under examples/: the KRX ones, and the UCITS and SEBI rulebooks' examples
ALL_PRODUCTS = sorted(str(p.relative_to(EXAMPLES.parent)) for p in EXAMPLES.rglob("product.yaml"))
assert {PASSING, *(f"examples/failing/{v}/product.yaml" for v in FAILING)} <= set(ALL_PRODUCTS)


def test_a_directory_stands_for_the_product_files_under_it(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["examples", "--format", "json"]) == 1
    reports = json.loads(capsys.readouterr().out)["reports"]
    assert [r["file"] for r in reports] == ALL_PRODUCTS  # sorted; the index files are not products


def test_a_file_found_twice_is_checked_once(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["examples/failing", PASSING, "examples/failing/principal-below-minimum/product.yaml",
                 "--format", "json"]) == 1
    files = [r["file"] for r in json.loads(capsys.readouterr().out)["reports"]]
    failing = [p for p in ALL_PRODUCTS if p.startswith("examples/failing/")]
    assert files == [*failing, PASSING]


def test_what_counts_as_a_product_file(tmp_path: Path) -> None:
    (tmp_path / "deep" / ".hidden").mkdir(parents=True)
    files = {
        "a.yaml": "kind: etf-product\n", "b.yml": "# note\nname: x\nkind: 'etf-product'  # comment\n",
        "c.yaml": "kind: etf-index\n", "d.yaml": "nested:\n  kind: etf-product\n", "e.txt": "kind: etf-product\n",
        "f.yaml": "\ufeffkind: \"etf-product\"\n", "deep/g.yaml": "kind: etf-product\n",
        "deep/.hidden/h.yaml": "kind: etf-product\n", "i.yaml": "kind: etf-products\n",
        "j.yaml": "---\r\nkind: etf-product\r\nname: x\r\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_bytes(text.encode("utf-8"))
    assert product_files(str(tmp_path)) == [str(tmp_path / n) for n in ("a.yaml", "b.yml", "deep/g.yaml", "f.yaml", "j.yaml")]
    assert not is_product_file(str(tmp_path / "missing.yaml"))


def test_a_linked_folder_is_searched_once_and_a_link_up_the_tree_ends_the_search(tmp_path: Path) -> None:
    """A folder that is a symbolic link holds products as the user sees the tree (a folder of
    products kept elsewhere): they are checked, not passed over in silence. A link back up the tree,
    or a second link to a folder already searched, is not searched again."""
    (tmp_path / "elsewhere" / "funds").mkdir(parents=True)
    (tmp_path / "elsewhere" / "funds" / "p.yaml").write_text("kind: etf-product\n", encoding="utf-8")
    tree = tmp_path / "tree"
    (tree / "own").mkdir(parents=True)
    (tree / "own" / "q.yaml").write_text("kind: etf-product\n", encoding="utf-8")
    (tree / "kept").symlink_to(tmp_path / "elsewhere")
    (tree / "own" / "up").symlink_to(tree)  # a cycle
    (tree / "zz-again").symlink_to(tmp_path / "elsewhere" / "funds")  # the same folder, by another link
    assert product_files(str(tree)) == [str(tree / "kept" / "funds" / "p.yaml"), str(tree / "own" / "q.yaml")]


def test_a_directory_without_products_is_reported_and_the_rest_still_run(in_repository: Path, tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "index.yaml").write_text("kind: etf-index\n", encoding="utf-8")
    status = main([str(tmp_path), PASSING, "--format", "json"])
    captured = capsys.readouterr()
    assert status == 2
    assert f"{tmp_path}:1:1: no product files (kind: etf-product) in this directory" in captured.err
    reports = json.loads(captured.out)["reports"]
    assert [r["file"] for r in reports] == [str(tmp_path), PASSING]
    assert reports[1]["eligible"] is True


def test_a_file_named_is_checked_whatever_it_is(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["examples/indices/korea-value-up/index.yaml"]) == 2
    assert "not a product file" in capsys.readouterr().err


def test_a_summary_table_closes_a_run_of_several_files(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["examples"]) == 1
    out = capsys.readouterr().out
    summary = out[out.rindex("\nfile "):].splitlines()[1:]
    # the listed products of examples/watch name the continued-listing rulebook, which can warn: an
    # at-risk column joins the table
    assert summary[0].split() == ["file", "product", "verdict", "pass", "at", "risk", "fail", "error", "waived", "n/a"]
    rows = summary[2:-1]
    assert [row.split()[0] for row in rows] == ALL_PRODUCTS
    principal = next(row for row in rows if "principal-below-minimum" in row)
    assert principal.split()[-9:] == ["✘", "not", "eligible", "13", "0", "1", "0", "0", "2"]
    lp_left = next(row for row in rows if "watch/lp-left" in row)
    assert lp_left.split()[-8:] == ["✔", "eligible", "3", "2", "0", "0", "0", "0"]
    # the UCITS and SEBI examples are not KRX products: under the default rulebook they are not eligible;
    # the passing product, the ETF on the screened Value-up index (examples/value-up-screen), the
    # two products read from KRX downloads (examples/krx-downloads), and of the listed products the
    # healthy one and the one whose LP left (at risk) are
    assert summary[-1] == f"{len(ALL_PRODUCTS)} products: 6 eligible, {len(ALL_PRODUCTS) - 6} not eligible, 0 could not be evaluated"


def test_one_file_has_no_summary(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([PASSING])
    assert "products:" not in capsys.readouterr().out


def test_the_summary_in_korean(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--lang", "ko", "examples/failing"])
    out = capsys.readouterr().out
    assert "파일" in out and "판정" in out
    assert out.rstrip().endswith("7개 상품: 충족 0, 미충족 7, 평가 불가 0")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_shows_on_a_terminal_for_several_files() -> None:
    stream = Terminal()
    threads = threading.active_count()
    with progress(["a.yaml", "b.yaml"], stream) as advance:
        advance("a.yaml")
        assert "checking" in stream.getvalue() and "a.yaml" in stream.getvalue()
        advance("b.yaml")
        assert "b.yaml" in stream.getvalue()
        assert threading.active_count() == threads  # drawn as files come, by no thread (--jobs forks)
    assert "checking" in stream.getvalue()


@pytest.mark.parametrize("stream, files", [(io.StringIO(), ["a.yaml", "b.yaml"]), (Terminal(), ["a.yaml"])])
def test_no_progress_bar_off_a_terminal_or_for_one_file(stream: io.StringIO, files: list[str]) -> None:
    with progress(files, stream) as advance:
        for file in files:
            advance(file)
    assert stream.getvalue() == ""


def test_a_run_writes_no_progress_into_a_log(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["examples"])
    assert capsys.readouterr().err == ""


def test_many_products_in_a_copied_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "products")
    (tmp_path / "products" / "generate.py").unlink()
    monkeypatch.chdir(tmp_path)
    assert main(["products", "--format", "json"]) == 1
    assert len(json.loads(capsys.readouterr().out)["reports"]) == len(ALL_PRODUCTS)


def test_a_run_reads_each_small_yaml_file_once_for_all_its_looks(in_examples_copy: Path,
                                                                 capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Is it a product, is its kind misspelt, which index and which rulebook does it name: a run
    over a directory in several processes looks at each YAML file four times and reads it once
    for them all (``discovery.Heads``), the same run as without; a file larger than
    HEADS_KEPT_BYTES, data rather than a product, is read at each look instead of kept."""
    from etf_listing import discovery

    (in_examples_copy / "examples" / "zz-large.yaml").write_text("kind: etf-index\n" + "# padding\n" * (discovery.HEADS_KEPT_BYTES // 10), encoding="utf-8")
    opened: list[str] = []
    regular = discovery.open_regular
    monkeypatch.setattr(discovery, "open_regular", lambda path: opened.append(path) or regular(path))
    status, out = main(["examples", "--format", "json", "--jobs", "2"]), capsys.readouterr().out
    assert status == 1 and [r["file"] for r in json.loads(out)["reports"]] == ALL_PRODUCTS
    assert set(ALL_PRODUCTS) <= set(opened) and all(opened.count(product) == 1 for product in ALL_PRODUCTS)
    assert opened.count(str(Path("examples/zz-large.yaml"))) == 2  # the product look and the misspelt-kind look


def test_a_named_pipe_in_a_directory_is_not_waited_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A FIFO named like a YAML file in a directory run is neither a product nor a misspelt kind,
    and no look at it waits for a writer."""
    import os

    (tmp_path / "a.yaml").write_text("kind: etf_product\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.yaml")
    with never_waited_on(tmp_path / "pipe.yaml"):
        status = main([str(tmp_path), "--format", "json"])
    assert status == 2 and "did you mean" in capsys.readouterr().err.lower()


def test_a_run_keeps_the_heads_of_its_products_only_until_its_looks_are_over(in_examples_copy: Path) -> None:
    """After selection the run keeps the heads of the product files it selected, not those of the
    other YAML files it looked at (indices); once the indices the products name are read, none."""
    from etf_listing.checker import Checker
    from etf_listing.options import Options

    checker = Checker(Options(paths=("examples",), format="json"))
    selected = checker.selected()
    assert sorted(checker._heads) == sorted(ALL_PRODUCTS) == [entry for entry in selected if isinstance(entry, str)]
    assert len(checker.check(selected)) == len(ALL_PRODUCTS) and checker._heads == {}


def test_the_hints_of_a_product_file_are_looked_for_in_its_first_64_kib(tmp_path: Path) -> None:
    """A product file with its rows written in it can be large: its index and rulebook are looked
    for in its first LOOK_BYTES, and its head is not kept (HEADS_KEPT_BYTES)."""
    from etf_listing import discovery

    padding = "# a row written in the file\n" * (discovery.LOOK_BYTES // 28 + 1)
    (tmp_path / "early.yaml").write_text("kind: etf-product\nrulebook: a.yaml\nunderlying:\n  index: i.yaml\n" + padding,
                                         encoding="utf-8")
    (tmp_path / "late.yaml").write_text("kind: etf-product\n" + padding + "rulebook: a.yaml\nunderlying:\n  index: i.yaml\n",
                                        encoding="utf-8")
    heads: discovery.Heads = {}
    early, late = str(tmp_path / "early.yaml"), str(tmp_path / "late.yaml")
    assert (discovery.named_index(early, heads), discovery.named_rulebook(early, heads)) == ("i.yaml", "a.yaml")
    assert (discovery.named_index(late, heads), discovery.named_rulebook(late, heads)) == (None, None)
    assert discovery.is_product_file(late, heads) and heads == {}


def test_a_file_that_does_not_say_its_size_is_read_and_its_head_not_kept() -> None:
    """A regular file whose size reads as 0 though it has text (as the kernel's files under /proc
    do) is read to the limit, and its head is not kept for the run: it may not be whole."""
    from etf_listing import discovery

    heads: discovery.Heads = {}
    text = discovery.head("/proc/self/status", heads)
    assert text is not None and text.startswith("Name:") and heads == {}
    assert discovery.head("/dev/null", heads) is None and heads == {"/dev/null": None}  # not a regular file
