"""What a taxonomy's own words say about a label's words: compound heads and misspellings.

German and Dutch write a kind and its modifiers as one word: "Laserdrucker" is a Drucker,
"Computermonitore" are Monitore, "Kamerarucksack" is a Rucksack. A label's stem then shares
only character n-grams with the taxonomy label that names its kind, and no stem, so the
comparison cannot tell the head from the modifier. `Vocabulary.split` cuts such a stem into
its modifier and its head, using only what the taxonomy says: the head is the longest tail
that the taxonomy uses as a word of its own (or as the head of two or more of its compounds
with different modifiers), the modifier what is left once a linking element (-s-, -n-, -en-,
...) is taken off. A stem the taxonomy knows as a whole word is never cut: "Handschuhe" are
gloves, not shoes.

A taxonomy also spells out its acronyms: "Television Parts & Accessories > TV Converter Boxes",
"Accessoires et pièces pour téléviseurs > Adaptateurs TV". An acronym of a label whose path holds
exactly one longer word that starts with its first letter and has its other letters in order is
that word, when every such path of the taxonomy agrees (`learn_abbreviations`); a source label's
"TVs" (an acronym's plural, which no stemmer takes off after a consonant) then also says "TV" and
"television" (`Vocabulary.acronyms`).

A taxonomy is also a spelling reference: a label's stem unknown to it, one letter away from
exactly one long stem it knows ("projectoren" for "Projektoren"), is read as that stem
(`Vocabulary.correct`).

Nothing here is a word list: every decision comes from the labels of the taxonomy at hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..memo import TextMemo
from .label_features import NO_SPACES, fold, stem, tokens
from .taxonomy_model import Taxonomy, language_of

#: Languages that write compounds as one word, head last.
COMPOUNDING = frozenset({"de", "nl", "sv", "da", "no", "nb"})
#: Linking elements between a compound's modifier and its head ("Arbeit-s-handschuhe", "Tasche-n-lampe").
LINKS = ("s", "es", "n", "en", "e", "er")
#: The shortest head and modifier a split accepts (shorter tails are endings, not words).
MIN_HEAD = 4
MIN_MODIFIER = 3
#: The shortest stem a misspelling is corrected to: one letter in a short word is another word.
MIN_CORRECT = 6
#: Bounds of the memos of cuts and corrections (a catalogue's distinct words; the answers are pure).
MEMO_ENTRIES = 100_000
MEMO_CHARS = 2_000_000

_UNSEEN = object()

#: How many categories must spell an acronym out (all as the same word) before a source label's is read so.
ABBREVIATION_VOTES = 2
#: A suspended hyphen: a modifier written with a hyphen before a list joiner ("Büro- & Schreibtischstühle",
#: "Baby- und Kleinkindsocken"), and one after it ("Haarklammern, -nadeln & -clips", "Mäntel und - Jacken").
_JOIN = r"(\s*(?:[,&/+]|\bund\b|\boder\b|\ben\b|\bof\b|\boch\b|\beller\b|\bog\b)\s*)"
_TRAILING = re.compile(r"(?<![\w-])(\w+(?:-\w+)*)-" + _JOIN + r"(?=(-?\w[\w-]*))")
_LEADING = re.compile(r"([\w-]*\w)" + _JOIN + r"-\s?(\w+)")
#: An acronym as a label writes it: two to five capitals ("TV", "GPS"), "s" for its plural ("TVs").
ACRONYM = re.compile(r"^([A-Z]{2,5})(s?)$")


@dataclass
class Vocabulary:
    """The stems one language of a taxonomy uses, as words and as compound heads."""

    language: str
    #: stems the taxonomy uses as words of their own
    known: frozenset[str] = frozenset()
    #: stems a compound may end with besides the known ones: tails that two or more of the taxonomy's
    #: compounds share after a known modifier ("monitor" in "Computermonitore", "Kameramonitore")
    tails: frozenset[str] = frozenset()
    #: a known stem with one letter deleted (or whole) -> the known stems it comes from: the misspelling check
    #: looks up a stem's own deletions there instead of comparing it with every known stem
    deletions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: an acronym (folded) -> the stem of the word it stands for, as the taxonomy's paths spell it out
    abbreviations: dict[str, str] = field(default_factory=dict)
    _splits: TextMemo[tuple[str, ...]] = field(default_factory=lambda: TextMemo(MEMO_ENTRIES, MEMO_CHARS), repr=False)
    _completed: TextMemo[str] = field(default_factory=lambda: TextMemo(MEMO_ENTRIES, MEMO_CHARS), repr=False)
    _corrections: TextMemo[str | None] = field(default_factory=lambda: TextMemo(MEMO_ENTRIES, MEMO_CHARS),
                                               repr=False)

    @classmethod
    def learn(cls, language: str, pairs: Iterable[tuple[str, str]]) -> Vocabulary:
        """A vocabulary from the (folded word, stem) pairs of a taxonomy's labels in `language` (`tokens`)."""
        seen = dict.fromkeys(pairs)
        known = frozenset(s for _, s in seen if len(s) >= MIN_MODIFIER and s.isalpha())
        vocabulary = cls(language, known)
        if language in COMPOUNDING:
            shared: dict[str, set[str]] = {}
            for word, _ in seen:
                for cut in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1):
                    modifier = vocabulary._base(word[:cut])
                    if modifier is not None:
                        shared.setdefault(stem(word[cut:], language), set()).add(modifier)
            vocabulary.tails = frozenset(t for t, mods in shared.items()
                                         if len(mods) >= 2 and len(t) >= MIN_HEAD and t not in known)
        deletions: dict[str, list[str]] = {}
        for known_stem in sorted(known):
            if len(known_stem) >= MIN_CORRECT - 1:
                for key in _deletions(known_stem):
                    deletions.setdefault(key, []).append(known_stem)
        vocabulary.deletions = {k: tuple(v) for k, v in deletions.items()}
        return vocabulary

    def _base(self, modifier: str) -> str | None:
        """The known stem a compound's (folded) modifier is, with or without a linking element (or None)."""
        got = stem(modifier, self.language)
        if got in self.known:
            return got
        for link in LINKS:
            if modifier.endswith(link) and len(modifier) - len(link) >= MIN_MODIFIER:
                got = stem(modifier[: -len(link)], self.language)
                if got in self.known:
                    return got
        return None

    def split(self, word: str, stemmed: str) -> tuple[str, ...]:
        """A source label's compound (folded word, its stem) as the stems (modifier, head) when the
        taxonomy knows its head; else ().

        The word is cut before stemming ("Bürotische" is büro + tische, where its stem "burot" has lost
        the "-isch"). The longest head the taxonomy uses as a word wins ("Arbeitshandschuhe" is a
        Handschuh, not a Schuh); only when none fits, a head it writes only inside compounds. The
        modifier loses its linking element when what is left is a known word. A word the taxonomy uses
        as a word is not cut ("Handschuhe" stay gloves).
        """
        got = self._splits.get(word)
        if got is not None:
            return got
        got = ()
        if (self.language in COMPOUNDING and len(word) >= MIN_MODIFIER + MIN_HEAD and word.isalpha()
                and stemmed not in self.known):
            got = self._cut(word, self.known) or self._cut(word, self.tails) or ()
        return self._splits.put(word, got)

    def _cut(self, word: str, heads: frozenset[str]) -> tuple[str, str] | None:
        """(modifier, head) stems at the longest head in `heads` (the modifier as known, or as written)."""
        for cut in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1):
            # the head as written is MIN_HEAD letters or more; its stem may be shorter ("Hosen": "hos")
            head = stem(word[cut:], self.language)
            if head in heads:
                return (self._base(word[:cut]) or stem(word[:cut], self.language), head)
        return None

    def head_written(self, word: str) -> str | None:
        """The tail of a compound as written ("stühle" of "Schreibtischstühle"): the longest one whose stem the
        taxonomy uses as a word, after a modifier of `MIN_MODIFIER` letters or more; None when none is.
        Unlike `split`, a word the taxonomy knows whole is cut too: this reads a compound's head, not a
        word the taxonomy lacks."""
        lowered = word.lower()  # not casefold: "ß" keeps its place
        for cut in range(MIN_MODIFIER, len(lowered) - MIN_HEAD + 1):
            if lowered[cut:].isalpha() and stem(fold(lowered[cut:]), self.language) in self.known:
                return word[cut:]
        return None

    def complete(self, text: str) -> str:
        """A label with its suspended hyphens written out: "Büro- & Schreibtischstühle" is "Bürostühle &
        Schreibtischstühle", "Kopfhörer- & In-Ear-Ohrhörer-Polster" "Kopfhörer-Polster & In-Ear-Ohrhörer-Polster",
        "Haarklammern, -nadeln & -clips" "Haarklammern, Haarnadeln & Haarclips" (German, Dutch, Nordic).

        Why: "Büro-" is no kind of its own but the modifier of the next kind's head; read as a word it made
        "Büro" a listed kind and the label's head. A modifier whose next compound has no head the taxonomy
        knows stays a modifier of that compound ("Floh- & Zeckenschutzmittel" without "mittel": "Floh
        Zeckenschutzmittel"), never a kind."""
        if "-" not in text or self.language not in COMPOUNDING:
            return text
        got = self._completed.lookup(text)
        if got is None:
            got = text
            # "Stick-, Strick- & Häkelmuster": each trailing one reads the kind after it, completed first;
            # "-nadeln & -clips": each leading one the kind before it
            for pattern, write in ((_TRAILING, self._trail), (_LEADING, self._lead)):
                for _ in range(4):
                    done = pattern.sub(write, got)
                    if done == got:
                        break
                    got = done
            got = self._completed.put(text, got)
        return got

    def _trail(self, match: re.Match[str]) -> str:
        modifier, joiner, after = match.group(1), match.group(2), match.group(3)
        if after.endswith("-"):  # itself suspended: completed on the next pass
            return match.group(0)
        if "-" in after.strip("-"):
            return f"{modifier}-{after.strip('-').rsplit('-', 1)[1]}{joiner}"
        head = self.head_written(after)
        if head is None:
            return f"{modifier} "
        return f"{modifier}{head}{joiner}"

    def _lead(self, match: re.Match[str]) -> str:
        before, joiner, tail = match.group(1), match.group(2), match.group(3)
        word = before.rsplit(None, 1)[-1] if before.split() else before
        if "-" in word.strip("-"):
            return f"{before}{joiner}{word.strip('-').split('-', 1)[0]}-{tail}"
        head = self.head_written(word)
        if head is None or len(word) == len(head):
            return f"{before}{joiner}{tail}"
        return f"{before}{joiner}{word[: len(word) - len(head)]}{tail.lower()}"

    def parts(self, word: str, stemmed: str, *, head: bool = False) -> tuple[str, ...]:
        """The known stems a source label's word adds: its compound parts, or (for the label's head when
        it is no compound) the known stem it misspells; () when none."""
        got = self.split(word, stemmed)
        if got:
            return got
        fixed = self.correct(stemmed) if head else None
        return () if fixed is None else (fixed,)

    def acronyms(self, text: str) -> dict[str, tuple[str, ...]]:
        """The acronyms a source label writes ("LED TVs"), as its folded words -> the stems they stand for:
        the acronym itself for a plural ("tvs" -> "tv") and the word the taxonomy spells it out as."""
        out: dict[str, tuple[str, ...]] = {}
        for word in text.split():
            got = ACRONYM.match(word.strip(".,;:()[]&/+"))
            if got is None:
                continue
            short = got.group(1).casefold()
            said = ((short,) if got.group(2) else ()) + ((self.abbreviations[short],) if short in self.abbreviations else ())
            if said:
                out[got.group(0).casefold()] = said
        return out

    def spelled_out(self, text: str) -> str | None:
        """A label's normal form (`label_features.normal_label`) with its acronyms read as the words they stand
        for ("TVs" -> "televis", as "Televisions" is), or None when it writes none the taxonomy knows."""
        acronyms = {w: said[-1] for w, said in self.acronyms(text).items()}
        if not acronyms:
            return None
        return " ".join(acronyms.get(w, s) for w, s in tokens(text, self.language))

    def correct(self, stemmed: str) -> str | None:
        """The known stem a misspelt one stands for: one edit away from exactly one long known stem."""
        known = self._corrections.lookup(stemmed, _UNSEEN)
        if known is not _UNSEEN:
            return known  # type: ignore[no-any-return]
        got: str | None = None
        if len(stemmed) >= MIN_CORRECT and stemmed not in self.known and stemmed.isalpha():
            near = {k for key in _deletions(stemmed) for k in self.deletions.get(key, ()) if one_edit(stemmed, k)}
            if len(near) == 1:
                got = near.pop()
        return self._corrections.put(stemmed, got)


