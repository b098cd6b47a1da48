"""Terminology: do-not-translate terms kept verbatim, glossary terms used."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..check_context import CheckContext
from ..check_types import Example as E
from ..check_types import Issue
from ..patterns import plain
from . import register


@lru_cache(maxsize=64)
def _alternation(terms: tuple[str, ...], ignore_case: bool, prefix_only: bool) -> re.Pattern[str] | None:
    """One regex matching any of the terms at word boundaries (longest first)."""
    if not terms:
        return None
    body = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
    end = "" if prefix_only else r"(?!\w)"
    return re.compile(rf"(?<!\w)(?:{body}){end}", re.I if ignore_case else 0)


@register(
    "do-not-translate",
    severity="error",
    kind="pair",
    summary="Do-not-translate terms (brand and product names from config) appear verbatim in the target "
            "whenever they appear in the source.",
    fix="Write the term in the target exactly as in the source (same spelling and case); "
        "if it truly must change for this market, remove it from validate.do_not_translate.",
    passes=(
        E("The TrailMaster jacket", "Die TrailMaster-Jacke", options={"do_not_translate": ["TrailMaster"]}),
        E("A jacket", "Eine Jacke", options={"do_not_translate": ["TrailMaster"]}),
    ),
    fails=(
        E("The TrailMaster jacket", "Die Trailmaster-Jacke", options={"do_not_translate": ["TrailMaster"]}),
        E("The TrailMaster jacket", "Die Pfadmeister-Jacke", options={"do_not_translate": ["TrailMaster"]}),
    ),
)
def do_not_translate(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    terms = ctx.settings.do_not_translate
    if not terms:
        return
    pattern = _alternation(terms, False, False)
    assert pattern is not None
    src = plain(source)
    present = {m.group(0) for m in pattern.finditer(src)}
    if not present:
        return
    tgt = plain(target)
    for term in sorted(present):
        if term not in tgt:
            yield Issue(f"'{term}' must appear verbatim in the target (do-not-translate)", matched=term)


@register(
    "glossary",
    severity="warning",
    kind="pair",
    summary="When the source uses a glossary term, the target uses the glossary's translation of it.",
    fix="Use the approved translation from the glossary in the target, or update the glossary.",
    passes=(
        E("Leichte Wanderschuhe", "Light hiking boots", market="en-US", source_locale="de-DE",
          options={"glossary": {"Wanderschuh": "hiking boot"}}),
        E("Leichte Jacke", "Light jacket", market="en-US", source_locale="de-DE",
          options={"glossary": {"Wanderschuh": "hiking boot"}}),
    ),
    fails=(
        E("Leichte Wanderschuhe", "Light trekking shoes", market="en-US", source_locale="de-DE",
          options={"glossary": {"Wanderschuh": "hiking boot"}}),
    ),
)
def glossary(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    if not ctx.settings.glossary:
        return
    key = ("glossary", ctx.source_locale, ctx.target_locale)
    entry = ctx.cache.get(key)
    if entry is None:
        pairs = ctx.settings.glossary_pairs(ctx.source_locale, ctx.target_locale)
        lookup: dict[str, tuple[str, list[str]]] = {}
        for src_term, tgt_term in pairs:
            lookup.setdefault(src_term.lower(), (src_term, []))[1].append(tgt_term)
        entry = (_alternation(tuple(lookup), True, True), lookup)
        ctx.cache[key] = entry
    pattern, lookup = entry
    if pattern is None:
        return
    src = plain(source)
    found = {m.group(0).lower() for m in pattern.finditer(src)}
    if not found:
        return
    tgt = plain(target).lower()
    for term in sorted(found):
        name, wanted = lookup[term]
        if not any(w.lower() in tgt for w in wanted):
            yield Issue(f"the source uses '{name}': the glossary's translation '{' / '.join(wanted)}' is not in the "
                        "target", matched=name)
