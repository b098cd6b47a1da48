"""A size written in angle brackets (`Größe <S>`, `Sizes <S>, <M>, <L>`) is text its author wrote. h18 made
`<XL>` and `<M>` text (no HTML element has those names), but `<S>` (and `<B>`, `<I>`, `<U>`, `<Q>`) name
phrasing elements: before (a8c3c63) the sanitizer published `Größe <S>` as markup, a strikethrough that a
shop's HTML description applies to all the rest of the copy, while the `<M>` beside it was escaped. A bare
start tag in capitals of an element only its end tag closes, with no end tag in the text, is now text in the sanitizer
and in QA's tag and plain views alike (one predicate, `sanitize.written_as_text`)."""

from __future__ import annotations

import pytest

from localize.qa.patterns import plain, tags
from localize.sanitize import may_hold_text_tag, policy_from_config, sanitize

POLICY = policy_from_config(None)


@pytest.mark.parametrize("text, published", [
    ("Größe <S>", "Größe &lt;S>"),
    ("Erhältlich in <S>, <M> und <L>", "Erhältlich in &lt;S>, &lt;M> und &lt;L>"),
    ("Grade <B> paper, <I> rated", "Grade &lt;B> paper, &lt;I> rated"),
])
def test_a_size_in_angle_brackets_is_text_in_every_reader(text: str, published: str) -> None:
    assert sanitize(text, POLICY).text == published
    assert may_hold_text_tag(text)
    assert tags(text) == ()
    assert plain(text) == text


@pytest.mark.parametrize("text", ["<s>39,90 €</s> 29,90 €", "<b>Robust</b> and light", "<S>old</S> new",
                                  '<b class="x">bold', "</b> then <b>more", "<b>Features of the kettle"])
def test_closed_or_attributed_phrasing_tags_stay_markup(text: str) -> None:
    assert sanitize(text, POLICY).text == text
    assert tags(text) != ()
