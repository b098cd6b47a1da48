"""Words as people write them: inflections by Snowball stemming, compounds, clitic prefixes.

A rule names a word once, in its dictionary form (`Messer`, `nikotin`, `wine`, `нож`); the
text has `Messern`, `Nikotinstärke`, `wines`, `ножи`. Stemming every word of every field
would cost more than the whole check budget (100k products x 5 fields in two seconds), so
the work is split:

- at compile time, a term's last word is reduced to the part it shares with its Snowball
  stem (`messer` -> `mess`), and that prefix goes into the Aho-Corasick automaton, open to
  the right (and, in compounding languages, to the left);
- at a hit, the text's word is confirmed by stemming it (PyStemmer, the Snowball C library;
  memoised per word): `Messern` stems like `Messer`, `Messing` does not.

Compounds (German, Dutch, Scandinavian, Finnish write them as one word) are checked by
structure, not by a dictionary: the term must be a whole part of the word, the rest of the
word a part of at least `MIN_PART` letters that is not a derivational suffix (`-chen`,
`-lich`). `head` mode wants the term last (`Rotwein` is a wine, `Weinglas` is a glass),
`modifier` mode first or in the middle (`Schweinefleisch`, `Nikotinstärke`). German and
Dutch compounds are right-headed, which is what makes the distinction meaningful.

Arabic and Hebrew attach one-letter clitics (the article, "and", "with", "for") to the
front of a word; those prefixes are a closed class, listed here, and are allowed before a
term. Languages without spaces (Chinese, Japanese, Thai, Korean) match as substrings
(`text.is_spaceless`). A language without a Snowball stemmer falls back to its plural
endings (`FALLBACK_INFLECTIONS`).
"""

from __future__ import annotations

from functools import lru_cache
from os.path import commonprefix

import Stemmer  # PyStemmer

from .folding import fold

SNOWBALL = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
    "es": "spanish", "et": "estonian", "eu": "basque", "fa": "persian", "fi": "finnish",
    "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian", "id": "indonesian",
    "it": "italian", "lt": "lithuanian", "nb": "norwegian", "ne": "nepali", "nl": "dutch", "no": "norwegian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish",
    "ta": "tamil", "tr": "turkish", "yi": "yiddish", "ms": "indonesian",
}
# Plural endings for languages Snowball has no stemmer for (and for `*` words of any language).
# English is here on purpose: its inflection is the plural -s/-es, and Snowball's English stemmer
# (Porter 2) also strips derivations (retardant -> retard, organic ~ organs), which costs precision.
FALLBACK_INFLECTIONS: dict[str, tuple[str, ...]] = {
    "en": ("s", "es"),
    "he": ("ים", "ות"),
    "*": ("s", "es"),
}
# Languages that build words by appending suffixes to an unchanged root: a term matches every word
# that starts with it (Turkish `domuz` -> `domuzlu`, `domuzun`). Snowball's Turkish stemmer
# over-strips roots (`domuz` -> `do`), and root-prefix matching is the established approach for
# Turkish retrieval (Can et al., "Information retrieval on Turkish texts", JASIST 2008).
SUFFIXING = frozenset({"tr", "az"})
COMPOUNDING = frozenset({"de", "nl", "sv", "da", "nb", "no", "fi", "is"})
MIN_COMPOUND_TERM = 4  # shorter terms (`eis`, `rum`, `akt`) only match whole words
MIN_PART = 3  # the other part of a compound
# Inflectional endings shorter than a compound part that Snowball may leave on a word (`Kabeln`,
# `Nazis`, `bestem`): after a term, a short rest is an inflection only when it is one of these;
# anything else (`beste|ht` of `besteht`, "consists") is a different word. Languages not listed
# accept any short rest.
SHORT_ENDINGS: dict[str, frozenset[str]] = {
    "de": frozenset({"e", "em", "en", "er", "es", "n", "s", "ns", "in"}),
    "nl": frozenset({"e", "en", "s", "er", "es"}),
}
# Derivational endings: a term followed by one of these is a different word, not a compound part.
DERIVATIONAL = frozenset({
    "chen", "lein", "lich", "isch", "ig", "ung", "heit", "keit", "schaft", "tum", "bar", "haft", "sam", "ling",
    "je", "tje", "pje", "etje", "kje", "lijk", "heid", "ing", "schap", "baar", "achtig",
    "lig", "het", "isk", "else", "inen", "nen",
})
# Proclitics written together with the next word.
CLITICS: dict[str, frozenset[str]] = {
    "ar": frozenset({"ال", "و", "ف", "ب", "ل", "ك", "لل", "وال", "فال", "بال", "كال", "ولل", "وب", "ول", "فب", "فل"}),
    "he": frozenset({"ה", "ו", "ב", "ל", "מ", "ש", "כ", "וה", "וב", "ול", "ומ", "שה", "שב", "של", "מה", "בה", "לה", "כש"}),
}


