"""Numbers and quantities equal in value between source and target (locale-aware, unit-converted)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ...memo import TextMemo
from ...units.amounts import QuantityMismatch, compare_amounts, find_amounts, reading_locale
from ...units.quantities_in_text import compare_quantities as units_compare
from ..check_context import CheckContext
from ..check_types import Example as E
from ..check_types import Issue, Needs
from ..facts import BITS, text_facts
from ..patterns import DIGIT, plain
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
    needs=Needs(either=DIGIT),
)
def number_mismatch(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    if not (text_facts(source)[BITS] | text_facts(target)[BITS]) & DIGIT:
        return
    errors, _, span = analyse(plain(source), ctx.source_locale or "en", plain(target), ctx.target_locale)
    if errors:
        yield Issue("; ".join(errors), span=span)


@register(
    "number-format",
    severity="warning",
    kind="pair",
    summary="Numbers copied into the target keep their meaning in the target locale: `9,000` copied from English "
            "into German reads as nine, `1.500` copied from German into English as one and a half.",
    fix="Write the number in the market's notation (9,000 in en-US is 9.000 in de-DE and 9 000 in fr-FR).",
    passes=(
        E("Up to 9,000 pages", "Bis zu 9.000 Seiten"),
        E("Up to 40 pages", "Bis zu 40 Seiten", note="no separator: the same in every locale"),
    ),
    fails=(
        E("Up to 9,000 pages", "Bis zu 9,000 Seiten", note="copied in English notation"),
        E("Weight 1,200 g", "Gewicht 1,200 g"),
    ),
    needs=Needs(both=DIGIT),
)
def number_format(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    if not text_facts(source)[BITS] & text_facts(target)[BITS] & DIGIT:
        return
    _, formats, _ = analyse(plain(source), ctx.source_locale or "en", plain(target), ctx.target_locale)
    if formats:
        yield Issue("; ".join(formats), matched=formats[0].split("'")[1] if "'" in formats[0] else None)


@lru_cache(maxsize=1024)
def analyse(src: str, src_locale: str, tgt: str, tgt_locale: str) -> tuple[list[str], list[str], Any]:
    """(value errors, notation problems, span of the first error) of one text pair.

    A number the target copies character for character from the source but that means another
    value in the target's locale (`9,000` from en-US in de-DE) is a notation problem, reported
    by `number-format`; every other difference is a value error for `number-mismatch`.
    Memoised: both checks ask about the same pair.
    """
    problems = _compared(src, src_locale, tgt, tgt_locale)
    if not problems:
        return [], [], None
    verdicts = unit_verdicts(src, src_locale, tgt, tgt_locale)
    covered_src = [v.source.span for v in verdicts if v.source is not None]
    covered_tgt = [v.target.span for v in verdicts if v.target is not None]
    errors: list[str] = []
    formats: list[str] = []
    spans: list[Any] = []
    mine_src = [p.amount.span for p in problems if p.side == "source"]
    mine_tgt = [p.amount.span for p in problems if p.side == "target"]
    for v in verdicts:
        if v.ok:
            continue
        # two independent parsers: a quantity is wrong only when this module's comparison agrees
        if not (v.source is not None and _overlaps(v.source.span, mine_src)) and \
                not (v.target is not None and _overlaps(v.target.span, mine_tgt)):
            continue
        if v.status == "different" and v.source is not None and v.target is not None \
                and _raw(v.source.text) == _raw(v.target.text):
            formats.append(_format_message(v.target.text.strip(), tgt_locale))
            continue
        errors.append(_verdict_message(v))
        if v.target is not None:
            spans.append(v.target.span)
    missing = [p.amount for p in problems if p.side == "source" and not _inside(p.amount.span, covered_src)]
    extra = [p.amount for p in problems if p.side == "target" and not _inside(p.amount.span, covered_tgt)]
    if missing:
        target_amounts = find_amounts(tgt, tgt_locale)
        for amount in list(missing):
            # the same characters in the target, another value in its locale (`9,000` en -> de)
            twin = next((b for b in target_amounts if _number_part(b.text) == _number_part(amount.text)
                         and b.value != amount.value), None)
            if twin is None:
                continue
            missing.remove(amount)
            formats.append(_format_message(twin.text, tgt_locale))
            same = next((b for b in extra if b.value == twin.value), None)
            if same is not None:
                extra.remove(same)
    if missing:
        errors.append(f"source {', '.join(a.text for a in missing)} not found in the target")
    if extra:
        errors.append(f"target {', '.join(a.text for a in extra)} not in the source")
        spans.extend(a.span for a in extra)
    return errors, formats, (spans[0] if spans else None)


#: (source, the locale it is read in, target, the same) -> `compare_amounts`' problems: it reads each
#: text in the locale `reading_locale` gives (a locale of its number style; any locale for a text with
#: neither `.` nor `,`), so a pair is compared once for markets that write numbers alike (en-US and
#: en-GB, de-DE and de-AT: often the same copy), and a name like `Tshirts Passform 0` once for all
_COMPARED: TextMemo[tuple[QuantityMismatch, ...]] = TextMemo(16_384, 2_000_000)


def _compared(src: str, src_locale: str, tgt: str, tgt_locale: str) -> tuple[QuantityMismatch, ...]:
    key = (src, reading_locale(src, src_locale), tgt, reading_locale(tgt, tgt_locale))
    found = _COMPARED.get(key)
    if found is None:
        found = _COMPARED.put(key, tuple(compare_amounts(src, src_locale, tgt, tgt_locale)), len(src) + len(tgt))
    return found


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    start, end = span
    return any(s < end and start < e for s, e in spans)


_NUMBER_PART = re.compile(r"[-−]?\d[\d.,'’\u00a0\u202f/ ]*\d|[-−]?\d")


def _number_part(text: str) -> str:
    m = _NUMBER_PART.match(text)
    return m.group(0) if m else text


def _raw(text: str) -> str:
    return "".join(text.split())


def _format_message(text: str, locale: str) -> str:
    return f"'{text}' is copied in the source's notation; in {locale} it reads as another number"


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
    """The units capability's verdict per quantity (`localize.units.quantities_in_text.compare_quantities`)."""
    return units_compare(source, source_locale, target, target_locale)


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    start, end = span
    return any(s <= start and end <= e for s, e in spans)
