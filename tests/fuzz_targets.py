"""What fuzzing checks, and the inputs it is fed: shared by the bounded run in the test suite
(``tests/test_fuzz.py``) and the long run (``python -m tests.fuzz``).

Each target takes one input and either returns (the input was evaluated, or refused with
problems that keep the contract) or raises ``AssertionError`` naming the broken promise. Any
other exception escaping a target is a bug. The promises, for any input whatever:

- the loaders, the rulebook compiler and the evaluator either succeed or raise ``InputError``
  whose problems are one printable ``file:line:column: message`` line each, with line and
  column from 1;
- what loads is plain data (YAML) or typed rows (CSV), and what evaluates gives one result per
  rule with a known status, renderable as text and as JSON;
- the command line exits 0, 1 or 2; with 2 every line of standard error is
  ``file:line:column: message``; it never prints a traceback or an internal error.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import datetime as dt
import io
import json
import os
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

import yaml
from hypothesis import strategies as st

from etf_listing.cli import main
from etf_listing.errors import InputError, Problem
from etf_listing.evaluation import STATUSES, Report, evaluate
from etf_listing.loading.files import SourceFile, read_text
from etf_listing.loading.load import CONSTITUENT_COLUMNS, MARKET_DATA_COLUMNS, PDF_COLUMNS, Loader
from etf_listing.loading.tables import read_csv
from etf_listing.loading.yaml_source import parse_yaml
from etf_listing.reporting import REPORTERS, Outcome, RenderOptions
from etf_listing.rulebook import NoVersionInForce, Rulebook, compile_rulebook, load_rulebook, shipped_rulebooks

# How each input ended, by target (the long run prints these): evaluated, refused, ...
OUTCOMES: collections.Counter[str] = collections.Counter()


def note(outcome: str) -> None:
    OUTCOMES[outcome] += 1
    try:
        import hypothesis

        hypothesis.event(outcome)
    except Exception:  # outside a hypothesis test (the atheris engine)
        pass


PROBLEM_LINE = re.compile(r"^[^:\n]+:[1-9][0-9]*:[1-9][0-9]*: [^\n]+$")
KRX = load_rulebook()
KRX_TEXT = Path(shipped_rulebooks()["krx-etf-listing"]).read_text(encoding="utf-8")

# --- the promises -----------------------------------------------------------------------------------


def check_problems(error: InputError) -> None:
    assert error.problems, "an InputError without problems"
    for problem in error.problems:
        check_problem(problem)


def check_problem(problem: Problem) -> None:
    for lang in ("en", "ko"):
        line = problem.text(lang)
        assert PROBLEM_LINE.match(line), f"not one file:line:column: message line: {line!r}"
        assert len(line) < 2000, f"a problem of {len(line)} characters"
        assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", line), f"a control character in {line!r}"


PLAIN = (str, int, Decimal, bool, dt.date, type(None))


def check_plain(value: Any, depth: int = 0) -> None:
    assert depth <= 70, "deeper than the YAML limit"
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), f"a key that is not text: {key!r}"
            check_plain(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            check_plain(item, depth + 1)
    else:
        assert isinstance(value, PLAIN), f"not plain data: {type(value)}"
        assert not isinstance(value, float), "a float"
        if isinstance(value, Decimal):
            assert value.is_finite()


def check_report(report: Report, rulebook: Rulebook) -> None:
    assert [r.rule.id for r in report.results] == [rule.id for rule in rulebook.rules]
    for result in report.results:
        assert result.status in STATUSES
        assert result.message["en"] and result.message["ko"]
    for name in ("json", "text"):
        rendered = REPORTERS[name]([Outcome(report.product.file, report=report)], RenderOptions())
        assert rendered
        if name == "json":
            json.loads(rendered)
        else:
            assert "\x1b" not in rendered


# --- the targets ------------------------------------------------------------------------------------


def yaml_text(text: str) -> None:
    """Any text as a YAML document."""
    try:
        document = parse_yaml(text, "fuzz.yaml")
    except InputError as error:
        check_problems(error)
        note("yaml: refused")
        return
    note("yaml: read")
    check_plain(document.data)
    for location in [*document.values.values(), *document.keys.values()]:
        assert location.line >= 1 and location.column >= 1


def yaml_bytes(data: bytes) -> None:
    """Any bytes as a YAML file: read as the loader reads a file, then parsed."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "fuzz.yaml")
        with open(path, "wb") as stream:
            stream.write(data)
        try:
            text = read_text(SourceFile("fuzz.yaml", path))
        except InputError as error:
            check_problems(error)
            note("file: not text")
            return
    yaml_text(text)


