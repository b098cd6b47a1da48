"""Map stage: the catalogue's categories and attributes onto the shared taxonomy.

Per product and market it sets `record.taxonomy = {id, path, how, score, category}`: the
taxonomy category, its path in the market's language (falling back to English), how it
was decided (explicit > rule > accepted > auto) and the score. A product whose categories
only have suggestions below the threshold gets a `category-unmapped` finding (severity
`review` by default) listing the best candidates, so the gate withholds it.

Enum values of attributes the taxonomy knows are shown in the market's language from the
taxonomy's labels (`display`), and marked not translatable so no engine ever sees them.
Metric values also get their value in the shared attribute's canonical unit
(`extra["canonical"]`); the published value itself is left to the convert stage.

Without a `taxonomy` section in the config the stage does nothing and says so.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

from ..locale import regional_spelling
from ..model import Finding, LocalizedRecord, Product, Quantity
from ..readers import open_reader
from ..taxonomy.attributes import canonical_quantity, display_values
from ..taxonomy.loader import resolve_taxonomy_path
from ..taxonomy.value_meaning import dropped_words, language_labels
from .base import Batch, RunContext, Stage


class MapStage(Stage):
    name = "map"
    run_figures = frozenset({"categories"})  # coverage of the category tree, not a count of records

    def __init__(self) -> None:
        self.enabled = False
        self.resolver: Any = None
        self.taxonomy: Any = None
        self.attributes: Any = None
        self.how: Counter[str] = Counter()
        self.values_localized = 0
        self.values_unknown: Counter[str] = Counter()
        # `attribute=option` -> (shared value, words its label drops): the taxonomy's value is broader
        self.values_narrowed: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._narrowings: dict[tuple[str, str, str, str], Any] = {}
        self.attribute_matches: dict[str, Any] = {}
        self.severity = "review"
        self.show_values = True
        self.top = 3
        self._fingerprint = ""

    # ---- setup ------------------------------------------------------------------
    def open(self, ctx: RunContext) -> None:
        if not ctx.config.settings.taxonomy.raw:
            return  # no `taxonomy` section: nothing to map (and the taxonomy engine is not even loaded)
        # start-up cost: the taxonomy engine (numpy, the ranking) is ~20 % of an unchanged nightly rerun's
        # CPU (0.44 s at 20k x 3); a run without a taxonomy never needs it
        from ..taxonomy.map_context import from_config

        tc = from_config(ctx.config, cache=not ctx.options.dry_run, products=_products(ctx))
        if tc is None:
            return
        self.enabled = True
        self.tc = tc
        self.taxonomy = tc.taxonomy
        ctx.taxonomy = tc.taxonomy  # writers read its source (a Google taxonomy's ids are Google's)
        self.resolver = tc.resolver
        self.attributes = tc.attributes
        for warning in tc.warnings:
            ctx.report.warn(warning)
        suggest = tc.section.get("suggest") or {}
        self.top = int(suggest.get("top", 3))
        self.severity = tc.section.get("on_unmapped", "review")
        self.show_values = bool(tc.section.get("enum_values", True))
        self._fingerprint = _files_digest(ctx, tc.section, tc.resolver)
        ctx.log.info("taxonomy %s: %d categories, %d attributes", self.taxonomy.name, len(self.taxonomy),
                     len(self.taxonomy.attributes))

    # ---- per batch --------------------------------------------------------------
    def process(self, batch: Batch, ctx: RunContext) -> None:
        if not self.enabled:
            return
        self.tc.add_codes([c for p in batch.products for c in p.categories])
        catalog = ctx.catalog
        for record in batch.active():
            self._map_category(record)
            self._map_attributes(record, catalog)

    def _map_category(self, record: LocalizedRecord) -> None:
        product = record.product
        market = record.market
        res = self.resolver.for_product(product.categories)
        if res is not None and res.id is not None:
            record.taxonomy = {
                "id": res.id,
                "ancestors": self.taxonomy.ancestors(res.id),  # ids, root first (rules match a whole subtree)
                "path": self.taxonomy.path_labels(res.id, market.locale),
                "how": res.how,
                "score": round(res.score, 4),
                "category": res.code,
            }
            for kind in ("google", "shopify"):  # the same kind of product in Google's/Shopify's taxonomy
                other = self.taxonomy.crosswalk(res.id, kind)
                if other:
                    record.taxonomy[kind] = other
            self.how[res.how] += 1
            return
        self.how["review"] += 1
        candidates = res.candidates[: self.top] if res is not None else []
        record.taxonomy = {
            "id": None,
            "path": [],
            "how": "review",
            "score": round(res.score, 4) if res is not None else 0.0,
            "category": res.code if res is not None else None,
            "candidates": [
                {"id": c.id, "path": self.taxonomy.path_labels(c.id, market.locale), "score": round(c.score, 4)}
                for c in candidates
            ],
        }
        code = "category-unmapped"
        if not product.categories:
            message = "the product has no category, so it has no place in the shared taxonomy; assign a category in the PIM"
        elif res is not None and res.conflict:
            code = "category-conflict"
            listed = "; ".join(f"{r.code} -> {r.id} {' > '.join(self.taxonomy.path_labels(r.id, market.locale))} "
                               f"({r.score:.2f})" for r in res.conflict)
            message = (f"the product's categories say different kinds of product ({listed}); keep one category "
                       f"per product type in the PIM or map the categories in the category mapping file")
        elif res is not None and res.note:
            message = (f"category {', '.join(product.categories)}: {res.note}, so nothing says what the product is; "
                       f"file it in a product-type tree or name the trees with `taxonomy.trees`")
        else:
            listed = "; ".join(
                f"{c.id} {' > '.join(self.taxonomy.path_labels(c.id, market.locale))} ({c.score:.2f})" for c in candidates
            ) or "none"
            message = (
                f"category {', '.join(product.categories)} is not mapped to the shared taxonomy "
                f"(best suggestions: {listed}); map it in the category mapping file or accept a suggestion"
            )
        record.add_finding(Finding(
            code=code,
            severity=self.severity,
            message=message,
            product=product.identifier,
            market=market.code,
            field="categories",
            stage=self.name,
        ))

    def _map_attributes(self, record: LocalizedRecord, catalog: Any) -> None:
        market = record.market
        for code, value in record.values.items():
            match = self._attribute(code, catalog)
            if match is None:
                continue
            shared = self.taxonomy.attributes[match.shared]
            value.extra = {**value.extra, "taxonomy": {"attribute": shared.code, "how": match.how}}  # its own dict
            if shared.type == "enum" and self.show_values:
                self._enum_value(record, code, value, shared.code, market.locale, catalog)
            elif shared.type == "metric" and isinstance(value.data, Quantity):
                canonical = canonical_quantity(shared, value.data)
                if canonical is not None:
                    value.extra["canonical"] = canonical.to_dict()

    def _enum_value(self, record: LocalizedRecord, code: str, value: Any, shared: str, locale: str, catalog: Any) -> None:
        if value.data is None or not isinstance(value.data, str | tuple):
            return
        text, codes, unknown = display_values(self.attributes, shared, value.data, locale, code)
        if codes:
            value.extra["taxonomy"]["values"] = codes
        label = value.extra.get("label")
        if label == "pim":
            return  # the PIM's own label in the market's locale (`source.options`) wins over the taxonomy's
        if text is not None:
            attribute = self.taxonomy.attributes[shared]
            dropped = self._narrowed(code, value.data, attribute, codes, catalog)
            if dropped is not None:
                self._narrowing(record, code, value, attribute, text, dropped, label)
            elif label is None or language_labels(attribute, codes, locale):
                value.extra.pop("label", None)
                value.extra.pop("label_source", None)
                value.display = regional_spelling(text, locale)  # the taxonomy's `de` label in de-CH: ss
                value.translatable = False  # taken from the taxonomy's labels, never sent to an engine
                if value.status == "untranslated":
                    value.status = "source"
                self.values_localized += 1
            # else: the taxonomy has no label in the market's language (its English one would be shown):
            # the PIM's label of the language, or its source label translated (`records._option_display`)
        for spelling in unknown:
            self.values_unknown[f"{code}={spelling}"] += 1
            if value.display or label in ("translate", "missing"):
                continue  # shown with the PIM's own label (`source.options`), or on its way to one: counted
            record.add_finding(Finding(
                code="enum-value-unknown",
                severity="info",
                message=(f"{code}: {spelling!r} is not a value of the shared attribute {shared!r}, so it is not shown "
                         f"in the market's language; add it as an alias in the taxonomy or under `values` in the attribute mapping"),
                product=record.identifier,
                market=record.market.code,
                field=code,
                matched=spelling,
                stage=self.name,
            ))

    def _narrowed(self, code: str, data: Any, attribute: Any, codes: list[str], catalog: Any) -> dict[str, Any] | None:
        """`{option, value, dropped}` for the first option of `data` whose shared value says less than the
        option does (`organic_cotton` filed under `cotton`: its label would drop "organic"), else None.
        Remembered per attribute and option: a catalogue repeats its few options over many records."""
        items = [i for i in (data if isinstance(data, tuple) else (data,)) if i is not None and i != ""]
        options = catalog.options.get(code) if catalog is not None and catalog.options else None
        for item, value_code in zip(items, codes, strict=False):
            key = (code, str(item), attribute.code, value_code)
            hit = self._narrowings.get(key, self)
            if hit is self:
                labels = options.get(str(item)) if options is not None else None
                dropped = dropped_words(code, str(item), labels or {}, attribute.values[value_code])
                hit = self._narrowings[key] = (
                    {"option": str(item), "value": value_code, "dropped": dropped} if dropped else None)
            if hit is not None:
                return hit  # type: ignore[return-value]
        return None

    def _narrowing(self, record: LocalizedRecord, code: str, value: Any, attribute: Any, text: str,
                   hit: dict[str, Any], label: str | None) -> None:
        """The taxonomy's value is broader than the option: its label is not shown. The PIM's label of the
        market's language stays (`language`, `neutral`), its source label is translated (`translate`);
        with no PIM label at all nothing says what the option means in the market: held for review."""
        self.values_narrowed[f"{code}={hit['option']}"] = (hit["value"], hit["dropped"])
        if label is not None:
            return
        record.add_finding(Finding(
            code="enum-value-narrowed",
            severity="review",
            message=(f"{code}: {hit['option']!r} is filed under the shared value {hit['value']!r}, whose label "
                     f"({text!r}) drops {' '.join(repr(w) for w in hit['dropped'])}, and the PIM has no label for it; "
                     f"add the option's labels to the PIM (`source.options`) or give it a value of its own in the taxonomy"),
            product=record.identifier,
            market=record.market.code,
            field=code,
            matched=hit["option"],
            stage=self.name,
        ))

    def _attribute(self, code: str, catalog: Any) -> Any:
        if code in self.attribute_matches:
            return self.attribute_matches[code]
        labels: dict[str, str] = {}
        info = catalog.get(code) if catalog is not None else None
        if info is not None:
            labels = dict(info.labels)
        match = self.attributes.resolve(code, labels)
        self.attribute_matches[code] = match
        return match

    def fingerprint(self, market: Any) -> str:
        """The taxonomy, mapping and attribute-mapping file contents and the ranking's version:
        an incremental run redoes a product when any of them changes (the categories file and
        the config are part of every product's hash already)."""
        return self._fingerprint

    # ---- report -----------------------------------------------------------------
    def summary(self) -> dict[str, Any]:
        if not self.enabled:
            return {"status": "off", "note": "no taxonomy section in the config; categories and attributes were not mapped"}
        return {
            "status": "ok",
            "taxonomy": self.taxonomy.name,
            "version": self.taxonomy.version,
            "records": dict(sorted(self.how.items())),
            "categories": self.resolver.coverage(),
            "product_type_trees": sorted(self.resolver.type_roots),
            "attributes": {code: m.shared for code, m in sorted(self.attribute_matches.items()) if m is not None},
            "enum_values_localized": self.values_localized,
            "enum_values_unknown": sum(self.values_unknown.values()),
            "enum_values_narrowed": {k: {"value": v, "dropped": list(d)} for k, (v, d) in sorted(self.values_narrowed.items())},
        }

    def close(self, ctx: RunContext) -> None:
        if self.enabled:
            ctx.report.sections["taxonomy"] = self.summary()


def _products(ctx: RunContext) -> Any:
    """(categories, family) of the source's products, streamed in file order: evidence of what each
    category holds (the taxonomy context reads as many as `taxonomy.suggest.products` says)."""
    if ctx.catalog is None:
        return
    for path in ctx.config.source.paths:
        for item in open_reader(path, ctx.config.source, ctx.catalog):
            if isinstance(item, Product):
                yield item.categories, item.family


def _files_digest(ctx: RunContext, section: dict[str, Any], resolver: Any = None) -> str:
    """Each file by its role, name and content, never by where it lies: the same project in another
    checkout, or the shipped taxonomy in another virtualenv, is the same input (an incremental run
    there redoes nothing)."""
    config = ctx.config
    paths = [("taxonomy", resolve_taxonomy_path(section["path"], config.base_dir))]
    mappings = section.get("mapping") or []
    paths += [("mapping", config.resolve(p)) for p in ([mappings] if isinstance(mappings, str) else mappings)]
    if section.get("attributes"):
        paths.append(("attributes", config.resolve(section["attributes"])))
    from ..taxonomy.suggest import RANKING_VERSION  # start-up cost: as in `MapStage.open`

    h = hashlib.sha256(RANKING_VERSION.encode())
    for role, path in paths:
        h.update(f"\0{role}:{path.name}\0".encode())
        h.update(path.read_bytes())
    if resolver is not None and resolver.products is not None:
        # the products' evidence can change a category's mapping without any file above changing
        for code in sorted(resolver.resolutions):
            res = resolver.resolutions[code]
            h.update(f"\0{code}\0{res.id}\0{res.how}".encode())
    return h.hexdigest()
