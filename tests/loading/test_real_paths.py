"""A loader resolves the root and an index's path once (``files.RealPaths``), however many products
name them; what it resolves must be what ``os.path.realpath`` gives, through links and ``..``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etf_listing.errors import InputError, Location
from etf_listing.loading.files import RealPaths, named_file, resolve_reference, within


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A tree with products two levels down, an index beside them, and links: one to a folder
    inside the tree, one out of it, one to itself."""
    for folder in ("data/batch/products/p0", "data/batch/indices/i0", "outside"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "data/batch/indices/i0/index.yaml").write_text("kind: etf-index\n")
    (tmp_path / "data/batch/products/p0/pdf.csv").write_text("code\n")
    (tmp_path / "data/batch/products/p0/to-indices").symlink_to("../../indices")
    (tmp_path / "data/batch/products/p0/out").symlink_to(tmp_path / "outside")
    (tmp_path / "data/batch/products/p0/loop").symlink_to("loop")
    return tmp_path.resolve()


STEPS = st.lists(st.sampled_from(["..", ".", "to-indices", "out", "loop", "i0", "indices", "index.yaml", "pdf.csv",
                                  "missing", ""]), min_size=1, max_size=6)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(STEPS)
def test_a_path_resolved_once_is_the_real_path(tree: Path, steps: list[str]) -> None:
    directory = str(tree / "data/batch/products/p0")
    reference = "/".join(steps)
    if reference.startswith("/"):
        return  # an absolute path is refused before it is resolved
    real_paths = RealPaths()
    expected = os.path.realpath(os.path.join(directory, reference))
    assert real_paths.under(directory, reference) == expected
    assert real_paths.under(directory, reference) == expected  # and again, from what it knows


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(STEPS, min_size=1, max_size=8))
def test_paths_resolved_one_after_another_are_each_the_real_path(tree: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  paths: list[list[str]]) -> None:
    """One loader resolves a thousand products' files, each from what the ones before it left
    known (a path's directory, a real path found): whatever came before, each is the real path."""
    monkeypatch.chdir(tree / "data/batch/products")  # relative paths, as a user names products
    real_paths = RealPaths()
    for steps in paths:
        for path in ("/".join(["p0", *steps]), str(tree / "data/batch/products/p0" / "/".join(steps))):
            assert real_paths.of(path) == os.path.realpath(path), path
            assert named_file(path, real_paths) == named_file(path)


def test_products_of_one_index_resolve_its_path_once(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_paths = RealPaths()
    resolved = []
    realpath = os.path.realpath
    monkeypatch.setattr(os.path, "realpath", lambda path: resolved.append(path) or realpath(path))
    for n in range(3):
        (tree / f"data/batch/products/p{n}").mkdir(exist_ok=True)
        base = named_file(str(tree / f"data/batch/products/p{n}/product.yaml"))
        resolved.clear()
        source = resolve_reference(base, "../../indices/i0/index.yaml", str(tree), Location("p.yaml"), real_paths)
        assert source.real == str(tree / "data/batch/indices/i0/index.yaml")
        assert len(resolved) <= 2 if n == 0 else not resolved  # the index and the root, once


def test_a_link_out_of_the_tree_is_refused_when_resolved_once(tree: Path) -> None:
    base = named_file(str(tree / "data/batch/products/p0/product.yaml"))
    real_paths = RealPaths()
    with pytest.raises(InputError, match="leads outside the tree"):
        resolve_reference(base, "out/x.csv", str(tree / "data"), Location("p.yaml"), real_paths)
    with pytest.raises(InputError, match="leads outside the tree"):
        resolve_reference(base, "../../../../outside/x.csv", str(tree / "data"), Location("p.yaml"), real_paths)


REAL_PATHS = st.lists(st.sampled_from(["a", "b", "ab", "a.b", "é"]), max_size=4).map(lambda steps: "/" + "/".join(steps))


@settings(max_examples=500, deadline=None)
@given(REAL_PATHS, REAL_PATHS)
def test_a_real_path_is_within_a_directory_as_commonpath_says(directory: str, path: str) -> None:
    assert within(directory, path) == (os.path.commonpath([directory, path]) == directory)


def test_a_path_of_thousands_of_steps_is_resolved_without_recursion(tree: Path) -> None:
    # once, each directory resolved from the one above it by a call: 488 steps stopped the whole run
    deep = str(tree / "data" / ("a/" * 3000)) + "x.csv"
    assert RealPaths().of(deep) == os.path.realpath(deep)
    assert RealPaths().of(str(tree / "data/batch/products/p0/to-indices/i0/" / ("b/" * 1000))) == \
        os.path.realpath(str(tree / "data/batch/products/p0/to-indices/i0/" / ("b/" * 1000)))


def test_a_product_naming_a_very_deep_path_is_told_and_the_others_are_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    from etf_listing.cli import main

    example = Path(__file__).resolve().parents[2] / "examples" / "failing" / "narrow-index-single-issue"
    for name in ("deep", "base"):
        shutil.copytree(example, tmp_path / name)
    product = tmp_path / "deep" / "product.yaml"
    product.write_text("\n".join(f"pdf: {'a/' * 600}x.csv" if line.startswith("pdf:") else line
                                 for line in product.read_text(encoding="utf-8").splitlines()) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status = main(["deep/product.yaml", "base/product.yaml"])
    captured = capsys.readouterr()
    assert status == 2 and "internal error" not in captured.err
    assert "deep/product.yaml:" in captured.out and "no such file" in captured.out
    assert "예시 반도체집중 ETF" in captured.out  # the other product is checked
