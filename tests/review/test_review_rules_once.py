"""The rules stage's shortcuts equal the slow paths they replace:

- `fold` / `word_fold` of non-ASCII copy translate each distinct word once (a bounded memo), and
  give the character-by-character translation of the whole text;
- `loud_texts` scans a chunk's joined copy built from each text's remembered folded forms (each
  non-ASCII text folded once, not once per market) and still answers, for every text, what the
  per-text pass would find;
- a pattern condition reads each text's literals from the check pass instead of looking them up
  again, with the same evidence.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize.config import build_market
from localize.memo import TextMemo
from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
from localize.rules import compile as compile_module
from localize.rules import conditions as conditions_module
from localize.rules import folding
from localize.rules.checker import check_view, record_view
from localize.rules.conditions import PatternCondition, Triggers
from localize.rules.matchers import MATCHERS
from localize.rules.matchers.category import CategoryState
from localize.rules.ruleset import load_ruleset
from localize.rules.scan import LiteralIndex

AS_OF = dt.date(2026, 11, 15)

# Words of every kind a catalogue's copy mixes: ASCII, accents, folding that changes lengths (ß,
# ligatures, full-width, combining marks written apart), Greek/Cyrillic case, CJK and Thai, Arabic
# harakat, punctuation, control characters folded to spaces, a NUL, Cherokee (case-folds upward).
WORDS = ["Straße", "Größe", "ﬁne", "Ａ４", "whisky", "e\u0301te\u0301", "Crème", "brûlée", "–", "“Spéciale”",
         "½", "l", "18+", "100%", "no.", "ΣΟΦΊΑ", "свинина", "ВОДКА", "これは3pです", "送料無料", "ﾊﾝﾄﾞﾒｲﾄﾞ",
         "สุรา", "كُحُول", "\x00", "a\tb", "x\ny", "ꭰꮎ", "İstanbul", "ǅemal", "Ļàďéžéîţ", "ƥàššƒöŕɱ", "",
         "Kinderspielzeug", "ab", "3", "Jahren", "FSK", "USK", "adults", "only", "Edelstahl", "küche"]


def _per_character(text: str, table: Any) -> str:
    return "".join(table[ord(ch)] for ch in text)


texts = st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=40).map(" ".join) | st.text(max_size=80)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_fold_and_word_fold_equal_the_character_by_character_maps(text: str) -> None:
    folded_text = folding.fold(text)
    assert folded_text == _per_character(text, folding._TABLE)
    words = folding.word_fold(folded_text)
    if folded_text.isascii():
        assert words == " " + "".join(ch if ch.isalnum() or ch == "_" else " " for ch in folded_text) + " "
    else:
        assert words == " " + _per_character(folded_text, folding._WORDS) + " "


def _without_byte_map(monkeypatch: pytest.MonkeyPatch) -> None:
    """Copy the byte map (`folding._Charmap`) refuses (it has no room left) goes word by word."""
    monkeypatch.setattr(folding, "CHARMAP_SLOTS", 0)
    monkeypatch.setattr(folding, "_CHARMAP", folding._Charmap())


def test_each_distinct_word_of_non_ascii_copy_is_translated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """300 texts built from 12 distinct words: 12 translations (and the empty run between two
    spaces), not one per character of 300 texts; the answers are the full translations."""
    _without_byte_map(monkeypatch)
    monkeypatch.setattr(folding, "_FOLDS", {})
    calls: list[str] = []
    real = folding._word

    def spy(word: str, memo: dict[str, str], table: Any) -> str:
        calls.append(word)
        return real(word, memo, table)

    monkeypatch.setattr(folding, "_word", spy)
    vocabulary = ["Größe", "Straße", "Küche", "spülmaschinenfest", "Öl", "Crème", "brûlée", "édition",
                  "soft", "robust", "x", "ﬁne"]
    copy = [" ".join(vocabulary[(i * k) % 12] for k in range(1, 9)) + ("  " if i % 7 == 0 else "") for i in range(300)]
    assert [folding.fold(t) for t in copy] == [_per_character(t, folding._TABLE) for t in copy]
    assert sorted(set(calls)) == sorted(calls)  # no word twice
    assert set(calls) <= set(vocabulary) | {""}
    assert len(calls) <= 13


def test_the_word_memo_is_bounded_and_keeps_no_long_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    _without_byte_map(monkeypatch)
    monkeypatch.setattr(folding, "_FOLDS", {})
    monkeypatch.setattr(folding, "WORD_MEMO_ENTRIES", 50)
    for i in range(400):
        text = f"Größe{i} Küche{i % 13}"
        assert folding.fold(text) == _per_character(text, folding._TABLE)
    assert 0 < len(folding._FOLDS) <= 50
    cjk = "これは長い日本語の説明文で空白がありません" * 4  # one run longer than WORD_MEMO_MAX_LEN
    assert folding.fold(cjk) == _per_character(cjk, folding._TABLE)
    assert cjk not in folding._FOLDS


@pytest.fixture(scope="module")
def ruleset():  # noqa: ANN201
    return load_ruleset(as_of=AS_OF)


def test_loud_texts_folds_each_non_ascii_text_once_for_every_market(ruleset: Any,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Every market asks `loud_texts` about the same source copy with its own automaton: the copy is
    folded (and word-folded) once, by the first market, and read from the memo of folded forms by
    the others (on the old code each market folded its join again: three times). With a NUL inside
    a text the answer is still right (the lengths come from each text's own folded form)."""
    monkeypatch.setattr(folding, "_CACHE", TextMemo(1000, 1_000_000))
    folds: list[str] = []
    real_fold, real_word_fold = folding.fold, folding.word_fold

    def spy_fold(text: str) -> str:
        folds.append(text)
        return real_fold(text)

    def spy_word_fold(text: str) -> str:
        folds.append(text)
        return real_word_fold(text)

    monkeypatch.setattr(folding, "fold", spy_fold)
    monkeypatch.setattr(folding, "word_fold", spy_word_fold)
    plain = [f"Größe {'x' * (i + 1)} weich und robust, Küche Edelstahl spülmaschinenfest" for i in range(30)]
    markets = [ruleset.for_market(build_market({"locale": loc}, None)) for loc in ("de-DE", "en-US", "fr-FR")]
    assert len({id(m.automaton("de", "text")) for m in markets}) == 3  # three automata: three memos
    answers = []
    for i, compiled in enumerate(markets):
        before = len(folds)
        answers.append(compiled.loud_texts(plain, "de"))
        if i == 0:
            assert 0 < len(folds) - before <= 2 * len(plain)  # each text's fold and word fold, once
        else:
            assert len(folds) == before  # nothing folded again
    assert all(a is not None for a in answers)
    loud = markets[0].loud_texts([*plain, "Größe\x00 Zigaretten Größe", "Öl mit Wodka"], "de")
    assert loud is not None
    assert loud.get("Öl mit Wodka", frozenset()) is None  # a term of the packs, found after the NUL text


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, min_size=1, max_size=8))
def test_the_join_of_folded_forms_is_the_folded_form_of_the_join(parts: list[str]) -> None:
    """What `loud_texts` relies on to scan a chunk's copy from each text's remembered folded forms:
    they join (with the separator, and the padded word forms with one space) into the forms of
    the joined text, character for character, in every script."""
    sep = compile_module._SEPARATOR
    joined = folding.fold(sep.join(parts))
    assert sep.join(folding.folded(t).folded for t in parts) == joined
    assert " ".join(folding.folded(t).words for t in parts) == folding.word_fold(joined)


