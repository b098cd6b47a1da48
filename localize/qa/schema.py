"""Per-record JSON Schema validation that is fast when records are valid and precise when not.

A compiled validator (fastjsonschema generates Python code from the schema) answers "valid?"
for the many good records; only a failing record is run through `jsonschema`, which lists
every problem with its path, worded by the same `explain` as config errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import fastjsonschema

from ..config import explain, format_path, load_schema
from .feedline import accepts_for


@dataclass(frozen=True, slots=True)
class SchemaProblem:
    path: str  # `values.weight.amount`
    message: str
    validator: str  # required, type, enum, pattern, maxLength ...
    property: str | None  # the top-level property concerned (the missing one for `required`)


class RecordSchema:
    """A feed schema: `problems(record)` is empty for a valid record."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.schema = load_schema(name)
        self._fast = _compile(name)
        # a walk over exact JSON types that says "valid" for the feed lines a run builds without the
        # generic validator (None for any schema but the feed schema version it was written for)
        self._accepts = accepts_for(name)
        self._slow: Any = None
        properties = self.schema.get("properties") or {}
        self.properties = frozenset(properties)
        self.patterns = tuple(self.schema.get("patternProperties") or {})

    def is_known(self, key: str) -> bool:
        return key in self.properties or any(re.match(p, key) for p in self.patterns)

    def problems(self, record: Any) -> list[SchemaProblem]:
        accepts = self._accepts
        if accepts is not None and accepts(record):
            return []
        try:
            self._fast(record)
            return []
        except Exception:  # noqa: BLE001 - fastjsonschema's exception: fall through to the precise listing
            pass
        if self._slow is None:
            # start-up cost: jsonschema takes ~60 ms CPU to import; only a schema error (or a config load) needs it
            from jsonschema import Draft7Validator

            self._slow = Draft7Validator(self.schema)
        out = []
        missing: dict[str, list[str]] = {}  # path -> required keys missing there (one finding per place)
        errors = sorted(self._slow.iter_errors(record), key=lambda e: [str(p) for p in e.absolute_path])
        for error in _leaves(errors):
            parts = list(error.absolute_path)
            prop = str(parts[0]) if parts else None
            if error.validator == "required":
                key = error.message.split("'")[1] if "'" in error.message else error.message
                where = format_path(parts)
                if where not in missing:
                    missing[where] = []
                    out.append(SchemaProblem(where, "", "required", key if not parts else prop))
                missing[where].append(key)
                continue
            out.append(SchemaProblem(format_path(parts), explain(error), str(error.validator), prop))
        return [
            SchemaProblem(p.path, _missing_message(missing[p.path]), p.validator, p.property)
            if p.validator == "required" else p
            for p in out
        ]


def _missing_message(keys: list[str]) -> str:
    names = ", ".join(f"'{k}'" for k in keys)
    return f"missing required key {names}" if len(keys) == 1 else f"missing required keys {names}"


def _leaves(errors: list[Any]) -> list[Any]:
    """For anyOf/oneOf failures, the most relevant branch error instead of a wall of text."""
    # start-up cost: jsonschema takes ~60 ms CPU to import; only a schema error (or a config load) needs it
    from jsonschema.exceptions import best_match

    out = []
    for error in errors:
        if error.validator in ("anyOf", "oneOf") and error.context:
            deeper = [e for e in error.context if len(e.absolute_path) > len(error.absolute_path)]
            out.append(best_match(deeper) if deeper else error)
        else:
            out.append(error)
    return out


# fastjsonschema names each value it descends into with `"...{key}".format(**locals())`, only
# for its exception message; that call dominates the cost of a valid record. We never read
# those messages (a failing record is re-run through jsonschema), so the name is dropped.
_NAME_FORMAT = re.compile(r'\(name_prefix or "data"\) \+ "[^"\n]*"\.format\(\*\*locals\(\)\)')


@lru_cache(maxsize=8)
def _compile(name: str) -> Callable[[Any], Any]:
    schema = load_schema(name)
    try:
        code = _NAME_FORMAT.sub('"data"', fastjsonschema.compile_to_code(schema))
        namespace: dict[str, Any] = {}
        exec(compile(code, f"<schema {name}>", "exec"), namespace)  # noqa: S102 - code generated from our schema
        funcs = [v for k, v in namespace.items() if k.startswith("validate") and callable(v)]
        return funcs[0]
    except Exception:  # noqa: BLE001 - any surprise in the generated code: the plain compiled validator
        return fastjsonschema.compile(schema)


@lru_cache(maxsize=8)
def record_schema(name: str) -> RecordSchema:
    return RecordSchema(name)
