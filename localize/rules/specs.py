"""How a written word becomes an automaton key: one `TermSpec` per word of a rule or condition,
with stemming, compound and clitic options resolved (see `words`), and the `Hit` it gives."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import words as words_mod
from .folding import fold, is_spaceless, word_fold
from .packs import Rule

# Plural endings that may follow a count word in `number` rules (`4 Stück`, `pack of 4s`). Terms
# are not matched with this list: they are stemmed (see `words`).
INFLECTIONS: dict[str, tuple[str, ...]] = {
    "en": ("s", "es"),
    "de": ("e", "en", "n", "er", "ern", "es", "s", "ns", "in", "innen"),
    "fr": ("s", "x", "e", "es"),
    "es": ("s", "es", "a", "as", "os"),
    "it": ("i", "e", "a", "o"),
    "pt": ("s", "es", "a", "as", "os"),
    "nl": ("en", "s", "e"),
    "pl": ("y", "i", "ow", "om", "ami", "a", "u", "e"),
}
DEFAULT_INFLECTIONS = ("s", "es")
COMPOUNDING = words_mod.COMPOUNDING
MIN_COMPOUND_PART = words_mod.MIN_COMPOUND_TERM

# Between two words of a multi-word term the text may have more than the key's one space: a run of
# whitespace (NBSP folds to a space), a hyphen or dash with its spaces, a colon or comma (`Hauptstadt: Tel
# Aviv`, `Tel - Aviv`, `capitale d'Israël : Tel Aviv`), in every language. `word_fold` makes each of them a
# run of spaces as long as it was, so a term's key is also stored with one of its gaps widened to up to
# MAX_GAP spaces (1 + 2 keys per gap, not 3 ** gaps: one separator a phrase is what copy has), and a hit
# over a wide gap is kept only when that gap is such a separator (`bridged`), not a full stop or a slash.
MAX_GAP = 3
BRIDGE = frozenset(" -\u2010\u2011\u2012\u2013\u2014\u2212:,")  # folded: every whitespace is a space by now
_WIDE_GAP = re.compile(r"[^\w]{2,}")


@dataclass(frozen=True, slots=True)
class TermSpec:
    """One word of one rule in the automaton. role: `hit` finds, `allow` cancels hits it contains."""

    rule: str  # the rule's id
    word: str  # as written (for messages)
    folded: str
    lang: str  # language code or "*"
    role: str = "hit"
    left_open: bool = False  # written with a leading * (any word part before it)
    right_open: bool = False  # written with a trailing *
    suffixes: tuple[str, ...] = ()  # fallback plural endings (languages without a stemmer)
    key: str = ""  # the automaton's key core: the folded term, its last word cut to its stem prefix
    verify: bool = False  # a hit is confirmed against the word it sits in (stem, compound, clitic)
    mode: str = ""  # compound mode: any | head | modifier | "" (see `rules.words`)
    last: str = ""  # the term's last word, lower-cased as written (stemmed at a hit)
    last_folded: str = ""  # the same word folded
    key_last: int = 0  # length of the key's last word part
    clitics: bool = False  # Arabic/Hebrew: proclitics may precede the term
    variants: tuple[str, ...] = ()  # the key core with one gap between words widened (see MAX_GAP)


@dataclass(slots=True)
class Hit:
    """A term found in a text: the rule's word, the span in the original text, what it matched."""

    spec: TermSpec
    start: int
    end: int
    matched: str


def words_by_lang(words: Any) -> Iterator[tuple[str, str]]:
    """(language, word) pairs from a `words` value (a list means any language, `*`)."""
    if isinstance(words, list):
        for w in words:
            yield "*", w
    elif isinstance(words, dict):
        for lang, items in words.items():
            for w in items:
                yield lang, w