POOL = ["Straße\tGröße ﬁne Ａ４ whisky", "no.\x001 free", "これは3pです 送料無料", "100% cotton, 18+ only",
        "Vodka 40 % vol", "Schweinefleisch-Jerky, Nikotinstärke 18 mg", "свинина", "ﾊﾝﾄﾞﾒｲﾄﾞ 四件套",
        "model-1800 model-666", "plain cotton t-shirt", "Kinderspielzeug ab 3 Jahren", "FSK 18 Film",
        "Größe 180 cm, für Erwachsene", "adults only", "Rated R", "nur für Erwachsene ab 18 Jahren",
        "USK ab 18", "Rotwein trocken 13,5 % vol", "Tabak 18 g", "Gewicht 1,8 kg", "ΣΟΦΊΑ 18"]


def _record(locale: str, values: dict[str, tuple[str, str]]) -> LocalizedRecord:
    market = build_market({"locale": locale}, None)
    product = Product("P1", Origin("p.csv", 2))
    rec = LocalizedRecord(product, market, source_locale="de-DE")
    for code, (src, tgt) in values.items():
        rec.values[code] = LocalizedValue(tgt, src, "machine" if tgt != src else "untranslated", True)
    return rec


def _pattern_conditions(compiled: Any) -> list[PatternCondition]:
    out = []
    for state in compiled.states:
        cond = getattr(state, "evidence_match", None)
        if cond is not None:
            out.extend(c for c in cond.walk() if isinstance(c, PatternCondition))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(("de-DE", "en-US", "en-GB", "fr-FR", "ja-JP")),
       st.lists(st.tuples(st.sampled_from(("name", "description", "short_description", "material")),
                          st.integers(0, len(POOL) - 1), st.integers(-1, len(POOL) - 1)), min_size=1, max_size=4))
