"""Incremental runs: redo a product in a market only when something that decides its output changed.

The input hash of a (product, market) combines the product's own input (the raw rows it was
read from, its model's included), the config, the market's settings and each stage's
fingerprint (taxonomy, rules, rates date, engine settings, memory and decisions). An
unchanged record is rebuilt from its stored feed line and written again byte for byte;
pending records (waiting for the engine) are always redone. `--full` redoes everything.

Rule dates: the market's fingerprint holds its whole rule schedule, not the run date. A record's
hash ends in `@<first day of its date stretch>` when the market has dated rules (`RulesChecker.
date_tag`); a record stored in another stretch is reused unless a rule that ended since found
something in it, or a rule that started finds something in it now (`DateDelta.touches`, one check of
just those rules). A record checked and reused that way is saved again with this run's tag.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Protocol

import orjson

from ..channels import writer_class
from ..gtin import GTIN_READING_VERSION
from ..jsonlines import line_safe_bytes
from ..model import Finding, LocalizedRecord, Market, Product
from ..readers.escapes import READING_VERSION
from ..readers.mapped import MAPPED_READING_VERSION
from ..records import RecordBuilder
from ..serialize import findings_from_json, product_to_dict, record_from_dict
from ..stages.base import RunContext, Stage
from ..version import __version__
from .state import StateStore, Stored, digest


def product_digest(product: Product) -> str:
    """The product's input fingerprint: from the reader's raw-row hash when it has one."""
    if product.fingerprint:
        return product.fingerprint
    return digest(orjson.dumps(product_to_dict(product), option=orjson.OPT_SORT_KEYS))


class DateSensitive(Protocol):
    """A stage part whose output depends on the run date only through rules that start or end
    (the rules checker): see the module docstring."""

    def date_tag(self, market: Market) -> str: ...

    def date_delta(self, market: Market, tag: str) -> Any: ...


def date_sensitive(stages: list[Stage]) -> DateSensitive | None:
    """The rules checker among the stages (directly, or inside the check stage), if any."""
    for stage in stages:
        for part in (stage, *getattr(stage, "checkers", ())):
            if callable(getattr(part, "date_tag", None)) and callable(getattr(part, "date_delta", None)):
                return part  # type: ignore[no-any-return]
    return None


class Incremental:
    def __init__(self, ctx: RunContext, stages: list[Stage], store: StateStore | None, run_id: str) -> None:
        self.ctx = ctx
        self.store = store
        self.run_id = run_id
        self.full = ctx.options.full or store is None
        self.market_fp: dict[str, str] = {}
        src = ctx.config.source
        definitions = [_file_digest(p) for p in (src.attributes, src.categories, src.options)]
        for market in ctx.markets:
            settings = orjson.dumps(market.settings, option=orjson.OPT_SORT_KEYS, default=str)
            # READING_VERSION: how the source reads a row (its escaped line breaks) changes what an
            # unchanged row publishes, so records stored under other reading rules are redone once
            parts = [__version__, READING_VERSION, GTIN_READING_VERSION, config_digest(ctx.config.raw), market.code, settings, *definitions]
            if src.format in ("csv", "jsonl"):  # the column map's own reading rules
                parts.append(MAPPED_READING_VERSION)
            parts += [s.fingerprint(market) for s in stages]
            self.market_fp[market.code] = digest(*parts)[:16]
        self.dates = date_sensitive(stages)
        self.tags = {m.code: (self.dates.date_tag(m) if self.dates is not None else "") for m in ctx.markets}
        self.reused = 0
        self.redone = 0
        #: reused after a rule-date check: saved again with this run's tag (`finish`), so the next run
        #: does not check them again
        self.retagged: list[tuple[str, str, str, str, bytes]] = []
        self.date_checked = 0
        # A market with nothing stored yet (first run) needs no lookups at all.
        self.empty_markets = {m.code for m in ctx.markets if store is None or store.empty(m.code)}
        # Decode stored lines back into values only when some writer needs more than the line.
        self.decode = not all(writer_class(f).line_only for f in ctx.config.formats)

    def plan(
        self, products: list[Product], builder: RecordBuilder
    ) -> tuple[list[LocalizedRecord], list[LocalizedRecord], dict[int, str]]:
        """All records of the batch in output order, the ones to process, and their input hashes."""
        records: list[LocalizedRecord] = []
        fresh: list[LocalizedRecord] = []
        hashes: dict[int, str] = {}
        for product, planned in self.split(products):
            for market, item in zip(self.ctx.markets, planned, strict=True):
                if isinstance(item, str):
                    record = builder.build(product, market)
                    fresh.append(record)
                    hashes[id(record)] = item
                else:
                    record = item
                records.append(record)
        return records, fresh, hashes

    def split(self, products: list[Product]) -> list[tuple[Product, list[LocalizedRecord | str]]]:
        """Per product, per market in order: the record restored from the state (unchanged), or
        the input hash of a record to redo (the caller builds it: here, or on a worker)."""
        markets = self.ctx.markets
        stored: dict[str, dict[str, Stored]] = {}
        if not self.full and self.store is not None and products:
            ids = [p.identifier for p in products]
            stored = {m.code: self.store.lookup(m.code, ids) for m in markets if m.code not in self.empty_markets}
        out: list[tuple[Product, list[LocalizedRecord | str]]] = []
        # per market, worked out once a batch: its fingerprint, its rule-date tag ("@tag" or ""), its stored rows
        nothing: dict[str, Stored] = {}
        per_market = [(market, self.market_fp[market.code], f"@{tag}" if (tag := self.tags[market.code]) else "",
                       stored.get(market.code, nothing)) for market in markets]
        for product in products:
            pd = product_digest(product)
            identifier = product.identifier
            planned: list[LocalizedRecord | str] = []
            for market, fp, at, rows in per_market:
                base = fp + pd
                input_hash = base + at if at else base
                previous = rows.get(identifier) if rows else None
                record = None
                if previous is not None and previous.outcome != "pending":
                    if previous.input_hash == input_hash:
                        record = restore(previous, product, market, self.decode)
                    else:
                        record = self._across_dates(previous, base, input_hash, product, market)
                planned.append(record if record is not None else input_hash)
            out.append((product, planned))
        redone = sum(isinstance(item, str) for _, planned in out for item in planned)
        self.redone += redone
        self.reused += len(out) * len(markets) - redone
        return out

    def reusable_across_dates(self, previous: Stored, product: Product, market: Market) -> bool:
        """`localize status`: a stored record the next run reuses although its hash differs (it was
        computed in another rule-date stretch and no rule that started or ended concerns it)."""
        base = self.market_fp[market.code] + product_digest(product)
        tag = self.tags[market.code]
        retagged = len(self.retagged)
        record = self._across_dates(previous, base, f"{base}@{tag}" if tag else base, product, market)
        del self.retagged[retagged:]  # status writes nothing
        return record is not None

    def _across_dates(self, previous: Stored, base: str, input_hash: str, product: Product,
                      market: Market) -> LocalizedRecord | None:
        """A stored record with the same inputs but computed in another rule-date stretch: restored
        when no rule that started or ended in between concerns it, else None (redo)."""
        stored_base, sep, stored_tag = previous.input_hash.partition("@")
        if stored_base != base or self.dates is None:
            return None
        delta = self.dates.date_delta(market, stored_tag if sep else "")
        if delta is None:
            return None
        if delta.empty or previous.outcome == "rejected":  # rules never check a rejected record
            if not delta.empty:
                self.retagged.append((market.code, product.identifier, input_hash, previous.outcome, previous.payload))
            return restore(previous, product, market, self.decode)
        self.date_checked += 1
        record = restore(previous, product, market, self.decode or delta.needs_values)
        if delta.touches(record):
            return None
        if not self.decode and record.values:
            record = restore(previous, product, market, False)  # as the writers expect it
        self.retagged.append((market.code, product.identifier, input_hash, previous.outcome, previous.payload))
        return record

    def finish(self) -> None:
        """Make this run's state durable (before the outputs are committed)."""
        if self.store is not None:
            if self.retagged and not self.ctx.options.dry_run:
                self.store.save(self.retagged, self.run_id)
            self.retagged = []
            self.store.commit()

    def input_hash(self, product: Product, market: Market) -> str:
        """What decides this product's output in this market: the market's fingerprint and the
        product's input digest, side by side (equal exactly when both are equal), and the market's
        rule-date tag when it has one."""
        base = self.market_fp[market.code] + product_digest(product)
        tag = self.tags[market.code]
        return f"{base}@{tag}" if tag else base

    def save(self, fresh: list[LocalizedRecord], hashes: dict[int, str]) -> None:
        if self.store is None or not fresh:
            return
        rows = []
        for record in fresh:
            if record.rejected is not None:
                outcome, payload = "rejected", orjson.dumps({"rejected": record.rejected})
            else:
                outcome = "pending" if record.pending else "withheld" if record.withheld else "written"
                payload = record.encoded or b""
            rows.append((record.market.code, record.identifier, hashes[id(record)], outcome, payload))
        self.store.save(rows, self.run_id)

    def summary(self) -> dict[str, object]:
        out: dict[str, object] = {"reused": self.reused, "redone": self.redone, "full": self.full}
        if self.date_checked:
            out["rule_dates_checked"] = self.date_checked

        tampered = self.store.tampered if self.store is not None else []
        if tampered:
            out["checksum_failures"] = len(tampered)
        return out


