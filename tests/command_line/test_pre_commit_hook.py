"""The pre-commit hook: ``--changed`` picks the products a change affects, and the real ``pre-commit``
runs the hook in a fresh repository of product files, failing on a product that is not eligible and
passing once it is fixed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from etf_listing.cli import main

from ..conftest import EXAMPLES, REPOSITORY

PASSING = "examples/value-up-passive/product.yaml"
PRINCIPAL = "examples/failing/principal-below-minimum/product.yaml"
NARROW = "examples/failing/narrow-index-single-issue/product.yaml"
VALUE_UP = sorted([PASSING, *(f"examples/failing/{v}/product.yaml" for v in (
    "principal-below-minimum", "ap-without-lp-contract", "pdf-missing-large-constituents", "cash-creation-without-reason")),
    # the UCITS examples' funds track the Value-up index too
    *(f"examples/ucits/{v}/product.yaml" for v in ("index-fund", "active-fund", "failing/five-ten-forty",
                                                     "failing/issuer-above-ten"))])


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the examples, as a compliance team's repository, as the working directory."""
    shutil.copytree(EXAMPLES, tmp_path / "examples", ignore=shutil.ignore_patterns("*.py", "*.md"))
    (tmp_path / "notes.yaml").write_text("kind: meeting-notes\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def changed(capsys: pytest.CaptureFixture[str], *files: str, options: tuple[str, ...] = ()) -> tuple[int, list[str]]:
    status = main(["--changed", "--format", "json", *options, *files])
    return status, [r["file"] for r in json.loads(capsys.readouterr().out)["reports"]]


def test_a_changed_product_is_checked(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert changed(capsys, PRINCIPAL, "notes.yaml") == (1, [PRINCIPAL])


def test_a_change_to_an_index_checks_every_product_that_tracks_it(repository: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    for data in ("index.yaml", "constituents.csv", "market_data.csv"):
        assert changed(capsys, f"examples/indices/korea-value-up/{data}")[1] == VALUE_UP


def test_a_change_to_a_pdf_checks_its_product(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert changed(capsys, "examples/value-up-passive/pdf.csv") == (0, [PASSING])
    assert changed(capsys, "examples/failing/narrow-index-single-issue/constituents.csv") == (1, [NARROW])


@pytest.mark.parametrize("root", ["absolute", "from below"])
def test_a_product_is_checked_once_however_the_root_is_spelt(repository: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch, root: str) -> None:
    """The product changed, and its PDF: found by both, under a --root that names the tree otherwise,
    it is still one product, under the name it was changed by."""
    if root == "absolute":
        options, product, pdf = ("--root", str(repository)), PASSING, "examples/value-up-passive/pdf.csv"
    else:
        monkeypatch.chdir(repository / "examples" / "value-up-passive")
        options, product, pdf = ("--root", "../.."), "product.yaml", "./pdf.csv"
    assert changed(capsys, product, pdf, "./" + product, options=options) == (0, [product])


def test_a_change_that_no_product_uses_checks_nothing(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert changed(capsys, "notes.yaml", "elsewhere.csv") == (0, [])


def test_a_change_to_the_rulebook_in_use_checks_every_product(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(REPOSITORY / "rules" / "krx" / "etf-listing.yaml", repository / "rules.yaml")
    status, files = changed(capsys, "rules.yaml", options=("--rules", "rules.yaml"))
    assert status == 1 and files == sorted(str(p.relative_to(repository)) for p in (repository / "examples").rglob("product.yaml"))


def test_a_broken_product_that_changed_is_reported(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repository / PRINCIPAL).write_text("kind: etf-product\nname: [broken\n", encoding="utf-8")
    status = main(["--changed", PRINCIPAL])
    assert status == 2
    assert f"{PRINCIPAL}:3:1: YAML syntax error" in capsys.readouterr().err


@pytest.mark.parametrize("field", ["pdf", "index"])
def test_a_product_whose_reference_cannot_name_a_file_does_not_stop_the_others(
        repository: Path, capsys: pytest.CaptureFixture[str], field: str) -> None:
    """A product elsewhere in the tree whose PDF or index is written with a NUL (or as anything
    but text) refers to no changed file; the hook still checks the products the change affects."""
    bad = repository / "examples" / "bad" / "product.yaml"
    bad.parent.mkdir()
    reference = '"pdf\\0.csv"' if field == "pdf" else '"index\\0.yaml"'
    text = (repository / PASSING).read_text(encoding="utf-8")
    line = r"(?m)^pdf: .*$" if field == "pdf" else r"(?m)^  index: .*$"
    text = re.sub(line, lambda found: found.group(0).split(":")[0] + ": " + reference, text)
    assert "\\0" in text  # a YAML escape: the value holds a NUL
    bad.write_text(text, encoding="utf-8")
    shutil.copy(repository / "examples" / "value-up-passive" / "pdf.csv", bad.parent)  # its other files are there
    assert changed(capsys, "examples/value-up-passive/pdf.csv") == (0, [PASSING])
    status = main(["--changed", "--format", "json", "examples/bad/product.yaml"])
    captured = capsys.readouterr()
    assert status == 2 and "internal error" not in captured.err and "examples/bad/product.yaml" in captured.err


KRX_PRODUCTS = ["examples/krx-downloads/inverse/product.yaml", "examples/krx-downloads/product.yaml"]


def test_a_change_to_a_krx_pdf_download_checks_its_product(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert changed(capsys, "examples/krx-downloads/inverse/pdf_20241031.csv")[1] == [KRX_PRODUCTS[0]]


@pytest.mark.parametrize("day", ["20241030", "20241101"])
def test_a_changed_or_new_krx_daily_download_checks_the_products_of_its_index(
        repository: Path, capsys: pytest.CaptureFixture[str], day: str) -> None:
    downloads = repository / "examples" / "krx-downloads" / "index" / "krx"
    shutil.copy(downloads / "20241029.csv", downloads / f"{day}.csv")
    assert changed(capsys, f"examples/krx-downloads/index/krx/{day}.csv")[1] == KRX_PRODUCTS


def test_a_file_beside_the_downloads_that_the_glob_does_not_match_checks_nothing(
        repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = repository / "examples" / "krx-downloads" / "index" / "krx" / "notes" / "20241101.csv"
    other.parent.mkdir()
    other.write_text("date\n", encoding="utf-8")
    assert changed(capsys, "examples/krx-downloads/index/krx/notes/20241101.csv") == (0, [])


@pytest.mark.parametrize("data, products", [
    ("examples/ucits/index-fund/holdings.csv", ["examples/ucits/index-fund/product.yaml"]),
    ("examples/watch/healthy-passive/history.csv", ["examples/watch/healthy-passive/product.yaml"]),
])
def test_a_change_to_a_products_holdings_or_history_checks_it(
        repository: Path, capsys: pytest.CaptureFixture[str], data: str, products: list[str]) -> None:
    assert changed(capsys, data)[1] == products


@pytest.mark.parametrize("index, products", [
    ("kospi200-comparison", ["active-low-correlation"]),
    ("korea-value-up", ["healthy-passive", "lp-left", "small-designated"]),
])
def test_a_change_to_an_index_levels_file_checks_the_products_that_track_it(
        repository: Path, capsys: pytest.CaptureFixture[str], index: str, products: list[str]) -> None:
    assert changed(capsys, f"examples/watch/indices/{index}/levels.csv")[1] == [
        f"examples/watch/{product}/product.yaml" for product in products]


def test_every_field_that_names_a_file_is_a_reference() -> None:
    """Each field of the product and index models that may hold a path (a file, or rows written
    inline, or a KRX download) is one discovery follows."""
    from typing import get_args

    from etf_listing import discovery
    from etf_listing.loading import documents

    def names_files(annotation: object) -> bool:
        if annotation in (documents.KrxPdfFile, documents.KrxDailyFiles):
            return True
        arguments = get_args(annotation)
        return list[dict[str, Any]] in arguments or any(names_files(a) for a in arguments)

    for model, fields in ((documents.ProductDocument, discovery.PRODUCT_FILE_FIELDS),
                          (documents.IndexDocument, discovery.INDEX_FILE_FIELDS)):
        expected = {name for name, field in model.model_fields.items() if names_files(field.annotation)}
        assert expected and set(fields) == expected, model.__name__


def test_a_rulebook_file_a_product_names_is_a_reference(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(REPOSITORY / "rules" / "krx" / "etf-listing.yaml", repository / "examples" / "value-up-passive" / "mine.yaml")
    product = repository / PASSING
    product.write_text(product.read_text(encoding="utf-8").replace("kind: etf-product\n", "kind: etf-product\nrulebook: mine.yaml\n"),
                       encoding="utf-8")
    assert changed(capsys, "examples/value-up-passive/mine.yaml") == (0, [PASSING])
    (repository / "examples" / "value-up-passive" / "mine.yaml").rename(repository / "theirs.yaml")
    status, files = changed(capsys, "theirs.yaml")  # renamed away: the product names a file not there
    assert status == 2 and files == [PASSING]


def test_a_shipped_rulebook_a_product_names_is_no_file(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repository / "examples" / "watch" / "healthy-passive" / "krx-etf-continued-listing").write_text("", encoding="utf-8")
    assert changed(capsys, "examples/watch/healthy-passive/krx-etf-continued-listing") == (0, [])


@pytest.mark.parametrize("head", [
    '{"kind": "etf-product", ',
    '"kind": "etf-product"\n',
    "kind: !!str etf-product\n",
    "kind:\n  etf-product\n",
])
def test_a_product_whose_kind_is_not_written_on_a_plain_line_is_found(
        repository: Path, capsys: pytest.CaptureFixture[str], head: str) -> None:
    product = repository / PASSING
    text = product.read_text(encoding="utf-8").replace("kind: etf-product\n", "")
    if head.startswith("{"):  # the whole file as JSON, which is YAML
        import yaml

        data = yaml.safe_load(text)
        body = json.dumps({"kind": "etf-product", **data}, default=str, ensure_ascii=False)
    else:
        body = head + text
    product.write_text(body, encoding="utf-8")
    assert changed(capsys, "examples/value-up-passive/pdf.csv") == (0, [PASSING])
    status = main(["--format", "json", "examples/value-up-passive"])
    assert status == 0 and [r["file"] for r in json.loads(capsys.readouterr().out)["reports"]] == [PASSING]


def test_a_file_that_mentions_the_kind_but_is_no_product_is_not_one(repository: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (repository / "notes.yaml").write_text("kind: notes  # not etf-product\ntopic: [etf-product\n", encoding="utf-8")
    (repository / "other.yaml").write_text('"kind": "etf-index"\nabout: etf-product\n', encoding="utf-8")
    assert changed(capsys, "notes.yaml", "other.yaml") == (0, [])


@pytest.mark.parametrize("gone", ["examples/value-up-passive/pdf.csv", "examples/krx-downloads/inverse/pdf_20241031.csv"])
def test_a_product_whose_file_was_deleted_or_renamed_is_checked(repository: Path, capsys: pytest.CaptureFixture[str],
                                                                 gone: str) -> None:
    product = str(Path(gone).parent / "product.yaml")
    (repository / gone).rename(repository / gone.replace(".csv", "-renamed.csv"))
    status, files = changed(capsys, gone.replace(".csv", "-renamed.csv"))
    assert status == 2 and files == [product]
    status, files = changed(capsys)  # a commit that only deletes hands the hook no file
    assert status == 2 and files == [product]


def test_every_krx_daily_download_deleted_checks_the_products_of_the_index(
        repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(repository / "examples" / "krx-downloads" / "index" / "krx")
    assert changed(capsys)[1] == KRX_PRODUCTS


def test_one_krx_daily_download_deleted_in_the_commit_checks_the_products_of_the_index(
        repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """pre-commit hands the hook no deleted file, and the glob still matches the other days: git's
    index says which files the commit deletes."""
    git("init", "-q", cwd=repository)
    git("add", "-A", cwd=repository)
    git("commit", "-q", "-m", "products", cwd=repository)
    assert changed(capsys) == (0, [])
    git("rm", "-q", "examples/krx-downloads/index/krx/20241029.csv", cwd=repository)
    assert changed(capsys)[1] == KRX_PRODUCTS
    git("commit", "-q", "-m", "one day less", cwd=repository)
    assert changed(capsys) == (0, [])  # committed: nothing deleted is staged


def test_a_krx_daily_download_deleted_in_a_linked_folder_checks_the_products_of_the_index(
        repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The glob's folder is a symbolic link to where the downloads are kept: git deletes the file
    there, by its real path."""
    index = repository / "examples" / "krx-downloads" / "index"
    (repository / "downloads").mkdir()
    (index / "krx").rename(repository / "downloads" / "krx")
    (index / "krx").symlink_to(Path("..", "..", "..", "downloads", "krx"))
    git("init", "-q", cwd=repository)
    git("add", "-A", cwd=repository)
    git("commit", "-q", "-m", "products", cwd=repository)
    git("rm", "-q", "downloads/krx/20241029.csv", cwd=repository)
    assert changed(capsys)[1] == KRX_PRODUCTS


@pytest.mark.parametrize("renames", ["true", "copies"])
def test_a_krx_daily_download_renamed_out_of_the_glob_checks_the_products_of_the_index(
        repository: Path, capsys: pytest.CaptureFixture[str], renames: str) -> None:
    """git lists a file renamed under its new name only, as pre-commit hands it over: its old
    name, which the glob matched, is a file the commit deletes all the same."""
    git("init", "-q", cwd=repository)
    git("config", "diff.renames", renames, cwd=repository)
    git("add", "-A", cwd=repository)
    git("commit", "-q", "-m", "products", cwd=repository)
    git("mv", "examples/krx-downloads/index/krx/20241029.csv", "examples/krx-downloads/index/20241029.csv.old",
        cwd=repository)
    assert changed(capsys)[1] == KRX_PRODUCTS


def test_run_by_hand_in_a_folder_of_the_work_tree_it_checks_what_the_hook_checks(
        repository: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The products that track an index lie outside its folder: run there, ``--changed`` still
    searches the whole work tree, reads their files as the hook does, and sees its deletions."""
    git("init", "-q", cwd=repository)
    git("add", "-A", cwd=repository)
    git("commit", "-q", "-m", "products", cwd=repository)
    monkeypatch.chdir(repository / "examples" / "indices" / "korea-value-up")
    status, files = changed(capsys, "constituents.csv")
    assert status == 1 and files == [os.path.join("..", "..", "..", file) for file in VALUE_UP]
    monkeypatch.chdir(repository / "examples" / "value-up-passive")  # its index is outside this folder
    assert changed(capsys, "pdf.csv") == (0, [os.path.join("..", "..", PASSING)])
    git("rm", "-q", "examples/krx-downloads/index/krx/20241029.csv", cwd=repository)
    assert changed(capsys)[1] == [os.path.join("..", "..", file) for file in KRX_PRODUCTS]


def test_outside_a_git_work_tree_no_file_is_known_deleted(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from etf_listing.discovery import staged_deletions

    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(repository.parent))
    assert staged_deletions() == []
    monkeypatch.setenv("PATH", str(repository / "no-git-here"))
    assert staged_deletions() == []


def test_changed_with_no_file_and_nothing_missing_checks_nothing(repository: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--changed"]) == 0
    assert capsys.readouterr().out == ""
    assert changed(capsys) == (0, [])


def test_the_hook_runs_on_every_commit() -> None:
    import yaml

    hook, = yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["always_run"] is True and hook["entry"] == "etf-check --changed"
    assert "always_run: true" in readme_configurations()[1]


def test_a_product_in_a_hidden_directory_is_checked_only_when_it_changed(
        repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As the README says: hidden directories are not searched for the products a change affects."""
    draft = repository / "examples" / ".drafts" / "p" / "product.yaml"
    shutil.copytree(repository / "examples" / "value-up-passive", draft.parent)
    assert changed(capsys, "examples/value-up-passive/pdf.csv")[1] == [PASSING]
    assert changed(capsys, "examples/.drafts/p/product.yaml")[1] == ["examples/.drafts/p/product.yaml"]
    readme = " ".join((REPOSITORY / "README.md").read_text(encoding="utf-8").split())
    assert "hidden directories (`.drafts/`) are not searched" in readme


# --- the real pre-commit ----------------------------------------------------------------------------

def git(*args: str, cwd: Path) -> str:
    environment = {**os.environ, "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
                   "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    return subprocess.run(["git", *args], cwd=cwd, env=environment, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This project as pre-commit fetches it: a git repository whose commit holds the hook (the
    working tree as it is, committed, so that the hook tested is the code under test)."""
    target = tmp_path_factory.mktemp("hook") / "etf-listing"
    files = git("ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=REPOSITORY).split("\0")
    for name in filter(None, files):
        source = REPOSITORY / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git("init", "-q", cwd=target)
    git("add", "-A", cwd=target)
    git("commit", "-q", "-m", "snapshot", cwd=target)
    return target, git("rev-parse", "HEAD", cwd=target).strip()


def pre_commit(*args: str, cwd: Path, home: Path, path: str | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    if path is not None:
        environment["PATH"] = path
    environment.pop("VIRTUAL_ENV", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", *args, "--color", "never"], cwd=cwd,
                          env=environment, capture_output=True, text=True, timeout=900)


def test_the_hook_fails_a_product_that_is_not_eligible_and_passes_it_fixed(
        hook_repository: tuple[Path, str], tmp_path: Path) -> None:
    hook, rev = hook_repository
    products = tmp_path / "products"
    for folder in ("indices/korea-value-up", "value-up-passive", "failing/principal-below-minimum"):
        shutil.copytree(EXAMPLES / folder, products / folder)
    # the README's configuration, with this project's URL where it says OWNER, as a user writes it
    remote, _ = readme_configurations()
    (products / ".pre-commit-config.yaml").write_text(remote.replace("https://github.com/OWNER/etf-listing", str(hook)),
                                                      encoding="utf-8")
    git("init", "-q", cwd=products)
    git("add", "-A", cwd=products)
    home = tmp_path / "pre-commit-home"
    updated = pre_commit("autoupdate", "--bleeding-edge", cwd=products, home=home)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert f'rev: "{rev}"' in (products / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    git("add", "-A", cwd=products)

    failing = pre_commit("run", "--all-files", cwd=products, home=home)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "krx.size.principal" in failing.stdout
    assert "failing/principal-below-minimum/product.yaml" in failing.stdout
    assert "2 products: 1 eligible, 1 not eligible" in failing.stdout

    product = products / "failing" / "principal-below-minimum" / "product.yaml"
    product.write_text(product.read_text(encoding="utf-8").replace("principal_krw: 65억원", "principal_krw: 100억원"),
                       encoding="utf-8")
    git("add", "-A", cwd=products)
    fixed = pre_commit("run", "--all-files", cwd=products, home=home)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Passed" in fixed.stdout

    # a change to a PDF alone is handed to the hook, which checks the product that uses it
    pdf = products / "value-up-passive" / "pdf.csv"
    pdf.write_text(pdf.read_text(encoding="utf-8").replace("005930,삼성전자,", "005930,삼성전자,-"), encoding="utf-8")
    git("add", "-A", cwd=products)
    broken = pre_commit("run", "--files", "value-up-passive/pdf.csv", cwd=products, home=home)
    assert broken.returncode == 2 or "exit code: 2" in broken.stdout, broken.stdout + broken.stderr
    assert "value-up-passive/pdf.csv:" in broken.stdout and "cannot be negative" in broken.stdout


def readme_configurations() -> list[str]:
    """The README's two .pre-commit-config.yaml examples: by URL, and for an installed etf-check."""
    section = (REPOSITORY / "README.md").read_text(encoding="utf-8").split("\n## pre-commit\n", 1)[1].split("\n## ", 1)[0]
    configurations = re.findall(r"```yaml\n(.*?)```", section, flags=re.S)
    assert len(configurations) == 2
    return configurations


def test_the_readme_example_for_an_installed_etf_check_works_as_written(tmp_path: Path) -> None:
    products = tmp_path / "products"
    for folder in ("indices/korea-value-up", "failing/principal-below-minimum"):
        shutil.copytree(EXAMPLES / folder, products / folder)
    (products / ".pre-commit-config.yaml").write_text(readme_configurations()[1], encoding="utf-8")
    git("init", "-q", cwd=products)
    git("add", "-A", cwd=products)
    # etf-check as installed beside the Python that runs the tests, as a user's `pip install .` puts it
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    failing = pre_commit("run", "--all-files", cwd=products, home=tmp_path / "home", path=path)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "krx.size.principal" in failing.stdout and "principal-below-minimum/product.yaml" in failing.stdout


def test_the_hook_is_handed_a_changed_file_of_any_name(tmp_path: Path) -> None:
    """A PDF kept as pdf.txt: the loader reads it as any CSV, so the hook must be handed it."""
    import yaml

    hook, = yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert not {"files", "types", "types_or"} & set(hook)
    products = tmp_path / "products"
    for folder in ("indices/korea-value-up", "value-up-passive"):
        shutil.copytree(EXAMPLES / folder, products / folder)
    (products / "value-up-passive" / "pdf.csv").rename(products / "value-up-passive" / "pdf.txt")
    product = products / "value-up-passive" / "product.yaml"
    product.write_text(product.read_text(encoding="utf-8").replace("pdf: pdf.csv", "pdf: pdf.txt"), encoding="utf-8")
    (products / ".pre-commit-config.yaml").write_text(readme_configurations()[1], encoding="utf-8")
    git("init", "-q", cwd=products)
    git("add", "-A", cwd=products)
    git("commit", "-q", "-m", "products", cwd=products)
    pdf = products / "value-up-passive" / "pdf.txt"
    pdf.write_text(pdf.read_text(encoding="utf-8").replace("005930,삼성전자,", "005930,삼성전자,-"), encoding="utf-8")
    git("add", "-A", cwd=products)
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    broken = pre_commit("run", cwd=products, home=tmp_path / "home", path=path)
    assert broken.returncode != 0, broken.stdout + broken.stderr
    assert "value-up-passive/pdf.txt:" in broken.stdout and "cannot be negative" in broken.stdout


@pytest.mark.parametrize("suffix", [".YAML", ".Yml"])
def test_a_changed_product_named_in_capitals_is_checked(repository: Path, capsys: pytest.CaptureFixture[str], suffix: str) -> None:
    # pre-commit hands second.YAML over as YAML; skipped here, a failing product was committed
    second = PRINCIPAL.replace("product.yaml", f"second{suffix}")
    shutil.copy(PRINCIPAL, second)
    assert changed(capsys, second) == (1, [second])
    assert second in changed(capsys, "examples/failing/principal-below-minimum/pdf.csv")[1]


def test_etf_check_test_finds_rule_tests_named_in_capitals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(REPOSITORY / "rules" / "krx" / "tests", tmp_path / "krx")
    folder = tmp_path / "caps"
    folder.mkdir()
    (folder / "principal.test.YAML").write_text(
        "kind: etf-rule-tests\nschema_version: 1\nrulebook: krx-etf-listing\nbase: ../krx/products/passing.yaml\n"
        "cases:\n  - name: exactly 7bn\n    set: {principal_krw: 70억원}\n    expect: {krx.size.principal: pass}\n",
        encoding="utf-8")
    assert main(["test", str(folder), "--root", str(tmp_path)]) == 0
    assert "1 cases: 1 passed, 0 failed" in capsys.readouterr().out
