"""Numbers and quantities equal in value between source and target (locale-aware, unit-converted)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ...memo import TextMemo
from ...units.amounts import (
    Amount,
    QuantityMismatch,
    compare_amounts,
    find_amounts,
    reading_locale,
    same_quantity,
    space_groups,
)
from ...units.numbers import GROUP_MARKS, spaced_group_head
from ...units.quantities_in_text import compare_quantities as units_compare
from ...units.quantities_in_text import find_quantities, quantities_equal
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
        E("Longueur 1 000 mm", "Length 39.4 in", market="en-US", source_locale="fr-FR",
          note="a plain space groups digits where CLDR's group mark is a space (fr-FR)"),
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
        E("Longueur 1 000 mm", "Length 1 000 mm", market="en-US", source_locale="fr-FR",
          note="en-US does not group with a space: 1000 mm, or 1 and 000 mm?"),
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
        spaced = _spaced_groups(v, src, tgt, tgt_locale)
        if spaced is not None:
            message, notation = spaced
            if message:
                (formats if notation else errors).append(message)
            for q, covered in ((v.source, covered_src), (v.target, covered_tgt)):
                if q is not None and q.spaced_head is not None:
                    covered.append((q.spaced_head, q.end))  # its head digits are part of this finding
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
    for side, text, locale in (("target", tgt, tgt_locale), ("source", src, src_locale)):
        if (extra if side == "target" else missing) and not space_groups(locale):
            _spaced_numbers(side, text, locale, missing, extra, errors, formats)
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


def _spaced_groups(verdict: Any, src: str, tgt: str, tgt_locale: str) -> tuple[str, bool] | None:
    """A verdict on a quantity whose number may be the last group of digits grouped with plain spaces
    in a locale that does not group with a space (`1 000 mm` in en-US copy, `units.numbers.spaced_group_head`):
    (message, whether it is the target's notation only). Neither reading is guessed: the message names
    both; a target whose grouped reading is the source's value (`1 000 mm` copied from fr-FR) is a
    notation problem, anything else a value error; a target that writes the source's digits as they are
    (`iPhone 15 128 GB` into fr-FR, where CLDR reads 15128) says what the source says: no finding ("")."""
    for side, q, text in (("target", verdict.target, tgt), ("source", verdict.source, src)):
        if q is None or q.spaced_head is None:
            continue
        head = text[q.spaced_head:q.start].rstrip()
        grouped = text[q.spaced_head:q.end]
        message = (f"'{grouped}' in the {side} groups digits with a plain space ({head.replace(' ', '')}{q.text}, "
                   f"or {head} and {q.text}?)")
        other = verdict.source if side == "target" else verdict.target
        if side == "source" and other is not None and _number_part(other.text) == _number_part(grouped):
            return "", False
        if other is not None:
            message += f"; the {'source' if side == 'target' else 'target'} says '{other.text.strip()}'"
        if side == "target" and other is not None:
            merged = find_quantities(grouped.replace(" ", "\u00a0"), tgt_locale)
            if len(merged) == 1 and quantities_equal(other, merged[0]):
                return (f"'{grouped}' groups digits with a plain space, which {tgt_locale} does not: write it in "
                        f"the market's notation ({head.replace(' ', '')}{q.text} or {head} and {q.text}?)"), True
        return message, False
    return None


def _spaced_numbers(side: str, text: str, locale: str, missing: list[Amount], extra: list[Amount],
                    errors: list[str], formats: list[str]) -> None:
    """`_spaced_groups` for the numbers the units capability has no verdict on (`10 000 000:1`, `12 345,67 €`):
    the digits a plain space splits in a locale that does not group with a space are one finding naming both
    readings (taken out of `missing` / `extra`); a notation problem when the target's grouped reading is a
    missing source number, else a value error."""
    mine, others = (extra, missing) if side == "target" else (missing, extra)
    for last in sorted(mine, key=lambda a: -a.span[0]):
        if last not in mine:
            continue  # a group of a number already reported whole
        head = spaced_group_head(text, last.span[0])
        if head is None:
            continue
        parts = [a for a in mine if head <= a.span[0] and a.span[1] <= last.span[1]]
        grouped = text[head:last.span[1]]
        merged = find_amounts(grouped.replace(" ", "\u00a0"), locale)
        match = None
        if len(merged) == 1:
            match = next((o for o in others if (same_quantity(o, merged[0]) if side == "target"
                                                else same_quantity(merged[0], o))), None)
        for a in parts:
            mine.remove(a)
        readings = f"{grouped.replace(' ', '')}, or {' and '.join(a.text for a in parts)}?"
        if match is not None:
            others.remove(match)
            if side == "source" and _number_part(match.text) == _number_part(grouped):
                continue  # the target writes the source's digits as they are: it says what the source says
            if side == "target":
                formats.append(f"'{grouped}' groups digits with a plain space, which {locale} does not: write it in "
                               f"the market's notation ({readings})")
                continue
        message = f"'{grouped}' in the {side} groups digits with a plain space ({readings})"
        if match is not None:
            message += f"; the target says '{match.text}'"
        errors.append(message)


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    start, end = span
    return any(s < end and start < e for s, e in spans)


# a number's characters as a message quotes them: digits, the group marks every reader reads (U+2009 too), a
# plain space and a fraction's slash
_NUMBER_PART = re.compile(rf"[-−]?\d[\d{re.escape(GROUP_MARKS)}/ ]*\d|[-−]?\d")


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
