"""Whether there is a translation at all, whether it is one, its length, and its consistency."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ...locale import script_of
from ...memo import TextMemo
from ..check_context import CheckContext
from ..check_types import Example as E
from ..check_types import Issue, Needs
from ..facts import DIGEST, normalised_key, text_facts
from ..firstseen import FirstSeen
from ..langid import SCRIPTS, chinese_script_mismatch, looks_like_source, source_word_hits
from ..patterns import OVER_LIMIT, excerpt, words
from . import register


@register(
    "empty-target",
    severity="error",
    kind="pair",
    summary="A field with source text has a non-empty target.",
    fix="Translate the field, or withhold the product until it is translated.",
    passes=(E("Robust boots", "Robuste Stiefel"),),
    fails=(E("Robust boots", ""), E("Robust boots", "   "), E("Robust boots", None, note="field missing")),
)
def empty_target(source: str, target: str | None, ctx: CheckContext) -> Iterator[Issue]:
    if source.strip() and (target is None or not target.strip()):
        yield Issue("the target is empty but the source has text" if target is not None else
                    "the field is missing from the target but the source has text")


def _ignored_words(ctx: CheckContext) -> frozenset[str]:
    """Brand names, do-not-translate terms and the record's own brand: never evidence of no translation."""
    key = ("ignored-words",)
    base = ctx.cache.get(key)
    if base is None:
        names = set(ctx.settings.brands) | set(ctx.settings.do_not_translate)
        base = frozenset(w.lower() for name in names for w in words(name))
        ctx.cache[key] = base
    brand = record_brand(ctx)
    if brand:
        return base | {w.lower() for w in words(brand)}
    return base


def record_brand(ctx: CheckContext) -> str | None:
    """The brand of the record being checked (its words are never evidence of no translation)."""
    record = ctx.record
    if record is None:
        return None
    fields = record.fields
    values = fields.get("values") if isinstance(fields.get("values"), dict) else fields
    for key in ctx.settings.google_merchant.fields.get("brand", ("brand",)):
        value = values.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _translatable_words(text: str, ignored: frozenset[str]) -> list[str]:
    """Words a translator would translate: not brands, codes or acronyms (EOS, USB), not one letter."""
    out = []
    for w in words(text):
        if len(w) < 3 or w.isupper() or w.lower() in ignored:
            continue
        out.append(w)
    return out