def test_pattern_conditions_after_the_check_pass_give_the_evidence_of_a_fresh_lookup(ruleset: Any, locale: str,
                                                                                     fields: list) -> None:
    """Each pattern condition of the market's category rules, asked after `check_view` (each text's
    literals from the pass), answers as on a fresh view (each text looked up in the literal index)."""
    record = _record(locale, {code: (POOL[s], POOL[t] if t >= 0 else POOL[s]) for code, s, t in fields})
    compiled = ruleset.for_market(record.market)
    conditions = _pattern_conditions(compiled)
    assert conditions
    checked = record_view(record, source_locale="de-DE", as_of=AS_OF)
    check_view(compiled, checked)
    assert conditions_module.presents_key(compiled.literal_index) in checked.memo
    for cond in conditions:
        fresh = record_view(record, source_locale="de-DE", as_of=AS_OF)
        fresh.memo["literals"] = compiled.literal_index
        cond.cache.clear()  # the regex's answers, so both views run it
        after_pass = cond.test(checked)
        cond.cache.clear()
        assert after_pass == cond.test(fresh)


def test_pattern_conditions_do_not_look_texts_up_again(ruleset: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A record with `18` in its copy (the age rule's pattern needs it): the check pass looked its
    texts up; the condition then asks the literal index about none of them, and finds the film."""
    record = _record("de-DE", {"name": ("FSK 18 Film", "FSK 18 Film"),
                               "description": ("Größe 180 cm, Gewicht 1,8 kg", "Größe 180 cm, Gewicht 1,8 kg"),
                               "material": ("Tabak 18 g", "Tabak 18 g")})
    compiled = ruleset.for_market(record.market)
    asked: list[str] = []
    real = LiteralIndex.present
    view = record_view(record, source_locale="de-DE", as_of=AS_OF)
    check_view(compiled, view)

    def spy(self: LiteralIndex, folded_text: str) -> frozenset[str]:
        asked.append(folded_text)
        return real(self, folded_text)

    monkeypatch.setattr(LiteralIndex, "present", spy)
    found = [cond.test(view) for cond in _pattern_conditions(compiled)]
    assert asked == []
    assert any(f and f[0].get("matched", "").startswith("FSK 18") for f in found)


def _categorised(i: int, locale: str, values: dict[str, tuple[str, str]], categories: tuple[str, ...],
                 family: str | None = None) -> LocalizedRecord:
    market = build_market({"locale": locale}, None)
    product = Product(f"P{i}", Origin("p.csv", i + 2), categories=categories, family=family)
    rec = LocalizedRecord(product, market, source_locale="de-DE", categories=categories)
    for code, (src, tgt) in values.items():
        rec.values[code] = LocalizedValue(tgt, src, "machine" if tgt != src else "untranslated", True)
    return rec


def _findings(ruleset: Any, record: LocalizedRecord) -> list[tuple[Any, ...]]:
    view = record_view(record, source_locale="de-DE", as_of=AS_OF)
    return [(f.code, f.rule, f.field, f.locale, f.span, f.matched, f.severity, f.evidence)
            for f in check_view(ruleset.for_market(record.market), view)]


CATEGORIES = [(), ("tshirts", "sale"), ("wine",), ("spirits", "gifts"), ("toys",), ("knives",), ("films", "dvd")]
FAMILIES = [None, "tshirts", "wine", "Spirits", "beer_kegs", "knives", "e_liquids", "toys", "films"]
ATTRIBUTES = [{}, {"age_restriction": ("18", "18")}, {"min_age": ("12", "12")}, {"alcohol_by_volume": ("40", "40")},
              {"age_verification": ("yes", "yes")}]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(("de-DE", "en-US", "en-GB", "fr-FR", "ja-JP", "ar-SA")),
       st.lists(st.tuples(st.sampled_from(("name", "description", "material")),
                          st.integers(0, len(POOL) - 1), st.integers(-1, len(POOL) - 1)), max_size=3),
       st.sampled_from(CATEGORIES), st.sampled_from(ATTRIBUTES), st.sampled_from(FAMILIES))
def test_category_rules_skip_their_match_only_when_it_cannot_hold(ruleset: Any, locale: str, fields: list,
                                                                   categories: tuple[str, ...],
                                                                   attributes: dict[str, tuple[str, str]],
                                                                   family: str | None) -> None:
    """Findings with a rule's `match` asked only of records with one of its triggers (a family only
    when it matches one of the match's family globs) equal findings with it asked of every record."""
    values = {code: (POOL[s], POOL[t] if t >= 0 else POOL[s]) for code, s, t in fields} | attributes
    record = _categorised(0, locale, values, categories, family)
    fast = _findings(ruleset, record)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CategoryState, "match_triggers", lambda self, literal_index, condition_index: None)
        patch.setattr(Triggers, "may_hold", lambda self, view, cids, literals: True)
        assert _findings(ruleset, record) == fast


def test_a_category_rules_match_is_not_tested_on_records_without_its_triggers(ruleset: Any,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """60 records with a category no rule names, a family no rule names (every product has one) and
    plain copy: no category rule's `match` is tested; one with `FSK 18` in its name is tested, and is
    found (age-rated media); one of family `wine` is tested and found (alcohol)."""
    tested: list[str] = []
    for state in {id(s): s for s in ruleset.for_market(build_market({"locale": "de-DE"}, None)).states}.values():
        if isinstance(state, CategoryState) and state.evidence_match is not None:
            real = state.evidence_match.test

            def spy(view: Any, real: Any = real) -> Any:
                tested.append(view.record.product.identifier)
                return real(view)

            monkeypatch.setattr(state.evidence_match, "test", spy)
    plain = [_categorised(i, "de-DE", {"name": (f"T-Shirt Modell {chr(97 + i % 26)}", f"T-Shirt Modell {chr(97 + i % 26)}"),
                                       "description": ("Weiche Baumwolle, waschbar", "Weiche Baumwolle, waschbar")},
                          ("tshirts", "sale"), "tshirts") for i in range(60)]
    for record in plain:
        assert _findings(ruleset, record) == []
    assert tested == []
    film = _categorised(99, "de-DE", {"name": ("Horrorfilm FSK 18", "Horrorfilm FSK 18")}, ("films",))
    found = _findings(ruleset, film)
    assert tested and set(tested) == {"P99"}
    assert any(f[1] == "global-age-rated-media" for f in found)
    tested.clear()
    wine = _categorised(7, "de-DE", {"name": ("Riesling trocken", "Riesling trocken")}, ("gifts",), "wine")
    found = _findings(ruleset, wine)
    assert set(tested) == {"P7"}
    assert any("alcohol" in (f[1] or "") for f in found)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.decimals(min_value=-100_000, max_value=100_000, allow_nan=False, allow_infinity=False, places=2)
                | st.sampled_from([Decimal("6.66"), Decimal("666.00"), Decimal("666"), Decimal("66.60"),
                                   Decimal("4.44"), Decimal("44.00"), Decimal("-0"), Decimal("0"), Decimal("8.88"),
                                   Decimal("88"), Decimal("13.13")]), min_size=1, max_size=30))