TABLES: Mapping[str, Any] = {"pdf": PDF_COLUMNS, "constituents": CONSTITUENT_COLUMNS, "market_data": MARKET_DATA_COLUMNS}


def csv_text(text: str, table: str) -> None:
    """Any text as one of the CSV tables."""
    try:
        rows = read_csv(text, "fuzz.csv", TABLES[table])
    except InputError as error:
        check_problems(error)
        note("csv: refused")
        return
    note("csv: read")
    for row in rows:
        assert set(row.values) == set(TABLES[table])
        assert row.location.line >= 2


def product_files(files: Mapping[str, bytes], rulebook: Rulebook | None = None) -> None:
    """A product and the files it refers to (any bytes), loaded, evaluated and rendered."""
    rulebook = rulebook or KRX
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            Path(folder, name).write_bytes(data)
        try:
            product = Loader(root=folder).load_product(os.path.join(folder, "product.yaml"))
        except InputError as error:
            check_problems(error)
            note("product: refused")
            return
        try:
            report = evaluate(product, rulebook)
        except NoVersionInForce:  # a date before the rulebook's first version: the checker places it on as_of
            note("product: no version in force")
            return
        note("product: evaluated, " + ("eligible" if report.eligible else "not eligible"))
        check_report(report, rulebook)


def rulebook_text(text: str) -> None:
    """Any text as a rulebook: refused with problems, or compiled and run on a valid product."""
    try:
        rulebook = compile_rulebook(text, "fuzz-rules.yaml")
    except InputError as error:
        check_problems(error)
        note("rulebook: refused")
        return
    note("rulebook: compiled")
    product_files(BASE_FILES, rulebook)


def command_line(files: Mapping[str, bytes], options: tuple[str, ...] = ("--format", "json")) -> None:
    """``etf-check`` end to end on the files, as the hook runs it."""
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            Path(folder, name).write_bytes(data)
        arguments = [*options, "--root", folder, os.path.join(folder, "product.yaml")]
        if "rules.yaml" in files:
            arguments = ["--rules", os.path.join(folder, "rules.yaml"), *arguments]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(arguments)
    assert status in (0, 1, 2), status
    note(f"command line: exit {status}")
    lines = err.getvalue().splitlines()
    assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue(), err.getvalue()
    if status == 2:
        assert lines, "exit status 2 without a word"
        for line in lines:
            assert PROBLEM_LINE.match(line), f"not file:line:column: message: {line!r}"
    else:
        assert not lines, err.getvalue()
    json_format = "--format" in options and options[options.index("--format") + 1] == "json"
    if json_format and (status != 2 or out.getvalue()):  # a rulebook that cannot be read stops before any report
        assert len(json.loads(out.getvalue())["reports"]) == 1


# --- inputs ------------------------------------------------------------------------------------------

CODES = [f"{c:06d}" for c in (5930, 660, 5380, 270, 35420, 51910, 6400, 68270, 105560, 55550, 12330, 28260)]
PRODUCT = """\
kind: etf-product
schema_version: 1
name: 시험 ETF
as_of: 2024-10-31
fund_form: trust
principal_krw: 100억원
units: 200000
management: passive
leverage: 1
creation: in_kind
underlying:
  index: index.yaml
  license_signed: true
participants:
  - {name: 시험증권, authorized_participant: true, lp_contract: true}
  - {name: 다른증권, authorized_participant: true, lp_contract: false}
pdf: pdf.csv
linked_assets_ratio: 0.99
"""
INDEX = """\
kind: etf-index
schema_version: 1
name: 시험 지수
asset_class: equity
weighting: market_cap
constituents: constituents.csv
market_data: market_data.csv
"""
DAYS = [dt.date(2024, 8, 1) + dt.timedelta(days=i) for i in range(0, 92, 3)]
CONSTITUENTS = "code,name,market,sector\n" + "".join(f"{c},종목{c},KOSPI,IT\n" for c in CODES)
MARKET_DATA = "date,code,market_cap_krw,trading_value_krw\n" + "".join(
    f"{day},{c},{(i + 1) * 1000}억원,{i + 5}억원\n" for day in DAYS for i, c in enumerate(CODES))
