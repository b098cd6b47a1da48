"""The data of validation: findings, the check registry entry, and what a check sees.

A check is a plain function registered with a stable kebab-case code, a default severity
(`error` fails the gate, `warning` does not), a one-line summary, a message that says what
to fix, and `passes`/`fails` examples (the translate-toolkit idea) that the tests execute, so
the documentation of a check (`localize validate --list-checks`) can never drift from its
behaviour.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Literal

Level = Literal["error", "warning"]
LEVELS: tuple[Level, ...] = ("error", "warning")
# What config may say for a check: its level, or `off`.
OVERRIDES = ("error", "warning", "off")

# Which part of a feed a check looks at:
#   line   - raw structure (parse errors, schema); run by the engine, examples are raw lines
#   record - one parsed record (a JSONL line, a TSV row, an RSS item, an XLIFF unit)
#   pair   - one source/target text pair of one field
Kind = Literal["line", "record", "pair"]


@dataclass(frozen=True, slots=True)
class Issue:
    """What a check function yields: a message, and where in the field it applies."""

    message: str
    field: str | None = None
    span: tuple[int, int] | None = None
    matched: str | None = None
    line: int | None = None  # overrides the record's line (e.g. the line of a TSV cell's row)


@dataclass(slots=True)
class QAFinding:
    """One finding of `localize validate`: a check's code, severity, message and location."""

    code: str
    severity: Level
    message: str
    file: str
    line: int | None = None
    record: str | None = None  # product identifier, or XLIFF unit id
    field: str | None = None
    span: tuple[int, int] | None = None
    matched: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "record": self.record,
            "field": self.field,
            "span": list(self.span) if self.span else None,
            "matched": self.matched,
        }
        return {k: v for k, v in data.items() if v is not None}

    def location(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(self.field)
        return " ".join(parts)


@dataclass(frozen=True)
class Example:
    """One documented input of a check: a pair (`source`, `target`) or a record, plus options.

    `market` is the market locale the example runs in; `options` are QA settings
    (brands, do-not-translate terms, glossary, length limits) for this example only.
    """

    source: Any = None
    target: Any = None
    record: Any = None  # a record's fields (a list of them for stateful record checks)
    content: str | None = None  # a whole file, for the structure checks
    profile: str = "jsonl"  # the profile a `content` or `record` example is read with
    market: str = "de-DE"
    source_locale: str = "en-US"
    field: str = "description"
    options: dict[str, Any] = dc_field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True, slots=True)
class Needs:
    """What a pair check needs in its texts to find anything, as `localize.qa.patterns.features`
    bits: `either` a bit in the source or the target, `target` one in the target, `both` one in
    each. A pair without it yields no issue from that check (each check's test proves so over random
    texts), so the engine does not call it there: most pairs of plain copy have no tag, URL,
    placeholder or bracket, and a check called for nothing costs as much as one that looks."""

    either: int = 0
    target: int = 0
    both: int = 0

    def may_find(self, source: int, target: int) -> bool:
        """Whether the check can find anything in a pair whose texts have these feature bits."""
        if self.either and not (source | target) & self.either:
            return False
        if self.target and not target & self.target:
            return False
        return not (self.both and not (source & self.both and target & self.both))


@dataclass(frozen=True)
class Check:
    """A registered check. `func` signature depends on `kind` (see `localize.qa.checks`)."""

    code: str
    severity: Level
    kind: Kind
    profiles: frozenset[str]
    summary: str
    fix: str
    func: Callable[..., Iterable[Issue]] | None = None
    stateful: bool = False  # func is a factory called once per file; it returns the check function
    passes: tuple[Example, ...] = ()
    fails: tuple[Example, ...] = ()
    group: str = "translation"
    needs: Needs | None = None  # a pair check: what its texts need for it to find anything (None: always run)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "kind": self.kind,
            "group": self.group,
            "profiles": sorted(self.profiles),
            "summary": self.summary,
            "fix": self.fix,
        }
