"""Locale codes, one way everywhere: BCP 47 inside localize (`de-CH`), Akeneo's `de_CH` at the PIM.

Configs, PIM exports, TMX files, taxonomies and DeepL each spell a locale their own way
(`de_CH`, `de-ch`, `DE-CH`, `zh-hant-tw`). Every module turns a code into our spelling, its
language or its region through these few functions, so `en-us` in a config, `en_US` in an
Akeneo column and `EN-US` in a TMX file are the same market, the same memory key and the same
glossary dictionary. CLDR (through babel) answers whether a locale exists and what it reads.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global


@lru_cache(maxsize=1024)
def to_bcp47(code: str) -> str:
    """`de_DE` -> `de-DE`, with BCP 47's case: `en-us` -> `en-US`, `zh-hant-tw` -> `zh-Hant-TW`.

    Tags are case-insensitive, but file names, feed columns, memory keys and DeepL codes are
    not: one spelling everywhere keeps `en-us` in a config from making a second market.
    Remembered (a run asks for its few locales per field of every record)."""
    return "-".join(_case(part, i) for i, part in enumerate(code.replace("_", "-").split("-")))


def to_pim_locale(code: str) -> str:
    """`de-DE` -> `de_DE` (Akeneo's locale codes use an underscore), `de-de` -> `de_DE`."""
    return to_bcp47(code).replace("-", "_")


def _case(part: str, index: int) -> str:
    if index == 0:
        return part.lower()
    if len(part) == 4 and part.isalpha():
        return part.title()  # script: Hant, Latn
    if (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
        return part.upper()  # region: US, 419
    return part.lower()


@lru_cache(maxsize=256)
def language_of(locale: str | None) -> str:
    """The bare language, lower case: `de-CH` -> `de`, `pt_BR` -> `pt`, `zh-Hant-TW` -> `zh`, None -> ``.

    Glossaries, memory fall-backs, word lists and language checks work per language: DeepL's
    glossaries and a rule pack's words apply to every region of a language. Remembered: the QA and
    rules checks ask for a pair's languages on every pair and record, and a run has a few locales."""
    return (locale or "").replace("_", "-").split("-")[0].lower()


def region_of(locale: str) -> str | None:
    """The region subtag, upper case (`de-CH` -> `CH`, `es-419` -> `419`, `zh-Hant-TW` -> `TW`), or None."""
    for part in locale.replace("_", "-").split("-")[1:]:
        if (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            return part.upper()
    return None


def script_of(locale: str | None) -> str:
    """The script a locale writes in (`zh-TW` -> `Hant`, `zh_CN` -> `Hans`, `sr-Latn-RS` -> `Latn`,
    `de-CH` -> `Latn`): an explicit script subtag, else CLDR's likely script for the language and
    region, else for the language; `` when CLDR does not know it."""
    return _script_of((locale or "").replace("-", "_"))


@lru_cache(maxsize=256)
def _script_of(locale: str) -> str:
    parts = locale.split("_")
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    likely = get_global("likely_subtags")
    region = region_of(locale)
    language = parts[0].lower()
    for key in ((f"{language}_{region}",) if region else ()) + (language,):
        found = likely.get(key)
        if found:
            for part in found.split("_")[1:]:
                if len(part) == 4 and part.isalpha():
                    return part
    return ""


@lru_cache(maxsize=1024)
def same_writing(a: str | None, b: str | None) -> bool:
    """Whether copy in locale `a` can stand for locale `b` as written: the same language in the same
    script. Regional siblings (`de_DE` for de-CH, `fr_FR` for fr-CH) share copy; `zh_CN` (Simplified)
    never stands for zh-TW (Traditional), nor Latin Serbian for Cyrillic. Whether a market needs its
    copy translated at all is this question too: a zh_CN source in a zh-TW market is not "the source's
    language" but another writing of it, and publishing it as written is wrong for every reader."""
    return language_of(a) == language_of(b) and script_of(a) == script_of(b)


@lru_cache(maxsize=256)
def text_direction(locale: str | None) -> str:
    """`rtl` for a locale CLDR writes right to left (`he-IL`, `ar-SA`, `fa-IR`, `ur-PK`), else `ltr`.

    A page that shows such copy must say so on its element: in a left-to-right page a Hebrew
    sentence's final full stop and its numbers are laid out in the wrong places, and an Arabic
    match next to Latin text runs into it."""
    try:
        return "rtl" if babel_locale(locale or "").character_order == "right-to-left" else "ltr"
    except (UnknownLocaleError, ValueError, TypeError):
        return "ltr"


@lru_cache(maxsize=256)
def babel_locale(locale: str) -> Locale:
    """CLDR's data for a locale (`de-CH` or `de_CH`); raises babel's error for an unknown one."""
    return Locale.parse(locale.replace("-", "_"))


@lru_cache(maxsize=4096)
def is_known_locale(code: str) -> bool:
    """True for locales CLDR knows (`de-CH`, `de_CH`, `zh-Hans-CN`)."""
    try:
        babel_locale(code)
        return True
    except (UnknownLocaleError, ValueError, TypeError):
        return False


def regional_spelling(text: str, locale: str) -> str:
    """`text` written as `locale` writes its language: Swiss and Liechtenstein German write `ss` for `ß`.

    Copy that reaches a market without being translated into its exact locale needs it: the source's
    own copy in a market of its language, the PIM's copy or option label of another country's locale
    (`de_DE` for `de-CH`), and an engine's answer for a target it only knows as a language (DeepL `DE`)."""
    if _writes_ss(locale) and ("ß" in text or "ẞ" in text):
        return text.replace("ß", "ss").replace("ẞ", "SS")
    return text


@lru_cache(maxsize=256)
def _writes_ss(locale: str) -> bool:
    """Swiss and Liechtenstein German (asked for every translated field: remembered per locale)."""
    return language_of(locale) == "de" and region_of(locale) in ("CH", "LI")
