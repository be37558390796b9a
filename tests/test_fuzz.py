"""A bounded fuzz run in every test run: a few hundred inputs per target (``tests/fuzz_targets.py``
says what each promises). ``python -m tests.fuzz`` runs the same targets for as long as asked;
``docs/robustness.md`` records the long runs."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import fuzz_targets as targets



def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)


@fuzz(300)
@given(st.one_of(targets.yaml_texts, st.text(max_size=200)))
def test_any_text_is_yaml_data_or_a_positioned_problem(text: str) -> None:
    targets.yaml_text(text)


@fuzz(200)
@given(targets.yaml_documents())
def test_any_yaml_shape_is_data_or_a_positioned_problem(text: str) -> None:
    targets.yaml_text(text)


@fuzz(100)
@given(st.one_of(st.binary(max_size=300), targets.yaml_texts.map(lambda text: text.encode("utf-8", "replace"))))
def test_any_bytes_are_a_file_or_a_positioned_problem(data: bytes) -> None:
    targets.yaml_bytes(data)


@fuzz(300)
@given(targets.csv_tables())
def test_any_csv_is_rows_or_positioned_problems(case: tuple[str, str]) -> None:
    table, text = case
    targets.csv_text(text, table)


@fuzz(150)
@given(targets.product_file_sets())
def test_any_change_to_a_product_s_files_is_evaluated_or_refused(files: dict[str, bytes]) -> None:
    targets.product_files(files)


@fuzz(100)
@given(targets.mutated_rulebooks())
def test_any_change_to_a_rulebook_compiles_and_runs_or_is_refused(text: str) -> None:
    targets.rulebook_text(text)


@fuzz(100)
@given(targets.product_file_sets(), st.sampled_from([("--format", "json"), ("--format", "text"), ("--as-of", "0001-01-01")]))
def test_the_command_line_keeps_its_contract_on_any_files(files: dict[str, bytes], options: tuple[str, ...]) -> None:
    targets.command_line(files, options)


@fuzz(50)
@given(targets.mutated_rulebooks())
def test_the_command_line_keeps_its_contract_on_any_rulebook(text: str) -> None:
    targets.command_line({**targets.BASE_FILES, "rules.yaml": text.encode("utf-8")})


def test_the_base_product_of_the_fuzzer_is_valid_and_eligible() -> None:
    """Mutations start from a product that passes, so that they reach the evaluator."""
    import os
    import tempfile
    from pathlib import Path

    from etf_listing.evaluation import evaluate
    from etf_listing.loading.load import Loader

    with tempfile.TemporaryDirectory() as folder:
        for name, data in targets.BASE_FILES.items():
            Path(folder, name).write_bytes(data)
        report = evaluate(Loader(root=folder).load_product(os.path.join(folder, "product.yaml")), targets.KRX)
    assert report.eligible, [(r.rule.id, r.message["en"]) for r in report.results if r.status in ("fail", "error")]