def term_specs(rule: Rule, key: str = "terms", role: str = "hit", spec: dict[str, Any] | None = None,
               rule_id: str | None = None) -> Iterator[TermSpec]:
    """TermSpecs for a word list (a rule's `key`, or the same key of a condition `spec`), with
    stemming, compound and clitic options resolved (see `rules.words`)."""
    spec = rule.spec if spec is None else spec
    rid = rule.id if rule_id is None else rule_id
    inflect = spec.get("inflect", True)
    compounds = spec.get("compounds")
    for lang, word in words_by_lang(spec.get(key)):
        for form in written_forms(lang, word, inflect and role == "hit"):
            made = make_spec(rid, lang, form, role, inflect=inflect, compounds=compounds)
            if made is not None:
                yield made


# German adjectives before a noun take the ending of case, gender and article (`weiße Chrysanthemen`,
# `die weißen Chrysanthemen`; `Persischer Golf`, `der Persische Golf`): only a term's last word is
# stemmed, so each earlier word that carries such an ending is also written with the others.
# A word before a function word is no attributive adjective (`besser als`, `Flagge der ...`,
# `abnehmen ohne`): it keeps its form.
ATTRIBUTIVE_ENDINGS: dict[str, tuple[str, ...]] = {"de": ("e", "en", "em", "er", "es")}
NOT_A_NOUN: dict[str, frozenset[str]] = {"de": frozenset({
    "als", "wie", "ohne", "der", "die", "das", "den", "dem", "des", "und", "oder", "in", "im", "vor", "für", "zu",
    "zum", "zur", "mit", "von", "vom", "auf", "an", "am", "bei", "nach", "aus", "ist", "sind"})}


# Japanese writes one word in hiragana or katakana as the writer likes (`たばこ`, `タバコ`, `煙草`;
# `加熱式たばこ` beside `加熱式タバコ`): a term with kana is also looked for with its kana in the
# other syllabary. The two blocks are parallel (katakana = hiragana + 0x60), so the swap keeps the
# length; the prolonged-sound mark `ー` and kanji stay as written.
_HIRAGANA = range(0x3041, 0x3097)
_KATAKANA = range(0x30A1, 0x30F7)
_KANA_LANGS = frozenset({"ja", "*"})


def kana_forms(word: str) -> list[str]:
    """`word` with all its hiragana written as katakana, and with all its katakana as hiragana
    (each only when it differs from `word`)."""
    if not any(0x3041 <= ord(ch) <= 0x30F6 for ch in word):
        return []
    to_kata = "".join(chr(ord(ch) + 0x60) if ord(ch) in _HIRAGANA else ch for ch in word)
    to_hira = "".join(chr(ord(ch) - 0x60) if ord(ch) in _KATAKANA else ch for ch in word)
    return [form for form in dict.fromkeys((to_kata, to_hira)) if form != word]


# Only a term's last word is stemmed at a hit. In French, Spanish, Italian and Portuguese the head noun
# comes first and takes the plural (`étoile de lancer` -> `étoiles de lancer`, `couteau papillon` ->
# `couteaux papillon`, `bottiglia di vino` -> `bottiglie di vino`); in Polish, Czech and Russian every word
# of a phrase takes the case (`sierp i młot` -> `z sierpem i młotem`, `охотничий нож` -> `охотничьего
# ножа`). Each earlier word is also written with these endings, and a form is kept only when the
# language's Snowball stemmer reads it as the same word (so no invented word enters the automaton
# with another stem). Packs used to list such forms by hand (`couteaux papillon`, `sierpa i młota`).
EARLIER_ENDINGS: dict[str, tuple[str, ...]] = {
    "fr": ("s", "x"),
    "es": ("s", "es"),
    "it": ("i", "e"),
    "pt": ("s", "es"),
    "ca": ("s", "es"),
    "pl": ("a", "u", "em", "y", "i", "ów", "om", "ami", "ach", "e", "ie", "ą", "ę", "ej", "ego", "emu", "ym", "ych", "ymi"),
    "cs": ("a", "u", "em", "y", "i", "ů", "ům", "ami", "ách", "e", "ou", "é", "ého", "ému", "ým", "ých", "ými"),
    "ru": ("а", "я", "у", "ю", "ом", "ем", "ой", "ей", "ы", "и", "ов", "ев", "ам", "ям", "ами", "ями", "ах", "ях", "е",
           "ого", "его", "ому", "ему", "ым", "им", "ых", "их", "ыми", "ими", "ая", "яя", "ую", "юю", "ое", "ее", "ые", "ие"),
}
# Russian, Polish and Czech catalogue names put the noun first (`Нож охотничий`, `Колбаса варёная`,
# `Nóż myśliwski`): a two-word term is also looked for in the other order.
INVERTED_NAMES = frozenset({"ru", "pl", "cs"})
MAX_EARLIER_FORMS = 30  # per earlier word: the automaton stays small
# Romance phrases inflect their first word (the head noun) only; Slavic phrases every word.
HEAD_FIRST = frozenset({"fr", "es", "it", "pt", "ca"})
# What an ending may replace at the end of the written word (`bottiglia` -> `bottiglie`, `охотничий` ->
# `охотничьего` is Snowball's business): vowels, and the Slavic soft sign and short i.
_REPLACEABLE = frozenset("aeiouyàèéìòùáíóúаеёиоуыэюяйьąęěůý")


