"""Whether a shared enum value's label says what a PIM option says.

A taxonomy files options under its values by spelling, aliases included: `organic_cotton` is an
alias of `cotton`, so a product's material is classified (filters, channel attributes) as cotton. That
is right for classification and wrong as copy: shown to a customer, the value's label ("Cotton",
"Coton", "綿") drops the option's qualifier, and "organic", "recycled", "faux", "natural", "100%" are the
words a customer buys by and the rules check claims on. So the display label of a value is taken from
the taxonomy only when nothing of the option's meaning is lost:

* an option *narrows* a value when one of its spellings (its code without the attribute's prefix,
  its PIM labels in any locale) has every word of one of the value's names (code, labels)
  and more (`organic cotton` ⊃ `cotton`, `Bio-Baumwolle` ⊃ `Baumwolle`, `Paper & cardboard` ⊃ `Paper`);
  the extra words are what the value's label would drop;
* otherwise the taxonomy is trusted: the same words (`grey` = `Grey`), or a synonym it lists as an
  alias (`inox` for stainless steel), where no word of the option is lost to a broader name.

Words are `spelling_key` words (accents, case and `_ - . /` do not matter); a script written without
spaces gives whole labels as words, so a Japanese label only ever matches as a whole.
"""

from __future__ import annotations

from ..locale import language_of
from .attributes import spelling_key
from .taxonomy_model import Attribute, EnumValue


def _words(text: str) -> frozenset[str]:
    """Its `spelling_key` words with a letter or digit (`&` in `Paper & cardboard` is no word)."""
    return frozenset(w for w in spelling_key(text).split() if any(ch.isalnum() for ch in w))


def dropped_words(attribute_code: str, option: str, labels: dict[str, str], value: EnumValue) -> tuple[str, ...]:
    """The words of PIM option `option` (of source attribute `attribute_code`, with its PIM labels by
    locale) that the shared value's names leave out when one of them is a part of the option's spelling
    (sorted; empty when the value says all the option says)."""
    key = spelling_key(option)
    prefix = spelling_key(attribute_code) + " "
    if key.startswith(prefix):  # Akeneo option codes are often `material_organic_cotton`: "material" is no qualifier
        key = key[len(prefix):]
    spellings = [key, *labels.values()]
    names = [_words(n) for n in (value.code, *value.labels.values()) if n]
    dropped: set[str] = set()
    for spelling in spellings:
        words = _words(spelling)
        for name in names:
            if name and name < words:
                dropped |= words - name
    return tuple(sorted(dropped))


def language_labels(attribute: Attribute, codes: list[str], locale: str) -> bool:
    """Whether the taxonomy has a label in `locale`'s language for every value in `codes` (otherwise
    its label is an English fallback, which a PIM label of the market's language beats)."""
    language = language_of(locale)
    for code in codes:
        value = attribute.values.get(code)
        if value is None or not any(language_of(key) == language and text for key, text in value.labels.items()):
            return False
    return True
