"""What the gate must not let through: a misspelt kind skipped in silence, a waiver file change
that re-checks nothing, and reports that do not say exactly which rulebook and files were checked."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from etf_listing.cli import main
from etf_listing.kinds import close_kind

from ..conftest import EXAMPLES, REPOSITORY

PASSING = "examples/value-up-passive/product.yaml"
PRINCIPAL = "examples/failing/principal-below-minimum/product.yaml"


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "examples", ignore=shutil.ignore_patterns("*.py", "*.md"))
    (tmp_path / "notes.yaml").write_text("kind: meeting-notes\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def misspell(repository: Path, product: str, kind: str = "etf_product") -> Path:
    path = repository / product
    path.write_text(path.read_text(encoding="utf-8").replace("kind: etf-product", f"kind: {kind}"), encoding="utf-8")
    return path


@pytest.mark.parametrize("kind, known", [("etf_product", "etf-product"), ("ETF-Product", "etf-product"),
                                         ("etf-prodcut", "etf-product"), ("etf-products", "etf-product"),
                                         ("etf_index", "etf-index"), ("etf-waiver", "etf-waivers"),
                                         ("etf-product", None), ("meeting-notes", None), ("", None)])
def test_a_kind_close_to_a_known_kind_is_a_misspelling(kind: str, known: str | None) -> None:
    assert close_kind(kind) == known


def test_a_directory_run_refuses_a_misspelt_kind(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    misspell(repository, PASSING)
    assert main(["examples/value-up-passive"]) == 2
    err = capsys.readouterr().err
    assert ("examples/value-up-passive/product.yaml:3:7: kind: 'etf_product' is not a kind of file etf-check reads"
            " (did you mean 'etf-product'?)") in err


def test_the_hook_refuses_a_changed_file_with_a_misspelt_kind(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    misspell(repository, PASSING)
    assert main(["--changed", PASSING, "notes.yaml"]) == 2
    assert "did you mean 'etf-product'?" in capsys.readouterr().err
    assert main(["--changed", "notes.yaml"]) == 0  # another tool's file is still ignored


def test_a_named_file_with_a_misspelt_kind_gets_did_you_mean(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    misspell(repository, PASSING, "ETF-Product")
    assert main(["--lang", "ko", PASSING]) == 2
    assert "kind: 'ETF-Product'은(는) etf-check가 읽는 파일 종류가 아닙니다 ('etf-product'을(를) 의도하셨나요?)" \
        in capsys.readouterr().err


def test_an_index_file_with_a_misspelt_kind_gets_did_you_mean(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = repository / "examples/indices/korea-value-up/index.yaml"
    index.write_text(index.read_text(encoding="utf-8").replace("kind: etf-index", "kind: etf_index"), encoding="utf-8")
    assert main([PASSING]) == 2
    assert "korea-value-up/index.yaml:3:7: kind: 'etf_index' is not a kind of file etf-check reads (did you mean 'etf-index'?)" \
        in capsys.readouterr().err


WAIVERS = """\
kind: etf-waivers
schema_version: 1
waivers:
  - rule: krx.size.principal
    products: [예시 원본액 미달 ETF]
    reason: seed money arrives before listing
    approved_by: compliance
    expires: 2999-12-31
