"""One translation per Shopify resource: rows that several records give for the same resource.

A row of the languages import translates one field of one resource (`Type`, `Identification`,
`Field`). Several records reach the same resource: the variants of a product share its title, body,
option names and image alt texts, and an option value or alt text matched by content in the shop's
translations export (`rows.ShopIds`) is every product's with that text. When those records carry
the same translation the row is written once. When they carry different ones (a reviewer's edit on
one variant or one product only, a glossary term in one product's context) no choice is right
without a person: Shopify holds one translation per resource and its export does not say which
product an option value or image belongs to. So the resource's row is held (the shop keeps the
translation it has) and each translation goes to the run's review queue as a `review` finding
(`shopify-translation-conflict`) of the first product that gave it, naming the resource, its text
and every translation with its products. A reviewer decides there: approving one translation (or
editing it) gives the shop that text on the next run, rejecting every one leaves the shop's own; two
different texts approved stay open. An open conflict makes the run exit 1 only when
`review.fail_on` lists `review`, as any record held for review does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...model import Finding, Market
from ...review.decisions import Decision, finding_key
from ...serialize import dumps_bytes

Key = tuple[str, str, str]  # type, identification, field
RULE = "shopify-translation-conflict"
ACTION = ("Approve (or edit) the translation the shop should get: the next run writes it for this resource; "
          "reject every translation to keep the shop's own.")


@dataclass(frozen=True)
class Giver:
    """The first record that gave a translation (its queue entry is this product's)."""

    product: str
    attribute: str  # our attribute (`option1`, `image2_alt`, `title`)
    handle: str
    status: str  # machine | human
    family: str | None = None


@dataclass
class Conflict:
    """The translations one resource text was given: translation -> (first record, how many records)."""

    kind: str
    field_name: str
    default: str
    shared: bool  # matched by content in the shop's export (else one product's resource)
    translations: dict[str, tuple[Giver, int]] = field(default_factory=dict)

    def add(self, translation: str, giver: Giver, count: int = 1) -> None:
        first, seen = self.translations.get(translation, (giver, 0))
        self.translations[translation] = (first, seen + count)

    def settle(self, decided: Callable[[Giver, str], Decision | None]) -> tuple[bool, str | None]:
        """(still open, the text to write) after the reviewers' decisions on its translations: one text
        approved or edited in -> that text; every translation rejected -> settled without a row."""
        chosen: set[str] = set()
        rejected = 0
        for translation, (giver, _n) in self.translations.items():
            decision = decided(giver, translation)
            if decision is None:
                continue
            if decision.decision == "reject":
                rejected += 1
            elif decision.decision == "edit" and decision.corrected:
                chosen.add(decision.corrected)
            elif decision.decision == "approve":
                chosen.add(translation)
        if len(chosen) == 1:
            return False, chosen.pop()
        return not (not chosen and rejected == len(self.translations)), None


class SharedRows:
    """Which resource rows are taken (with their translation) and which are in conflict.

    Product rows are remembered for the current product only (its variants come one after another),
    content-matched rows for the whole file (bounded by the shop's export); conflicts for the whole
    file (one entry per resource translated two ways)."""

    def __init__(self) -> None:
        # key -> [translation, first record, how many records gave it]
        self.product: dict[Key, list[Any]] = {}
        self.shared: dict[Key, list[Any]] = {}
        self.conflicts: dict[Key, Conflict] = {}

    def next_product(self) -> None:
        self.product.clear()

    def take(self, key: Key, default: str, translation: str, giver: Giver, shared: bool) -> bool:
        """True when this is the resource's first row (the writer writes it); else records a conflict
        when the translation differs from the first one (or the resource is in conflict already)."""
        taken = self.shared if shared else self.product
        first = taken.get(key)
        if first is None:
            taken[key] = [translation, giver, 1]
            return key not in self.conflicts
        conflict = self.conflicts.get(key)
        if conflict is None:
            if first[0] == translation:
                first[2] += 1
                return False
            conflict = self.conflicts[key] = Conflict(key[0], key[2], default, shared)
            conflict.add(*first)
        conflict.add(translation, giver)
        return False

    def groups(self) -> list[tuple[list[str], list[Key], Conflict]]:
        """The conflicts in the order they were found, the IDs matched by one text in the shop's export
        together (the same records reached each of them): (IDs, keys, conflict)."""
        groups: dict[tuple[str, ...], tuple[list[str], list[Key], Conflict]] = {}
        for key, conflict in self.conflicts.items():
            kind, ident, field_name = key
            group = (kind, field_name, conflict.default) if conflict.shared else key
            entry = groups.setdefault(group, ([], [], conflict))
            entry[0].append(ident)
            entry[1].append(key)
        return list(groups.values())


def conflict_key(market: Market, giver: Giver, translation: str, default: str) -> str:
    """The decision key of one translation's queue entry (`review.decisions.finding_key`, as the queue
    computes it from the entry's line): a changed translation or source text is a new question."""
    return finding_key(market.code, giver.product, giver.attribute, RULE, market.locale, translation, default)


def decided_by(decisions: Mapping[str, Decision], market: Market,
               conflict: Conflict) -> Callable[[Giver, str], Decision | None]:
    return lambda giver, translation: decisions.get(conflict_key(market, giver, translation, conflict.default))


def queue_lines(ids: list[str], conflict: Conflict, market: Market, source_locale: str, file: str,
                output: str) -> list[bytes]:
    """One review-queue line per translation (the feed line of its first record, with this field only),
    each with one `review` finding whose message names the resource and every translation."""
    shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
    versions = "; ".join(f"'{_short(t)}' ({_records(g.product, n)})" for t, (g, n) in conflict.translations.items())
    message = (f"{file}: Shopify {conflict.kind} {conflict.field_name} '{_short(conflict.default)}' ({shown}) is "
               f"translated {len(conflict.translations)} ways: {versions}; Shopify holds one translation per "
               "resource, so no row was written (the shop keeps its current translation)")
    lines = []
    for translation, (giver, _n) in conflict.translations.items():
        finding = Finding(code=RULE, severity="review", message=message, product=giver.product, market=market.code,
                          field=giver.attribute, locale=market.locale, matched=translation, rule=RULE,
                          action=ACTION, stage="write", output=output)
        lines.append(dumps_bytes({
            "identifier": giver.product, "market": market.code, "locale": market.locale,
            "source_locale": source_locale, "country": market.country, "currency": market.currency,
            "channel": market.channel, "family": giver.family, "parent": giver.handle, "categories": [],
            "enabled": True, "values": {giver.attribute: translation}, "source": {giver.attribute: conflict.default},
            "status": {giver.attribute: giver.status}, "findings": [finding.to_dict()], "withheld_outputs": [output],
        }))
    return lines


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _records(first: str, count: int) -> str:
    return first + (f" and {count - 1} more record(s)" if count > 1 else "")
