"""Turning a category label into comparable features, per language.

Labels are short noun phrases ("Boys' Underwear", "Unterwäsche für Jungen"), so the
features are chosen for that: words reduced to their Snowball stem (plural and case
endings vanish: `Hosen`/`Hose`, `Bras`/`Bra`), function words dropped, and character
n-grams of each stem so that compounds (`Sporthosen` ~ `Hosen`) and spelling variants
still overlap. Languages without spaces (Japanese, Chinese) get character bigrams.

Stemmers come from PyStemmer (the Snowball C library); a language without a stemmer is
still matched, just without stemming.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Protocol

import Stemmer  # PyStemmer

from .taxonomy_model import language_of


class KnownWords(Protocol):
    """What the features read from a taxonomy's vocabulary (`words.Vocabulary` builds it from these
    features, so the type is named here rather than imported: no import cycle)."""

    def parts(self, word: str, stemmed: str, *, head: bool = False) -> tuple[str, ...]: ...

    def acronyms(self, text: str) -> dict[str, tuple[str, ...]]: ...


SNOWBALL = {
    "ar": "arabic", "da": "danish", "de": "german", "el": "greek", "en": "english", "es": "spanish",
    "fi": "finnish", "fr": "french", "hu": "hungarian", "it": "italian", "nl": "dutch", "no": "norwegian",
    "nb": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sv": "swedish", "tr": "turkish",
}
NO_SPACES = frozenset({"ja", "zh", "th", "ko"})

# Function words that say nothing about what a category holds.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("a an and or for of the with in on to by".split()),
    "de": frozenset("und oder für fur von vom der die das den dem des mit zum zur im in an auf am".split()),
    "fr": frozenset("et ou pour de des du la le les l d à a en avec au aux par sur".split()),
    "es": frozenset("y o para de del la el los las con en a e por al".split()),
    "it": frozenset("e ed o per di del della delle dei degli dello il lo la le i gli con in a da al alla".split()),
    "nl": frozenset("en of voor van de het een met in op".split()),
    "pt": frozenset("e ou para de do da dos das o a os as com em".split()),
    "pl": frozenset("i oraz lub dla z ze w na do".split()),
}

_SPLIT = re.compile(r"[^\w]+", re.UNICODE)


@cache
def _stemmer(language: str):  # type: ignore[no-untyped-def]
    name = SNOWBALL.get(language)
    if name is None:
        return None
    return Stemmer.Stemmer(name)


def fold(text: str) -> str:
    """NFKC, case-folded, apostrophes removed (`Boys'` -> `boys`), other punctuation -> spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("'", "").replace("\u2019", "").replace("`", "")
    return text


def words(text: str, language: str) -> list[str]:
    """Content words of a label, stemmed (stop words dropped unless nothing else is left)."""
    lang = language_of(language)
    folded = fold(text)
    if lang in NO_SPACES:
        return [w for w in _SPLIT.split(folded) if w]
    raw = [w for w in _SPLIT.split(folded) if w]
    stop = STOPWORDS.get(lang, frozenset())
    kept = [w for w in raw if w not in stop] or raw
    stemmer = _stemmer(lang)
    if stemmer is not None:
        kept = stemmer.stemWords(kept)
    return kept


#: Weight of the word features a taxonomy's vocabulary adds: a compound's head and modifier, a
#: misspelt stem's known spelling (the stem itself and its n-grams keep theirs).
PART_WEIGHT = 1.0


def tokens(text: str, language: str) -> list[tuple[str, str]]:
    """(folded word, stem) of a label's content words, as `words` gives the stems."""
    lang = language_of(language)
    raw = [w for w in _SPLIT.split(fold(text)) if w]
    if lang in NO_SPACES:
        return [(w, w) for w in raw]
    stop = STOPWORDS.get(lang, frozenset())
    kept = [w for w in raw if w not in stop] or raw
    stemmer = _stemmer(lang)
    return list(zip(kept, stemmer.stemWords(kept) if stemmer is not None else kept, strict=True))


def stem(word: str, language: str) -> str:
    """One folded word's stem (the word itself in a language without a stemmer)."""
    stemmer = _stemmer(language_of(language))
    return stemmer.stemWord(word) if stemmer is not None else word


def features(text: str, language: str, vocabulary: KnownWords | None = None) -> dict[str, float]:
    """Sparse features of a label: stems (`w:`) and their character n-grams (`c:`).

    `vocabulary`: the taxonomy's words (`words.py`), for a source label: a compound stem the taxonomy
    does not know also has its modifier and head as words ("laserdruck" -> `w:las`, `w:druck`), and a
    misspelt head the stem it stands for ("projector" -> `w:projektor`), so that "Laserdrucker" shares
    a word with "Drucker" and "projectoren" with "Projektoren"; an acronym the taxonomy spells out also
    says that word in full (its n-grams too: an acronym's own say nothing), and an acronym's plural the
    acronym ("LED TVs" -> `w:tv`, `w:televis` and its n-grams, so that it
    shares a word with "Televisions", which "tvs" does not). The taxonomy's own labels are not cut:
    cutting them too made the calibration's in-sample threshold jump from 0.92 to 0.98 (see README).
    """
    lang = language_of(language)
    pairs = tokens(text, lang)
    out = stem_features(dict.fromkeys((s for _, s in pairs), 1.0), bigrams=lang in NO_SPACES)
    if vocabulary is not None:
        main = set(heads(text, lang) or [s for _, s in pairs[:1]])
        acronyms = vocabulary.acronyms(text)
        for word, stemmed in pairs:
            if word in acronyms:
                # an acronym's letters say nothing as n-grams: the word it stands for is said in full
                for part, weight in stem_features(dict.fromkeys(acronyms[word], PART_WEIGHT)).items():
                    out[part] = out.get(part, 0.0) + weight
                continue
            for part in vocabulary.parts(word, stemmed, head=stemmed in main):
                if part != stemmed:
                    out["w:" + part] = out.get("w:" + part, 0.0) + PART_WEIGHT
    return out


