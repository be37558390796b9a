"""Korean throughout: every error site in the code has a Korean text, every rule of every shipped
rulebook has both languages, the locale chooses the language, and the failing examples under
``--lang ko`` read as Korean (names, codes and ids aside)."""

from __future__ import annotations

import ast
import copy
import json
import re
from pathlib import Path
from typing import Callable

import jsonschema
import pytest

from etf_listing.cli import main
from etf_listing.errors import InputError, Problem
from etf_listing.language import choose
from etf_listing.loading.load import Loader
from etf_listing.rulebook import compile_rulebook, load_rulebook, rulebook_schema, shipped_rulebooks

from .. import builders
from ..conftest import REPOSITORY
from ..command_line.test_examples import FAILING
from ..loading.test_input_problems import CONSTITUENTS, INDEX, PDF, PRODUCT
from ..rulebooks.test_rulebook_loading import BOOK

HANGUL = re.compile(r"[가-힣]")
# Two English words in a row make an English phrase; identifiers (cash_creation_reason,
# krx.size.units), codes (KR103501GD65) and single words (ETF, KOSPI, equity) do not.
ENGLISH_PHRASE = re.compile(r"(?<![\w.'-])[A-Za-z]{2,}(?: [A-Za-z]{2,})+(?![\w.'-])")


def english_phrases(text: str) -> list[str]:
    return ENGLISH_PHRASE.findall(text)


def reads_as_korean(text: str) -> bool:
    return bool(HANGUL.search(text)) and not english_phrases(text)


# --- every error site has Korean -------------------------------------------------------------------

SOURCES = sorted((REPOSITORY / "src" / "etf_listing").rglob("*.py"))
CONSTRUCTORS = {"Problem", "CellError", "MoneyError", "NotCovered"}  # called by name
METHODS = {("InputError", "at"), ("RulebookError", "at"), ("cls", "at"), ("c", "error"), ("self", "error"),
           ("compiler", "error"), ("Missing", "one")}
HINT_POSITION = {"Problem": 2, "CellError": 1, "at": 2, "error": 2}  # the others take no hint


def message_sites(tree: ast.AST) -> list[tuple[str, ast.Call]]:
    sites = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id in CONSTRUCTORS:
            sites.append((function.id, node))
        elif (isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name)
              and (function.value.id, function.attr) in METHODS):
            sites.append((function.attr, node))
    return sites


def missing_korean(kind: str, call: ast.Call) -> str | None:
    """What the call leaves untranslated, or None. A call that passes another's texts on
    (``Problem(location, message, hint, ko, hint_ko)``) gives them all positionally."""
    keywords = {k.arg: k.value for k in call.keywords}
    if kind == "Problem" and len(call.args) >= 5:
        return None
    ko = keywords.get("ko")
    if ko is None or (isinstance(ko, ast.Constant) and ko.value is None):
        return "no ko="
    position = HINT_POSITION.get(kind)
    has_hint = ("hint" in keywords or (position is not None and len(call.args) > position))
    hint = keywords.get("hint") if "hint" in keywords else (call.args[position] if has_hint and position is not None else None)
    if has_hint and not (isinstance(hint, ast.Constant) and hint.value is None) and "hint_ko" not in keywords:
        return "a hint but no hint_ko="
    return None


def test_every_error_site_in_the_code_has_a_korean_text() -> None:
    untranslated, count = [], 0
    for source in SOURCES:
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for kind, call in message_sites(tree):
            count += 1
            why = missing_korean(kind, call)
            if why:
                untranslated.append(f"{source.relative_to(REPOSITORY)}:{call.lineno}: {kind}(...): {why}")
    assert count > 100  # the scan sees the sites (it would pass vacuously on none)
    assert untranslated == []


@pytest.mark.parametrize("code, why", [
    ("Problem(where, 'message')", "no ko="),
    ("Problem(where, 'message', 'hint', ko='메시지')", "a hint but no hint_ko="),
    ("InputError.at(where, 'message', ko=None)", "no ko="),
    ("c.error(where, 'message', did_you_mean(x, y), ko='메시지')", "a hint but no hint_ko="),
    ("Missing.one('message', item)", "no ko="),
    ("CellError('message', ko='메시지')", None),
    ("Problem(where, 'message', None, ko='메시지')", None),
])
def test_the_scan_catches_a_site_without_korean(code: str, why: str | None) -> None:
    ((kind, call),) = message_sites(ast.parse(code))
    assert missing_korean(kind, call) == why


