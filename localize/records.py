"""Build the per-market record of a product: which value each attribute publishes, and from where.

For a localizable attribute the market's own locale wins when the PIM already holds it
(`status="pim"`: never paid for again), then the PIM's copy of another country's locale of the
market's language (`sibling_copy`: de_DE for de-CH); otherwise the source-locale copy is taken and, if it is
translatable copy, marked `untranslated` for the translate stage. Unlocalized values are
copied as they are (`status="source"`); later stages convert units and prices.

Copy in the wrong language: a text attribute that is not localizable in the PIM (`name` without
a locale suffix) is written in the source language, so a market of another language would
publish it as is. Such a value is treated as untranslated copy (`status="untranslated"`, the
translate stage translates it or flags it) unless it is language-neutral: an attribute type that
is never language text (identifiers, numbers, options, metrics, prices, dates, files), a code
matching `translation.language_neutral` or the defaults (brand, model, EAN, GTIN, SKU, MPN ...),
or, for attributes the PIM did not describe, a value that does not read as prose (a code).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fnmatch import fnmatchcase
from typing import Any

from .attributes import AttributeCatalog
from .locale import language_of, regional_spelling, same_writing, to_bcp47
from .model import LocalizedRecord, LocalizedValue, Market, Product
from .sibling_copy import SiblingCopy, country_specific_finding

#: Attribute codes (globs, case-insensitive) that hold the same text in every language.
LANGUAGE_NEUTRAL = (
    "sku", "identifier", "id", "*_id", "*_code", "code", "ean*", "*_ean", "gtin*", "*_gtin", "upc*", "*_upc",
    "isbn*", "mpn*", "*_mpn", "*sku*", "brand*", "*_brand", "manufacturer*", "*_manufacturer", "*model*",
    "*part_number*", "*serial*", "reference*", "*_reference", "supplier*", "*url*", "*link*", "*image*",
    "*picture*", "*photo*", "*_file", "*email*", "*phone*", "*barcode*", "*hs_code*", "*taric*",
    "*_number", "*_no", "series", "*_series", "collection", "edition",
)
_WORD = re.compile(r"[^\W\d_]{2,}")
_SCRIPT_TEXT = re.compile(r"[^\x00-\u2fff]{2,}|<[a-zA-Z]")  # CJK and other scripts without spaces, or HTML


def reads_as_prose(text: str) -> bool:
    """Two or more words, one of them with lower-case letters (`Smart TV`, `Trockener Wein`), text in
    a script written without spaces, or HTML; not a code (`GOTS CU 817265`, `RAL 9005`, `matte_black`)."""
    if _SCRIPT_TEXT.search(text):
        return True
    words = [t for t in (token.strip(".,;:!?()[]\"'«»„“”") for token in text.split()) if _WORD.fullmatch(t)]
    return len(words) >= 2 and any(not w.isupper() for w in words)


def reads_as_sentence(text: str) -> bool:
    """Prose with a word in lower case (`Front view of the red mug`, `Vorderansicht der Tasse`), or text
    in a script written without spaces; not a name written in capitals (`Tommy Hilfiger`, `LED CINEMA 3D`)."""
    if _SCRIPT_TEXT.search(text):
        return True
    words = [t for t in (token.strip(".,;:!?()[]\"'«»„“”") for token in text.split()) if _WORD.fullmatch(t)]
    return len(words) >= 2 and any(w[0].islower() for w in words)


#: a whole value that is a code: one token of letters and digits with a letter right against a digit
#: (`VB-C50i`, `4350n`, `KD55X85J`), not a word with a number beside it (`2-Way`, `USB-Kabel`)
_CODE_TOKEN = re.compile(r"(?=[A-Za-z0-9._/+#-]*(?:[A-Za-z][0-9]|[0-9][A-Za-z]))[A-Za-z0-9][A-Za-z0-9._/+#-]*")
_WHOLE_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def not_copy(text: str) -> bool:
    """True when a value as a whole is a URL, an e-mail address or a code token: the same in every language,
    whatever attribute holds it. Copy almost always holds a space, which ends the test."""
    value = text.strip() if text[:1].isspace() or text[-1:].isspace() else text  # (no copy of long copy)
    if not value or " " in value or "\n" in value or "\t" in value:
        return False
    if value.startswith(("http://", "https://", "//", "www.", "HTTP://", "HTTPS://")):
        return True
    if "@" in value:
        return _WHOLE_EMAIL.fullmatch(value) is not None
    return len(value) <= 64 and _CODE_TOKEN.fullmatch(value) is not None


class _AnyLocale:
    """Contains every locale: an attribute with an unlocalized value finds one in every market."""

    def __contains__(self, locale: object) -> bool:
        return True


_ANY_LOCALE = _AnyLocale()


class RecordBuilder:
    def __init__(self, source_locale: str, source_channel: str | None, catalog: AttributeCatalog,
                 exclude: tuple[str, ...] = (), language_neutral: Iterable[str] = LANGUAGE_NEUTRAL,
                 copy_attributes: Iterable[str] | None = None) -> None:
        self.source_locale = source_locale
        self.source_bcp47 = to_bcp47(source_locale)
        self.source_language = language_of(self.source_bcp47)
        self._neutral_patterns = tuple(p.lower() for p in language_neutral)
        # `translation.attributes`: when set, exactly these are copy (the rest is language-neutral)
        self._copy = frozenset(copy_attributes) if copy_attributes is not None else None
        self._neutral: dict[str, bool] = {}
        self.source_channel = source_channel
        self.catalog = catalog
        # `outputs.exclude`: attributes that stay in the PIM (internal notes, supplier data)
        self._excluded: dict[str, bool] = {}
        self._exclude = exclude
        # the last product's plans by channel (`_plan`): its records for every market are built in a row
        self._last_product: Product | None = None
        self._plans: dict[str | None, list[list[Any]]] = {}
        self._siblings: dict[str, SiblingCopy | None] = {}  # market code -> `copy_from` (`sibling_copy`)

    def build(self, product: Product, market: Market) -> LocalizedRecord:
        record = LocalizedRecord(product, market, self.source_bcp47)
        channel = market.channel or self.source_channel
        target = market.pim_locale
        same_language = target == self.source_locale
        other_language = not same_writing(market.locale, self.source_bcp47)  # zh_CN copy is not zh-TW copy
        values = record.values
        for entry in self._plan(product, channel):
            code, data = entry[1], entry[2]
            if entry[0]:  # not localizable: the same value in every market
                if other_language and type(data) is str:
                    prose = entry[4]
                    if prose is None:
                        prose = entry[4] = self._language_text(code, data)
                    if prose:
                        values[code] = LocalizedValue(data, data, "untranslated", True, extra={"localizable": False})
                        continue
                value = values[code] = LocalizedValue(data, data)  # positional: one per value, market
                if entry[3]:
                    self._option_display(code, value, market)
                continue
            if same_language:
                if data is not None:
                    values[code] = LocalizedValue(data, data)
                continue
            translatable = entry[3]
            # the PIM's copy in the market's locale (or an unlocalized value), when the product has one
            existing = product.get(code, target, channel) if target in entry[4] else None
            if existing is not None:
                values[code] = LocalizedValue(existing, data, "pim", translatable)
                continue
            locales = entry[5]
            if other_language and translatable and locales is not None and (len(locales) > 1 or data is None):
                sibling = self._sibling(market)
                copied = sibling.value(product, code, data, locales, channel) if sibling is not None else None
                if copied is not None:  # the PIM's copy of another country's locale of the language
                    if copied.data is None:  # one country's copy, and no source copy to translate instead
                        record.add_finding(country_specific_finding(record, code, copied))
                        continue
                    values[code] = copied
                    continue
            if data is not None:
                values[code] = LocalizedValue(data, data, "untranslated" if translatable else "source", translatable)
        return record

    def _sibling(self, market: Market) -> SiblingCopy | None:
        """The market's `copy_from` policy, worked out once per market."""
        if market.code not in self._siblings:
            self._siblings[market.code] = SiblingCopy.for_market(market)
        return self._siblings[market.code]

    def _plan(self, product: Product, channel: str | None) -> list[list[Any]]:
        """What decides a product's values in every market, worked out once per product and channel:
        the runner builds a product's records for all its markets one after the other. Per attribute:
        `[1, code, data, has options, reads as copy (None: not asked yet)]` for a value that is not
        localizable, `[0, code, source-locale value, translatable, the locales its values are in, the same
        or None when a value is unlocalized]` for one that is (a market whose locale is not among them has
        no PIM copy: no `product.get`; another locale of its language may: `sibling_copy`); excluded
        attributes and unlocalizable values of another channel are left out."""
        if self._last_product is not product:
            self._last_product = product
            self._plans = {}
        else:
            found = self._plans.get(channel)
            if found is not None:
                return found
        plan: list[list[Any]] = []
        catalog = self.catalog
        for code, entries in product.values.items():
            if self._exclude and self._is_excluded(code):
                continue
            if len(entries) == 1:
                localizable = entries[0].locale is not None
            else:
                localizable = any(v.locale is not None for v in entries)
            if not localizable:
                if len(entries) == 1:
                    only = entries[0]
                    data = only.data if only.channel is None or only.channel == channel else None
                else:
                    data = product.get(code, None, channel)
                if data is not None:
                    plan.append([1, code, data, bool(catalog.options) and code in catalog.options, None])
                continue
            source = product.get(code, self.source_locale, channel)
            # the locales a market's `product.get` can find a value in (None: an unlocalized value, in all)
            locales = {v.locale for v in entries}
            found_in: Any = _ANY_LOCALE if None in locales else locales
            plan.append([0, code, source, self._localized_copy(code, source), found_in,
                         None if None in locales else locales])
        self._plans[channel] = plan
        return plan

    def _localized_copy(self, code: str, source: Any) -> bool:
        """Whether a localizable attribute's source value is copy to translate. The PIM's attribute type
        decides when `source.attributes` describes it; without one (a column map: every `text` column is
        in the source locale unless mapped with `locale: null`; an Akeneo export without its attributes
        file) an attribute named like a code (`brand`, `mpn`, `image_url`, the `language_neutral`
        defaults) is copy only when its value reads as a sentence (`image_alt_text` does, `Tommy
        Hilfiger` does not). Whatever the attribute: a value that as a whole is a URL, an e-mail address
        or a code token (`VB-C50i`) is never copy - an engine returns `[DE] VB-C50I` or a translated
        brand, and a customer's feed gets a model number that does not exist."""
        text = type(source) is str
        if text and not_copy(source):
            return False
        known = self.catalog.is_copy(code)
        if known is not None:
            return known  # (with no source copy too: a sibling locale's copy may still serve, `sibling_copy`)
        if not text:
            return False
        if self._copy is None and self._neutral_code(code):
            return reads_as_sentence(source)
        return True

    def _neutral_code(self, code: str) -> bool:
        """The attribute is of a kind that holds the same text in every language: its PIM type is not
        text, or its code matches `translation.language_neutral` or the defaults. Memoised per code."""
        neutral = self._neutral.get(code)
        if neutral is None:
            kind = self.catalog.kind(code)
            lowered = code.lower()
            neutral = self._neutral[code] = (
                (kind is not None and kind != "text")
                or any(fnmatchcase(lowered, pattern) for pattern in self._neutral_patterns)
            )
        return neutral

    def _language_text(self, code: str, data: str) -> bool:
        """Whether an unlocalized text value is copy in the source language (see the module doc)."""
        if self._copy is not None:
            return code in self._copy
        return not self._neutral_code(code) and reads_as_prose(data)

    def _is_excluded(self, code: str) -> bool:
        hit = self._excluded.get(code)
        if hit is None:
            folded = code.casefold()  # attribute codes are case-insensitive in Akeneo
            hit = self._excluded[code] = any(fnmatchcase(folded, pattern.casefold()) for pattern in self._exclude)
        return hit

    def _option_display(self, code: str, value: LocalizedValue, market: Market) -> None:
        """Option values shown with the PIM's own labels (`source.options`): the label in the
        market's locale, else one that is the same in every locale (`EU 42`), else one in another
        locale of the market's language (`fr_FR` for fr-CH, in the market's spelling: `ß` -> `ss` for
        de-CH); `extra["label"]` says which, so the map stage knows whether the shared taxonomy's label
        may replace it (it replaces all but the first, when it means the same).

        With no label in the market's language the option code must not reach customers: the source
        locale's label is kept in `extra["label_source"]` (`label: translate`) for the translate stage
        to translate like copy, and an option without that label either is `label: missing` (held for
        review unless the taxonomy knows a label that means the same)."""
        data = value.data
        items = data if isinstance(data, tuple) else (data,)
        if not items or not all(isinstance(i, str) and i for i in items):
            return
        catalog = self.catalog
        found = [catalog.option_label(code, item, market.pim_locale) for item in items]  # type: ignore[arg-type]
        if all(f is not None for f in found):
            kinds = {f[0] for f in found}  # type: ignore[index]
            shown = ", ".join(f[1] for f in found)  # type: ignore[index]
            label = "pim" if kinds == {"pim"} else ("language" if "language" in kinds else "neutral")
            value.display = regional_spelling(shown, market.locale) if label == "language" else shown
            value.extra = {**value.extra, "label": label}
            return
        source = [catalog.option_label(code, item, self.source_locale) for item in items]  # type: ignore[arg-type]
        if all(f is not None for f in source):
            value.extra = {**value.extra, "label": "translate", "label_source": ", ".join(f[1] for f in source)}  # type: ignore[index]
        else:
            value.extra = {**value.extra, "label": "missing"}


def value_scope(product: Product, code: str, channel: str | None) -> str | None:
    """The channel a localizable value is scoped to (to write it back as `attr-locale-channel`).

    Scopability belongs to the attribute, not to one locale's value: copy taken from a sibling
    locale (fr_FR into fr-CA) where the source locale has no value is scoped all the same, or
    Akeneo refuses the column (`description-fr_CA` without `-print`)."""
    if channel is None:
        return None
    for value in product.values.get(code, ()):
        if value.channel == channel:
            return channel
    return None