def config_digest(raw: dict[str, Any]) -> str:
    """The config's part of every record's hash: all of it but `rules.as_of`, the run date. The
    date decides only which rules are active, and the rules stage's fingerprint lists those, so a
    run on the next day (or with another `as_of`) is not a new config."""
    rules = raw.get("rules")
    if isinstance(rules, dict) and "as_of" in rules:
        raw = {**raw, "rules": {k: v for k, v in rules.items() if k != "as_of"}}
    # the same hash as `Config.hash` when there is no `as_of` (states of earlier versions stay valid)
    return hashlib.sha256(json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _findings(payload: bytes) -> list[Finding]:
    if b'"findings":[]' in payload:
        return []
    return findings_from_json(orjson.loads(payload).get("findings") or ())


def _file_digest(path: Path | None) -> str:
    if path is None or not path.is_file():
        return ""
    return digest(path.read_bytes())


def restore(previous: Stored, product: Product, market: Market, decode: bool = True) -> LocalizedRecord:
    """A record as the last run left it, ready for the writers (values decoded only if needed;
    findings always, because the report counts them)."""
    if previous.outcome == "rejected":
        reason = orjson.loads(previous.payload)["rejected"]
        return LocalizedRecord(product=product, market=market, rejected=reason)
    if decode:
        record = record_from_dict(orjson.loads(previous.payload), product, market)
    else:
        record = LocalizedRecord(product=product, market=market, findings=_findings(previous.payload))
    record.withheld = previous.outcome == "withheld"
    record.encoded = line_safe_bytes(previous.payload)  # a line stored before U+2028 was escaped
    return record
