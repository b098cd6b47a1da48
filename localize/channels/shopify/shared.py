"""One translation per Shopify resource: rows that several records give for the same resource.

A row of the languages import translates one field of one resource (`Type`, `Identification`,
`Field`). Several records reach the same resource: the variants of a product share its title, body,
option names and image alt texts, and an option value or alt text matched by content in the shop's
translations export (`rows.ShopIds`) is every product's with that text. When those records carry
the same translation the row is written once. When they carry different ones (a reviewer's edit on
one variant or one product only, a glossary term in one product's context) no choice is right
without a person: Shopify holds one translation per resource and its export does not say which
product an option value or image belongs to. So the resource gets no row this run (the shop keeps
the translation it has), and the run warns naming the resource, its text, each translation with the
products that carry it, and ends with exit code 1 until the translations agree, as a run whose feeds
leave out products for open blocking findings does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Key = tuple[str, str, str]  # type, identification, field


@dataclass
class Conflict:
    """The translations one resource text was given: translation -> (first product, how many records)."""

    kind: str
    field_name: str
    default: str
    shared: bool  # matched by content in the shop's export (else one product's resource)
    translations: dict[str, tuple[str, int]] = field(default_factory=dict)

    def add(self, translation: str, product: str, count: int = 1) -> None:
        first, seen = self.translations.get(translation, (product, 0))
        self.translations[translation] = (first, seen + count)


class SharedRows:
    """Which resource rows are taken (with their translation) and which are in conflict.

    Product rows are remembered for the current product only (its variants come one after another),
    content-matched rows for the whole file (bounded by the shop's export); conflicts for the whole
    file (one entry per resource translated two ways)."""

    def __init__(self) -> None:
        # key -> [translation, first product, how many records gave it]
        self.product: dict[Key, list[Any]] = {}
        self.shared: dict[Key, list[Any]] = {}
        self.conflicts: dict[Key, Conflict] = {}

    def next_product(self) -> None:
        self.product.clear()

    def take(self, key: Key, default: str, translation: str, product: str, shared: bool) -> bool:
        """True when this is the resource's first row (the writer writes it); else records a conflict
        when the translation differs from the first one (or the resource is in conflict already)."""
        taken = self.shared if shared else self.product
        first = taken.get(key)
        if first is None:
            taken[key] = [translation, product, 1]
            return key not in self.conflicts
        conflict = self.conflicts.get(key)
        if conflict is None:
            if first[0] == translation:
                first[2] += 1
                return False
            conflict = self.conflicts[key] = Conflict(key[0], key[2], default, shared)
            conflict.add(*first)
        conflict.add(translation, product)
        return False

    def messages(self, file: str) -> list[str]:
        """One warning per resource in conflict, in the order they were found; the IDs matched by one text
        in the shop's export together (the same records reached each of them)."""
        groups: dict[tuple[str, ...], tuple[list[str], Conflict]] = {}
        for (kind, ident, field_name), conflict in self.conflicts.items():
            group = (kind, field_name, conflict.default) if conflict.shared else (kind, ident, field_name)
            groups.setdefault(group, ([], conflict))[0].append(ident)
        out = []
        for ids, conflict in groups.values():
            shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            versions = "; ".join(f"'{_short(t)}' ({_products(p, n)})" for t, (p, n) in conflict.translations.items())
            out.append(f"{file}: Shopify {conflict.kind} {conflict.field_name} '{_short(conflict.default)}' ({shown}) is "
                       f"translated {len(conflict.translations)} ways: {versions}; no row was written for it (the shop "
                       "keeps its current translation): make the translations agree (edit or approve one) and run again")
        return out


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _products(first: str, count: int) -> str:
    return first + (f" and {count - 1} more record(s)" if count > 1 else "")
