"""A small bilingual word list learned from the taxonomy itself.

Taxonomy ids are the same in every locale, so each category labelled in two languages
is a tiny parallel text (`Kopfhörer & Headsets` = `Headphones & Headsets`). Counting which
stems occur together across thousands of such pairs gives a word list
good enough to compare a German label with a category that only has an English label, as
happens for categories added after the last translated release. No outside dictionary,
no machine translation: only what the taxonomy already says.

German-style compounds (`Holzbleistifte`) are split into known parts first, so that the
parts can be looked up (`holz` + `bleistift`); the split only uses stems the taxonomy
itself contains.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import permutations

from .label_features import LIST_SPLIT, STOPWORDS, normal_label, words
from .taxonomy_model import Taxonomy, language_of

COMPOUNDING = frozenset({"de", "nl", "sv", "da", "no", "nb", "fi"})
LINKS = ("", "s", "es", "n", "en", "e", "er")
MIN_PART = 3


@dataclass
class Lexicon:
    """Translations of source-language stems into target-language stems, with a weight in (0, 1]."""

    source: str
    target: str
    entries: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    known: frozenset[str] = frozenset()
    compounding: bool = False

    def split(self, stem: str) -> list[str]:
        """A compound stem into known parts (`holzbleistift` -> `holz`, `bleistift`); itself if none."""
        if not self.compounding or stem in self.entries or len(stem) < 2 * MIN_PART:
            return [stem]
        # The head (last part) decides what the thing is: try the longest known head first.
        for cut in range(MIN_PART, len(stem) - MIN_PART + 1):
            head = stem[cut:]
            if head not in self.known:
                continue
            modifier = stem[:cut]
            for link in LINKS:
                if link and not modifier.endswith(link):
                    continue
                base = modifier[: len(modifier) - len(link)] if link else modifier
                if len(base) < MIN_PART:
                    continue
                if base in self.known:
                    return [base, head]
                stemmed = words(base, self.source)
                if len(stemmed) == 1 and stemmed[0] in self.known:
                    return [stemmed[0], head]
            return [modifier, head]
        return [stem]

    def translate(self, stems: list[str]) -> dict[str, float]:
        """Target stems with weights for the given source stems (untranslatable stems are kept)."""
        out: dict[str, float] = {}
        for stem in stems:
            for part in self.split(stem):
                options = self.entries.get(part)
                if not options:
                    out[part] = max(out.get(part, 0.0), 1.0)
                    continue
                for target, weight in options[:2]:
                    out[target] = max(out.get(target, 0.0), weight)
        return out


def _association(n: int, c_s: int, c_t: int) -> float:
    """How strongly a source stem and a target stem go together (0..1).

    A weighted geometric mean of P(target | source) and P(source | target): mostly "when the
    German label says X, the English one says Y", tempered so that a target word found in
    half of all labels (`accessories`) does not become everybody's translation.
    """
    return (n / c_s) ** 0.75 * (n / c_t) ** 0.25


def learn(taxonomy: Taxonomy, source_key: str, target_key: str, *, min_weight: float = 0.2) -> Lexicon:
    """Learn a Lexicon from every category labelled in both `source_key` and `target_key`."""

    src_lang, tgt_lang = language_of(source_key), language_of(target_key)
    compounding = src_lang in COMPOUNDING
    pairs: list[tuple[list[str], set[str]]] = []
    known: set[str] = set()
    for cat in taxonomy.categories.values():
        a, b = cat.labels.get(source_key), cat.labels.get(target_key)
        if a:
            known.update(words(a, src_lang))
        if a and b:
            pairs.append((words(a, src_lang), set(words(b, tgt_lang))))
    lexicon = Lexicon(source_key, target_key, known=frozenset(w for w in known if len(w) >= MIN_PART),
                      compounding=compounding)
    c_src: Counter[str] = Counter()
    c_tgt: Counter[str] = Counter()
    c_pair: Counter[tuple[str, str]] = Counter()
    for src_words, tgt_words in pairs:
        parts = set()
        for w in src_words:
            parts.add(w)
            if compounding:
                parts.update(lexicon.split(w))
        c_src.update(parts)
        c_tgt.update(tgt_words)
        for s in parts:
            for t in tgt_words:
                c_pair[(s, t)] += 1
    entries: dict[str, list[tuple[str, float]]] = {}
    for (s, t), n in c_pair.items():
        weight = _association(n, c_src[s], c_tgt[t])
        if weight >= min_weight:
            entries.setdefault(s, []).append((t, round(weight, 4)))
    for options in entries.values():
        options.sort(key=lambda x: (-x[1], x[0]))
    lexicon.entries = entries
    # Parts seen only inside compounds are words too: let later splits find them.
    lexicon.known = frozenset(lexicon.known | {w for w in entries if len(w) >= MIN_PART})
    return lexicon


def listed_children(taxonomy: Taxonomy, key: str, fallback: str, complete: Callable[[str], str] | None = None,
                    lexicon: Lexicon | None = None) -> dict[str, str]:
    """Labels in `key` for categories labelled only in `fallback`, read off their parent's list label.

    Google split groups into English-only leaves after its last translated release: 505771
    "Kopfhörer & Headsets" = "Headphones & Headsets" got the children "Headphones" and "Headsets",
    labelled in English only. The group's two labels are a tiny parallel list, and a translation
    keeps a list's order: when both list the same number of kinds and a child's `fallback` label is
    one listed kind (its words, and maybe words the list shares: "Baby Bottle Nipples & Liners" >
    "Baby Bottle Liners"), the kind at the same place in `key` is that child's label ("Kopfhörer"), when
    each kind in `key` has as many words and none starts with a function word (none carries what they share).
    Without it a German "Kopfhörer" finds the group (its label names the kind) and never the leaf
    (its English label shares no word with it). A child whose label is no listed kind gets nothing;
    a kind two children share names neither. `complete`: how the language writes its suspended hyphens out
    (`words.Vocabulary.complete`: "Spiel- & Krabbeldecken" lists "Spieldecken", not "Spiel-"). `lexicon` (`key`
    into `fallback`): a translator may reorder a list ("Hair Pins, Claws & Clips" is "Haarklammern, -nadeln &
    -clips"); when the word list reads the kinds better in another order than the list's own, the group names
    none of its children.
    """
    language, other = language_of(key), language_of(fallback)
    split_here = LIST_SPLIT.get(language, LIST_SPLIT["en"])
    split_there = LIST_SPLIT.get(other, LIST_SPLIT["en"])
    out: dict[str, str] = {}
    for parent, kids in taxonomy.children_of.items():
        if parent is None or parent not in taxonomy.categories:
            continue
        labels = taxonomy.categories[parent].labels
        here, there = labels.get(key), labels.get(fallback)
        if here and complete is not None:
            here = complete(here)
        wanted = [k for k in kids if not taxonomy.categories[k].labels.get(key)
                  and taxonomy.categories[k].labels.get(fallback)]
        if not here or not there or not wanted:
            continue
        kinds_here = [p.strip() for p in split_here.split(here) if p.strip()]
        kinds_there = [frozenset(words(p, other)) for p in split_there.split(there) if p.strip()]
        if len(kinds_here) < 2 or len(kinds_here) != len(kinds_there) or len(set(kinds_there)) != len(kinds_there):
            continue
        group = frozenset().union(*kinds_there)
        # kinds of as many words each, none starting with a function word, say all they are; else a word one of
        # them carries may qualify them all, and a kind alone says less than the child ("Liquides, stylos et
        # rubans correcteurs": "Liquides" are any fluids; "Détecteurs de fumée et de dioxyde de carbone")
        stop = STOPWORDS.get(language, frozenset())
        if len({len(words(kind, language)) for kind in kinds_here}) != 1 or any(
                kind.split()[0].casefold() in stop for kind in kinds_here):
            continue
        named: dict[int, list[str]] = {}
        for kid in wanted:
            own = frozenset(words(taxonomy.categories[kid].labels[fallback], other))
            # the kind's words, and maybe words the list shares ("Baby Bottle Nipples & Liners" > "Baby Bottle
            # Liners"; "Swaddling & Receiving Blankets" > "Swaddling Blankets"): nothing the group does not say
            at = [i for i, kind in enumerate(kinds_there) if kind <= own] if own <= group else []
            if len(at) == 1:
                named.setdefault(at[0], []).append(kid)
        if lexicon is not None and named and _reordered(lexicon, [words(kind, language) for kind in kinds_here],
                                                        kinds_there):
            continue
        for at, found in named.items():
            if len(found) == 1 and normal_label(kinds_here[at], language):
                out[found[0]] = kinds_here[at]
    return out


#: How much better (summed word-list weights) another order of a list must read before its own order is doubted.
REORDERED = 0.1


def _reordered(lexicon: Lexicon, kinds_here: list[list[str]], kinds_there: list[frozenset[str]]) -> bool:
    """Whether the word list pairs a list's kinds (stems, in order) with the other language's kinds better in
    another order than in the lists' own (a translator reordered them). Lists longer than 6 are not checked."""
    if len(kinds_here) > 6:
        return False
    said = [lexicon.translate(stems) for stems in kinds_here]
    score = [[sum(w for t, w in got.items() if t in kind) for kind in kinds_there] for got in said]
    own = sum(score[i][i] for i in range(len(score)))
    return any(sum(score[i][j] for i, j in enumerate(order)) > own + REORDERED
               for order in permutations(range(len(score))))