def _deletions(stem: str) -> set[str]:
    """The stem and the stem without each one of its letters: two stems one edit apart share one of these."""
    return {stem, *(stem[:i] + stem[i + 1:] for i in range(len(stem)))}


def one_edit(a: str, b: str) -> bool:
    """True when `b` is `a` with one letter replaced, inserted, deleted, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1:]


def spells_out(short: str, word: str) -> bool:
    """Whether a folded `word` can be what the folded acronym `short` stands for: it starts with its first
    letter, holds the others in order after it, and is at least twice as long."""
    if len(word) < 2 * len(short) or word[0] != short[0] or not word.isalpha():
        return False
    at = 1
    for letter in short[1:]:
        at = word.find(letter, at) + 1
        if at == 0:
            return False
    return True


def learn_abbreviations(language: str, paths: Iterable[list[str]]) -> dict[str, str]:
    """Acronyms -> the stem of the word they stand for, from a taxonomy's label paths in one language.

    An acronym in a label ("TV Converter Boxes") stands for the one word of its ancestors' labels, absent from
    its own, that `spells_out` it ("Television Parts & Accessories"): the general name above, the short one
    below. Kept when `ABBREVIATION_VOTES` or more categories spell it out and all as the same word ("PC" in
    French "Enceintes ... pour tablettes PC" below "Pièces pour tablettes PC" is one category's chance); a
    path with two such words, or none, says nothing."""
    votes: dict[str, list[str]] = {}
    for path in paths:
        shorts = {m.group(1).casefold() for w in path[-1].split() if (m := ACRONYM.match(w.strip(".,;:()[]&/+-")))}
        if not shorts:
            continue
        own = {s for _, s in tokens(path[-1].replace("-", " "), language)}
        pairs = {pair for text in path[:-1] for pair in tokens(text.replace("-", " "), language) if pair[1] not in own}
        for short in shorts:
            found = {s for w, s in pairs if spells_out(short, w)}
            if len(found) == 1:
                votes.setdefault(short, []).extend(found)
    return {short: found[0] for short, found in sorted(votes.items())
            if len(set(found)) == 1 and len(found) >= ABBREVIATION_VOTES}


def vocabularies(taxonomy: Taxonomy) -> dict[str, Vocabulary]:
    """One Vocabulary per language of the taxonomy's labels and aliases (languages without spaces have none)."""
    pairs: dict[str, list[tuple[str, str]]] = {}
    paths: dict[str, list[list[str]]] = {}
    for cid, cat in taxonomy.categories.items():
        texts = [(key, text) for key, text in cat.labels.items() if text]
        texts += [(key, name) for key, names in cat.aliases.items() for name in names if name]
        for key, text in texts:
            lang = language_of(key)
            if lang not in NO_SPACES:
                pairs.setdefault(lang, []).extend(tokens(text, lang))
        for key, text in cat.labels.items():
            if text and language_of(key) not in NO_SPACES and any(
                    ACRONYM.match(w.strip(".,;:()[]&/+-")) for w in text.split()):
                up = [taxonomy.categories[a].labels.get(key) or "" for a in taxonomy.ancestors(cid)]
                paths.setdefault(language_of(key), []).append([*up, text])
    out = {lang: Vocabulary.learn(lang, got) for lang, got in sorted(pairs.items())}
    for lang, vocabulary in out.items():
        vocabulary.abbreviations = learn_abbreviations(lang, paths.get(lang, ()))
    return out
