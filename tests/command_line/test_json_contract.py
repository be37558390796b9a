"""The command line's JSON report is the public contract: its shape, exact figures as strings, and
the exit status."""

from __future__ import annotations

import json
from decimal import Decimal

from etf_listing import cli
from etf_listing.rulebook import load_rulebook

from ..builders import ALL_RULES, EOK, index, product, stock, stocks, write

WEIGHT = "krx.index.single_issue_weight"
PRINCIPAL = "krx.size.principal"


RESULT_KEYS = {"rule", "status", "title", "message", "observed", "operator", "threshold", "unit", "citation",
               "location", "items"}


def _no_floats(value) -> bool:
    if isinstance(value, float):
        return False
    if isinstance(value, dict):
        return all(_no_floats(v) for v in value.values())
    if isinstance(value, list):
        return all(_no_floats(v) for v in value)
    return True


def test_cli_json_report_has_the_contract_shape(tmp_path, capsys, monkeypatch):
    good_dir, bad_dir = tmp_path / "good", tmp_path / "bad"
    good_dir.mkdir()
    bad_dir.mkdir()
    good = write(good_dir, product(index([stock("005930", 300 * EOK, 10 * EOK, name="삼성전자")] + stocks(9)),
                                   principal_krw="70억원"))
    heavy = index([stock("005930", 400 * EOK, 10 * EOK, name="삼성전자")] + stocks(9, 100 * EOK))
    bad = write(bad_dir, product(heavy, principal_krw="65억원"))
    monkeypatch.chdir(tmp_path)

    status = cli.main(["--format", "json", "bad/product.yaml", "good/product.yaml"])
    document = json.loads(capsys.readouterr().out)

    assert status == 1
    assert document["schema_version"] == 1
    assert document["tool"]["name"] == "etf-listing"
    assert isinstance(document["tool"]["version"], str)
    assert _no_floats(document)
    rule_order = [rule.id for rule in load_rulebook().rules]
    assert rule_order == list(ALL_RULES)
    reports = document["reports"]
    assert [r["file"].replace("\\", "/") for r in reports] == ["bad/product.yaml", "good/product.yaml"]
    assert bad.exists() and good.exists()
    for report in reports:
        assert {"file", "product", "rulebook", "as_of", "eligible", "counts", "results"} <= set(report)
        assert report["product"] == "시험 ETF"
        assert report["as_of"] == "2024-10-31"
        assert {"id": "krx-etf-listing", "version": "2013.1", "effective_from": "2013-01-01"}.items() \
            <= report["rulebook"].items()
        assert [r["rule"] for r in report["results"]] == rule_order
        statuses = [r["status"] for r in report["results"]]
        assert set(statuses) <= {"pass", "fail", "not_applicable", "error", "waived"}
        assert report["counts"] == {s: statuses.count(s) for s in ("pass", "fail", "not_applicable", "error", "waived")}
        assert report["eligible"] == all(s in ("pass", "not_applicable") for s in statuses)
        for res in report["results"]:
            assert RESULT_KEYS <= set(res), res["rule"]
            for key in ("observed", "threshold"):
                figure = res[key]
                assert figure is None or isinstance(figure, (str, bool)) or (
                    isinstance(figure, list) and all(isinstance(f, str) for f in figure)), (res["rule"], key)
            assert res["location"] is None or {"file", "line", "column"} <= set(res["location"])
            assert isinstance(res["items"], list)

    bad_report, good_report = reports
    assert good_report["eligible"] is True
    assert bad_report["eligible"] is False
    by_rule = {r["rule"]: r for r in bad_report["results"]}

    weight = by_rule[WEIGHT]
    assert (weight["status"], weight["operator"], weight["unit"]) == ("fail", "<=", "ratio")
    # 400 / 1300 = 4/13, written as a decimal string far more precise than a float could carry
    assert abs(Decimal(weight["observed"]) - Decimal(4) / Decimal(13)) < Decimal("1e-24")
    assert Decimal(weight["threshold"]) == Decimal("0.30")
    assert [(i["code"], i["name"]) for i in weight["items"]] == [("005930", "삼성전자")]
    assert isinstance(weight["items"][0]["observed"], str)

    principal = by_rule[PRINCIPAL]
    assert (principal["status"], principal["observed"], principal["threshold"]) == ("fail", "6500000000", "7000000000")
    assert principal["location"]["file"].replace("\\", "/").endswith("bad/product.yaml")

    good_principal = {r["rule"]: r for r in good_report["results"]}[PRINCIPAL]
    assert (good_principal["status"], good_principal["observed"]) == ("pass", "7000000000")


def test_cli_exit_status_is_0_when_every_product_is_eligible(tmp_path, capsys, monkeypatch):
    write(tmp_path, product())
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--format", "json", "product.yaml"]) == 0
    assert json.loads(capsys.readouterr().out)["reports"][0]["eligible"] is True
