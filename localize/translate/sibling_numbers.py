"""Numbers of copy taken from another country's locale of the market's language, in the market's notation.

`de_DE` copy writes `2,5 kg`; CLDR's de-CH writes `2.5 kg` (es_ES `1,5 l` / es-MX `1.5 l`; fr_FR `2 500` /
fr-CH `2’500`), and the stages after translation read the market's copy in the market's locale (quantities
in copy, QA). A translation gets this from the translate service (the protected numbers of an engine's answer
are written in the target's conventions); copy copied from a sibling locale (`localize.sibling_copy`) gets it
here, by the same rule: the numbers of quantities (a number with a unit) and the numbers without a unit that
the source's group marks split (`units.numbers.grouped_number`: `2 500 prises`, `9.000 Seiten`), each in the
market's notation when it has one reading, and the decimals without a unit a translation protects (p4: `Faktor
2,5` from de_DE is `Faktor 2.5` in de-CH; a version such as `Android 4.4` stays). Digits a typed space splits are groups for sure only when one such
number of the text has one reading (`spaced_groups_certain`, as for a translated segment): `2 500 prises`
beside `1 920 x 1 080` is written `2’500`, alone it stays as written (2500, or 2 and 500?) and QA reviews it.
Other numbers (model names, years, `iPhone 15`) stay as written, as they do in a translation.
"""

from __future__ import annotations

from ..locale import to_bcp47
from ..units.numbers import grouped_number, number_style
from ..units.quantities_in_text import find_quantities, localize_numbers, spaced_groups_certain
from .segments import decimal_in_context, quantity_pattern


def quantities_in_locale(text: str, from_locale: str, to_locale: str) -> str:
    """`text`, copy written in `from_locale` (PIM or BCP 47 spelling), with its quantities' numbers and its
    grouped numbers in `to_locale`'s notation; the text itself when both write numbers alike."""
    source, target = to_bcp47(from_locale), to_bcp47(to_locale)
    a, b = number_style(source), number_style(target)
    if a == b:  # the same marks and grouping (en-IN writes `1,00,000`, en-US `100,000`)
        return text
    spans = [(q.start, q.end) for q in find_quantities(text, source)]
    if any(ch.isdigit() for ch in text):
        spans = _with_grouped_numbers(text, source, spans)
        spans = _with_decimals(text, source, spans)
    if not spans:
        return text
    grouped = spaced_groups_certain([text[start:end] for start, end in spans], source)
    pieces: list[str] = []
    last = 0
    for start, end in spans:
        pieces.append(text[last:start])
        pieces.append(localize_numbers(text[start:end], source, target, grouped))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _with_decimals(text: str, locale: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` and the decimals without a unit outside them that a translation protects and writes the target's
    way (protection p4: `Faktor 2,5` from de_DE is `Faktor 2.5` in de-CH; `Android 4.4`, `USB 3.0` stay:
    `segments.decimal_in_context`), in order of the text."""
    if "." not in text and "," not in text:
        return spans
    extra = []
    for match in quantity_pattern(locale).finditer(text):
        start, end = match.span()
        if match.lastgroup != "decimal" or any(s < end and start < e for s, e in spans):
            continue
        if decimal_in_context(text, start, end):
            extra.append((start, end))
    return sorted(spans + extra) if extra else spans


def _with_grouped_numbers(text: str, locale: str, quantities: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`quantities` and the grouped numbers outside them (`2 500 prises`), in order of the text."""
    extra = [m.span() for m in grouped_number(locale).finditer(text)
             if not any(start < m.end() and m.start() < end for start, end in quantities)]
    return sorted(quantities + extra) if extra else quantities
