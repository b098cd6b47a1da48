"""Is a target text still in the source language? A fast, explainable answer for QA.

The question is binary and both languages are known, so instead of a general language
identifier (tens of microseconds per call and ~100 MB of models, too slow for 100k records)
we count the function words of each language that the other does not share (German `und`,
`mit`, `für` against English `and`, `with`, `for`) and the script of the letters (kana,
Hangul, Cyrillic ...). A finding can then say which words gave it away. Short texts without
function words (most titles) are "not detectable", never a false alarm.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A few dozen of the most frequent function words per language (articles, prepositions,
# conjunctions, pronouns, auxiliaries), written by us. Overlaps between two languages are
# removed when that pair is compared, so `in` or `die` never count for either side.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and with for of to is are this that from your you our it its can be will not by on at which "
        "these those has have was were or an into also made only more than very".split()
    ),
    "de": frozenset(
        "der die das und mit für ist sind ein eine einem einen einer eines dem den des nicht auch auf aus "
        "bei nach von zu zum zur sich wird werden oder wie aber noch sehr ihr ihre dieser diese dieses "
        "durch über unter kann können".split()
    ),
    "fr": frozenset(
        "le la les et avec pour est sont un une des du au aux ce cette ces dans sur par pas plus qui que "
        "vous votre vos nous être très ou leur sans son sa ses entre".split()
    ),
    "es": frozenset(
        "el la los las y con para es son un una unos unas del al este esta estos estas en por que más muy "
        "su sus sin sobre entre como pero también puede".split()
    ),
    "it": frozenset(
        "il lo la gli le e con per è sono un una uno dei degli delle del della nel nella questo questa che "
        "più molto suo sua senza sulla sul come anche può".split()
    ),
    "nl": frozenset(
        "de het een en met voor is zijn van op aan uit bij naar niet ook dat deze dit die wordt worden "
        "of zoals maar nog zeer uw jouw door over onder kan kunnen".split()
    ),
    "pt": frozenset(
        "o a os as e com para é são um uma uns umas do da dos das no na nos nas este esta em por que mais "
        "muito seu sua sem sobre entre como mas também pode".split()
    ),
    "pl": frozenset(
        "i w z na do dla jest są nie to się oraz od po przez przy jak ale także bardzo jego jej ten ta "
        "te który która które może".split()
    ),
    "sv": frozenset(
        "och med för är en ett av till på som det den de inte också från eller men mycket din ditt er "
        "kan har".split()
    ),
    "da": frozenset(
        "og med for er en et af til på som det den de ikke også fra eller men meget din dit jeres kan har "
        "til".split()
    ),
    "nb": frozenset(
        "og med for er en et av til på som det den de ikke også fra eller men mye din ditt deres kan har".split()
    ),
    "fi": frozenset("ja on ovat tämä se että kanssa myös tai mutta hyvin sekä ei voi".split()),
    "cs": frozenset("a s se na do pro je jsou není to z od po přes při jak ale také velmi jeho její který může".split()),
    "tr": frozenset("ve ile için bu bir da de ama çok daha olarak gibi ya veya değil".split()),
}
FUNCTION_WORDS["no"] = FUNCTION_WORDS["nb"]

# Languages recognised by their script: a regex of letters only that language family uses.
SCRIPTS: dict[str, re.Pattern[str]] = {
    "ja": re.compile(r"[\u3040-\u30ff]"),  # hiragana, katakana
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "ko": re.compile(r"[\uac00-\ud7af\u1100-\u11ff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "uk": re.compile(r"[\u0400-\u04ff]"),
    "bg": re.compile(r"[\u0400-\u04ff]"),
    "el": re.compile(r"[\u0370-\u03ff]"),
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "he": re.compile(r"[\u0590-\u05ff]"),
    "th": re.compile(r"[\u0e00-\u0e7f]"),
}
# The other languages a market writes in a script of its own (CLDR's likely script; not Serbian, which
# shops write in Latin as often as in Cyrillic): without them English copy published in hi-IN or fa-IR
# read as translated, while the same copy in th-TH or ar-SA was found.
for _languages, _letters in (
        (("hi", "mr", "ne"), "\u0900-\u097f"), (("bn", "as"), "\u0980-\u09ff"), (("pa",), "\u0a00-\u0a7f"),
        (("gu",), "\u0a80-\u0aff"), (("or",), "\u0b00-\u0b7f"), (("ta",), "\u0b80-\u0bff"),
        (("te",), "\u0c00-\u0c7f"), (("kn",), "\u0c80-\u0cff"), (("ml",), "\u0d00-\u0d7f"),
        (("si",), "\u0d80-\u0dff"), (("lo",), "\u0e80-\u0eff"), (("my",), "\u1000-\u109f"),
        (("ka",), "\u10a0-\u10ff"), (("am",), "\u1200-\u137f"), (("km",), "\u1780-\u17ff"),
        (("hy",), "\u0530-\u058f"), (("fa", "ur", "ps"), "\u0600-\u06ff"),
        (("mk", "be", "kk", "ky", "mn", "tg"), "\u0400-\u04ff")):
    for _language in _languages:
        SCRIPTS[_language] = re.compile(f"[{_letters}]")
_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")


@lru_cache(maxsize=256)
def _distinct(a: str, b: str) -> tuple[frozenset[str], frozenset[str]]:
    wa, wb = FUNCTION_WORDS.get(a, frozenset()), FUNCTION_WORDS.get(b, frozenset())
    return wa - wb, wb - wa


@lru_cache(maxsize=256)
def _source_word_regex(a: str, b: str) -> re.Pattern[str] | None:
    """One regex for the words of `a` that `b` does not share: a C-speed first pass. It starts with
    the words themselves, so the regex engine skips to their first letters in C (a leading word
    boundary made it try the alternation at every word); `source_word_hits` checks the start."""
    only_a = _distinct(a, b)[0]
    if not only_a:
        return None
    body = "|".join(sorted((re.escape(w) for w in only_a), key=len, reverse=True))
    return re.compile(rf"(?:{body})\b")  # run on lowered text: faster than re.I


_WORD_CHAR = re.compile(r"\w")


def source_word_hits(text: str, source_lang: str, target_lang: str) -> int:
    """How many function words of the source language (not shared with the target's) the text has:
    whole words only (every function word is word characters only, so a match that starts inside a
    word ends with that word: no whole word is skipped by dropping it)."""
    pattern = _source_word_regex(source_lang, target_lang)
    if pattern is None:
        return 0
    lowered = text.lower()
    hits = 0
    for m in pattern.finditer(lowered):
        start = m.start()
        if start and _WORD_CHAR.match(lowered, start - 1) is not None:
            continue  # the end of a longer word (`rund` for `und`)
        hits += 1
    return hits


def can_tell_apart(source_lang: str, target_lang: str) -> bool:
    """True when this module can tell the two languages apart at all."""
    if source_lang == target_lang:
        return False
    if source_lang in SCRIPTS or target_lang in SCRIPTS:
        return SCRIPTS.get(source_lang) is not SCRIPTS.get(target_lang) or source_lang[:2] != target_lang[:2]
    return source_lang in FUNCTION_WORDS and target_lang in FUNCTION_WORDS


def looks_like_source(words: tuple[str, ...], text: str, source_lang: str, target_lang: str) -> str | None:
    """Evidence that `text` (the target) is written in the source language, or None.

    Latin-script pairs: at least three function words of the source language, and at least
    three times as many as of the target language. Script pairs: the target language's
    script is absent while the source language's script (or, for a Latin source, at least
    four Latin words) is there.
    """
    if source_lang == target_lang:
        return None
    tgt_script = SCRIPTS.get(target_lang)
    src_script = SCRIPTS.get(source_lang)
    if tgt_script is not None or src_script is not None:
        if tgt_script is not None and tgt_script.search(text):
            return None
        if src_script is not None:
            if src_script.search(text) and (tgt_script is not None or not _latin_dominant(text)):
                return f"the text is in the {source_lang} script"
            return None
        long_words = [w for w in words if len(w) > 2 and _LATIN.match(w)]
        if tgt_script is not None and len(long_words) >= 4:
            return f"no {target_lang} script, only Latin words such as {', '.join(long_words[:3])}"
        return None
    only_src, only_tgt = _distinct(source_lang, target_lang)
    if not only_src:
        return None
    hits_src: list[str] = []
    hits_tgt = 0
    for w in words:
        lw = w.lower()
        if lw in only_src:
            hits_src.append(lw)
        elif lw in only_tgt:
            hits_tgt += 1
    if len(hits_src) >= 3 and len(hits_src) >= 3 * hits_tgt:
        unique = list(dict.fromkeys(hits_src))
        return f"{source_lang} words such as {', '.join(unique[:4])}"
    return None


def _latin_dominant(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    return sum(1 for c in letters if _LATIN.match(c)) / len(letters) > 0.8


@lru_cache(maxsize=1)
def _chinese_forms() -> tuple[frozenset[str], frozenset[str]]:
    """Characters only the Simplified national set has (GB 2312 but not Big5: 这 们 来 灯) and only the
    Traditional one has (Big5 but not GB 2312: 這 們 來 燈), from the codecs Python ships. A Traditional
    text has none of the first (Taiwan and Hong Kong write 內 冊 別, not 内 册 别), a Simplified one few of
    the second (rare characters in names). Built on first use (~20 ms): only zh markets ask."""
    simplified, traditional = set(), set()
    for code in range(0x4E00, 0xA000):
        ch = chr(code)
        in_gb, in_big5 = _encodes(ch, "gb2312"), _encodes(ch, "big5")
        if in_gb and not in_big5:
            simplified.add(ch)
        elif in_big5 and not in_gb:
            traditional.add(ch)
    return frozenset(simplified), frozenset(traditional)


def _encodes(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def chinese_script_mismatch(text: str, script: str) -> list[str]:
    """The characters of `text` that show it is written in the other Chinese script than `script`
    (`Hant` for zh-TW, zh-HK, zh-MO; `Hans` for zh-CN, zh-SG), or [] when it is not: at least two
    distinct such characters, and more of them than of the market's own script's."""
    if script not in ("Hans", "Hant"):
        return []
    simplified, traditional = _chinese_forms()
    present = set(text)
    wrong, own = (present & simplified, present & traditional) if script == "Hant" else \
        (present & traditional, present & simplified)
    if len(wrong) >= 2 and len(wrong) > len(own):
        return sorted(wrong, key=text.index)
    return []
