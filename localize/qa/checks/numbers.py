"""Numbers and quantities equal in value between source and target (locale-aware, unit-converted)."""

from __future__ import annotations

from collections.abc import Iterator

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
    problems = compare_quantities(plain(source), ctx.source_locale or "en", plain(target), ctx.target_locale)
    if not problems:
        return
    missing = [p.amount.text for p in problems if p.side == "source"]
    extra = [p.amount.text for p in problems if p.side == "target"]
    parts = []
    if missing:
        parts.append(f"source {', '.join(missing)} not found in the target")
    if extra:
        parts.append(f"target {', '.join(extra)} not in the source")
    first = problems[0]
    span = first.amount.span if first.side == "target" else None
    yield Issue("; ".join(parts), span=span, matched=(extra or missing)[0])


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)
