"""Markup stage: every string a record publishes is cleaned of unsafe markup (see `localize.sanitize`).

It runs twice in every market: before translation (so the engine never receives unsafe markup)
and after translation and the conversion of quantities in copy (so translated text, text from
memory and the PIM's own target-locale copy are all cleaned), before the checks and the gate. A field that lost unsafe markup gets an `unsafe-markup` finding
(review: a person looks at the product before it is published); markup that is merely not on
the allow list (`<font>`, a CSS property) gets `markup-removed` (info). The feed carries the
cleaned text either way, also once a reviewer approves. The PIM's value (`source`) and the
`display` form are cleaned too: a feed line holds no unsafe markup anywhere.

The allow list is `outputs.markup` (tags, attributes, URL schemes, CSS properties); a format
can be stricter with `outputs.markup.formats.<format>`, applied by the runner when it writes
that output (`restrict_record`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

import nh3
import orjson

from ..model import Finding, LocalizedRecord, LocalizedValue, Quantity
from ..sanitize import MarkupPolicy, Sanitized, cleaner, may_change, policy_from_config, sanitize
from ..serialize import dumps_bytes, record_to_dict
from .base import Batch, RunContext, Stage

VERSION = "1"


class MarkupStage(Stage):
    name = "markup"

    def __init__(self, name: str = "markup") -> None:
        self.name = name  # type: ignore[misc]  # "markup-source" before translation, "markup" after
        self.policy = MarkupPolicy()
        self.counts: Counter[str] = Counter()
        self._cleaner = cleaner(self.policy)
        #: `sanitize` once per distinct text with markup (`localize.sanitize.Cleaner`: copy repeats
        #: across products, markets and both markup stages): the cleaner's own method, no call in between.
        self.clean: Callable[[str], Sanitized] = self._cleaner.clean
        # attribute -> the last text of its data / of its source that cleaning leaves as it is (kept alive
        # here, so identity is safe): a product's records for every market come one after the other and
        # share their source copy (and en-US/en-GB their translation), so the next market skips it.
        self._kept: dict[str, str] = {}
        self._kept_source: dict[str, str] = {}

    def open(self, ctx: RunContext) -> None:
        self.policy = base_policy(ctx.config)
        self._cleaner = cleaner(self.policy)  # shared with the other markup stage and the QA check
        self.clean = self._cleaner.clean
        self._kept, self._kept_source = {}, {}

    def fingerprint(self, market: Any) -> str:
        return f"markup:{VERSION}:{getattr(nh3, '__version__', '')}"

    def summary(self) -> dict[str, Any]:
        return {"status": "ok", **dict(sorted(self.counts.items()))}

    def process(self, batch: Batch, ctx: RunContext) -> None:
        # Most values (codes, numbers, plain words) have no `<` or `&`: nothing to clean. This runs for
        # every value of every record twice, so the common cases are tested inline (`_may_mark` for the
        # rest): a text with markup is looked up in the cleaner, and only a value with something to
        # remove goes on to `_value`. A value's source is not tested again when it is the data itself
        # (untranslated copy, options, codes: the builder gives both the same object), nor a text this
        # attribute had in the record before (`_kept`: the same product in the previous market).
        clean, kept, kept_source = self.clean, self._kept, self._kept_source
        for record in batch.active():
            for code, value in record.values.items():
                data = value.data
                if type(data) is str:
                    if may_change(data) and kept.get(code) is not data:
                        cleaned = clean(data)
                        if cleaned.removed:
                            self._value(record, code, value, cleaned)
                            continue
                        kept[code] = data
                elif type(data) not in _NO_TEXT and _may_mark(data):
                    self._value(record, code, value)
                    continue
                source = value.source
                if source is not data:
                    if type(source) is str:
                        if may_change(source) and kept_source.get(code) is not source:
                            if clean(source).removed:
                                self._value(record, code, value)
                                continue
                            kept_source[code] = source
                    elif type(source) not in _NO_TEXT and _may_mark(source):
                        self._value(record, code, value)
                        continue
                display = value.display
                if display is not None and (may_change(display) if type(display) is str else _may_mark(display)):
                    self._value(record, code, value)

    def _value(self, record: LocalizedRecord, code: str, value: LocalizedValue,
               cleaned: Sanitized | None = None) -> None:
        """Clean a value that has something to remove (`cleaned`: its text data, cleaned already)."""
        removed: list[str] = []
        unsafe = False
        before = value.data
        if cleaned is not None:
            data, hit = cleaned.text, cleaned
        else:
            data, hit = _clean_data(before, self.clean)
        if hit:
            value.data = data
            removed += hit.removed
            unsafe |= hit.unsafe
        if value.source is before:  # the same text: the same answer (its removals are listed already)
            if hit:
                value.source = data
        else:
            source, hit = _clean_data(value.source, self.clean)
            if hit:
                value.source = source
                removed += [r for r in hit.removed if r not in removed]
                unsafe |= hit.unsafe
        if isinstance(value.display, str):
            shown, hit = _clean_data(value.display, self.clean)
            if hit:
                value.display = shown  # type: ignore[assignment]
                removed += [r for r in hit.removed if r not in removed]
                unsafe |= hit.unsafe
        if not removed:
            return
        finding_code = "unsafe-markup" if unsafe else "markup-removed"
        if any(f.code == finding_code and f.field == code for f in record.findings):
            return  # found before translation already: one finding per field
        listed = "; ".join(removed)  # plain text: each output escapes it as its format needs
        self.counts[finding_code] += 1
        what = "unsafe markup" if unsafe else "markup the allow list does not keep"
        record.add_finding(Finding(
            code=finding_code,
            severity="review" if unsafe else "info",
            message=f"{record.identifier}: {code}: {what} removed or escaped before publishing: {listed}; "
                    "the feed carries the cleaned text",
            product=record.identifier, market=record.market.code, field=code, locale=record.market.locale,
            matched=removed[0], stage="markup",
            action="clean the copy in the PIM, or approve the cleaned text" if unsafe
            else "allow the tag in outputs.markup if the shop needs it",
        ))


#: Value types that never hold text (`_may_mark` is False for them).
_NO_TEXT = frozenset({type(None), bool, Decimal, Quantity})


def _may_mark(data: Any) -> bool:
    """True when `data` is text (or a tuple holding text) with a `<` or `&`, or a script URL as a whole
    (`sanitize` changes no other)."""
    if isinstance(data, str):
        return may_change(data)
    if isinstance(data, tuple):
        return any(isinstance(i, str) and _may_mark(i) for i in data)
    return False


def _clean_data(data: Any, clean: Any) -> tuple[Any, Sanitized | None]:
    """Clean a value's text (a string, or a tuple of option strings); None when nothing changed."""
    if isinstance(data, str):
        hit = clean(data)
        return (hit.text, hit) if hit.removed else (data, None)
    if isinstance(data, tuple) and data and all(isinstance(i, str) for i in data):
        hits = [clean(i) for i in data]
        if not any(h.removed for h in hits):
            return data, None
        removed = tuple(dict.fromkeys(r for h in hits for r in h.removed))
        return tuple(h.text for h in hits), Sanitized("", removed, any(h.unsafe for h in hits))
    return data, None


