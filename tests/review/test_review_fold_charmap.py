"""`fold` / `word_fold` of copy outside ASCII through the byte map (`folding._Charmap`): the same
strings as the per-character maps for any text, and German and pseudo-accented copy (the
synthetic catalogue's) takes that path, not the word-by-word translation."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize.rules import compile as compile_module
from localize.rules import folding
from localize.translate.pseudo import pseudo_localize


def _per_character(text: str, table: Any) -> str:
    return "".join(table[ord(ch)] for ch in text)


# Every kind of character: ASCII controls folded to spaces, Latin-1 (ß, µ, ½), accents written
# apart, ligatures and other several-character folds, Greek/Cyrillic case, Arabic harakat,
# CJK/Thai/Hangul (kept out of the map), surrogates and characters outside the BMP.
SAMPLES = ["Straße", "Größe", "ﬁne", "ǅemal", "Ａ４", "e\u0301te\u0301", "½", "µ", "ΣΟΦΊΑ", "ВОДКА", "كُحُول",
           "これは", "สุรา", "한국어", "\ud800", "\U0001f600", "\x00\t\n\x1c\x85", "İstanbul", "ꭰꮎ", "ƥàššƒöŕɱ"]
unicode_texts = st.lists(st.sampled_from(SAMPLES) | st.text(max_size=8), max_size=12).map(" ".join)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(unicode_texts | st.text(max_size=40), min_size=1, max_size=6), st.integers(1, 128),
       st.integers(0, 8))
def test_the_byte_map_answers_the_per_character_maps_or_nothing(texts: list[str], slots: int, expanders: int,
                                                                 ) -> None:
    """A fresh map (small ones fill up: texts after that are refused, never answered wrong) folds each
    text to `_TABLE`'s per-character form and word-folds to `_WORDS`'s, or answers None."""
    charmap = folding._Charmap()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(folding, "CHARMAP_SLOTS", slots)
        mp.setattr(folding, "CHARMAP_EXPANDERS", expanders)
        for text in texts * 2:  # the second time through a map that has grown
            got = charmap.fold(text)
            if got is not None:
                assert got == _per_character(text, folding._TABLE)
            expected = _per_character(text, folding._TABLE)
            words = charmap.word_fold(expected)
            if words is not None:
                assert words == _per_character(expected, folding._WORDS)
        assert len(charmap.chars) <= 128 + slots and len(charmap.expand) <= expanders


@settings(max_examples=300, deadline=None)
@given(unicode_texts)
def test_fold_and_word_fold_are_the_per_character_maps_whichever_path(text: str) -> None:
    assert folding.fold(text) == _per_character(text, folding._TABLE)
    folded = folding.fold(text)
    expected = " " + _per_character(folded, folding._WORDS) + " "
    if folded.isascii():
        expected = " " + "".join(ch if ch.isalnum() or ch == "_" else " " for ch in folded) + " "
    assert folding.word_fold(folded) == expected


def test_german_and_pseudo_accented_copy_is_folded_by_the_byte_map(monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy of a German catalogue and its pseudo translations (the benchmark's) never goes word
    by word (on the old code every such text did: ~15 ns a character against ~5)."""
    monkeypatch.setattr(folding, "_CHARMAP", folding._Charmap())
    slow: list[str] = []
    real = folding._by_words

    def spy(text: str, memo: dict[str, str], table: Any) -> str:
        slow.append(text)
        return real(text, memo, table)

    monkeypatch.setattr(folding, "_by_words", spy)
    german = ["Größe M, spülmaschinenfest, für Kinder ab 3 Jahren", "Straße\tÖl\nÄrger – „Qualität“ 5 µm ½ l",
              "Edelstahl-Gehäuse, weiß, 18 × 20 cm"]
    copy = german + [pseudo_localize(t) for t in german]
    for text in copy:
        assert not text.isascii()
        folded = folding.fold(text)
        assert folded == _per_character(text, folding._TABLE)
        assert folding.word_fold(folded) == " " + _per_character(folded, folding._WORDS) + " "
    assert slow == []
    assert set(folding._CHARMAP.expand) == {"ß", "½"}  # replaced before encoding: "ss", "1⁄2"