def earlier_word_forms(lang: str, word: str) -> list[str]:
    """The term with one earlier word inflected (see `EARLIER_ENDINGS`), each form confirmed by the stemmer."""
    endings = EARLIER_ENDINGS.get(lang)
    parts = word.split(" ")
    if not endings or len(parts) < 2 or word.startswith("*") or not words_mod.has_stemmer(lang):
        return []
    out: list[str] = []
    for i, part in enumerate(parts[:1] if lang in HEAD_FIRST else parts[:-1]):
        low = part.casefold()
        if len(low) < 3 or not low.isalpha():
            continue  # function words (`de`, `i`, `с`) and codes keep their form
        target = words_mod.stem(lang, low)
        found: list[str] = []
        for cut in (0, 1, 2):
            base = low[: len(low) - cut] if cut else low
            if len(base) < 3 or (cut and not _REPLACEABLE.issuperset(low[len(base):])):
                continue
            for ending in endings:
                candidate = base + ending
                if candidate != low and candidate not in found and words_mod.stem(lang, candidate) == target:
                    found.append(candidate)
        for candidate in found[:MAX_EARLIER_FORMS]:
            form = " ".join([*parts[:i], candidate, *parts[i + 1:]])
            if form not in out:
                out.append(form)
    return out


#: Distinct (language, word) pairs whose written forms are kept: a shared concept puts the same words into
#: two dozen rules, and every market compiles the global rules again (stemming each form).
SPEC_MEMO = 65_536


def written_forms(lang: str, word: str, attributive: bool = True) -> list[str]:
    """The ways copy writes a term: the term, its other attributive endings (`attributive`: German
    multi-word terms, see `attributive_forms`), its earlier words inflected (`earlier_word_forms`),
    a two-word term in the other order where names put the noun first (`INVERTED_NAMES`) and, in
    Japanese, its kana in the other syllabary. Worked out once per (language, word) in a process."""
    return list(_written_forms(lang, word, attributive))


@lru_cache(maxsize=SPEC_MEMO)
def _written_forms(lang: str, word: str, attributive: bool) -> tuple[str, ...]:
    forms = attributive_forms(lang, word) if attributive else [word]
    if attributive:
        parts = word.split(" ")
        if lang in INVERTED_NAMES and len(parts) == 2 and all(len(p) >= 3 and p.isalpha() for p in parts):
            forms.append(f"{parts[1]} {parts[0]}")
        forms += [f for form in list(forms) for f in earlier_word_forms(lang, form) if f not in forms]
    if attributive and lang in SOFTENING_LANGS:
        forms += [f for form in list(forms) for f in softened_forms(form) if f not in forms]
    if lang in _KANA_LANGS:
        forms += [k for form in list(forms) for k in kana_forms(form) if k not in forms]
    return tuple(dict.fromkeys(forms))


