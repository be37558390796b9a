"""The README cannot drift: its list of rules is generated from the rulebook, and CI runs its
test command."""

from __future__ import annotations

import re

from etf_listing.docs import updated
from etf_listing.rulebook import load_rulebook

from ..conftest import REPOSITORY


def readme() -> str:
    return (REPOSITORY / "README.md").read_text(encoding="utf-8")


def test_the_rules_in_the_readme_are_the_rulebooks() -> None:
    text = readme()
    assert updated(text) == text, "run: python -m etf_listing.docs README.md"
    for rule in load_rulebook().rules:
        assert f"`{rule.id}`" in text


def test_the_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    quick_start = readme().split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick_start, flags=re.S)
    assert len(commands[:2]) == 2 and all("\n" not in c for c in commands[:2])
    install_and_run, install_and_test = commands[:2]
    assert install_and_run.startswith("pip install . && etf-check examples/")
    assert install_and_test in (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8")


def test_the_library_example_runs(in_repository, capsys) -> None:
    library = readme().split("## Library use", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)\n```", library, flags=re.S)
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "예시 코리아밸류업 ETF False" in out and "krx.size.principal fail 원본액 65억원으로 70억원에 미달합니다." in out
    assert '"version": "2.1.0"' in out
