"""The README cannot drift: its list of rules is generated from the rulebook, and CI runs its
test command."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

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


STUB_PYTHON = """#!/usr/bin/env bash
# python3 -m venv DIR: a virtual environment whose pip and python write down how they were called
[ "$1 $2" = "-m venv" ] || exit 99
[ ! -e "$3" ] || exit 98  # afresh: never an environment left from an earlier run
mkdir -p "$3/bin"
printf 'export PATH="%s/bin:$PATH"\\n' "$3" > "$3/bin/activate"
printf '#!/usr/bin/env bash\\necho "pip $*" >> "$CALLS"\\n' > "$3/bin/pip"
printf '#!/usr/bin/env bash\\necho "python $*" >> "$CALLS"\\nexit "$PYTEST_STATUS"\\n' > "$3/bin/python"
chmod +x "$3/bin/pip" "$3/bin/python"
echo "venv $3" >> "$CALLS"
"""


@pytest.mark.parametrize("pytest_status, ci_status", [(0, 0), (1, 1), (5, 1)])
def test_ci_runs_the_readme_test_command_in_a_fresh_virtual_environment(tmp_path, pytest_status, ci_status) -> None:
    """.ci/run makes a new virtual environment (so the newest releases the ranges allow are
    installed, as on a new user's machine), installs and tests in it, removes it afterwards, and
    counts a run that collected no tests (pytest's exit 5) as a failure."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").write_text(STUB_PYTHON, encoding="utf-8")
    (bin_dir / "python3").chmod(0o755)
    calls = tmp_path / "calls"
    environment = {"PATH": f"{bin_dir}:/usr/bin:/bin", "CALLS": str(calls), "PYTEST_STATUS": str(pytest_status),
                   "TMPDIR": str(tmp_path)}
    finished = subprocess.run(["bash", str(REPOSITORY / ".ci" / "run")], env=environment, capture_output=True,
                              text=True, timeout=60)
    assert finished.returncode == ci_status, finished.stderr
    venv, install, test = calls.read_text(encoding="utf-8").splitlines()
    assert venv.startswith(f"venv {tmp_path}/")
    assert install == "pip install -e .[test]" and test == "python -m pytest"
    assert not Path(venv.split(" ", 1)[1]).exists()