# --- input errors, in Korean -----------------------------------------------------------------------

@pytest.fixture
def files(write, in_tmp: Path) -> Callable[[str, str], Path]:
    write("index.yaml", INDEX)
    write("constituents.csv", CONSTITUENTS)
    write("pdf.csv", PDF)
    write("product.yaml", PRODUCT)
    return write


def korean_problems() -> list[Problem]:
    with pytest.raises(InputError) as caught:
        Loader().load_product("product.yaml")
    return list(caught.value.problems)


@pytest.mark.parametrize("file, old, new, expected", [
    ("product.yaml", "principal_krw:", "principle_krw:",
     "product.yaml:6:1: 알 수 없는 필드 'principle_krw' ('principal_krw'을(를) 의도하셨나요?)"),
    ("product.yaml", "name: Test ETF\n", "", "product.yaml:1:1: 필수 필드 'name'이(가) 없습니다"),
    ("product.yaml", "creation: in_kind", "creation: inkind",
     "product.yaml:9:11: creation: 'in_kind' 또는 'cash' 중 하나여야 합니다. 입력값: 'inkind' ('in_kind'을(를) 의도하셨나요?)"),
    ("product.yaml", "units: 200000", "units: many", "product.yaml:7:8: units: 정수여야 합니다"),
    ("product.yaml", "units: 200000", "units: -5", "product.yaml:7:8: units: 0 이상여야 합니다"),
    ("product.yaml", "100억원", "100억달러", "product.yaml:6:16: principal_krw: '100억달러'은(는) 원화 금액이 아닙니다"),
    ("product.yaml", "as_of: 2024-10-31", "as_of: 2024-02-30", "product.yaml:4:8: as_of: '2024-02-30'은(는) 존재하는 날짜가 아닙니다"),
    ("product.yaml", "units: 200000", "units: 200000\nunits: 1", "product.yaml:8:1: 키 'units'이(가) 두 번 쓰였습니다 (처음: 7행)"),
    ("product.yaml", "units: 200000", "units: [200000", "product.yaml:"),
    ("product.yaml", "index: index.yaml", "index: ../outside.yaml",
     "product.yaml:11:10: '../outside.yaml'은(는) 검사 대상 디렉터리 밖을 가리킵니다"),
    ("product.yaml", "index: index.yaml", "index: product.yaml", "product.yaml:11:10: 상품이 자기 자신을 기초지수로 지정하고 있습니다"),
    ("pdf.csv", "quantity", "qty", "pdf.csv:1:11: 알 수 없는 열 'qty' (열: code, name, quantity, value_krw, linked)"),
    ("pdf.csv", "Issue 2,10", "Issue 2,-10", "pdf.csv:4:16: quantity: Issue 2(100002)은(는) 지수 구성종목이므로 수량 -10이(가) 음수일 수 없습니다 "
     "(지수 구성종목은 보유(0 초과)하거나 보유하지 않습니다(0). 음수는 선물·현금·미지급금 등 그 밖의 행만 가능합니다)"),
    ("pdf.csv", "100003,", ",", "pdf.csv:5:1: code: 값이 필요합니다"),
    ("constituents.csv", "1004억원", "lots", "constituents.csv:6:22: market_cap_krw: 'lots'은(는) 원화 금액이 아닙니다"),
    ("constituents.csv", "1005억원,10억원", ",", "constituents.csv:7:1: Issue 5 (100005)에 일별 시장 데이터도 3개월 평균도 없습니다"),
])
def test_input_errors_read_as_korean(files, in_tmp: Path, file: str, old: str, new: str, expected: str) -> None:
    path = in_tmp / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = korean_problems()
    assert problems[0].text("ko").startswith(expected)
    for problem in problems:
        assert reads_as_korean(problem.explained("ko")), problem.explained("ko")
        assert problem.text("en") == str(problem)  # English stays as it was


def test_the_command_prints_input_errors_in_korean(files, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "ko", "missing.yaml", "index.yaml"]) == 2
    err = capsys.readouterr().err
    assert "missing.yaml:1:1: 파일이 없습니다" in err
    assert "index.yaml:1:7: 상품 파일이 아닙니다 (kind: 'etf-index') (지수 파일입니다." in err


