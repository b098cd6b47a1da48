"""Per-record JSON Schema validation that is fast when records are valid and precise when not.

A compiled validator (fastjsonschema generates Python code from the schema) answers "valid?"
for the many good records; only a failing record is run through `jsonschema`, which lists
every problem with its path, worded by the same `explain` as config errors.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import fastjsonschema

from ..config import explain, format_path, load_schema


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
        self._slow: Any = None
        properties = self.schema.get("properties") or {}
        self.properties = frozenset(properties)
        self.patterns = tuple(self.schema.get("patternProperties") or {})
        self._maps = _value_maps(load_schema(name))  # a copy of its own: compiling rewrites `$ref`s

    def is_known(self, key: str) -> bool:
        return key in self.properties or any(re.match(p, key) for p in self.patterns)

    def is_valid(self, record: Any) -> bool:
        """The compiled validator's verdict. A property that is a map of values under one schema
        (a feed line's `values`, `source`) is checked value by value, and a text, boolean or null
        that the value schema accepts whatever it holds (no keyword that applies to it) is not
        handed to the validator at all: the verdict is the same, without a call per text."""
        try:
            if self._maps and type(record) is dict:
                skeleton = None
                for key, (check, free) in self._maps.items():
                    values = record.get(key)
                    if type(values) is not dict:
                        continue
                    for value in values.values():
                        if type(value) not in free:
                            check(value)
                    if skeleton is None:
                        skeleton = dict(record)
                    skeleton[key] = {}
                self._fast(record if skeleton is None else skeleton)
            else:
                self._fast(record)
            return True
        except Exception:  # noqa: BLE001 - fastjsonschema's exception: invalid
            return False

    def problems(self, record: Any) -> list[SchemaProblem]:
        if self.is_valid(record):
            return []
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


#: draft-07 keywords that never constrain a string, boolean or null (they apply to objects, arrays
#: or numbers, or are annotations): a value schema made of these accepts every such value its
#: `type` allows.
_NOT_FOR_SCALARS = frozenset({
    "type", "description", "title", "default", "examples", "$comment", "readOnly", "writeOnly",
    "required", "properties", "additionalProperties", "patternProperties", "propertyNames", "dependencies",
    "minProperties", "maxProperties", "items", "additionalItems", "contains", "minItems", "maxItems",
    "uniqueItems", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
})
_SCALARS = {"string": str, "boolean": bool, "null": type(None)}


def _value_maps(schema: dict[str, Any]) -> dict[str, tuple[Callable[[Any], Any], frozenset[type]]]:
    """Top-level properties that are maps of values under one schema (`{"type": "object",
    "additionalProperties": {...}}` and nothing else that constrains): property -> (a compiled
    validator of one value, the Python types every value of which that schema accepts)."""
    out: dict[str, tuple[Callable[[Any], Any], frozenset[type]]] = {}
    if not isinstance(schema.get("$id"), str):
        return out
    for key, prop in (schema.get("properties") or {}).items():
        if not isinstance(prop, dict) or prop.get("type") != "object" or \
                set(prop) - {"type", "additionalProperties", "description", "title"}:
            continue
        item = prop.get("additionalProperties")
        if not isinstance(item, dict):
            continue
        resolved = item
        ref = item.get("$ref", "")
        if ref:
            if set(item) != {"$ref"} or not ref.removeprefix(schema["$id"]).startswith("#/definitions/"):
                continue
            resolved = (schema.get("definitions") or {}).get(ref.split("/")[-1])
            if not isinstance(resolved, dict):
                continue
        types = resolved.get("type")
        types = [types] if isinstance(types, str) else types if isinstance(types, list) else []
        free = frozenset(_SCALARS[t] for t in types if t in _SCALARS) \
            if set(resolved) <= _NOT_FOR_SCALARS else frozenset()
        # the schema's own `$id`, so `#/definitions/...` resolves here (never a fetch)
        sub = {"$schema": schema.get("$schema", "http://json-schema.org/draft-07/schema#"), "$id": schema["$id"],
               "definitions": schema.get("definitions") or {}, **item}
        out[key] = (fastjsonschema.compile(copy.deepcopy(sub)), free)
    return out


@lru_cache(maxsize=8)
def record_schema(name: str) -> RecordSchema:
    return RecordSchema(name)