# Turkish (and Azerbaijani) roots match with any suffix (`words.SUFFIXING`), but a root ending in p, ç, t
# or k voices that consonant before a vowel suffix: `şarap` -> `şarabı`, `bıçak` -> `bıçağı`, `renk` ->
# `rengi`, `ağaç` -> `ağacı`. The dictionary form's key cannot find those, so the term is also written with
# its last consonant voiced (the key stays a root: any suffix may follow). Roots of fewer than 4 letters
# are mostly monosyllables that keep their consonant (`top` -> `topu`, `et` -> `eti`).
SOFTENING_LANGS = frozenset({"tr", "az"})
_VOICED = {"p": "b", "ç": "c", "t": "d", "k": "ğ"}
_VOWELS_TR = frozenset("aeıioöuüâîû")


def softened_forms(word: str) -> list[str]:
    """`word` with its last word's final p/ç/t/k voiced (`nk` -> `ng`), when that word has 4+ letters."""
    head, _, last = word.rpartition(" ")
    low = last.casefold()
    if len(low) < 4 or not low.isalpha() or low[-1] not in _VOICED:
        return []
    voiced = "g" if low.endswith("nk") else _VOICED[low[-1]]
    if voiced == "ğ" and low[-2] not in _VOWELS_TR:
        return []  # `-rk`, `-lk`: `türk` -> `türkü` keeps its k
    form = last[:-1] + voiced
    return [f"{head} {form}" if head else form]


def attributive_forms(lang: str, word: str) -> list[str]:
    """The term, and for a multi-word term of a language with declined adjectives, the term with
    one earlier word in each other ending (`weiße x` -> `weißen x`, `weißer x` ...)."""
    endings = ATTRIBUTIVE_ENDINGS.get(lang)
    parts = word.split(" ")
    forms = [word]
    if not endings or len(parts) < 2 or word.startswith("*"):
        return forms
    for i, part in enumerate(parts[:-1]):
        if parts[i + 1].casefold() in NOT_A_NOUN.get(lang, ()):
            continue
        ending = next((e for e in sorted(endings, key=len, reverse=True) if part.casefold().endswith(e)), None)
        base = part[: len(part) - len(ending)] if ending else ""
        if len(base) < 4 or not base.isalpha():
            continue
        for other in endings:
            form = " ".join([*parts[:i], base + other, *parts[i + 1:]])
            if other != ending and form not in forms:
                forms.append(form)
    return forms


def make_spec(rid: str, lang: str, word: str, role: str = "hit", *, inflect: bool = True,
              compounds: Any = None) -> TermSpec | None:
    """One TermSpec: how one written word of one language goes into the automaton.

    The same word is written in many rules (a concept is referenced by every market's pack, and each
    market compiles its own), so its shape (stem, compound mode, variants) is worked out once per
    process and only the rule id differs."""
    shape = _spec_shape(lang, word, role, bool(inflect), compounds)
    return None if shape is None else TermSpec(rid, *shape)


@lru_cache(maxsize=65536)
def _spec_shape(lang: str, word: str, role: str, inflect: bool, compounds: Any) -> tuple[Any, ...] | None:
    """`make_spec` without the rule id: every other field of the TermSpec, in order (the word alone decides them)."""
    made = _made_spec(lang, word, role, inflect, compounds)
    return None if made is None else tuple(getattr(made, f) for f in TermSpec.__slots__[1:])


