"""The translation service protects a text and decides whether anything is left to translate
(`Protected.has_text`) once per distinct text, not once per market: same answers, same results."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from translate_helpers import make_batch, make_config, make_ctx, run_stage, value_of

from localize.memo import TextMemo
from localize.translate import segments
from localize.translate.batching import text_size
from localize.translate.memory import source_hash
from localize.translate.segments import protect

PIECES = ["Pfanne", " ", "2,5 kg", "<b>", "</b>", "&amp;", "&#169;", "{name}", "%s", "12", "-", "…", "€ 24,90",
          "<br/>", "ß", "漢字", "\n", "<lz>", "SKU-1234"]


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=8).map("".join), html=st.sampled_from([True, False, None]))
def test_memoised_has_text_equals_the_property(tmp_path_factory: pytest.TempPathFactory, text: str,
                                               html: bool | None) -> None:
    from localize.translate.service import TranslationService

    protected, has_text, hashed, size = TranslationService._protect(_Bare(), text, html, ())
    expected = protect(text, html=html, locale=_Bare.source_locale)  # as the service protects: its source's
    assert has_text == expected.has_text and protected == expected
    assert hashed == (source_hash(text) if has_text else "")  # the memory keys' source hash, with it
    assert size == (text_size(protected.wire) if has_text else 0)  # and its size in a request body


class _Bare:
    """Just what `TranslationService._protect` uses of the service."""

    _CACHE_SIZE = 8
    _source_key = staticmethod(source_hash)
    source_locale = "de-DE"

    def __init__(self) -> None:
        self._protected: TextMemo[tuple[segments.Protected, bool, str, int]] = TextMemo(8, 1_000)


def test_has_text_is_decided_once_per_text_across_markets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = segments.Protected.has_text

    def counting(self: segments.Protected) -> bool:
        calls.append(self.source)
        return real.fget(self)  # type: ignore[union-attr]

    monkeypatch.setattr(segments.Protected, "has_text", property(counting))
    config = make_config(tmp_path, markets=("en-US", "fr-FR", "en-GB"), translation={"engine": "pseudo"})
    batch = make_batch(config, {"P1": {"name": "Pfanne aus Gusseisen", "code": "12-34"},
                                "P2": {"name": "Pfanne aus Gusseisen", "code": "56"}})
    run_stage(make_ctx(config), batch)
    assert sorted(calls) == ["12-34", "56", "Pfanne aus Gusseisen"]  # two products, three markets
    assert value_of(batch, "P2", "fr-FR", "name").data == value_of(batch, "P1", "en-US", "name").data
    assert value_of(batch, "P1", "en-GB", "code").status == "source"  # nothing to translate: kept verbatim