PDF = "code,name,quantity\n" + "".join(f"{c},종목{c},10\n" for c in CODES) + "KRW,현금,1000\n"
BASE_TEXT = {"product.yaml": PRODUCT, "index.yaml": INDEX, "constituents.csv": CONSTITUENTS,
             "market_data.csv": MARKET_DATA, "pdf.csv": PDF}
BASE_FILES = {name: text.encode("utf-8") for name, text in BASE_TEXT.items()}

# Fragments that parsers and readers treat specially, mixed into otherwise random text.
YAML_FRAGMENTS = ["[", "]", "{", "}", ": ", ", ", "- ", "\n", "  ", "\t", "&a ", "&b ", "*a", "*b", "<<: ", "? ",
                  "!!python/object/apply:os.system ", "!!str ", "!!binary ", "!x ", "!", "'", '"', "\\", "#", "---\n",
                  "...\n", "|\n", ">-\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "005930", "0x1F", "0o17", "1e999",
                  "-1e-999", ".inf", ".nan", "NaN", "2024-02-30", "2024-10-31", "0001-01-01", "true", "no", "~", "null",
                  "\x00", "\x01", "\x1b[2J", "\ufeff", "\ud800", "\r\n", "\r", "\u2028", "\x85", "가", "억원", "kind: etf-product\n",
                  "kind: etf-index\n", "name: x\n", "underlying:\n  index: ", "../", "/etc/passwd", "https://x/",
                  "9" * 40, "0." + "0" * 40 + "1"]
CSV_CELLS = ["", " ", "0", "-1", "10", "005930", "1,000", "7e9", "1e999", "1e-999", "NaN", "inf", "-0", "70억원",
             "1.5조원", "1조 5천억원", "KRW 7bn", "₩7bn", "7 bn", "2024-08-01", "2024-02-30", "20240801", "true", "no",
             "KOSPI", "KOSDAQ", "foreign_exchange", "종목", '"', '""', '"a,b"', "a\nb", "\x00", "\x1b[2J", "\u2028",
             "9" * 40, "0." + "0" * 40 + "1", "٣", "1_000"]


def fragments(pieces: list[str], max_size: int = 60) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(pieces), st.text(max_size=8))
    return st.lists(piece, max_size=max_size).map("".join)


yaml_texts = fragments(YAML_FRAGMENTS)

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.sampled_from(CSV_CELLS),
                    st.text(max_size=12), st.dates(min_value=dt.date(1, 1, 1)),
                    st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str))
trees = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=5), st.dictionaries(st.text(max_size=8), children, max_size=5)), max_leaves=20)


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    """A data tree written as YAML, in block or flow style, sometimes cut or spliced with fragments."""
    text = yaml.safe_dump(draw(trees), allow_unicode=draw(st.booleans()), default_flow_style=draw(st.booleans()))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(fragments(YAML_FRAGMENTS, 5)) + text[at + draw(st.integers(0, 3)):]
    return text


@st.composite
def csv_tables(draw: st.DrawFn, table: str | None = None) -> tuple[str, str]:
    table = table or draw(st.sampled_from(sorted(TABLES)))
    names = list(TABLES[table])
    header = draw(st.lists(st.sampled_from([*names, "extra", "", "code "]), min_size=0, max_size=9))
    if draw(st.booleans()):
        header = names
    cell = st.one_of(st.sampled_from(CSV_CELLS + CODES), st.text(max_size=10))
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=len(header) + 1), max_size=8))

    def line(cells: list[str]) -> str:
        return ",".join(('"' + c.replace('"', '""') + '"') if draw(st.booleans()) and ("," in c or "\n" in c or '"' in c) else c
                        for c in cells)

    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = ending.join(line(r) for r in [header, *rows]) + draw(st.sampled_from(["", ending]))
    return table, (draw(st.sampled_from(["", "\ufeff"])) + text)


def _yaml_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _yaml_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_yaml_value(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)  # written back as 0.3, read again as Decimal("0.3")
    return value


BASE_PRODUCT = _yaml_value(parse_yaml(PRODUCT, "product.yaml").data)
BASE_INDEX = _yaml_value(parse_yaml(INDEX, "index.yaml").data)


