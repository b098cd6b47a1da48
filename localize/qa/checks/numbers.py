"""Numbers and quantities equal in value between source and target (locale-aware, unit-converted)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import CheckContext
from ..model import Example as E
from ..model import Issue
from ..patterns import plain
from ..quantities import compare_quantities
from . import register


@register(
    "number-mismatch",
    severity="error",
    kind="pair",
    summary="Numbers and quantities in the target equal those of the source in value, after reading each "
            "text by its locale's number format and converting units (1.5 l = 1,5 l; 2.5 kg = 5.5 lb).",
    fix="Make the target state the same numbers: keep the value, write it in the market's number format, "
        "or convert it to the market's unit without changing the quantity.",
    passes=(
        E("Bottle 1.5 l", "Flasche 1,5 l", note="decimal comma in German: the same number"),
        E("Holds 1,500 pieces", "Fasst 1.500 Stück", note="grouping marks differ by locale"),
        E("Gewicht 2,5 kg", "Weight 5.5 lb", market="en-US", source_locale="de-DE", note="converted"),
        E("Gewicht 2,5 kg", "Weight 5.5 lb (2.5 kg)", market="en-US", source_locale="de-DE"),
        E("10 x 20 x 5 cm", "3.9 x 7.9 x 2 in", market="en-US", source_locale="de-DE"),
        E("Waschen bei 40 °C", "Wash at 104 °F", market="en-US", source_locale="de-DE"),
        E("Canon EOS 5D Mark IV, 30,4 MP", "Canon EOS 5D Mark IV, 30.4 MP", market="en-US", source_locale="de-DE"),
        E("<td width=\"100\">2 Stück</td>", "<td width=\"100\">2 pieces</td>", market="en-US",
          source_locale="de-DE", note="numbers in tag attributes are the tag check's business"),
    ),
    fails=(
        E("Bottle 1.5 l", "Flasche 1,6 l"),
        E("Gewicht 2,5 kg", "Weight 2.5 lb", market="en-US", source_locale="de-DE", note="unit changed, value not"),
        E("Holds 1,500 pieces", "Fasst 1,5 Stück", note="1,5 in German is one and a half"),
        E("Set of 3", "3er-Set mit 4 Teilen", note="a number added"),
        E("Waschen bei 40 °C", "Wash at 40 °F", market="en-US", source_locale="de-DE"),
    ),
)
def number_mismatch(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    if not _has_digit(source) and not _has_digit(target):
        return
    src, tgt = plain(source), plain(target)
    src_locale = ctx.source_locale or "en"
    problems = compare_quantities(src, src_locale, tgt, ctx.target_locale)
    if not problems:
        return
    verdicts = unit_verdicts(src, src_locale, tgt, ctx.target_locale)
    covered_src = [v.source.span for v in verdicts if v.source is not None]
    covered_tgt = [v.target.span for v in verdicts if v.target is not None]
    messages = [_verdict_message(v) for v in verdicts if not v.ok]
    spans = [v.target.span for v in verdicts if not v.ok and v.target is not None]
    missing = [p.amount.text for p in problems if p.side == "source" and not _inside(p.amount.span, covered_src)]
    extra = [p.amount for p in problems if p.side == "target" and not _inside(p.amount.span, covered_tgt)]
    if missing:
        messages.append(f"source {', '.join(missing)} not found in the target")
    if extra:
        messages.append(f"target {', '.join(a.text for a in extra)} not in the source")
        spans.extend(a.span for a in extra)
    if messages:
        yield Issue("; ".join(messages), span=spans[0] if spans else None)


def _verdict_message(verdict: Any) -> str:
    """The units capability's message; `(= x)` only when the target's unit differs from the source's."""
    if verdict.status == "different" and verdict.source is not None and verdict.target is not None:
        src = verdict.source.text.strip()
        tgt = verdict.target.text.strip()
        same = verdict.expected is None or verdict.expected.replace("\u00a0", " ").replace(" ", "") == src.replace(
            "\u00a0", " ").replace(" ", "")
        return f"the source says '{src}'" + ("" if same else f" (= {verdict.expected})") + f" but the target says '{tgt}'"
    return str(verdict.message)


def unit_verdicts(source: str, source_locale: str, target: str, target_locale: str) -> list[Any]:
    """The units capability's verdict per quantity (`localize.units.text.compare_quantities`)."""
    from ...units.text import compare_quantities as units_compare

    return units_compare(source, source_locale, target, target_locale)


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    start, end = span
    return any(s <= start and end <= e for s, e in spans)


_DIGIT = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None
