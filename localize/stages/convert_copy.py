"""The convert stage's quantities-in-copy job, run right after the translate stage.

Quantities in copy follow the market's text policy (`convert` | `both` | `keep`), but only AFTER
translation: the source is translated as written, so the translation memory matches it and en-US and
en-GB share one translation; then the quantities of the market's copy (translated, from memory, or held
by the PIM in the market's language) are converted in that language (`Weight: 5.5 lb`). The translate
stage writes the numbers of protected quantities in the target's conventions (`2,5 kg` -> `2.5 kg`),
so the copy is parsed in the market's locale. Its counts and findings are the convert stage's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..memo import TextMemo
from ..model import LocalizedRecord, LocalizedValue
from ..prices.in_copy import foreign_prices
from ..units.quantities_in_text import RewriteResult, deliberate_units, may_hold_quantity, rewrite_quantities
from .base import Batch, RunContext, Stage

if TYPE_CHECKING:
    from .convert import ConvertStage


# What `str.isdigit` calls a digit, as one regex search (C speed over long copy): the decimal
# digits of every script (`\d`) and the other digits Unicode defines (superscripts ², subscripts,
# circled ①, Ethiopic ...), by code point range.
_OTHER_DIGITS = ((0xB2, 0xB3), (0xB9, 0xB9), (0x1369, 0x1371), (0x19DA, 0x19DA), (0x2070, 0x2070),
                 (0x2074, 0x2079), (0x2080, 0x2089), (0x2460, 0x2468), (0x2474, 0x247C), (0x2488, 0x2490),
                 (0x24EA, 0x24EA), (0x24F5, 0x24FD), (0x24FF, 0x24FF), (0x2776, 0x277E), (0x2780, 0x2788),
                 (0x278A, 0x2792), (0x10A40, 0x10A43), (0x10E60, 0x10E68), (0x11052, 0x1105A),
                 (0x1F100, 0x1F10A))
_DIGIT = re.compile(r"[\d" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _OTHER_DIGITS) + "]").search


#: Statuses of copy now in the market's language: translated, from memory, or held by the PIM in that
#: language. Untranslated or pending copy is still in the source language (and is not published as
#: is); other text (codes, notes, same-language copy) is left as written.
IN_MARKET_LANGUAGE = frozenset({"machine", "human", "pim"})


def _in_market_language(value: LocalizedValue) -> bool:
    """Copy now in the market's language (`IN_MARKET_LANGUAGE`)."""
    return value.status in IN_MARKET_LANGUAGE


class QuantitiesInCopy(Stage):
    """Runs right after the translate stage: converts the quantities in the market's copy, with the
    market conventions the convert stage opened."""

    name = "convert-copy"

    def __init__(self, convert: ConvertStage) -> None:
        self.convert = convert
        # source text -> units its author chose on purpose (bounded by entries and characters)
        self._deliberate: TextMemo[frozenset[str]] = TextMemo(50_000, 8_000_000, shared=True)
        # copy -> whether it has a digit; (copy, market, kept units, kinds) -> its rewrite. Products and
        # variants share copy: each distinct text is searched and rewritten once per market.
        self._digits: TextMemo[bool] = TextMemo(50_000, 8_000_000, shared=True)
        self._rewrites: TextMemo[RewriteResult] = TextMemo(20_000, 8_000_000)
        # (copy, market currency) -> the amounts it states in another currency
        self._prices: TextMemo[list[str]] = TextMemo(20_000, 4_000_000)
        # attribute -> (its last copy with no quantity to convert, the locale it was read in): the next
        # market's record of the same product often holds the same text (en-US and en-GB share their
        # translation, the PIM's own copy): found by identity, not searched (nor hashed) again. Kept
        # alive here, so identity is safe; one entry per attribute.
        self._nothing: dict[str, tuple[str, str]] = {}

    def process(self, batch: Batch, ctx: RunContext) -> None:
        """Quantities in the market's copy, once it is in the market's language (after translation)."""
        units_of, nothing = self.convert.units, self._nothing
        for record in batch.active():
            units = units_of[record.market.code]
            if units.text_policy == "keep":
                continue
            for code, value in record.values.items():
                data = value.data
                if isinstance(data, str) and value.status in IN_MARKET_LANGUAGE:
                    last = nothing.get(code)
                    if last is None or last[0] is not data or last[1] != record.market.locale:
                        self._text(record, code, value, units)

    def _text(self, record: LocalizedRecord, field: str, value: LocalizedValue, units: Any) -> None:
        text: str = value.data  # type: ignore[assignment]
        digits = self._digits.lookup(text, None)
        if digits is None:
            digits = self._digits.put(text, _DIGIT(text) is not None)
        locale = record.market.locale
        if digits:
            self._foreign_prices(record, field, text)
        if not digits or not may_hold_quantity(text, locale):
            self._nothing[field] = (text, locale)
            return  # no number with a unit after it: nothing to rewrite (and nothing to remember)
        keep: frozenset[str] = frozenset()
        if isinstance(value.source, str) and self.convert.source_units is not None:
            keep = self._deliberate.get(value.source)  # type: ignore[assignment]
            if keep is None:
                keep = self._deliberate.put(value.source, deliberate_units(value.source, self.convert.source_locale,
                                                                           self.convert.source_units))
        kinds = self.convert.kinds[record.market.code].for_text(record) if units.kinds else ()
        result = self._rewrite(text, record.market.code, record.market.locale, units, keep, kinds)
        for problem in result.problems:
            matched = problem.split("'")[1] if "'" in problem else problem
            self.convert.tally.finding(record, "quantity-not-converted", field, problem, matched, "review")
        if not result.changed:
            return
        value.data = result.text
        value.extra = {**value.extra, "quantities": [list(r.span) for r in result.rewrites],
                       "quantities_policy": units.text_policy}
        self.convert.tally.counts["text_rewritten"] += 1
        self.convert.tally.counts["text_quantities"] += len(result.rewrites)

    def _foreign_prices(self, record: LocalizedRecord, field: str, text: str) -> None:
        """Copy that states an amount in another currency than the market's (`Grundpreis: 16,90 € / 1 kg` in
        a USD market) goes to a reviewer: converting it is a guess (gross or net, which rate, does the
        deposit exist there), publishing it shows shoppers a foreign price beside their own."""
        currency = record.market.currency
        key = (text, currency)
        found = self._prices.get(key)
        if found is None:
            found = self._prices.put(key, foreign_prices(text, currency), 2 * len(text) + 64)
        if found:
            shown = ", ".join(f"'{a}'" for a in found[:3])
            self.convert.tally.finding(
                record, "price-in-copy", field,
                f"states {shown} in copy published to a market that sells in {currency}; write the amount for "
                f"this market (or remove it from the copy) and approve", found[0], "review")

    def _rewrite(self, text: str, market: str, locale: str, units: Any, keep: frozenset[str],
                 kinds: tuple[Any, ...]) -> RewriteResult:
        """`rewrite_quantities` once per distinct (text, market, kept units, kinds): a pure function of
        them (the market's units and kinds are fixed for the run; kinds are keyed by identity)."""
        key = (text, market, keep, tuple(map(id, kinds)))
        found = self._rewrites.get(key)
        if found is None:
            found = rewrite_quantities(text, locale, units, keep_units=keep, kinds=kinds)
            weight = 2 * len(text) + 64 * (len(found.rewrites) + len(found.problems) + len(keep) + len(kinds))
            self._rewrites.put(key, found, weight)
        return found