def _somewhere(draw: st.DrawFn, document: Any, depth: int) -> tuple[Any, Any]:
    """A place in ``document`` (its container and key or index), at a random depth."""
    parent, key, node = None, None, document
    for _ in range(draw(st.integers(1, depth))):
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        parent, key = node, draw(st.sampled_from(keys))
        if not isinstance(node[key], (dict, list)) or draw(st.integers(0, 3)) == 0:
            break
        node = node[key]
    return parent, key


@st.composite
def mutated_document(draw: st.DrawFn, base: Any) -> str:
    """The base document with one value (at any depth) replaced, removed or added."""
    document = copy.deepcopy(base)
    parent, key = _somewhere(draw, document, 6)
    action = draw(st.sampled_from(["replace", "scalar", "remove", "add"]))
    if parent is None or action == "add":
        target = parent[key] if parent is not None and isinstance(parent[key], (dict, list)) else document
        if isinstance(target, dict):
            target[draw(st.sampled_from([*map(str, BASE_PRODUCT), "extra", "index", "x"]))] = draw(trees)
        else:
            target.append(draw(trees))
    elif action == "remove":
        del parent[key]
    elif action == "scalar":
        parent[key] = draw(scalars)
    else:
        parent[key] = draw(trees)
    return yaml.safe_dump(document, allow_unicode=True, default_flow_style=draw(st.booleans()))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8", "surrogateescape")
        return True
    except UnicodeEncodeError:
        return False


@st.composite
def product_file_sets(draw: st.DrawFn) -> dict[str, bytes]:
    """The valid base product with one or two of its files changed: a YAML value mutated, a table
    rewritten, a file cut, spliced with fragments or replaced by random bytes."""
    files = dict(BASE_FILES)
    for _ in range(draw(st.integers(1, 2))):
        name = draw(st.sampled_from(sorted(files)))
        kind = draw(st.sampled_from(["mutate", "splice", "cut", "bytes", "table"]))
        if kind == "mutate" and name.endswith(".yaml"):
            base = BASE_PRODUCT if name == "product.yaml" else BASE_INDEX
            files[name] = draw(mutated_document(base)).encode("utf-8")
        elif kind == "table" and name.endswith(".csv"):
            table = {"pdf.csv": "pdf", "constituents.csv": "constituents", "market_data.csv": "market_data"}[name]
            files[name] = draw(csv_tables(table))[1].encode("utf-8")
        elif kind == "cut":
            data = files[name]
            files[name] = data[: draw(st.integers(0, len(data)))]
        elif kind == "bytes":
            files[name] = draw(st.binary(max_size=200))
        else:
            text = files[name].decode("utf-8", "surrogateescape")
            at = draw(st.integers(0, len(text)))
            spliced = text[:at] + draw(fragments(YAML_FRAGMENTS + CSV_CELLS, 4)) + text[at:]
            files[name] = spliced.encode("utf-8", "surrogateescape") if _encodable(spliced) else spliced.encode("utf-8", "replace")
    return files


KRX_DATA = _yaml_value(parse_yaml(KRX_TEXT, "rules.yaml").data)
EXPRESSIONS = [{"get": "index.constituents"}, {"get": "product.principal_krw"}, {"get": "item.market_cap_krw"},
               {"get": "item.name"}, {"param": "min_units"}, {"param": "eligible_markets"}, {"ref": "constituents"},
               {"count": {"get": "product.participants"}}, {"top": 3, "of": {"get": "index.constituents"}, "by": {"get": "item.code"}},
               {"ratio": [1, 0]}, {"ratio": ["a", 1]}, {"sum": {"get": "index.constituents"}, "of": {"get": "item.name"}},
               {"window_mean": "market_cap_krw", "months": 99999, "tolerance_days": 0}, {"not": 1}, {"all": []},
               {"between": [1, 2, 3]}, {"in": [1, "x"]}, "{observed.__class__}", "{count}", 1e-30, 10**40]


@st.composite
def mutated_rulebooks(draw: st.DrawFn) -> str:
    """The KRX rulebook with one value replaced by an expression of the vocabulary, a data tree,
    or removed: mostly still a rulebook, often a wrong one."""
    document = copy.deepcopy(KRX_DATA)
    parent, key = _somewhere(draw, document, 8)
    if parent is not None:
        action = draw(st.sampled_from(["expression", "tree", "remove"]))
        if action == "remove":
            del parent[key]
        else:
            parent[key] = draw(st.sampled_from(EXPRESSIONS)) if action == "expression" else draw(trees)
    return yaml.safe_dump(document, allow_unicode=True, default_flow_style=draw(st.booleans()))
