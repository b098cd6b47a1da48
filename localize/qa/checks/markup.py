"""Markup that must survive translation: tags, inline codes, placeholders, URLs, e-mails, brackets, quotes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from ...readers.escapes import ESCAPE, ambiguity
from ...sanitize import Cleaner, MarkupPolicy, cleaner, may_change
from ..check_context import CheckContext, FeedRecord
from ..check_types import Example as E
from ..check_types import Issue, Needs
from ..facts import BITS, text_facts
from ..patterns import (
    BRACKET,
    EMAIL,
    PLACEHOLDER,
    QUOTE,
    TAG,
    URL,
    bracket_problem,
    emails,
    may_hold_placeholder,
    multiset_diff,
    nesting_problem,
    placeholders,
    plain,
    quote_problem,
    raw_tags,
    signatures,
    tags,
    urls,
)
from . import register


def _listing(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


@register(
    "tag-mismatch",
    severity="error",
    kind="pair",
    summary="HTML tags (with their attributes) and XLIFF inline codes are the same set in source and target.",
    fix="Restore the tags of the source in the target: same elements, same attribute values "
        "(alt/title texts may be translated); only their order may change.",
    passes=(
        E("<p>Robust <b>leather</b> boots</p>", "<p>Robuste <b>Lederstiefel</b></p>"),
        E('<img src="a.png" alt="Red shoe">', '<img src="a.png" alt="Roter Schuh">', note="alt is translatable"),
        E("<b>A</b> and <i>B</i>", "<i>B</i> und <b>A</b>", note="order may change"),
        E("Line<br>break", "Zeilen<br/>umbruch", note="<br> and <br/> are the same tag"),
    ),
    fails=(
        E("<p>Robust <b>leather</b> boots</p>", "<p>Robuste Lederstiefel</p>", note="dropped <b>"),
        E('<a href="https://x.example/en">more</a>', '<a href="https://x.example/de">mehr</a>'),
        E("<ul><li>A</li></ul>", "<ul><li>A</li><li>B</li></ul>"),
    ),
    needs=Needs(either=TAG),
)
def tag_mismatch(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    record = ctx.record
    if record is not None and ctx.field in record.codes:
        src_codes, tgt_codes = record.codes[ctx.field]
        missing, extra = multiset_diff(
            tuple(_code_label(c) for c in src_codes), tuple(_code_label(c) for c in tgt_codes)
        )
        yield from _diff_issue(missing, extra, "inline codes")
    if "<" not in source and "<" not in target:
        return
    if raw_tags(source) == raw_tags(target):
        return
    src = signatures(source)
    tgt = signatures(target)
    yield from _multiset_issue(src, tgt, "tags")


def _code_label(code: tuple[str, str]) -> str:
    kind, ident = code
    return f"<{kind} id={ident}>" if ident else f"<{kind}>"


def _multiset_issue(src: list[str], tgt: list[str], what: str) -> Iterator[Issue]:
    """One issue when the target does not hold the same items as the source (order aside)."""
    if src != tgt and Counter(src) != Counter(tgt):
        missing, extra = multiset_diff(src, tgt)
        yield from _diff_issue(missing, extra, what)


def _diff_issue(missing: list[str], extra: list[str], what: str) -> Iterator[Issue]:
    """`what` is plural: tags, placeholders, URLs ..."""
    parts = []
    if missing:
        parts.append(f"{what} missing in the target: {_listing(missing)}")
    if extra:
        parts.append(f"{what} not in the source: {_listing(extra)}")
    if parts:
        yield Issue("; ".join(parts), matched=(missing or extra)[0])


@register(
    "tag-nesting",
    severity="error",
    kind="pair",
    summary="Tags and paired inline codes in the target are well formed: every element closed, none overlapping.",
    fix="Close every tag in the target in the reverse order it was opened, as in the source.",
    passes=(
        E("<b><i>very</i> strong</b>", "<b><i>sehr</i> stark</b>"),
        E("5 < 7 and 8 > 3", "5 < 7 und 8 > 3", note="comparison signs are not tags"),
    ),
    fails=(
        E("<b><i>very</i> strong</b>", "<b><i>sehr</b> stark</i>", note="overlapping"),
        E("<p>Text</p>", "<p>Text", note="never closed"),
    ),
    needs=Needs(target=TAG),
)
def tag_nesting(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    record = ctx.record
    if record is not None and ctx.field in record.codes:
        problem = _code_nesting(record.codes[ctx.field][1])
        if problem and not _code_nesting(record.codes[ctx.field][0]):
            yield Issue(f"inline codes: {problem}")
    if "<" not in target or raw_tags(target) == raw_tags(source):
        return  # no tags, or exactly the source's: nested exactly as the source
    found = tags(target)
    if not found:
        return
    problem = nesting_problem(found)
    if problem is None or nesting_problem(tags(source)) is not None:
        return  # a source that is itself malformed is not the translator's doing
    message, tag = problem
    yield Issue(message, span=(tag.start, tag.end) if tag else None)


_PAIRED_START = {"bx": "ex", "bpt": "ept", "sc": "ec", "g-open": "g-close", "pc-open": "pc-close"}


def _code_nesting(codes: list[tuple[str, str]]) -> str | None:
    """Paired XLIFF codes (bx/ex, bpt/ept, sc/ec) balanced and not overlapping."""
    stack: list[tuple[str, str]] = []
    for kind, ident in codes:
        if kind in _PAIRED_START:
            stack.append((kind, ident))
        elif kind in _PAIRED_START.values():
            opener = next(k for k, v in _PAIRED_START.items() if v == kind)
            if not stack or stack[-1][0] != opener:
                return f"<{kind} id={ident}> has no matching <{opener}> before it"
            if stack[-1][1] and ident and stack[-1][1] != ident and kind not in ("g-close", "pc-close"):
                return f"<{kind} id={ident}> closes <{stack[-1][0]} id={stack[-1][1]}>: codes overlap"
            stack.pop()
    if stack:
        kind, ident = stack[-1]
        return f"<{kind} id={ident}> is never closed"
    return None


@register(
    "placeholder-mismatch",
    severity="error",
    kind="pair",
    summary="Placeholders ({x}, {{x}}, %s, %1$s, %(x)s, ${x}, [[x]]) are identical in source and target.",
    fix="Copy every placeholder of the source into the target exactly as written; do not translate, "
        "re-case or re-space the name inside it.",
    passes=(
        E("Save {x} now", "Jetzt {x} sparen"),
        E("%1$s of %2$s", "%2$s von %1$s", note="order may change"),
        E("20% off", "20 % Rabatt", note="a percent sign is not a placeholder"),
    ),
    fails=(
        E("Save {x} now", "Jetzt { x} sparen", note="mangled {x}"),
        E("Save {x} now", "Jetzt {X} sparen", note="re-cased"),
        E("Hello {{name}}", "Hallo {{Name}}"),
        E("%s items", "Artikel"),
    ),
    needs=Needs(either=PLACEHOLDER),
)
def placeholder_mismatch(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    src, tgt = placeholders(source), placeholders(target)
    yield from _multiset_issue(src, tgt, "placeholders")


_NOT_COPY = frozenset({"identifier", "id", "sku", "link", "image_link", "gtin", "mpn", "item_group_id"})
_NOTHING: dict[str, str] = {}


@register(
    "placeholder-leftover",
    severity="error",
    kind="record",
    profiles=("jsonl", "google-merchant", "akeneo", "sheet"),
    summary="Published copy contains no template placeholder ({size}, {{name}}, %s, ${x}, [[x]]): a customer "
            "would read it as is.",
    fix="Fill the value in the PIM (`size M now available`) or remove the placeholder from the copy.",
    passes=(
        E(record={"identifier": "P1", "values": {"short_description": "Size M now available, 20% off"}}),
        E(record={"id": "P1", "title": "Leggings, size M"}, profile="google-merchant"),
    ),
    fails=(
        E(record={"identifier": "P1", "values": {"short_description": "Size {size} now available"}}),
        E(record={"id": "P1", "title": "Leggings {{colour}}"}, profile="google-merchant"),
    ),
)
def placeholder_leftover(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    fields = record.fields
    jsonl = ctx.profile == "jsonl"
    values = fields.get("values") if jsonl else fields
    if not isinstance(values, dict):
        return
    # a feed line's value with a source is a pair's target: the pair checks read its text facts next,
    # whose `PLACEHOLDER` bit is `may_hold_placeholder`; a memo hit instead of four searches of it
    paired = fields.get("source") if jsonl else None
    if not isinstance(paired, dict):
        paired = _NOTHING
    for name, value in values.items():
        if not isinstance(value, str) or name in _NOT_COPY:
            continue
        if name in paired:
            if not text_facts(value)[BITS] & PLACEHOLDER:
                continue
        elif not may_hold_placeholder(value):
            continue  # (tested in place, not through a per-text memo, which misses on new copy)
        for token in dict.fromkeys(placeholders(value)):
            if token == "%%":
                continue
            start = value.find(token)
            yield Issue(f"{token!r} is a template placeholder left in the published copy", field=name,
                        span=(start, start + len(token)), matched=token)


@register(
    "escaped-line-break",
    severity="warning",
    kind="record",
    profiles=("jsonl", "google-merchant", "akeneo", "sheet"),
    summary="Published copy holds no line break or tab written as an escape (`\\n`, `\\r\\n`, `\\t`: a backslash "
            "and a letter), which a customer would read as the two characters.",
    fix="Write real line breaks in the PIM; where the backslash is content (a path such as C:\\new, code), "
        "leave it: this is a warning, and the run reads an exporter's escapes as line breaks itself.",
    passes=(
        E(record={"identifier": "P1", "values": {"description": "Fast kettle.\n- 1.5 l"}}, note="a real line break"),
        E(record={"identifier": "P1", "values": {"description": "Lexmark C762 \\ A4 \\ 23 ppm"}},
          note="a backslash as a separator"),
    ),
    fails=(
        E(record={"identifier": "P1", "values": {"description": "Fast kettle.\\n- 1.5 l"}}),
        E(record={"identifier": "P1", "values": {"description": "Save to C:\\new\\nOr elsewhere"}},
          note="a path beside an escape: not read by the run"),
        E(record={"id": "P1", "description": "Line one\\r\\nLine two"}, profile="google-merchant"),
    ),
)
def escaped_line_break(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    fields = record.fields
    values = fields.get("values") if ctx.profile == "jsonl" else fields
    if not isinstance(values, dict):
        return
    for name, value in values.items():
        if not isinstance(value, str) or "\\" not in value or name in _NOT_COPY:
            continue
        found = ESCAPE.search(value)
        if found is None:
            continue
        why = ambiguity(value) or "no sign that the backslash is content: an exporter's escaped line break"
        yield Issue(f"{found.group()!r} is written as characters, not as a line break or tab ({why})",
                    field=name, span=found.span(), matched=found.group())


@register(
    "line-breaks-lost",
    severity="warning",
    kind="pair",
    profiles=("jsonl", "akeneo"),
    summary="A translation keeps line breaks where its source has them (paragraphs, bullet lists written "
            "with line breaks): an engine that reads HTML may join the lines.",
    fix="Restore the source's line breaks in the target (one per list item or paragraph).",
    passes=(
        E("Fast kettle.\n- 1.5 l\n- 2200 W", "Schneller Wasserkocher.\n- 1,5 l\n- 2200 W"),
        E("Fast kettle. Light.", "Schneller Wasserkocher. Leicht.", note="no line break in the source"),
    ),
    fails=(
        E("<b>Kettle</b>\n- 1.5 l\n- 2200 W", "<b>Wasserkocher</b> - 1,5 l - 2200 W", note="joined into one line"),
    ),
)
def line_breaks_lost(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    if "\n" in source and "\n" not in target.strip():
        count = source.strip().count("\n")
        if count:
            yield Issue(f"the source has {count} line break(s), the target none: its lines were joined")


@register(
    "url-mismatch",
    severity="error",
    kind="pair",
    summary="URLs in the text are unchanged.",
    fix="Copy every URL of the source into the target unchanged.",
    passes=(E("See https://example.com/care.", "Siehe https://example.com/care."),),
    fails=(E("See https://example.com/care.", "Siehe https://example.com/pflege."),),
    needs=Needs(either=URL),
)
def url_mismatch(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    src, tgt = urls(plain(source)), urls(plain(target))
    yield from _multiset_issue(src, tgt, "URLs")


@register(
    "email-mismatch",
    severity="error",
    kind="pair",
    summary="E-mail addresses in the text are unchanged.",
    fix="Copy every e-mail address of the source into the target unchanged.",
    passes=(E("Write to care@example.com", "Schreiben Sie an care@example.com"),),
    fails=(E("Write to care@example.com", "Schreiben Sie an pflege@example.com"),),
    needs=Needs(either=EMAIL),
)
def email_mismatch(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    src, tgt = emails(plain(source)), emails(plain(target))
    yield from _multiset_issue(src, tgt, "e-mail addresses")


@register(
    "brackets",
    severity="warning",
    kind="pair",
    summary="Brackets ( ) [ ] { } are paired in the target when they are in the source.",
    fix="Add the missing opening or closing bracket in the target.",
    passes=(
        E("Pack (3 pieces)", "Packung (3 Stück)"),
        E("1) first 2) second", "1) erstens 2) zweitens", note="unpaired in the source too"),
    ),
    fails=(E("Pack (3 pieces)", "Packung (3 Stück"),),
    needs=Needs(target=BRACKET),
)
def brackets(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    problem = bracket_problem(plain(target))
    if problem and bracket_problem(plain(source)) is None:
        yield Issue(problem)


@register(
    "quotes",
    severity="warning",
    kind="pair",
    summary="Quotation marks are paired in the target when they are in the source (any language's style).",
    fix="Close the quotation in the target with the market's closing quote mark.",
    passes=(
        E('The "Classic" model', "Das Modell „Classic“"),
        E("A 15.6\" screen", "Ein 15,6\"-Bildschirm", note="inch marks are not quotes"),
        E("It's “great”", "C’est « génial »", market="fr-FR"),
    ),
    fails=(E('The "Classic" model', "Das Modell „Classic"),),
    needs=Needs(target=QUOTE),
)
def quotes(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    problem = quote_problem(plain(target))
    if problem and quote_problem(plain(source)) is None:
        yield Issue(problem)


@register(
    "unsafe-markup",
    severity="error",
    kind="record",
    profiles=("jsonl", "google-merchant", "akeneo", "sheet"),
    group="structure",
    summary="No published value carries unsafe markup: <script>, <style>, <iframe>, <object>, <embed>, <form>, "
            "SVG/MathML, on* handlers, javascript:/data: URLs, also written as character references "
            "(&lt;script&gt;).",
    fix="Remove the markup from the copy in the PIM; `localize run` removes it itself (an unsafe-markup "
        "finding) so its feeds never carry it.",
    passes=(
        E(record={"identifier": "P1", "values": {"description": "<p>Robust <b>leather</b> boots</p>"}}),
        E(record={"identifier": "P1", "values": {"description": "Tom & Jerry, 5 < 7"}}),
        E(record={"id": "P1", "description": "<p>Robust</p>"}, profile="google-merchant"),
    ),
    fails=(
        E(record={"identifier": "P1", "values": {"description": "<p>Boots<script>alert(1)</script></p>"}}),
        E(record={"identifier": "P1", "values": {"description": '<p onclick="steal()">Boots</p>'}}),
        E(record={"identifier": "P1", "values": {"description": '<a href="javascript:alert(1)">more</a>'}}),
        E(record={"identifier": "P1", "values": {"description": "&lt;iframe src=//evil&gt;&lt;/iframe&gt;"}},
          note="entity-encoded"),
        E(record={"id": "P1", "description": "<svg onload=alert(1)>"}, profile="google-merchant"),
    ),
)
def unsafe_markup(record: FeedRecord, ctx: CheckContext) -> Iterator[Issue]:
    fields = record.fields
    if ctx.profile == "jsonl":
        parts = [fields.get("values"), fields.get("source"), fields.get("display")]
    else:
        parts = [fields]
    clean = _unsafe_cleaner().clean
    seen: set[str] = set()
    for part in parts:
        if not isinstance(part, dict):
            continue
        for name, value in part.items():
            # every value of every record comes through here: the common exact types are told apart
            # without building a list for each (most are text without `<` or `&`, None, a quantity)
            kind = type(value)
            if kind is str:
                if not may_change(value):
                    continue
                texts: Any = (value,)
            elif kind is list:
                texts = value
            elif value is None or kind is dict:
                continue
            else:
                texts = value if isinstance(value, list) else (value,)
            for text in texts:
                if (not isinstance(text, str) or name in seen
                        or not may_change(text)):
                    continue
                # Catalogues repeat their copy (families share descriptions), and a run's markup
                # stages judged the same texts under the same policy already: each text once.
                result = clean(text)
                if result.unsafe:
                    seen.add(name)
                    listed = "; ".join(result.removed)
                    yield Issue(f"unsafe markup in the published value: {listed}", field=name,
                                matched=result.removed[0])


def _unsafe_cleaner() -> Cleaner:
    """The default policy's run-wide cleaner (`localize.sanitize.cleaner`)."""
    found = _UNSAFE.get("cleaner")
    if found is None:
        found = _UNSAFE["cleaner"] = cleaner(MarkupPolicy())
    return found


_UNSAFE: dict[str, Cleaner] = {}