@lru_cache(maxsize=64)
def _stemmer(lang: str):  # type: ignore[no-untyped-def]
    name = SNOWBALL.get(lang)
    if name is None:
        return None
    return Stemmer.Stemmer(name)


def has_stemmer(lang: str) -> bool:
    return lang in SNOWBALL


@lru_cache(maxsize=262_144)
def stem(lang: str, word: str) -> str:
    """The Snowball stem of a lower-cased word (the word itself when the language has no stemmer)."""
    stemmer = _stemmer(lang)
    return stemmer.stemWord(word) if stemmer is not None else word


def stem_prefix(lang: str, folded_word: str, original_word: str) -> str:
    """The automaton key for a term's last word: what the folded word shares with its stem.

    The stem is taken of the word as written (lower-cased, accents kept: Polish and Turkish
    stemmers need them) and folded the same way as the text."""
    if not has_stemmer(lang):
        return folded_word
    s = fold(stem(lang, original_word.casefold()))
    return commonprefix([folded_word, s])


def compound_mode(lang: str, folded: str, setting: object) -> str:
    """`any`, `head`, `modifier` or `` (whole words only) for a term in `lang`."""
    if setting is False:
        return ""
    if isinstance(setting, str):
        return setting if len(folded) >= MIN_COMPOUND_TERM else ""
    if setting is True or lang in COMPOUNDING:
        return "any" if len(folded) >= MIN_COMPOUND_TERM and " " not in folded else ""
    return ""


def same_word(lang: str, term: str, word: str, fallback: tuple[str, ...]) -> bool:
    """Is `word` (lower-cased, as written) an inflection of `term` (lower-cased, as written)?

    Snowball sometimes strips more from the dictionary form than from an inflected form of the
    same word (Russian `десять` -> `деся` but `десяти` -> `десят`; `тюльпан` -> `тюльпа` but
    `тюльпанов` -> `тюльпан`): a word whose stem lies between the term's stem and the term
    itself (a prefix of the term, no shorter than the term's stem) is the term inflected too.
    `Messing` (stem `messing`) is still not `Messer`: its stem is no prefix of the term."""
    if word == term:
        return True
    if has_stemmer(lang):
        word_stem, term_stem = stem(lang, word), stem(lang, term)
        return word_stem == term_stem or (len(word_stem) > len(term_stem) and term.startswith(word_stem)
                                          and word_stem.startswith(term_stem))
    return any(word == term + suffix for suffix in fallback)


VOWELS = frozenset("aeiouyäöüåæøéèêàâîïôûœ")
# Word-forming prefixes of the compounding languages (German un-, be-, ge-, ver-, zer-, ent-;
# Dutch on-, ont-, her-; Scandinavian u-, for-): `unbeschwert` is un+be+schwer+t, not a
# compound of a part `unbe` and `Schwert`. A left part made only of these is a derivation.
WORD_PREFIXES = frozenset({
    "un", "be", "ge", "ver", "zer", "ent", "er", "miss", "ur", "emp",
    "on", "ont", "her", "for",
})


def _only_prefixes(text: str) -> bool:
    """Whether `text` is a sequence of `WORD_PREFIXES` (`unbe`, `unver`, `onbe`)."""
    if not text:
        return True
    return any(text.startswith(p) and _only_prefixes(text[len(p):]) for p in WORD_PREFIXES)


def compound_ok(mode: str, prefix: str, rest: str, inflected: bool) -> bool:
    """The word is `prefix` + term + `rest` (folded). `inflected`: term + rest is an inflection of the term.

    A compound part is a word, and a word has a syllable: a prefix without a vowel (`sch` of
    `Schwein` before `wein`) is a spelling, not a part; nor is a run of word-forming prefixes
    (`unbe` of `unbeschwert` before `schwert`)."""
    if prefix and (len(prefix) < MIN_PART or not VOWELS.intersection(prefix) or _only_prefixes(prefix)):
        return False
    if inflected:  # the term is the last part (head), or the whole word
        return mode in ("any", "head") or not prefix
    if mode not in ("any", "modifier"):
        return False
    return len(rest) >= MIN_PART and rest not in DERIVATIONAL