def test_scripts_without_spaces_are_left_to_the_word_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """CJK copy would fill the map's 128 bytes within a few texts: it is refused at its first
    character and folded as before; Latin copy after it still has the map."""
    monkeypatch.setattr(folding, "_CHARMAP", folding._Charmap())
    cjk = "これは長い日本語の説明文で空白がありません。送料無料、四件套。" * 3
    assert folding.fold(cjk) == _per_character(cjk, folding._TABLE)
    assert folding._CHARMAP.fold(cjk) is None
    assert len(folding._CHARMAP.chars) == 128
    assert folding._CHARMAP.fold("Größe") == "grosse"


@pytest.mark.parametrize("sep", ["\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u1680", "\u2028", "\u2029", "\xa0", "\t"])
def test_every_separator_folds_to_a_space(sep: str) -> None:
    """On purpose since this change: the separators a regex `\\s` matches that `fold` kept as they were
    (information separators, NEL, Ogham space, line/paragraph separators) fold to a space like
    NBSP and the line breaks, so a phrase literal (`no 1`) is found across them. On the old code
    the first eight stayed themselves."""
    assert folding.fold(f"No{sep}1 in Europe") == "no 1 in europe"
    assert folding.fold(f"Größe{sep}M") == "grosse m"
    assert folding.word_fold(folding.fold(f"a{sep}b")) == " a b "


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(unicode_texts | st.text(max_size=40), min_size=1, max_size=6))
def test_a_text_the_byte_map_takes_has_no_spaceless_script(texts: list[str]) -> None:
    """`word_fold_plain` is `word_fold`, and says "no CJK/Thai" only of text that has none (what
    `joined_forms` then does not search for). A fresh map: the run's is not filled by these texts."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(folding, "_CHARMAP", folding._Charmap())
        for text in texts:
            folded_text = folding.fold(text)
            words, maybe = folding.word_fold_plain(folded_text)
            assert words == folding.word_fold(folded_text)
            if not maybe:
                assert not folding.has_spaceless(folded_text)


def test_pseudo_and_german_copy_skip_the_spaceless_search(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(folding, "_CHARMAP", folding._Charmap())
    for text in ("Größe weiß Qualität", pseudo_localize("Weiche Baumwolle für den Alltag"), "plain ascii"):
        assert folding.word_fold_plain(folding.fold(text))[1] is False
    assert folding.word_fold_plain(folding.fold("これは3pです"))[1] is True


def _joined_one_by_one(texts: list[str]) -> tuple[str, str, list[int], tuple[str, ...]]:
    """`joined_forms(texts, remember=False)` as each text folded alone gives it (the old way)."""
    folds = [folding.fold(text) for text in texts]
    folded_all = compile_module._SEPARATOR.join(folds)
    bounds = [0]
    for f in folds[:-1]:
        bounds.append(bounds[-1] + len(f) + len(compile_module._SEPARATOR))
    spaced = tuple(t for t, f in zip(texts, folds, strict=True)
                   if folding.has_spaceless(f) and folding.folded(t).spaced_words is not None)
    return folded_all, folding.word_fold(folded_all), bounds, spaced


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(unicode_texts | st.text(max_size=40) | st.sampled_from(["a\x00b", "\x00", "これは3pです", "Größe"]),
                min_size=1, max_size=8))
def test_the_join_folded_in_one_call_has_each_texts_bounds(texts: list[str]) -> None:
    """The join folded at once (its separators' NULs mark the bounds; texts with a NUL of their own
    folded one by one) gives the forms, bounds and CJK/Thai texts of folding each text alone."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(folding, "_CHARMAP", folding._Charmap())
        assert tuple(compile_module.joined_forms(texts, remember=False)) == _joined_one_by_one(texts)