def _made_spec(lang: str, word: str, role: str, inflect: bool, compounds: Any) -> TermSpec | None:
    """The TermSpec of one word, with an empty rule id (see `make_spec`)."""
    rid = ""
    left, right = word.startswith("*"), word.endswith("*")
    core = word.strip("*").strip()
    folded = fold(core)
    if not folded:
        return None
    if role != "hit":
        return TermSpec(rid, core, folded, lang, role, True, True,
                        variants=gap_variants(" ".join(word_fold(folded).split())))
    key = " ".join(word_fold(folded).split())
    if key and not any(ch.isalpha() for ch in key) and key.replace(" ", "") != folded.replace(" ", ""):
        return None  # `#1`, `№1`: without its symbol the term is a bare number that matches every "1"
    if not key or is_spaceless(key[0]) or is_spaceless(key[-1]):
        return TermSpec(rid, core, folded, lang, role, left, right, key=key, variants=gap_variants(key))
    mode = "" if left else words_mod.compound_mode(lang, key, compounds)
    clitics = lang in words_mod.CLITICS and not left
    last_written = core.split()[-1].casefold() if core.split() else core.casefold()
    last_folded = key.split(" ")[-1]
    suffixes: tuple[str, ...] = ()
    key_last = len(last_folded)
    if inflect and lang in words_mod.SUFFIXING and len(last_folded) >= 3:
        right = True  # a root and its suffixes (see words.SUFFIXING)
    stemmed = inflect and not right and words_mod.has_stemmer(lang)
    if stemmed:
        prefix = words_mod.stem_prefix(lang, last_folded, last_written)
        if len(prefix) >= 3 or prefix == last_folded:
            key = key[: len(key) - len(last_folded)] + prefix
            key_last = len(prefix)
        else:
            stemmed = False
    if inflect and not right and not stemmed:
        suffixes = words_mod.FALLBACK_INFLECTIONS.get(lang, words_mod.FALLBACK_INFLECTIONS["*"])
        if "es" in suffixes and not last_folded.endswith(("s", "x", "z", "ch", "sh")):
            suffixes = tuple(x for x in suffixes if x != "es")  # "prices" is not "pric" + "es"
    verify = bool(stemmed or mode or clitics)
    return TermSpec(rid, core, folded, lang, role, left, right, suffixes, key=key, verify=verify, mode=mode,
                    last=last_written, last_folded=last_folded, key_last=key_last, clitics=clitics,
                    variants=gap_variants(key))


def gap_variants(core: str) -> tuple[str, ...]:
    """The key core with one of its gaps between words widened to 2 .. MAX_GAP spaces (none for one word)."""
    if " " not in core:
        return ()
    parts = core.split(" ")
    out = []
    for i in range(1, len(parts)):
        head, tail = " ".join(parts[:i]), " ".join(parts[i:])
        out.extend(head + " " * width + tail for width in range(2, MAX_GAP + 1))
    return tuple(out)


def bridged(spec: TermSpec, matched_folded: str) -> bool:
    """Is every gap of two or more characters between the words of a hit (its folded text) a separator a
    multi-word term may span (whitespace, a hyphen or dash, a colon or comma: one such mark at most), or
    written so in the term itself (`Tel Aviv (capital)`, `No. 1`)? Single characters always were."""
    for gap in _WIDE_GAP.findall(matched_folded):
        if gap in spec.folded:
            continue
        if not BRIDGE.issuperset(gap) or len(gap) - gap.count(" ") > 1:
            return False
    return True


def suffixes_for(word: str, lang: str) -> tuple[str, ...]:
    """The plural endings that may follow a count word in `lang` (number rules)."""
    endings = INFLECTIONS.get(lang, DEFAULT_INFLECTIONS)
    if lang in ("en", "*", "fr", "es", "pt") and "es" in endings and not word.endswith(("s", "x", "z", "ch", "sh")):
        endings = tuple(e for e in endings if e != "es")
    return endings


def condition_specs(data: dict[str, Any], rule_id: str) -> Iterator[TermSpec]:
    """TermSpecs for a condition's `terms` and `allow` words."""
    for role, key in (("hit", "terms"), ("allow", "allow")):
        for lang, word in words_by_lang(data.get(key)):
            for form in written_forms(lang, word, role == "hit"):
                spec = make_spec(rule_id, lang, form, role, compounds=data.get("compounds"))
                if spec is not None:
                    yield spec
