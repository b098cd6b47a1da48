"""Every check's documented examples: each `passes` example yields nothing, each `fails` example
yields a finding of that check. The examples are what `--list-checks` documents."""

from __future__ import annotations

import pytest

from localize.qa.checks import all_checks
from localize.qa.examples import run_example

CASES = [
    pytest.param(check, example, expected, id=f"{code}-{expected}-{i}")
    for code, check in all_checks().items()
    for expected, examples in (("passes", check.passes), ("fails", check.fails))
    for i, example in enumerate(examples)
]


def test_every_check_documents_both_outcomes() -> None:
    for code, check in all_checks().items():
        assert check.passes, f"{code} has no passing example"
        assert check.fails, f"{code} has no failing example"


@pytest.mark.parametrize(("check", "example", "expected"), CASES)
def test_check_example(check, example, expected) -> None:
    messages = run_example(check, example)
    if expected == "passes":
        assert messages == [], f"{check.code} flagged a passing example ({example.note}): {messages}"
    else:
        assert messages, f"{check.code} missed a failing example ({example.note}): {example}"