@pytest.mark.parametrize("old, new, expected", [
    ("title: Count", "titel: Count", "book.yaml:11:5: rules.0: 알 수 없는 필드 'titel' ('title'을(를) 의도하셨나요?)"),
    ("{count: {get: index.constituents}}", "{count: {get: index.constituent}}",
     "book.yaml:16:28: 'index.constituent': index에는 'constituent' 필드가 없습니다 ('constituents'을(를) 의도하셨나요?)"),
    ("{param: minimum}", "{param: minimun}", "book.yaml:18:26: 'minimun'(이)라는 매개변수가 없습니다"),
    ("{count: {get: index.constituents}}", "{get: index.constituents}",
     "book.yaml:16:14: 여기에는 단일 값이 와야 하는데 컬렉션이 있습니다 (count, sum, max, min 중 하나로 감싸세요)"),
    ("{count: {get: index.constituents}}", "{sum: {get: index.constituents}}", "book.yaml:16:14: sum에는 'of'이(가) 필요합니다"),
    ("value: 10, unit: count", "value: ten, unit: count", "book.yaml:8:20: 매개변수 minimum: 0 이상의 정수여야 합니다"),
    ("    citation: Test.\n", "", "book.yaml:10:5: rules.0: 필수 필드 'citation'이(가) 없습니다"),
])
def test_rulebook_errors_read_as_korean(old: str, new: str, expected: str) -> None:
    assert old in BOOK
    with pytest.raises(InputError) as caught:
        compile_rulebook(BOOK.replace(old, new), "book.yaml")
    problem = caught.value.problems[0]
    assert problem.text("ko").startswith(expected)
    assert reads_as_korean(problem.explained("ko"))


def test_a_rule_that_cannot_be_decided_says_why_in_korean(tmp_path: Path) -> None:
    # one issue's daily series ends a month early: its mean is missing, never guessed
    issues = builders.stocks(10, market_cap=None, trading_value=None)
    series = [row for s in issues for row in builders.daily(
        s["code"], *((day, 1000 * builders.EOK, 10 * builders.EOK) for day in ("2024-08-01", "2024-09-02", "2024-10-31")))]
    series = [row for row in series if not (row["code"] == "S01" and row["date"].month == 10)]
    index = builders.index(issues, market_data=series)
    index["calendar"] = [{"date": day} for day in ("2024-08-01", "2024-09-02", "2024-10-31")]  # three trading days
    report = builders.check(tmp_path, builders.product(index))
    weight = builders.result(report, "krx.index.single_issue_weight")
    assert weight.status == "error"
    assert weight.message["ko"].startswith("판단할 수 없습니다: 종목S01 (S01): 시장 데이터가 2024-09-02에 끝나")
    assert weight.message["en"].startswith("Cannot be decided: 종목S01 (S01): market data ends 2024-09-02")
    assert reads_as_korean(weight.message["ko"])


def test_a_missing_figure_is_named_in_korean(tmp_path: Path) -> None:
    report = builders.check(tmp_path, builders.product(units=None))
    units = builders.result(report, "krx.size.units")
    assert units.status == "error"
    assert units.message["ko"] == "판단할 수 없습니다: product.units 값이 없습니다"


@pytest.mark.parametrize("word, particle, expected", [
    ("100억원", "로", "으로"), ("65억원", "으로", "으로"), ("30.00%", "으로", "로"), ("1x", "은", "는"),
    ("200,000", "로", "으로"),  # 이십만
    ("7", "로", "로"), ("3", "로", "으로"), ("10", "를", "을"), ("1.5", "이", "가"), ("2사", "로", "로"),
    ("지정참가회사", "을", "를"), ("equity", "는", "는"), ("", "로", "로"),
])
def test_a_korean_particle_agrees_with_the_figure_before_it(word: str, particle: str, expected: str) -> None:
    from etf_listing.formatting import korean_particle

    assert korean_particle(word, particle) == expected


# --- the failing examples under --lang ko ---------------------------------------------------------

EXAMPLES = ["examples/value-up-passive/product.yaml", *(f"examples/failing/{v}/product.yaml" for v in sorted(FAILING))]


