"""Legally required wording that an engine translated goes to a reviewer (the check stage's third checker).

Toy warnings (EN 71-1 and the Toy Safety Directive prescribe `Achtung! Nicht für Kinder unter 36 Monaten
geeignet.` and its wording in every language), CLP hazard statements (`Extrem entzündbares Aerosol.`) and
other safety warnings are not copy to paraphrase: a market's text must be the one its regulation gives.
Before, a machine translation of such a field was published like any description (our toy catalogue: 8 of
14 products in every non-German market, a converted `max. 55.1 lb` inside one warning). The safe choice is a
person: a field of a warning attribute (code or label: `safety_warning`, `Warnhinweis`), or copy whose source
carries a warning marker (`Achtung!`, `Warnhinweis:`, `Warning:`), gets a `required-wording` finding (review)
when the engine wrote the market's text. The PIM's own copy in the market's language and a reviewer's
translation (memory: `human`) are published as they are; an approval is remembered like any other.
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from typing import Any

from ..model import Finding, LocalizedRecord, Market
from .base import Batch, RunContext, Stage

# Attribute codes and labels (any language) of warnings; globs, compared in lower case.
WARNING_ATTRIBUTES = ("*warning*", "*warnhinweis*", "*warnung*", "*hazard*", "*safety*", "*sicherheitshinweis*",
                      "*gefahrenhinweis*", "*avertissement*", "*mise_en_garde*", "*mise en garde*", "*caution*",
                      "*précaution*", "*advertencia*", "*avvertenz*", "*警告*", "*注意事項*")
# A warning's signal word followed by `!` or `:` (`Achtung!`, `<strong>Warnhinweis:</strong>`, `WARNING:`).
_MARKER = re.compile(
    r"(?<![^\W\d_])(?:achtung|warnung|warnhinweise?|sicherheitshinweise?|vorsicht|gefahr|warnings?|caution|"
    r"danger|avertissements?|attention|mise en garde|advertencia|atención|avvertenz[ae]|attenzione|警告|注意)"
    r"\s*(?:</?\w+>\s*)?[!:：！]", re.I)
_ENGINE = "machine"  # the status of a market's text an engine wrote


def warning_attribute(code: str, labels: Any) -> bool:
    """Whether an attribute holds safety warnings, by its code or any of its labels."""
    names = [code.lower(), *(str(label).lower() for label in labels)]
    return any(fnmatchcase(name, pattern) for name in names for pattern in WARNING_ATTRIBUTES)


def carries_warning(text: str) -> bool:
    """Whether copy holds a warning introduced by its signal word (`Achtung!`, `Warnhinweis:`)."""
    return _MARKER.search(text) is not None


class RequiredWordingChecker(Stage):
    """Engine-made text of a safety warning goes to review (see the module docstring)."""

    name = "required-wording"

    def __init__(self) -> None:
        self._attributes: dict[str, bool] = {}
        self._catalog: Any = None
        self._marked: dict[str, bool] = {}  # source text -> carries a warning (copy repeats across markets)
        self.flagged = 0

    def open(self, ctx: RunContext) -> None:
        self._catalog = ctx.catalog

    def _is_warning_attribute(self, code: str) -> bool:
        found = self._attributes.get(code)
        if found is None:
            info = self._catalog.get(code) if self._catalog is not None else None
            labels = (info.labels or {}).values() if info is not None else ()
            found = self._attributes[code] = warning_attribute(code, labels)
        return found

    def _source_carries_warning(self, text: str) -> bool:
        found = self._marked.get(text)
        if found is None:
            if len(self._marked) >= 50_000:
                self._marked.clear()
            found = self._marked[text] = carries_warning(text)
        return found

    def process(self, batch: Batch, ctx: RunContext) -> None:
        for record in batch.active():
            if record.pending:
                continue
            for code, value in record.values.items():
                if value.status != _ENGINE or not isinstance(value.source, str):
                    continue
                if self._is_warning_attribute(code):
                    self._flag(record, code, "holds a safety warning")
                elif self._source_carries_warning(value.source):
                    self._flag(record, code, "holds a warning ('" + _MARKER.search(value.source).group(0) + "')")  # type: ignore[union-attr]

    def _flag(self, record: LocalizedRecord, field: str, what: str) -> None:
        self.flagged += 1
        record.add_finding(Finding(
            code="required-wording", severity="review",
            message=(f"{field} {what} that the engine translated: a legally required warning must read as its "
                     "regulation words it in the market's language (EN 71-1 toy warnings, CLP hazard statements)"),
            product=record.identifier, market=record.market.code, field=field, locale=record.market.locale,
            stage="check", action="compare the text with the wording the regulation prescribes for this language; "
                                  "edit or approve (the approval is remembered)"))

    def fingerprint(self, market: Market) -> str:
        return "required-wording-1"

    def summary(self) -> dict[str, Any]:
        return {"status": "ok", "flagged": self.flagged}
