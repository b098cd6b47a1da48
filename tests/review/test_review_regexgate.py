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


def test_other_upper_lists_every_extra_upper_case_form() -> None:
    """`preimages` must know every character `str.lower` maps onto a letter besides its own
    upper and title case: derived `requires` rely on it (see `required_literals`)."""
    from localize.rules.regexgate import OTHER_UPPER, preimages

    found: dict[str, set[str]] = {}
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        low = c.lower()
        if len(low) == 1 and low != c:
            found.setdefault(low, set()).add(c)
    for low, ups in found.items():
        assert ups | {low} == preimages(low), low
    assert set(OTHER_UPPER) <= set(found)


def test_derived_requires_hold_wherever_the_pattern_matches() -> None:
    """A pattern condition without `requires` gets the texts every match must contain; on every
    corpus text (and case traps) a match means one of them is in the folded text."""
    from localize.rules.folding import fold

    texts = sorted({t for f in sorted(CORPUS.glob("*.yaml")) for t in _strings(yaml.safe_load(f.read_text("utf-8")))})
    texts += ["13,5 % VOL", "ALKOL %12", "КРЕПОСТЬ 40", "Alc. 12 %", "\u212aorn 40%", "🤘 rock", "ALKOHOL 40 %"]
    derived = matched = 0
    for pack in load_packs([shipped_rules_dir()]):
        for rule in pack.rules:
            for pats, ignore_case in _patterns(rule.spec):
                search = BranchSearch(pats, re.IGNORECASE if ignore_case else 0)
                needed = search.required_literals(fold)
                if needed is None:
                    continue
                derived += 1
                folded_needed = [fold(w) for w in needed]
                for text in texts:
                    if search.regex.search(text):
                        matched += 1
                        low = fold(text)
                        assert any(w in low for w in folded_needed), (rule.id, text, needed)
    assert derived >= 20 and matched >= 20


def test_a_dotless_i_or_a_tab_gives_no_derived_requires() -> None:
    from localize.rules.folding import fold

    assert BranchSearch(["nicotine"], re.IGNORECASE).required_literals(fold) is None  # `ı` matches `i` for re
    # (the rules' folding reads `ı` as `i` since fold-2, as `re` does; runs still leave `i` out: `_folds_as_matched`)
    assert re.search("nicotine", "N\u0131cot\u0131ne", re.IGNORECASE) and "nicotine" in fold("N\u0131cot\u0131ne")
    assert BranchSearch(["foo\tbar"], re.IGNORECASE).required_literals(fold) is None
    assert BranchSearch(["vol%|abv"], re.IGNORECASE).required_literals(fold) == ("abv", "vol%")
