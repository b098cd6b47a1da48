"""Copy the PIM holds in another country's locale of a market's language (`de_DE` copy for de-CH).

A PIM often has German copy in `de_DE` only, French in `fr_FR`, English in `en_US`, and the shop sells
in Switzerland, Austria, Britain, Mexico or Brazil too. Translating that market's copy from the source
locale (en_US -> de-CH) throws away copy a person wrote in the market's language and pays an engine for
a worse text. So by default (`markets[].copy_from: auto`) a market whose own locale has no copy takes the
copy of a sibling locale, written in the market's spelling (`localize.locale.regional_spelling`: `ß` ->
`ss` for de-CH), as PIM copy (`status: pim`, `extra.copied_from`), which the convert stage still converts
(units in copy) like any copy in the market's language.

What differs per country is never copied: attributes whose code names a price, legal text, warranty,
shipping, tax, sizes and the like (`COUNTRY_SPECIFIC`, plus the market's `copy_from.exclude`), and copy
whose content is one country's, read per value in its language (`localize.country_specific`: a price,
a law, VAT, a phone number, a country's domain, shipping or warranty terms, an imprint). Those are
translated from the source as before (`extra.copy_kept` says why) and counted; content-based ones also
get the finding `sibling-copy-country-specific`, which says what was found (`country_specific_finding`).
A person's memory entry for the exact market beats a sibling copy (`TranslateStage._apply_over_sibling`). `copy_from: translate` turns the whole thing off for a market;
`copy_from: de_AT` names the sibling. The sibling chosen automatically is the language's main locale in
CLDR (its likely region: de_DE, fr_FR, en_US, es_ES, pt_BR) when the product has it, else the first by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from babel.core import get_global

from .country_specific import Found, country_specific
from .locale import regional_spelling, same_writing, to_bcp47, to_pim_locale
from .model import Finding, LocalizedRecord, LocalizedValue, Market, Product

#: Attribute codes (globs, case-insensitive) whose copy differs per country even within one language.
COUNTRY_SPECIFIC = (
    "*price*", "*legal*", "*warrant*", "*guarantee*", "*garantie*", "*disclaimer*", "*terms*", "*shipping*",
    "*delivery*", "*tax*", "*vat*", "*size*", "*return*", "*compliance*", "*regulat*", "*safety*", "*warning*",
    "*hazard*", "*recycl*", "*disposal*", "*law*", "*imprint*", "*contact*", "*hotline*", "*support*",
)
@dataclass
class SiblingCopy:
    """What one market takes from sibling locales; per-attribute decisions remembered (few attributes)."""

    market: Market
    locale: str | None  # a named sibling (PIM spelling), or None: automatic
    main: str  # the language's main locale, PIM spelling (de_DE)
    exclude: tuple[str, ...]
    _specific: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def for_market(cls, market: Market) -> SiblingCopy | None:
        """The market's policy from `copy_from` (validated by the config), or None for `translate`."""
        raw: Any = market.settings.get("copy_from", "auto")
        spec = raw if isinstance(raw, dict) else {"locale": raw}
        locale = spec.get("locale") or "auto"
        if locale == "translate":
            return None
        likely = get_global("likely_subtags").get(market.language, "")
        parts = likely.split("_")
        main = f"{parts[0]}_{parts[-1]}" if len(parts) > 1 else ""
        named = None if locale == "auto" else to_pim_locale(str(locale))
        exclude = tuple(p.casefold() for p in (*COUNTRY_SPECIFIC, *(spec.get("exclude") or ())))
        return cls(market, named, main, exclude)

    def pick(self, locales: Iterable[str | None]) -> str | None:
        """The sibling locale to copy from among the locales a product's attribute has copy in."""
        target = self.market.pim_locale
        found = [loc for loc in locales if loc and loc != target and same_writing(loc, target)]
        if not found:
            return None
        if self.locale is not None:
            return self.locale if self.locale in found else None
        return self.main if self.main in found else min(found)

    def value(self, product: Product, code: str, data: Any, locales: Iterable[str | None],
              channel: str | None) -> LocalizedValue | None:
        """The market's value of localizable copy `code` taken from a sibling locale; a value marked
        `copy_kept` (translated from the source as before) when the copy differs per country; None
        when no sibling has copy."""
        sibling = self.pick(locales)
        if sibling is None:
            return None
        text = product.get(code, sibling, channel)
        if not isinstance(text, str) or not text.strip():
            return None
        reason, found = self._country_specific(code, text)
        if reason is not None:
            extra: dict[str, Any] = {"copy_kept": f"{sibling}: {reason}"}
            if found:
                extra["country_specific"] = [f.describe() for f in found]
            elif data is None:
                return None
            # (no source copy to translate: a value without data, which the record builder does not keep)
            return LocalizedValue(data, data, "untranslated", True, extra=extra)
        return LocalizedValue(regional_spelling(text, self.market.locale), data, "pim", True,
                              extra={"copied_from": sibling})

    def _country_specific(self, code: str, text: str) -> tuple[str | None, tuple[Found, ...]]:
        """Why the copy is not copied (None: it is), and what in its text is one country's."""
        specific = self._specific.get(code)
        if specific is None:
            folded = code.casefold()
            specific = self._specific[code] = any(fnmatchcase(folded, p) for p in self.exclude)
        if specific:
            return "the attribute differs per country", ()
        found = country_specific(text, self.market.language)
        if found:
            return "the copy states " + "; ".join(f.describe() for f in found), found
        return None, ()


def locales_read(source_locale: str, markets: Iterable[Market]) -> Callable[[str], bool]:
    """Whether a run reads the copy of a PIM locale (`de_AT`) for some market: the source locale, a
    market's own, or one a market of another language than the source's may copy from (`copy_from`).
    What a run reads is what it can publish; the rest of a PIM export is not its business."""
    source = to_bcp47(source_locale)
    own = {source_locale, *(m.pim_locale for m in markets)}
    policies = [p for m in markets if not same_writing(m.locale, source)
                and (p := SiblingCopy.for_market(m)) is not None]

    def reads(locale: str) -> bool:
        return locale in own or any(p.pick((locale,)) == locale for p in policies)

    return reads


def country_specific_finding(record: LocalizedRecord, code: str, value: LocalizedValue) -> Finding:
    """The finding of a value whose sibling copy was not copied for what it says (`country_specific`
    in its extra): the field is translated from the source instead (or, with no source copy, left
    out) and the record publishes; the finding tells a person what the sibling's copy held, so the
    market's own copy can be written. The tool cannot tell whether two countries' laws, prices or
    terms agree, and copying them would publish them as if written for this market."""
    sibling = str(value.extra["copy_kept"]).split(":", 1)[0]
    found = "; ".join(value.extra["country_specific"])
    market = record.market
    instead = (f"translated from {record.source_locale} instead" if value.data is not None
               else f"left out (no {record.source_locale} copy to translate)")
    return Finding(
        code="sibling-copy-country-specific",
        severity="info",
        message=f"{code}: the PIM's {sibling} copy was not copied for {market.locale}: it states {found}, which "
                f"may not hold in {market.country}; {instead}",
        product=record.identifier,
        market=market.code,
        field=code,
        locale=market.locale,
        stage="translate",
        action=f"write the {market.locale} copy in the PIM ({market.pim_locale}), with this country's terms, "
               "and run again",
    )