def base_policy(config: Any) -> MarkupPolicy:
    return policy_from_config(config.settings.outputs.markup)


def format_policies(config: Any) -> dict[str, MarkupPolicy]:
    """The stricter allow lists of single formats (`outputs.markup.formats`), by format."""
    section = config.settings.outputs.markup
    base = policy_from_config(section)
    return {fmt: policy_from_config(spec, base) for fmt, spec in (section.get("formats") or {}).items()}


def restrict_record(record: LocalizedRecord, policy: MarkupPolicy) -> LocalizedRecord:
    """A copy of a record with every string cleaned by one output's own allow list."""
    def clean(text: str) -> Sanitized:
        return sanitize(text, policy)

    values = {}
    for code, value in record.values.items():
        data, _ = _clean_data(value.data, clean)
        source, _ = _clean_data(value.source, clean)
        display = sanitize(value.display, policy).text if isinstance(value.display, str) else value.display
        values[code] = replace(value, data=data, source=source, display=display)
    copy = replace(record, values=values, encoded=None)
    copy.encoded = dumps_bytes(record_to_dict(copy))
    return copy


def restrict_line(line: bytes, policy: MarkupPolicy) -> bytes:
    """A stored feed line cleaned by one output's allow list (incremental runs keep lines only)."""
    data = orjson.loads(line)
    for part in ("values", "source", "display"):
        section = data.get(part)
        if isinstance(section, dict):
            for key, item in section.items():
                if isinstance(item, str):
                    section[key] = sanitize(item, policy).text
                elif isinstance(item, list):
                    section[key] = [sanitize(i, policy).text if isinstance(i, str) else i for i in item]
    return dumps_bytes(data)
