"""The placeholder pre-test (`may_hold_placeholder`, the PLACEHOLDER feature bit) needs what a
placeholder holds (`{`, `%`, `[[`, `:name:`), not a lone `[` or `:`: copy has plenty of those (every
pseudo-translated text is `[...]`, "Material: cotton"), and the full placeholder scan then ran on
every published value. The answers stay those of the full scan for any text."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.config import build_market
from localize.qa import patterns
from localize.qa.check_context import FeedRecord
from localize.qa.engine import RecordChecker
from localize.qa.settings import build_settings

PIECES = ["{x}", "{{name}}", "{{ name }}", "${x}", "{0}", "{}", "%s", "%1$s", "%(x)s", "%%", "20%", "%d", "[[x]]",
          "[x]", "[", "]", "[[", "]]", ":smile:", ":a:", ": ", ":", "::", "12:30:", "$", "{", "}", "%", "a", "B",
          "Ţšĥ", " ", "~~", "_", "x", "9"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=10).map("".join)


def _full_scan(text: str) -> tuple[str, ...]:
    """The placeholders of `text` by the full scan alone (no pre-test)."""
    found = [m.group(0) for m in patterns.PLACEHOLDER_RE.finditer(text)]
    return tuple(p for p in found if not patterns._is_time_or_ratio(p))


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_the_pre_test_never_hides_a_placeholder(text: str) -> None:
    full = _full_scan(text)
    assert patterns.placeholders(text) == full
    if full:
        assert patterns.may_hold_placeholder(text)
        assert patterns.features(text) & patterns.PLACEHOLDER


def test_a_lone_bracket_or_colon_is_not_a_placeholder_feature() -> None:
    """Fails on the old pre-test (any of `{ % $ [ :`)."""
    for text in ("[Ţšĥîŕţš Þàššƒöŕɱ 0 ~~]", "Material: cotton", "Price: $5 [sale]", "[a] [b]"):
        assert not patterns.may_hold_placeholder(text)
        assert not patterns.features(text) & patterns.PLACEHOLDER
    for text in ("[[x]]", "Hello {name}", "50%", "a :smile: b"):
        assert patterns.features(text) & patterns.PLACEHOLDER


class _CountingPattern:
    """PLACEHOLDER_RE, counting the texts it scans."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.scanned: list[str] = []

    def finditer(self, text: str) -> Any:
        self.scanned.append(text)
        return self.real.finditer(text)


_N = itertools.count()


def test_pseudo_translated_values_are_not_scanned_for_placeholders(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`placeholder-leftover` looks at every published value and `placeholder-mismatch` at every
    pair: values with only `[`, `]` and `:` are not scanned (the old pre-test scanned all of them)."""
    counting = _CountingPattern(patterns.PLACEHOLDER_RE)
    monkeypatch.setattr(patterns, "PLACEHOLDER_RE", counting)
    checker = RecordChecker(build_market({"locale": "en-US"}, None), build_settings({}), "jsonl", "en-US.jsonl")
    found = []
    for n in range(5):
        k = next(_N)  # new texts: no memo answers for them
        values = {"name": f"[Ţšĥîŕţš Þàššƒöŕɱ {k} ~~]", "description": f"[<p>Ŕöƀûšţ: ļéîçĥţ {k}</p> ~~~]",
                  "short_description": f"[Material: cotton {k} {{size}}]"}
        source = {"name": f"Tshirts Passform {k}", "description": f"<p>Robust: leicht {k}</p>",
                  "short_description": f"Material: Baumwolle {k} {{size}}"}
        record = FeedRecord(line=n + 1, identifier=f"P{k}", fields={"identifier": f"P{k}", "values": values},
                            pairs=[(a, source[a], values[a]) for a in values], source_locale="de-DE",
                            target_locale="en-US", status={a: "machine" for a in values})
        found += [(f.code, f.field, f.matched) for f in checker.check(record)]
    # only the texts holding `{size}` were scanned, and it is found in each published value
    assert counting.scanned and all("{size}" in t for t in counting.scanned)
    assert [f for f in found if f[0] == "placeholder-leftover"] == [
        ("placeholder-leftover", "short_description", "{size}")] * 5
