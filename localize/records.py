"""Build the per-market record of a product: which value each attribute publishes, and from where.

For a localizable attribute the market's own locale wins when the PIM already holds it
(`status="pim"`: never paid for again); otherwise the source-locale copy is taken and, if it is
translatable copy, marked `untranslated` for the translate stage. Unlocalized values are
copied as they are (`status="source"`); later stages convert units and prices.
"""

from __future__ import annotations

from .attributes import AttributeCatalog
from .model import LocalizedRecord, LocalizedValue, Market, Product, to_bcp47


class RecordBuilder:
    def __init__(self, source_locale: str, source_channel: str | None, catalog: AttributeCatalog,
                 exclude: tuple[str, ...] = ()) -> None:
        self.source_locale = source_locale
        self.source_bcp47 = to_bcp47(source_locale)
        self.source_channel = source_channel
        self.catalog = catalog
        # `outputs.exclude`: attributes that stay in the PIM (internal notes, supplier data)
        self._excluded: dict[str, bool] = {}
        self._exclude = exclude

    def build(self, product: Product, market: Market) -> LocalizedRecord:
        record = LocalizedRecord(product=product, market=market, source_locale=self.source_bcp47)
        channel = market.channel or self.source_channel
        target = market.pim_locale
        same_language = target == self.source_locale
        values = record.values
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
                    value = values[code] = LocalizedValue(data=data, source=data)
                    if catalog.options and code in catalog.options:
                        self._option_display(code, value, target)
                continue
            source = product.get(code, self.source_locale, channel)
            if same_language:
                if source is not None:
                    values[code] = LocalizedValue(source, source)
                continue
            known = catalog.is_copy(code)
            translatable = known if known is not None else isinstance(source, str)
            existing = product.get(code, target, channel)
            if existing is not None:
                values[code] = LocalizedValue(existing, source, "pim", translatable)
            elif source is not None:
                values[code] = LocalizedValue(source, source, "untranslated" if translatable else "source", translatable)
        return record

    def _is_excluded(self, code: str) -> bool:
        hit = self._excluded.get(code)
        if hit is None:
            from fnmatch import fnmatchcase

            folded = code.casefold()  # attribute codes are case-insensitive in Akeneo
            hit = self._excluded[code] = any(fnmatchcase(folded, pattern.casefold()) for pattern in self._exclude)
        return hit

    def _option_display(self, code: str, value: LocalizedValue, pim_locale: str) -> None:
        """Option values shown with the PIM's own labels (`source.options`): the label in the
        market's locale, else one that is the same in every locale (`EU 42`), else one in another
        locale of the market's language; `extra["label"]` says which, so the map stage knows
        whether the shared taxonomy's label may replace it (it replaces all but the first)."""
        data = value.data
        items = data if isinstance(data, tuple) else (data,)
        if not items or not all(isinstance(i, str) and i for i in items):
            return
        found = [self.catalog.option_label(code, item, pim_locale) for item in items]  # type: ignore[arg-type]
        if any(f is None for f in found):
            return
        kinds = {f[0] for f in found}  # type: ignore[index]
        value.display = ", ".join(f[1] for f in found)  # type: ignore[index]
        value.extra["label"] = "pim" if kinds == {"pim"} else ("language" if "language" in kinds else "neutral")


def value_scope(product: Product, code: str, locale: str, channel: str | None) -> str | None:
    """The channel a localizable value is scoped to (to write it back as `attr-locale-channel`)."""
    for value in product.values.get(code, ()):
        if value.locale == locale and value.channel is not None and value.channel == channel:
            return value.channel
    return None
