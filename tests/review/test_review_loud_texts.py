"""One automaton pass over a record's texts joined (`MarketRules.loud_texts`) tells the checker which
texts the per-text pass may find something in; the others are skipped. Skipping must never change a
finding: every text with a term hit, a `terms` condition hit or a literal of the literal index is loud.
The automaton itself (the Rust aho-corasick crate) must report what a trie walk reports, in its order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ahocorasick
import pytest

from localize.config import build_market
from localize.locale import language_of
from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
from localize.rules.checker import check_record
from localize.rules.compile import MarketRules
from localize.rules.evaluate import build_record, load_corpus
from localize.rules.folding import folded
from localize.rules.ruleset import load_ruleset

AS_OF = dt.date(2026, 11, 15)
CORPUS = Path(__file__).parent / "corpus"
MARKETS = ("en-US", "de-DE", "ja-JP", "ko-KR", "en-GB", "zh-CN", "ar-SA", "th-TH", "ru-RU", "nl-NL", "tr-TR")

# Texts whose folding changes lengths (ß, ligatures, full-width), with tabs, a NUL (the separator's
# own character), Latin words glued to CJK, punctuation literals, and a text a key could straddle.
TRICKY = [
    "Straße\tGröße ﬁne Ａ４ whisky", "no.\x001 free", "これは3pです 送料無料", "100% cotton, 18+ only",
    "Vodka 40 % vol", "ends with red", "wine starts this one", "Schweinefleisch-Jerky, Nikotinstärke 18 mg",
    "domuz eti", "свинина", "ﾊﾝﾄﾞﾒｲﾄﾞ 四件套", "model-1300 model-666", "", " ", "plain cotton t-shirt",
]


@pytest.fixture(scope="module")
def ruleset():  # noqa: ANN201
    return load_ruleset(as_of=AS_OF)


@pytest.fixture(scope="module")
def cases() -> list:
    return load_corpus([CORPUS])


def _text_groups(cases: list, market: str) -> list[tuple[str, list[str]]]:
    """(language, texts) per case as a record shows them: source copy, and the market's translation."""
    groups = []
    for case in cases:
        values = {k: v for k, v in (case.data.get("values") or {}).items() if isinstance(v, str) and v}
        source_lang = language_of(str(case.data.get("source_locale") or "en-US"))
        if values:
            groups.append((source_lang, list(values.values())))
        translated = ((case.data.get("translations") or {}).get(market) or {}).values()
        targets = [t for t in translated if isinstance(t, str) and t]
        if targets:
            groups.append((language_of(market), targets))
    return groups


def _pass_finds(compiled: MarketRules, text: str, lang: str) -> bool:
    """Whether the per-text pass finds a hit, a condition hit or a literal in `text`."""
    pending: list = []
    literals: list = []
    hits = compiled.term_hits(text, lang, "text", pending, literals)
    return bool(hits or pending or (literals and literals[0]))


@pytest.mark.parametrize("locale", MARKETS)
def test_every_text_the_pass_finds_something_in_is_loud(ruleset, cases: list, locale: str) -> None:  # noqa: ANN001
    compiled = ruleset.for_market(build_market({"locale": locale}, None))
    groups = _text_groups(cases, locale)
    groups += [(lang, TRICKY) for lang in sorted({language_of(locale), "en", "de", "ja", "tr"})]
    groups += [(lang, TRICKY[i:i + 2]) for lang in ("en", language_of(locale)) for i in range(len(TRICKY) - 1)]
    finds = quiet = 0
    for lang, texts in groups:
        texts = [t for t in texts if t]
        loud = compiled.loud_texts(texts, lang)
        if loud is None:
            continue
        for text in texts:
            if _pass_finds(compiled, text, lang):
                finds += 1
                assert text in loud, (locale, lang, text, texts)
            elif text not in loud:
                quiet += 1
    assert finds and quiet  # the corpus has texts of both kinds: the filter is tested, and it filters


def _findings(ruleset, cases: list, locale: str) -> list[tuple[object, ...]]:  # noqa: ANN001
    market = build_market({"locale": locale}, None)
    compiled = ruleset.for_market(market)
    out = []
    for case in cases:
        record = build_record(case, market)
        for f in check_record(compiled, record, source_locale=record.source_locale, as_of=AS_OF):
            out.append((case.id, f.rule, f.field, f.locale, f.span, f.matched, f.severity, f.message, f.evidence))
    for i, text in enumerate(TRICKY):
        record = LocalizedRecord(Product(f"T{i}", Origin("t.csv", i + 2)), market, source_locale="en-US")
        record.values["name"] = LocalizedValue(text, text, "source", True)
        record.values["description"] = LocalizedValue(TRICKY[i - 1], TRICKY[i - 1], "source", True)
        for f in check_record(compiled, record, source_locale="en-US", as_of=AS_OF):
            out.append((i, f.rule, f.field, f.locale, f.span, f.matched, f.severity, f.message, f.evidence))
    return out


@pytest.mark.parametrize("locale", MARKETS)
def test_skipping_quiet_texts_changes_no_finding(ruleset, cases: list, locale: str,  # noqa: ANN001
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    skipping = _findings(ruleset, cases, locale)
    monkeypatch.setattr(MarketRules, "loud_texts", lambda self, texts, lang: None)  # every text through the pass
    assert skipping == _findings(ruleset, cases, locale)
    assert skipping


@pytest.mark.parametrize("locale", ["en-US", "ja-JP", "ar-SA", "th-TH"])
def test_automaton_reports_what_a_trie_walk_reports(ruleset, cases: list, locale: str) -> None:  # noqa: ANN001
    """Every occurrence of every key, in the trie's order (by end, the longest key first), with
    offsets in characters also in texts outside the BMP and in scripts of several bytes a character."""
    compiled = ruleset.for_market(build_market({"locale": locale}, None))
    texts = [t for _lang, ts in _text_groups(cases, locale) for t in ts] + TRICKY + ["𝔘𝔫𝔦 😀 whisky 😀度数"]
    compared = 0
    for lang in sorted({"en", language_of(locale)}):
        auto = compiled.automaton(lang, "text")
        trie = ahocorasick.Automaton()
        for i, key in enumerate(auto.keys):
            trie.add_word(key, i)
        trie.make_automaton()
        for text in texts:
            words = folded(text).words
            expected = [(i, end + 1 - len(auto.keys[i]), end + 1) for end, i in trie.iter(words)]
            got = sorted(auto.occurrences(words), key=lambda m: (m[2], m[1]))
            assert got == expected, (lang, text)
            compared += len(expected)
    assert compared
