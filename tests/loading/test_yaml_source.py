import datetime as dt
from decimal import Decimal

import pytest

from etf_listing.errors import InputError
from etf_listing.loading.yaml_source import parse_yaml


def test_values_keep_their_positions() -> None:
    document = parse_yaml("name: x\nunderlying:\n  index: a.yaml\n  license_signed: true\n", "p.yaml")
    assert str(document.where(("underlying", "license_signed"))) == "p.yaml:4:19"
    assert str(document.where_key(("underlying", "license_signed"))) == "p.yaml:4:3"
    assert str(document.where(("name",))) == "p.yaml:1:7"


def test_plain_data_types() -> None:
    data = parse_yaml(
        "a: 005930\nb: 000660\nc: 0.30\nd: 12\ne: no\nf: true\ng: 2024-10-31\nh: ~\ni: 7e9\n", "t.yaml"
    ).data
    assert data == {"a": "005930", "b": "000660", "c": Decimal("0.30"), "d": 12, "e": "no", "f": True,
                    "g": dt.date(2024, 10, 31), "h": None, "i": Decimal("7E+9")}
    assert isinstance(data["c"], Decimal)  # never a float


@pytest.mark.parametrize(
    "text, position, message",
    [
        ("a: 1\na: 2\n", "t.yaml:2:1", "the key 'a' is written twice (first at line 1)"),
        ("x: !!python/object/apply:os.system [ls]\n", "t.yaml:1:4", "the YAML tag tag:yaml.org,2002:python/object/apply:os.system is not allowed"),
        ("x: !custom 1\n", "t.yaml:1:4", "the YAML tag !custom is not allowed"),
        ("a: [1,\n", "t.yaml:2:1", "YAML syntax error"),
        ("d: 2024-02-30\n", "t.yaml:1:4", "'2024-02-30' is not a date that exists"),
    ],
)
def test_what_is_not_plain_data_is_refused_with_a_position(text: str, position: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "t.yaml")
    problem = caught.value.problems[0]
    assert str(problem.location) == position
    assert message in problem.message


def test_alias_expansion_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(InputError, match="aliases repeat more than 10,000 values"):
        parse_yaml("\n".join(lines) + "\n", "bomb.yaml")
