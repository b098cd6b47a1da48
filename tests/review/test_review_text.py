from localize.rules.folding import fold, folded


def test_fold_case_and_diacritics() -> None:
    assert fold("Über STRASSE Straße") == "uber strasse strasse"
    assert fold("Crème Brûlée") == "creme brulee"
    assert fold("ΑΘΗΝΑ") == "αθηνα"


def test_fold_keeps_kana_voicing_and_hangul_whole() -> None:
    assert fold("がか") == "がか"  # dakuten is part of the letter, not an accent
    assert fold("한국어") == "한국어"
    assert fold("Ａ４ｶ") == "a4カ"  # width folding (full-width digits, half-width katakana)


def test_fold_drops_arabic_harakat_and_separate_combining_marks() -> None:
    assert fold("مَرْحَبًا") == "مرحبا"
    assert fold("e\u0301te") == "ete"


def test_span_maps_back_to_the_original_text() -> None:
    f = folded("Große ﬁne Straße")
    start = f.folded.index("strasse")
    assert f.span(start, start + len("strasse")) == (10, 16)
    assert f.text[10:16] == "Straße"
    ascii_text = folded("plain text")
    assert ascii_text.offsets is None and ascii_text.span(0, 5) == (0, 5)


def test_ascii_fast_paths_fold_like_the_table() -> None:
    """ASCII text folds through `str.lower`/`bytes.translate` (ten times faster); every ASCII
    character must fold and split into words exactly as the general tables do."""
    from localize.rules import folding as t

    every = "".join(chr(c) for c in range(128))
    assert t.fold(every) == every.translate(t._TABLE)
    assert t.word_fold(t.fold(every)) == " " + every.translate(t._TABLE).translate(t._WORDS) + " "
    assert t.fold("Line\tone\nTwo\r\x0bX\x0c") == "line one two  x "