def stem_features(stems: dict[str, float], *, bigrams: bool = False) -> dict[str, float]:
    """Features of weighted stems: the stem itself plus its 3-/4-grams (2-grams for CJK)."""
    out: dict[str, float] = {}
    sizes = (2,) if bigrams else (3, 4)
    for token, weight in stems.items():
        out["w:" + token] = out.get("w:" + token, 0.0) + weight
        padded = f"^{token}$"
        for n in sizes:
            for i in range(len(padded) - n + 1):
                gram = "c:" + padded[i:i + n]
                out[gram] = out.get(gram, 0.0) + weight
    return out


def normal_label(text: str, language: str) -> str:
    """A label reduced for exact comparison: folded, stemmed content words in order."""
    return " ".join(words(text, language))


#: Languages whose noun phrases put the head first ("Chaises de bureau", "Jetons de casino");
#: the others put it last ("Desk chairs", "Schreibtisch-Stühle", "Casino-Chips").
HEAD_FIRST = frozenset({"fr", "es", "it", "pt", "ro", "ca", "pl", "cs"})

#: Words that end a kind's head in head-last languages: what follows qualifies it ("Shoes for men").
PREPOSITIONS: dict[str, frozenset[str]] = {
    "en": frozenset("for of with in on to by".split()),
    "de": frozenset("für fur von vom mit zum zur im in an auf am".split()),
    "nl": frozenset("voor van met in op".split()),
}

# What joins the kinds a label lists: commas, "&", "+", "/" and the word for "and".
_AND = {"en": "and", "de": "und", "fr": "et", "es": "y|e", "it": "e|ed", "nl": "en", "pt": "e", "da": "og",
        "sv": "och", "no": "og", "nb": "og", "pl": "i", "cs": "a"}
LIST_SPLIT = {lang: re.compile(rf"\s*(?:[,&+/]|\b(?:{word})\b)\s*", re.IGNORECASE) for lang, word in _AND.items()}


def heads(text: str, language: str, vocabulary: KnownWords | None = None) -> list[str]:
    """The stems of the words a label is about: each listed kind's head noun, not its modifiers.

    "Desk chairs" is a kind of chair, "Schreibtisch-Stühle" a kind of Stuhl, "Chaises de bureau" a
    kind of chaise: a taxonomy label matching only "desk", "Schreibtisch" or "bureau" names another
    kind of product (desks). Empty when the label has a single content word (it is its own head) or
    the language has no spaces. A hyphenated word is one word whose head is its last part in
    head-last languages ("T-Shirts", "Casino-Chips") and the whole word in head-first ones
    ("Sous-vêtements").
    With the taxonomy's `vocabulary`, a compound's head is its known last part: "Laserdrucker" is a kind
    of Drucker, "Digitale Videokameras" of Kamera.
    """
    lang = language_of(language)
    if lang in NO_SPACES:
        return []
    content = tokens(text, lang)
    acronyms = vocabulary.acronyms(text) if vocabulary is not None else {}
    if len(content) < 2:
        if vocabulary is None or not content:
            return []
        parts = vocabulary.parts(*content[0], head=True)
        return [parts[-1]] if parts else list(acronyms.get(content[0][0], ()))
    stop = STOPWORDS.get(lang, frozenset())
    cut = PREPOSITIONS.get(lang, stop)
    out: list[str] = []
    for kind in LIST_SPLIT.get(lang, LIST_SPLIT["en"]).split(fold(text)):
        parts_of_kind = [t for t in re.split(r"[^\w-]+", kind) if t.strip("-")]
        if lang in HEAD_FIRST:
            head = next((t for t in parts_of_kind if t not in stop), None)
            if head is not None:
                out.extend(words(head.replace("-", " "), lang))
            continue
        before: list[str] = []
        for token in parts_of_kind:
            if token in cut and before:
                break
            if token not in stop:
                before.append(token)
        if before:
            parts = [p for p in before[-1].split("-") if p]
            if parts:
                last = tokens(parts[-1], lang)
                if vocabulary is not None and len(last) == 1:
                    out.append((vocabulary.parts(*last[0], head=True) or (last[0][1],))[-1])
                    out.extend(acronyms.get(last[0][0], ()))  # "LED TVs" is about TVs, that is televisions
                else:
                    out.extend(s for _, s in last)
    return list(dict.fromkeys(out))
