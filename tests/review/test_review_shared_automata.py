"""The markets of one language search with one compiled automaton: their `loud.LoudUnion`'s.

A compiled Aho-Corasick DFA costs ~3-4 KB a key; each market held one per language it reads, beside
the union over the same keys that the checker searches first (3 markets: 30 of 50 MiB of automata
per process, and again in every worker). Once a union exists, each market's automaton takes its
matches from the union's search (`TermAutomaton.share_search`): it must report exactly the
occurrences its own automaton reports, and compile nothing itself."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from localize.config import build_market
from localize.locale import language_of
from localize.rules import scan
from localize.rules.evaluate import load_corpus
from localize.rules.folding import folded
from localize.rules.loud import union_for
from localize.rules.ruleset import load_ruleset

AS_OF = dt.date(2026, 11, 15)
CORPUS = Path(__file__).parent / "corpus"
#: two English markets with different rules, a German one, and a language read by one market only
MARKETS = ("en-US", "en-GB", "de-DE", "fr-FR")
TEXTS = ["Straße\tGröße ﬁne Ａ４ whisky", "no.\x001 free", "100% cotton, 18+ only", "Vodka 40 % vol",
         "Schweinefleisch-Jerky, Nikotinstärke 18 mg", "plain cotton t-shirt", "𝔘𝔫𝔦 😀 whisky 😀度数", "", " "]


def _texts() -> list[str]:
    out = list(TEXTS)
    for case in load_corpus([CORPUS]):
        out += [v for v in (case.data.get("values") or {}).values() if isinstance(v, str) and v]
        for values in (case.data.get("translations") or {}).values():
            out += [v for v in (values or {}).values() if isinstance(v, str) and v]
    return out


def _markets(ruleset):  # noqa: ANN001, ANN202
    return [ruleset.for_market(build_market({"locale": m}, None)) for m in MARKETS]


def test_a_markets_automaton_reports_through_the_union_what_its_own_dfa_reports() -> None:
    markets = _markets(load_ruleset(as_of=AS_OF))
    texts = _texts()
    compared = 0
    for lang in sorted({language_of(m) for m in MARKETS}):
        # every market's automaton for the language, its own DFA as the oracle (built before the union)
        autos = {id(a): a for a in (m.automaton(lang, "text") for m in markets)}
        own = {aid: scan._search_function(list(a.keys)) for aid, a in autos.items()}
        union = union_for(markets, lang, markets[0].shared)
        assert all(union.covers(m) for m in markets)
        for text in texts:
            words = folded(text).words
            for aid, auto in autos.items():
                expected = sorted(own[aid](words))
                assert sorted(auto.occurrences(words)) == expected, (lang, text)
                compared += len(expected)
                assert auto.scan_all(words) == auto._scan(words)  # the memo holds the shared search's answer
    assert compared  # the corpus has hits: the filter is tested, and it keeps some


def test_the_markets_of_a_language_compile_no_automaton_of_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[int] = []
    real = scan._search_function

    def counting(keys: list[str]):  # noqa: ANN202
        compiled.append(len(keys))
        return real(keys)

    monkeypatch.setattr(scan, "_search_function", counting)  # a market automaton's own DFA (loud.py's is apart)
    markets = _markets(load_ruleset(as_of=AS_OF))
    langs = sorted({language_of(m) for m in MARKETS})
    for lang in langs:
        union_for(markets, lang, markets[0].shared)
    hits = 0
    for text in _texts():
        for m in markets:
            for lang in langs:
                hits += len(m.term_hits(text, lang, "text"))
    assert hits
    assert compiled == []  # the old code compiled one per market and language: 2 English, 4 German...


def test_an_automaton_without_a_union_compiles_its_own_on_first_search(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[int] = []
    real = scan._search_function
    monkeypatch.setattr(scan, "_search_function", lambda keys: compiled.append(len(keys)) or real(keys))
    market = _markets(load_ruleset(as_of=AS_OF))[0]
    auto = market.automaton("en", "text")
    assert compiled == []  # not yet: no text searched
    words = folded("whisky and vodka").words
    first = auto.occurrences(words)
    assert compiled == [len(auto.keys)]
    assert auto.occurrences(words) == first and compiled == [len(auto.keys)]  # once


_BUILD = """
import random, sys
from localize.rules import scan
def rss():
    return int(next(x for x in open("/proc/self/status") if x.startswith("VmRSS:")).split()[1])
rng = random.Random(7)  # padded words of the packs' alphabet (a DFA's size grows with its byte classes)
alphabet = "abcdefghijklmnopqrstuvwxyz0123456789\u00e4\u00f6\u00fc\u00df\u00e9\u00e8 -"
keys = sorted({" " + "".join(rng.choice(alphabet) for _ in range(rng.randint(4, 14))) + " " for _ in range(6000)})
before = rss()
search = scan._search_function(keys)
grown = rss() - before
text = "a" + keys[0] + "and" + keys[-1] + "," + keys[3000] + "x"
expected = sorted((i, at, at + len(k)) for i, k in enumerate(keys) for at in range(len(text)) if text.startswith(k, at))
assert len(expected) >= 3 and sorted(search(text)) == expected
print(len(keys), grown)
"""


def test_a_large_vocabulary_is_searched_without_a_dfa_of_megabytes() -> None:
    """A DFA costs ~3-4 KB a key: the rule packs' 5,700 words of one language were ~16 MiB of every
    process (42 MiB more at the peak of a run); above `DFA_MAX_KEYS` a contiguous NFA finds the same
    matches. Measured in a process of its own: memory another test freed would hide the growth."""
    if not Path("/proc/self/status").exists():
        pytest.skip("no /proc/self/status")
    done = subprocess.run([sys.executable, "-c", _BUILD], capture_output=True, text=True, check=True)
    keys, grown_kib = map(int, done.stdout.split())
    assert keys > 5900
    assert grown_kib < 8 * 1024, f"{grown_kib / 1024:.1f} MiB for {keys} keys"


def test_the_nfa_and_the_dfa_report_the_same_occurrences(monkeypatch: pytest.MonkeyPatch) -> None:
    keys = sorted({w for t in _texts() for w in folded(t).words.split() if len(w) > 1} | {"ss", "a", "aa"})
    monkeypatch.setattr(scan, "DFA_MAX_KEYS", 10 ** 9)
    dfa = scan._search_function(keys)
    monkeypatch.setattr(scan, "DFA_MAX_KEYS", 0)
    nfa = scan._search_function(keys)
    texts = [folded(t).words for t in _texts()] + ["aaaa strasse", " ss a "]
    assert sum(len(dfa(t)) for t in texts) > 100
    for t in texts:
        assert sorted(nfa(t)) == sorted(dfa(t)), t