@register(
    "untranslated",
    severity="warning",
    kind="pair",
    summary="The target is translated: not the source text unchanged, not detectably in the source language, "
            "not marked untranslated or pending (brand names, codes and do-not-translate terms excepted).",
    fix="Translate the text into the market's language (or add the brand or term to validate.brands / "
        "validate.do_not_translate if it must stay as it is).",
    passes=(
        E("Robust hiking boots", "Robuste Wanderschuhe"),
        E("Canon EOS 5D", "Canon EOS 5D", note="brand and code only"),
        E("TrailMaster Pro", "TrailMaster Pro", options={"brands": ["TrailMaster"]}),
        E("Colour: black", "Colour: black", market="en-US", source_locale="en-GB", note="same language"),
    ),
    fails=(
        E("Robust hiking boots", "Robust hiking boots", note="source copied"),
        E("Robuste Wanderschuhe aus Leder", "Robuste Wanderschuhe aus Leder mit der neuen Sohle und für jedes Wetter",
          market="en-US", source_locale="de-DE", note="target written in German"),
        E("Robust hiking boots", "頑丈なハイキングブーツ", market="ja-JP", source_locale="ja-JP",
          options={"status": "untranslated"}, note="the run marked it untranslated"),
    ),
)
def untranslated(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    record = ctx.record
    status = record.status.get(ctx.field or "") if record is not None else None
    if status in ("untranslated", "pending"):
        # in a run the translate stage reports its own untranslated fields: no second finding
        if ctx.extra.get("report_status", True):
            yield Issue(f"the field is marked '{status}': it was not translated for this market")
        return
    src_lang, tgt_lang = ctx.source_language, ctx.target_language
    if not src_lang or src_lang == tgt_lang:
        return
    # equal once whitespace runs are single spaces: compared by `normalised_key` (memoised per text;
    # `inconsistent-translation` asks for the same keys, and a source is checked in every market)
    if target == source or normalised_key(target) == normalised_key(source):
        ignored = _ignored_words(ctx)
        meaningful = _translatable_words(source, ignored)
        if len(meaningful) >= 2 or (len(meaningful) == 1 and meaningful[0].islower() and len(meaningful[0]) > 3):
            yield Issue(f"the target is the source text unchanged: '{excerpt(target)}'")
        return
    if tgt_lang not in SCRIPTS and src_lang not in SCRIPTS and _source_word_hits(target, src_lang, tgt_lang) < 3:
        return  # fast path: too few source-language function words to say anything
    target_words = words(target)
    if len(target_words) < 3:
        return
    ignored = _ignored_words(ctx)
    kept = tuple(w for w in target_words if w.lower() not in ignored) if ignored else target_words
    evidence = looks_like_source(kept, target, src_lang, tgt_lang)
    if evidence:
        yield Issue(f"the target reads as {src_lang}, not {tgt_lang}: {evidence}")



@register(
    "chinese-script",
    severity="error",
    kind="pair",
    summary="Chinese copy is written in the market's script: Traditional characters in zh-TW, zh-HK and zh-MO, "
            "Simplified in zh-CN and zh-SG (a zh_CN text in a Traditional market is not a translation for it).",
    fix="Write (or translate) the copy in the market's script; convert it with a Simplified/Traditional converter "
        "and have a person read it (vocabulary differs too: 软件 / 軟體).",
    passes=(E("Desk lamp", "檯燈，鋁合金燈體", market="zh-TW"), E("Desk lamp", "台灯，铝合金灯体", market="zh-CN"),
            E("Desk lamp", "台灯", market="zh-TW", note="one character proves nothing")),
    fails=(E("Desk lamp", "台灯，铝合金灯体", market="zh-TW"), E("Desk lamp", "檯燈，鋁合金燈體", market="zh-CN")),
)
def chinese_script(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    if target.isascii() or ctx.target_language != "zh":  # (most pairs: one C-speed test)
        return
    locale = ctx.target_locale or ctx.market.locale
    script = script_of(locale)
    wrong = chinese_script_mismatch(target, script)
    if wrong:
        other = "Simplified" if script == "Hant" else "Traditional"
        yield Issue(f"{locale} reads {'Traditional' if script == 'Hant' else 'Simplified'} Chinese, but the text is "
                    f"written in {other} characters ({''.join(wrong[:6])})")

#: (a long target's digest, source language, target language) -> `source_word_hits`: the pair memo
#: knows a pair per market, and the markets of one language (en-US, en-GB) mostly get the same copy,
#: which is lowered and searched once (~10 µs for a 700-character description). Short texts are
#: searched each time: a name's search costs about what remembering it would. A batch's markets are
#: checked within ~1,500 records of each other, so 8,192 entries (~1.6 MB at most) keep the repeats.
_HITS: TextMemo[int] = TextMemo(8_192, 8_192)
_LONG = 200


def _source_word_hits(target: str, src_lang: str, tgt_lang: str) -> int:
    if len(target) < _LONG:
        return source_word_hits(target, src_lang, tgt_lang)
    key = (text_facts(target)[DIGEST], src_lang, tgt_lang)
    found = _HITS.get(key)
    if found is None:
        found = _HITS.put(key, source_word_hits(target, src_lang, tgt_lang), 1)
    return found


@register(
    "length-limit",
    severity="warning",
    kind="pair",
    summary="The target fits the field's length limit (validate.length_limits; defaults: name/title 150, "
            "description 5000, Google's limits; a warning unless configured as error: a Google feed's own "
            "gm-*-length checks are errors).",
    fix="Shorten the target to the limit, or set a market-specific limit in validate.length_limits.",
    passes=(E("Short title", "Kurzer Titel", field="name"),),
    fails=(E("Short title", "Ein " + "sehr " * 40 + "langer Titel", field="name"),
           E("A", "Zu lang", field="name", options={"length_limits": {"name": 5}})),
    needs=Needs(target=OVER_LIMIT),
)
def length_limit(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    limit = ctx.limit
    if limit and len(target) > limit:
        yield Issue(f"{len(target)} characters; the limit for {ctx.field} is {limit}", span=(limit, len(target)))


def _inconsistency_factory() -> Callable[[str, str, CheckContext], Iterator[Issue]]:
    # source -> the digest of its first translation, and (excerpt, identifier, line, field) of it,
    # read back only when a later translation differs; a whole run's worth of sources, so past a
    # limit on disk (memory stays flat)
    seen = FirstSeen()

    def inconsistent_translation(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
        record = ctx.record
        if record is not None and record.status.get(ctx.field or "") in ("untranslated", "pending"):
            return
        tgt_head, tgt_digest = normalised_key(target)
        identifier = record.identifier if record is not None else None
        line = record.line if record is not None else None
        first = seen.conflict(normalised_key(source)[1], tgt_digest, (tgt_head, identifier, line, ctx.field))
        if first is None:
            return
        first_head, first_id, first_line, first_field = first
        if first_id == identifier and first_line == line:
            where = f"this record's {first_field}"
        else:
            where = f"{first_id} (line {first_line})" if first_id else f"line {first_line}"
        yield Issue(
            f"the same source '{excerpt(source, 40)}' is translated '{excerpt(tgt_head, 40)}' here "
            f"but '{excerpt(first_head, 40)}' in {where}"
        )

    return inconsistent_translation


register(
    "inconsistent-translation",
    severity="warning",
    kind="pair",
    stateful=True,
    summary="The same source text is translated the same way across products (within a file).",
    fix="Use one translation for the repeated source text (approve one in the translation memory).",
    passes=(E(("Black", "Black"), ("Schwarz", "Schwarz")),),
    fails=(E(("Black", "Black"), ("Schwarz", "Dunkel")),),
)(_inconsistency_factory)