def test_a_price_is_read_once_per_amount_with_the_answer_of_each_reading(amounts: list[Decimal]) -> None:
    """`NumberState.price_reads` (remembered per amount; 66.9 and 66.90 are one amount) answers as
    `_price_matches` on every amount, repeated or not, for every shipped number rule."""
    from localize.rules.matchers import number

    states = [MATCHERS["number"].prepare(rule) for rule in load_ruleset(as_of=AS_OF).all_rules() if rule.kind == "number"]
    assert states
    for state in states:
        for amount in amounts + amounts[::-1]:
            assert state.price_reads(amount) == number._price_matches(amount, state)
        assert len(state.priced) <= len(set(amounts))


TAXONOMY_MAPPINGS = [None, {}, {"id": "499676", "path": "Food, Beverages & Tobacco > Beverages > Alcoholic Beverages"},
                     {"category": "166", "ancestors": ["1", "2"], "path": ["Apparel", "Shoes"]},
                     {"id": 5, "path": [{"id": 1, "label": "Arts"}, {"id": 5, "name": "Knives"}]},
                     {"id": "632", "path": "Hardware > Tools > Knives", "ids": ["1", "632"]}]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(("de-DE", "fr-FR", "ja-JP")), st.sampled_from(CATEGORIES),
                          st.sampled_from(range(len(TAXONOMY_MAPPINGS)))), min_size=1, max_size=12))
