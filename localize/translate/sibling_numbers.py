"""Numbers of copy taken from another country's locale of the market's language, in the market's notation.

`de_DE` copy writes `2,5 kg`; CLDR's de-CH writes `2.5 kg` (es_ES `1,5 l` / es-MX `1.5 l`), and the stages
after translation read the market's copy in the market's locale (quantities in copy, QA). A translation
gets this from the translate service (the protected quantities of an engine's answer are written in the
target's conventions); copy copied from a sibling locale (`localize.sibling_copy`) gets it here, for the
same spans: the numbers of quantities (a number with a unit). Other numbers (model names, years, `iPhone
15`) stay as written, as they do in a translation.
"""

from __future__ import annotations

from ..locale import to_bcp47
from ..units.numbers import number_style
from ..units.quantities_in_text import find_quantities, localize_numbers


def quantities_in_locale(text: str, from_locale: str, to_locale: str) -> str:
    """`text`, copy written in `from_locale` (PIM or BCP 47 spelling), with its quantities' numbers in
    `to_locale`'s notation; the text itself when both write numbers alike."""
    source, target = to_bcp47(from_locale), to_bcp47(to_locale)
    a, b = number_style(source), number_style(target)
    if (a.decimal, a.group) == (b.decimal, b.group):
        return text
    pieces: list[str] = []
    last = 0
    for quantity in find_quantities(text, source):
        pieces.append(text[last:quantity.start])
        pieces.append(localize_numbers(text[quantity.start:quantity.end], source, target))
        last = quantity.end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)
