"""`BranchSearch` finds what the whole alternation finds (the first match's text), on every
pattern of the shipped packs and every text of the case corpus, plus case-folding traps."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from localize.rules.packs import load_packs, shipped_rules_dir
from localize.rules.regexgate import BranchSearch, literal_runs, split_top

CORPUS = Path(__file__).parent / "corpus"


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _patterns(value: Any) -> Iterator[tuple[list[str], bool]]:
    if isinstance(value, dict):
        pats = ([value["pattern"]] if isinstance(value.get("pattern"), str) else []) + [
            p for p in value.get("patterns", ()) if isinstance(p, str)]
        if pats:
            yield pats, value.get("ignore_case", True)
        for v in value.values():
            yield from _patterns(v)
    elif isinstance(value, list):
        for v in value:
            yield from _patterns(v)


def test_branch_search_finds_what_the_whole_regex_finds_on_the_corpus() -> None:
    texts = sorted({t for f in sorted(CORPUS.glob("*.yaml")) for t in _strings(yaml.safe_load(f.read_text("utf-8")))})
    texts += ["ADULTS ONLY", "adults only", "Adult\u017f only", "Rated 18", "\u212aeine Jugendfreigabe", "FSK18 und 18+",
              "model-1718 18 and over", "PEGI 18 or USK 18", "18+ months"]
    checked = 0
    for pack in load_packs([shipped_rules_dir()]):
        for rule in pack.rules:
            for pats, ignore_case in _patterns(rule.spec):
                search = BranchSearch(pats, re.IGNORECASE if ignore_case else 0)
                for text in texts:
                    m = search.regex.search(text)
                    assert search.first(text) == (m.group(0) if m else None), (rule.id, text)
                checked += 1
    assert checked >= 20


def test_branches_and_runs() -> None:
    assert split_top(r"a|(b|c)|[|\]]x|[]|]y|\|w") == ["a", "(b|c)", r"[|\]]x", "[]|]y", r"\|w"]
    assert literal_runs(r"\bAdults only\b", re.IGNORECASE) == (("adults only",),)
    assert literal_runs(r"(?<![\d.,])18\s?\+", re.IGNORECASE) == (("18",), ("+",))
    assert literal_runs(r"\b(?:18|21) (?:and|or) (?:over|Older|\w+s)\b", re.IGNORECASE) == (
        ("18", "21"), (" ",), ("and", "or"), (" ",))
    assert literal_runs(r"(?:FSK|USK)", re.IGNORECASE) == (("fsk", "usk"),)
    search = BranchSearch([r"\bFSK ?18\b|\bRated (?:18|R)\b", r"18\+"], re.IGNORECASE)
    assert search.first("Rated R, FSK 18") == "Rated R"
    assert search.first("model-1718") is None
    assert search.first("\u212aeine") is None
    # `re` matches `s` to `ſ`, `i` to `ı` and `İ`, `k` to the Kelvin sign when case is ignored
    for text in ("FSK 18", "f\u017fk 18", "FS\u212a 18", "RATED R"):
        assert search.first(text) == search.regex.search(text).group(0)
    fix = BranchSearch([r"\bfix\b", r"\d+ mm"], re.IGNORECASE)
    for text in ("F\u0130X", "f\u0131x", "FIX"):
        assert fix.first(text) == text
    ages = BranchSearch([r"\b(?:18|21) (?:and|or) (?:over|older)\b", r"adults only"], re.IGNORECASE)
    assert ages.branches  # split: each branch has texts to look for
    assert ages.first("For 21 AND OLDER only") == "21 AND OLDER"
    assert ages.first("18 and up") is None