def test_category_information_remembered_per_category_equals_each_records(items: list) -> None:
    """`shared_category_info` (one answer per distinct taxonomy mapping, codes and language) gives
    each record what `category_info` computes for it alone, in any order of records."""
    from localize.rules.categories import _info_key, category_info, shared_category_info

    for i, (locale, categories, t) in enumerate(items):
        record = _categorised(i, locale, {}, categories)
        record.taxonomy = TAXONOMY_MAPPINGS[t]
        view = record_view(record, source_locale="de-DE", as_of=AS_OF)
        info, key = shared_category_info(view)
        assert info == category_info(view)
        assert key == _info_key(category_info(view))


def test_category_information_is_computed_once_per_distinct_category(monkeypatch: pytest.MonkeyPatch) -> None:
    from localize.rules import categories as categories_module

    monkeypatch.setattr(categories_module, "_INFOS", TextMemo(categories_module.INFO_CACHE, categories_module.INFO_CACHE))
    made: list[tuple[str, ...]] = []
    real = categories_module.category_info

    def spy(view: Any) -> Any:
        made.append(tuple(view.record.categories))
        return real(view)

    monkeypatch.setattr(categories_module, "category_info", spy)
    for i in range(90):
        record = _categorised(i, "de-DE", {}, CATEGORIES[1 + i % 3])
        view = record_view(record, source_locale="de-DE", as_of=AS_OF)
        assert categories_module.shared_category_info(view)[0] == real(view)
    assert sorted(made) == sorted(CATEGORIES[1:4])
