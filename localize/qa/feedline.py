"""A fast "valid?" for JSONL feed lines: feed.schema.json's rules written out for exact JSON types.

A run checks every record it builds against feed.schema.json, and `validate` every line it
reads: ~15% of the QA stage went to the generic compiled validator walking each record. The
lines a run builds (and orjson reads) hold only exact JSON types (dict, list, str, bool, int,
None), and almost all are valid, so this walk answers True for them with type identities and a
few memoised pattern tests. It answers False for anything it does not recognise as valid (another
type, a subclass, a value the schema rejects); the caller then asks the schema itself, which
words the problems. So it can only take the schema's place where the schema would say "valid"
(tests/qa/test_qa_feedline.py: hypothesis over hostile records against the schema).

It is written for one version of the schema: `accepts_for(name)` returns it only when the
shipped schema is that version (its SHA-256), else None, and the schema alone decides.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from importlib import resources
from typing import Any

#: SHA-256 of the feed.schema.json file this walk implements; another version: not used.
SCHEMA_SHA256 = "29974c1ca3d30b459bdd5cc94625a4d2e38d0be2710abf236b10ee99800a9b36"

_TOP_REQUIRED = frozenset({"identifier", "market", "locale", "source_locale", "country", "currency", "channel",
                           "family", "parent", "categories", "enabled", "values", "source", "status", "findings"})
_TOP_ALLOWED = _TOP_REQUIRED | {"display", "taxonomy", "withheld"}
_STATUSES = frozenset({"source", "pim", "machine", "human", "untranslated", "pending", "converted"})
_SEVERITIES = frozenset({"block", "review", "info"})
_DECISIONS = frozenset({"approve", "edit", "reject"})
_FINDING_TEXT = frozenset({"message", "product", "market", "field", "locale", "matched", "rule", "action", "stage"})
# The schema's patterns as fastjsonschema applies them (`$` read as the end of the text: `\Z`).
_LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\Z")
_COUNTRY = re.compile(r"^[A-Z]{2}\Z")
_CURRENCY = re.compile(r"^[A-Z]{3}\Z")
_CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
_UNIT = re.compile(r"^[A-Z][A-Z0-9_]*\Z")
_DECIMAL = re.compile(r"^-?[0-9]+(\.[0-9]+)?\Z")

# Short texts a pattern accepted before (a market's locale, units, currencies, amounts, finding
# codes), by pattern: each distinct one is tested once. Only accepted texts are kept; bounded.
_GOOD: dict[re.Pattern[str], set[str]] = {p: set() for p in (_LOCALE, _COUNTRY, _CURRENCY, _CODE, _UNIT, _DECIMAL)}
_GOOD_SIZE = 4096


def _learn(pattern: re.Pattern[str], text: str) -> bool:
    """Whether `pattern` accepts `text` (remembered when it does and the text is short)."""
    if pattern.search(text) is None:
        return False
    if len(text) <= 64:
        good = _GOOD[pattern]
        if len(good) >= _GOOD_SIZE:
            good.clear()
        good.add(text)
    return True


_UNITS, _DECIMALS, _CURRENCIES = _GOOD[_UNIT], _GOOD[_DECIMAL], _GOOD[_CURRENCY]


def _data_ok(value: Any) -> bool:
    """A value of `values` / `source` (`#/definitions/data`)."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is dict:
        if len(value) != 2:
            return False
        amount, unit = value.get("amount"), value.get("unit")
        return type(amount) is str and type(unit) is str and (amount in _DECIMALS or _learn(_DECIMAL, amount)) \
            and (unit in _UNITS or _learn(_UNIT, unit))
    if kind is list:
        for item in value:
            if type(item) is str:
                continue
            if type(item) is not dict or len(item) != 2:
                return False
            amount, currency = item.get("amount"), item.get("currency")
            if type(amount) is not str or type(currency) is not str \
                    or not (amount in _DECIMALS or _learn(_DECIMAL, amount)) \
                    or not (currency in _CURRENCIES or _learn(_CURRENCY, currency)):
                return False
        return True
    return False


def _finding_ok(finding: Any) -> bool:
    if type(finding) is not dict:
        return False
    code, severity, message = finding.get("code"), finding.get("severity"), finding.get("message")
    if type(code) is not str or type(severity) is not str or type(message) is not str:
        return False  # also a required key missing (None)
    if severity not in _SEVERITIES or not (code in _GOOD[_CODE] or _learn(_CODE, code)):
        return False
    for key, value in finding.items():
        if key in _FINDING_TEXT:
            if type(value) is not str:
                return False
        elif key == "span":
            if type(value) is not list or len(value) != 2 or type(value[0]) is not int or type(value[1]) is not int:
                return False
        elif key == "decision":
            if type(value) is not str or value not in _DECISIONS:
                return False
        # code and severity were checked above; other keys are allowed with any value
    return True


def feed_line_valid(data: Any) -> bool:
    """True when feed.schema.json accepts `data`, decided from exact types; False when it does not
    or when this walk cannot tell (the caller then asks the schema)."""
    if type(data) is not dict:
        return False
    keys = data.keys()
    if not (keys >= _TOP_REQUIRED and keys <= _TOP_ALLOWED):
        return False
    identifier, market = data["identifier"], data["market"]
    if type(identifier) is not str or not identifier or type(market) is not str or not market:
        return False
    locale, country, currency = data["locale"], data["country"], data["currency"]
    if type(locale) is not str or type(country) is not str or type(currency) is not str:
        return False
    if not ((locale in _GOOD[_LOCALE] or _learn(_LOCALE, locale))
            and (country in _GOOD[_COUNTRY] or _learn(_COUNTRY, country))
            and (currency in _CURRENCIES or _learn(_CURRENCY, currency))):
        return False
    if type(data["source_locale"]) is not str:
        return False
    for key in ("channel", "family", "parent"):
        value = data[key]
        if value is not None and type(value) is not str:
            return False
    categories = data["categories"]
    if type(categories) is not list or not all(type(c) is str for c in categories):
        return False
    if type(data["enabled"]) is not bool:
        return False
    for key in ("values", "source"):
        part = data[key]
        if type(part) is not dict:
            return False
        for value in part.values():
            if type(value) is not str and value is not None and not _data_ok(value):
                return False
    status = data["status"]
    if type(status) is not dict:
        return False
    for value in status.values():
        if type(value) is not str or value not in _STATUSES:
            return False
    if "display" in keys:
        display = data["display"]
        if type(display) is not dict or not all(type(v) is str for v in display.values()):
            return False
    findings = data["findings"]
    if type(findings) is not list:
        return False
    for finding in findings:
        if not _finding_ok(finding):
            return False
    if "taxonomy" in keys and type(data["taxonomy"]) is not dict:
        return False
    return not ("withheld" in keys and type(data["withheld"]) is not bool)


def schema_sha256(name: str) -> str:
    """The SHA-256 of a shipped schema file's bytes."""
    return hashlib.sha256(resources.files("localize.schemas").joinpath(name).read_bytes()).hexdigest()


def accepts_for(name: str) -> Callable[[Any], bool] | None:
    """`feed_line_valid` for the feed schema version it was written for, else None."""
    return feed_line_valid if name == "feed.schema.json" and schema_sha256(name) == SCHEMA_SHA256 else None
