"""`untranslated-claim`: a regulated claim a translator left in the source language (XLIFF).

A delivery that keeps "klinisch getestet" or "heilt" in a German segment of an English file
publishes an unchecked health claim in a language the market's reviewers may not read, and
the claim rules of the market (written in its language) never see it. So in XLIFF validation
this is an error, not the `untranslated` warning. The claim words are the `claim` rules of the
shipped rule packs (`rules/*.yaml`, health, clinical, hypoallergenic, organic and green claims)
in the source language; a word that is also a claim word of the target language (`antiviral`
in German and English) is the translation itself and passes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..check_context import CheckContext
from ..check_types import Example as E
from ..check_types import Issue
from . import register


@lru_cache(maxsize=1)
def _claim_terms() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """language -> (claim terms, allowed look-alikes) of the shipped packs' `claim` rules."""
    # start-up cost: the rules engine's packs and folding tables, ~15 ms CPU, for the claim check only
    from ...rules.packs import load_packs, shipped_rules_dir

    terms: dict[str, list[str]] = {}
    allow: dict[str, list[str]] = {}
    for pack in load_packs([shipped_rules_dir()], shipped=True):
        for rule in pack.rules:
            if rule.kind != "claim":
                continue
            for key, table in (("terms", terms), ("allow", allow)):
                spec = rule.spec.get(key) or {}
                if isinstance(spec, dict):
                    for lang, words in spec.items():
                        table.setdefault(str(lang), []).extend(str(w) for w in words or ())
    return {lang: (tuple(dict.fromkeys(ws)), tuple(dict.fromkeys(allow.get(lang, ())))) for lang, ws in terms.items()}


def _pattern(term: str) -> str:
    body = re.escape(term.casefold()).replace(r"\*", r"\w*").replace(r"\ ", r"\s+")
    return rf"(?<!\w){body}(?!\w)"


@lru_cache(maxsize=32)
def _matcher(language: str) -> tuple[re.Pattern[str] | None, frozenset[str], re.Pattern[str] | None]:
    terms, allow = _claim_terms().get(language, ((), ()))
    if not terms:
        return None, frozenset(), None
    found = re.compile("|".join(_pattern(t) for t in sorted(terms, key=len, reverse=True)))
    allowed = re.compile("|".join(_pattern(t) for t in allow)) if allow else None
    return found, frozenset(t.casefold() for t in terms), allowed


def claims_in(text: str, language: str) -> list[tuple[int, int, str]]:
    """(start, end, words) of the claim wording of `language` in `text`."""
    found, _, allowed = _matcher(language)
    if found is None:
        return []
    folded = text.casefold()
    if len(folded) != len(text):  # spans must point into the original text
        folded = "".join(ch.casefold()[:1] or ch for ch in text)
    out = []
    for m in found.finditer(folded):
        if allowed is not None and allowed.fullmatch(m.group(0)):
            continue
        word = re.match(r"\w+", folded[m.start():])
        if allowed is not None and word and allowed.fullmatch(word.group(0)):
            continue
        out.append((m.start(), m.end(), text[m.start():m.end()]))
    return out


@register(
    "untranslated-claim",
    severity="error",
    kind="pair",
    profiles=("xliff",),
    summary="No regulated claim (health, clinical, hypoallergenic, organic, green) is left in the source language "
            "in a translated XLIFF segment: the market's claim review cannot see it (the claim words of the "
            "shipped rule packs).",
    fix="Translate the claim, or remove it if it cannot be made in the market; a reviewer checks it in the "
        "market's language.",
    passes=(
        E("Klinisch getestet.", "Clinically tested.", market="en-GB", source_locale="de-DE", profile="xliff"),
        E("Antiviral beschichtet.", "Antiviral coating.", market="en-GB", source_locale="de-DE", profile="xliff",
          note="the same word is the English claim"),
        E("Eine Biografie.", "Eine Biografie.", market="en-GB", source_locale="de-DE", profile="xliff",
          note="an allowed look-alike, not a claim"),
    ),
    fails=(
        E("Heilt Akne in 3 Tagen.", "Heilt Akne in 3 Tagen.", market="en-GB", source_locale="de-DE", profile="xliff"),
        E("Klinisch getestet und hypoallergen.", "Gentle cream, klinisch getestet.", market="en-GB",
          source_locale="de-DE", profile="xliff", note="only the claim left in German"),
    ),
)
def untranslated_claim(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    src_lang, tgt_lang = ctx.source_language, ctx.target_language
    if not src_lang or src_lang == tgt_lang or not target:
        return
    in_source = {fold_claim(w) for _, _, w in claims_in(source, src_lang)}
    if not in_source:
        return
    _, target_terms, _ = _matcher(tgt_lang)
    for start, end, words in claims_in(target, src_lang):
        key = fold_claim(words)
        if key not in in_source or key in target_terms:
            continue
        yield Issue(f"the claim '{words}' is left in the source language ({src_lang}); translate it so the "
                    f"{tgt_lang} claim review can check it", span=(start, end), matched=words)


def fold_claim(text: str) -> str:
    return " ".join(text.casefold().split())
