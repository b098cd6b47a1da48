"""Copy that exists only in channels a run does not publish: said, never dropped silently.

A PIM scopes values to channels (Akeneo: `description-de_DE-ecommerce`, `-print`, `-mobile`). A run
publishes one channel per market (`source.channel` or the market's own), and `Product.get` reads that
channel's value or an unscoped one. When the chosen channel's columns are empty but another channel
holds copy (icecat's demo export: every `-ecommerce` description empty, `-print`/`-mobile` filled for
1,099 products), each record went out without its description and the run said nothing. Reading notes,
per attribute, locale and run channel, the products whose value exists only in other channels; the run
ends with one warning per attribute and channel that names the locales, how many products, an example
and what to change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Product


@dataclass
class _Gap:
    products: int = 0
    example: str = ""
    locales: set[str] = field(default_factory=set)
    elsewhere: set[str] = field(default_factory=set)


class ChannelGaps:
    """Counts, while a source is read, the values a run's channels would not see."""

    def __init__(self, channels: set[str | None]) -> None:
        #: the channels the markets publish (None: a market reads unscoped values only)
        self.channels = sorted(c for c in channels if c is not None)
        self._gaps: dict[tuple[str, str], _Gap] = {}

    def add(self, product: Product) -> None:
        """Note the scoped values of `product` that no run channel reads. Cheap for unscoped attributes:
        one look at the first entry (a PIM's scoped attributes are a handful of its columns); and for
        scoped values all in the channel a run publishes (the usual export: `description-de_DE-ecommerce`
        for an `ecommerce` run): one pass over them, no sets (every product is read through here)."""
        channels = self.channels
        if not channels:
            return
        for attribute, entries in product.values.items():
            if not entries or (entries[0].channel is None and len(entries) == 1):
                continue
            scoped = [v for v in entries if v.channel is not None]
            if not scoped:
                continue
            for channel in channels:
                elsewhere = [v for v in scoped if v.channel != channel]
                if not elsewhere:
                    continue  # every scoped value is this channel's own: none exists only elsewhere
                seen = {v.locale for v in entries if v.channel is None or v.channel == channel}
                if None in seen:
                    continue  # an unlocalized value for this channel applies to every locale
                missing = {v.locale for v in elsewhere if v.locale not in seen}
                if not missing:
                    continue
                gap = self._gaps.get((attribute, channel))
                if gap is None:
                    gap = self._gaps[(attribute, channel)] = _Gap(example=product.identifier)
                gap.products += 1
                gap.locales.update(loc or "(no locale)" for loc in missing)
                gap.elsewhere.update(v.channel for v in elsewhere)  # type: ignore[misc]

    def messages(self) -> list[str]:
        """One warning per (attribute, channel), in a stable order."""
        out = []
        for (attribute, channel), gap in sorted(self._gaps.items()):
            noun = "product has" if gap.products == 1 else "products have"
            out.append(
                f"'{attribute}': {gap.products:,} {noun} copy only in channel(s) {', '.join(sorted(gap.elsewhere))}, "
                f"not in '{channel}', which this run publishes (locales {', '.join(sorted(gap.locales))}; e.g. "
                f"'{gap.example}'): their records go out without it. Set source.channel (or the markets' channel) "
                f"to the channel whose copy you publish, or fill the '{channel}' values in the PIM"
            )
        return out