def test_the_examples_in_korean_json_have_no_english_sentences(in_repository: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "ko", "--format", "json", *EXAMPLES]) == 1
    reports = json.loads(capsys.readouterr().out)["reports"]
    assert len(reports) == len(EXAMPLES)
    for report in reports:
        for result in report["results"]:
            for field in ("title", "message", "citation"):
                assert reads_as_korean(result[field]), f"{result['rule']} {field}: {result[field]}"


@pytest.mark.parametrize("format", ["text", "markdown", "junit", "sarif", "github"])
def test_the_failing_examples_in_korean_read_as_korean(format: str, in_repository: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "ko", "--format", format, *EXAMPLES]) == 1
    out = capsys.readouterr().out
    assert HANGUL.search(out)
    # file names, rule ids, element names and the tool's name are not sentences
    prose = re.sub(r"[\w./-]+\.(?:yaml|csv)(?::\d+)*|krx\.[\w.]+|<[^>]*>|::error [^:]*::|\"[\w$]+\":", " ", out)
    if format in ("junit", "sarif"):
        prose = " ".join(re.findall(r"(?:message|text|markdown)\"?[:=] ?\"([^\"]*)\"", out))
    assert english_phrases(prose) == []


def test_korean_messages_are_the_default_in_a_korean_locale(in_repository: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    main([EXAMPLES[1]])
    assert "✘ 상장 요건 미충족" in capsys.readouterr().out
    main(["--lang", "en", EXAMPLES[1]])
    assert "✘ not eligible" in capsys.readouterr().out


@pytest.mark.parametrize("environment, expected", [
    ({}, "en"),
    ({"LANG": "ko_KR.UTF-8"}, "ko"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_MESSAGES": "ko_KR", "LANG": "en_US.UTF-8"}, "ko"),
    ({"LC_ALL": "C", "LC_MESSAGES": "ko_KR", "LANG": "ko_KR"}, "en"),  # LC_ALL overrides the others
    ({"LC_ALL": "ko_KR.UTF-8", "LANG": "C"}, "ko"),
    ({"LC_ALL": "", "LANG": "ko"}, "ko"),  # an empty variable is not set
])
def test_the_locale_chooses_the_language(environment: dict[str, str], expected: str) -> None:
    assert choose(None, environment) == expected
    assert choose("en", environment) == "en"  # --lang wins


# --- every rule in both languages -----------------------------------------------------------------

SHIPPED = sorted({path for name, path in shipped_rulebooks().items() if "/" not in name})


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: Path(p).stem)
def test_every_rule_of_every_shipped_rulebook_has_both_languages(path: str) -> None:
    rulebook = load_rulebook(path)
    texts = [("title", rulebook.title), *(("description", t) for t in [rulebook.description, rulebook.source] if t)]
    texts += [(f"parameter {p.name}", p.description) for p in rulebook.parameters.values()]
    for rule in rulebook.rules:
        texts += [(f"{rule.id} title", rule.title), (f"{rule.id} requirement", rule.requirement),
                  (f"{rule.id} citation", rule.citation)]
        texts += [(f"{rule.id} message {status}", text) for status, text in rule.messages.items()]
        texts += [(f"{rule.id} check message {status}", text)
                  for check in rule.checks for status, text in (check.messages or {}).items()]
        if rule.not_applicable:
            texts.append((f"{rule.id} not_applicable", rule.not_applicable))
    for where, text in texts:
        assert set(text) == {"en", "ko"}, where
        assert HANGUL.search(text["ko"]) and not HANGUL.search(text["en"]), where


def bilingual_schema() -> dict:
    """The rulebook schema with every text required in English and Korean."""
    schema = copy.deepcopy(rulebook_schema())
    schema["$defs"]["text"] = {"type": "object", "required": ["en", "ko"], "additionalProperties": False,
                               "properties": {"en": {"type": "string", "minLength": 1},
                                              "ko": {"type": "string", "minLength": 1}}}
    return schema


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: Path(p).stem)
def test_the_shipped_rulebooks_validate_against_the_bilingual_schema(path: str) -> None:
    from etf_listing.loading.yaml_source import parse_yaml
    from etf_listing.rulebook import _jsonable

    data = _jsonable(parse_yaml(Path(path).read_text(encoding="utf-8"), path).data)
    jsonschema.Draft202012Validator(bilingual_schema()).validate(data)
    english_only = BOOK  # the test rulebook's texts are English only: the strict schema refuses it
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(bilingual_schema()).validate(_jsonable(parse_yaml(english_only, "b").data))