"""


def test_a_change_to_the_waivers_file_rechecks_every_product(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    product = repository / PRINCIPAL
    name = next(line.split(":", 1)[1].strip() for line in product.read_text(encoding="utf-8").splitlines()
                if line.startswith("name:"))
    (repository / "waivers.yaml").write_text(WAIVERS.replace("예시 원본액 미달 ETF", name), encoding="utf-8")
    assert main([PRINCIPAL, "--waivers", "waivers.yaml"]) == 0
    capsys.readouterr()
    # the commit removes the waiver: only the waiver file changed, and the product now fails
    (repository / "waivers.yaml").write_text("kind: etf-waivers\nschema_version: 1\nwaivers: []\n", encoding="utf-8")
    assert main(["--changed", "--waivers", "waivers.yaml", "--format", "json", "waivers.yaml"]) == 1
    files = [report["file"] for report in json.loads(capsys.readouterr().out)["reports"]]
    assert PRINCIPAL in files and PASSING in files


@pytest.mark.parametrize("option", ["--waivers", "--calendar", "--rules"])
def test_a_commit_that_deletes_a_file_the_hook_names_fails_it(repository: Path, capsys: pytest.CaptureFixture[str],
                                                              option: str) -> None:
    """Deleting or renaming the waiver file (the calendar, a rulebook file) touches no product: the
    hook checked nothing and passed, where any later check stops on the missing file."""
    gone = {"--waivers": "waivers.yaml", "--calendar": "calendar.csv", "--rules": "rules.yaml"}[option]
    assert main(["--changed", option, gone, "notes.yaml"]) == 2
    assert f"{gone}:1:1: no such file" in capsys.readouterr().err
    assert main(["--changed", "notes.yaml"]) == 0  # nothing named, nothing touched: nothing to say


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_json_report_gives_each_input_files_sha256(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--format", "json", PASSING]) == 0
    report = json.loads(capsys.readouterr().out)["reports"][0]
    inputs = {entry["file"]: entry["sha256"] for entry in report["inputs"]}
    index = "examples/indices/korea-value-up"
    assert list(inputs) == [PASSING, "examples/value-up-passive/pdf.csv", f"{index}/index.yaml",
                            f"{index}/constituents.csv", f"{index}/market_data.csv"]
    assert all(digest == sha256(repository / file) for file, digest in inputs.items())
    rulebook = report["rulebook"]
    assert (rulebook["file"], rulebook["shipped"]) == ("rules/krx/etf-listing.yaml", True)
    assert rulebook["sha256"] == sha256(REPOSITORY / "rules/krx/etf-listing.yaml")


def test_a_report_with_a_rulebook_file_names_the_file_and_its_sha256(repository: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(REPOSITORY / "rules/krx/etf-listing.yaml", repository / "my-rules.yaml")
    digest = sha256(repository / "my-rules.yaml")
    assert main(["--rules", "my-rules.yaml", PASSING]) == 0
    assert f"rulebook file my-rules.yaml, SHA-256 {digest}" in capsys.readouterr().out
    assert main(["--rules", "my-rules.yaml", "--format", "json", PASSING]) == 0
    rulebook = json.loads(capsys.readouterr().out)["reports"][0]["rulebook"]
    assert (rulebook["file"], rulebook["sha256"], rulebook["shipped"]) == ("my-rules.yaml", digest, False)
    assert main(["--rules", "my-rules.yaml", "--format", "markdown", PASSING]) == 0
    assert f"`my-rules.yaml` SHA-256 `{digest}`" in capsys.readouterr().out
    assert main(["--rules", "my-rules.yaml", "--format", "sarif", PASSING]) == 0
    run = json.loads(capsys.readouterr().out)["runs"][0]
    assert run["properties"]["rulebooks"] == [{"file": "my-rules.yaml", "sha256": digest}]
    assert main(["--rules", "my-rules.yaml", "--format", "html", PASSING]) == 0
    assert f'<span class="file">my-rules.yaml</span>, SHA-256 <code>{digest}</code>' in capsys.readouterr().out
    assert main([PASSING]) == 0
    assert "SHA-256" not in capsys.readouterr().out  # a shipped rulebook is named by its id and version
    for form in ("sarif", "html"):
        assert main(["--format", form, PASSING]) == 0
        out = capsys.readouterr().out
        assert "SHA-256" not in out and '"rulebooks"' not in out


def test_a_large_market_data_file_read_in_columns_is_named_with_its_sha256(tmp_path: Path) -> None:
    from etf_listing.loading import columnar
    from etf_listing.loading.load import Loader

    shutil.copytree(EXAMPLES / "indices/korea-value-up", tmp_path / "indices/korea-value-up")
    shutil.copytree(EXAMPLES / "value-up-passive", tmp_path / "value-up-passive")
    data = tmp_path / "indices/korea-value-up/market_data.csv"
    assert columnar.read_market_data_file(columnar.SourceFile(str(data), str(data)), min_bytes=0) is not None
    original = columnar.read_market_data_file
    columnar_used = []

    def always(source, *, min_bytes=0):  # the C reader, whatever the file's size
        columnar_used.append(source)
        return original(source, min_bytes=0)

    import etf_listing.loading.load as load
    load.read_market_data_file, saved = always, load.read_market_data_file
    try:
        product = Loader(root=str(tmp_path)).load_product(str(tmp_path / "value-up-passive/product.yaml"))
    finally:
        load.read_market_data_file = saved
    assert columnar_used
    digests = dict(product.input_files)
    assert digests[str(data)] == sha256(data)
