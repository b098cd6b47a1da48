"""A label listing kinds holds every narrower kind of each one it lists.

"Drucker, Kopierer & Faxgeräte" (Google's "Printers, Copiers & Fax Machines") lists printers: a
catalogue's "Laserdrucker", "Laser and LED printers" or "Imprimantes laser et LED" is a kind of
printer, so it belongs there, whatever the label similarity says (the list's other words dilute it,
and the parent's "Drucken, Kopieren, Scannen & Faxen" shares as many words). `suggest.py` already
treats a source label that *is* one listed kind ("Jackets" in "Coats & Jackets") as part of the list
(`part_of`); this module adds the source labels that are a narrower kind of a listed one: the same
head, and the listed kind's whole text at the head's end of the source label ("Laserdrucker" ends with
"Drucker", "Schreibtisch-Stühle" is "Schreibtischstühle" of "Büro- & Schreibtischstühle"; in head-first
languages the source starts with it: "Imprimantes laser" with "Imprimantes").

A listed kind that is some category's own label exactly is not used: that category is the kind's home.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .label_features import HEAD_FIRST, KnownWords, fold, heads, listed_kinds, normal_label, words
from .taxonomy_model import language_of


def glued(text: str, language: str) -> str:
    """The label's stemmed words written together: "Schreibtisch-Stühle" and "Schreibtischstühle" alike."""
    return "".join(words(text.replace("-", " "), language))


def head_ending(text: str, language: str) -> str:
    """How the label's head word ends as written (its last two letters, a plural "s" or "x" aside): "Drucker" and
    "Drucken" share the stem "druck" but not the word; "LED printer" and "Printers" are the same word."""
    said = [w for w in re.split(r"[^\w]+", fold(text)) if w]
    if not said:
        return ""
    word = said[0] if language_of(language) in HEAD_FIRST else said[-1]
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    return word[-2:]


def kind_heads(text: str, language: str, vocabulary: KnownWords | None) -> set[str]:
    """The head stems of one kind: `heads` for a kind of several words, else its own stem and the known
    head its compound ends with ("schreibtischstühle" -> schreibtischstuhl, stuhl)."""
    got = set(heads(text, language, vocabulary))
    if not got:
        own = words(text.replace("-", " "), language)
        if len(own) == 1:
            got.add(own[0])
            tail = vocabulary.tail(own[0]) if vocabulary is not None else None
            if tail is not None:
                got.add(tail)
    return got


@dataclass
class KindLists:
    """Per head stem: the taxonomy rows whose label lists a kind with that head, with the kind's glued text
    and how many kinds the label lists."""

    language: str
    #: head stem -> (row, the kind's glued stems, how many kinds the label lists, the kind's head ending, its text)
    by_head: dict[str, list[tuple[int, str, int, str, str]]] = field(default_factory=dict)

    def add(self, row: int, text: str, vocabulary: KnownWords | None, exact: dict[str, list[int]]) -> None:
        """The kinds taxonomy row `row`'s label `text` lists (none when it names one kind)."""
        kinds = [k for k in listed_kinds(text, self.language, vocabulary) if words(k, self.language)]
        if len(kinds) < 2 or any(len(words(k, self.language)) > 1 for k in kinds):
            return  # only a plain list of one-word kinds: in "Printer, Copier & Fax Machine Accessories" the
            # last kind's head may bind to every kind ("Printer" there is a modifier, not a kind)
        for kind in kinds:
            if exact.get(normal_label(kind, self.language)):
                continue  # a category is this kind exactly: the narrower kinds belong there
            for head in kind_heads(kind, self.language, vocabulary):
                self.by_head.setdefault(head, []).append(
                    (row, glued(kind, self.language), len(kinds), head_ending(kind, self.language), kind))

    def holding(self, text: str, vocabulary: KnownWords | None) -> dict[int, tuple[float, str]]:
        """Rows whose label lists a kind the source label `text` is (written otherwise: "Schreibtisch-Stühle") or
        is a narrower kind of -> (1 / how many kinds the label lists, the kind's text). The head word must end as the
        kind's does (`head_ending`: Laserdrucker is no kind of "Drucken"). A label of one word without a known
        compound head names no narrower kind."""
        if len(listed_kinds(text, self.language, vocabulary)) >= 2:
            return {}  # a label listing kinds itself ("Waffenpflege und Zubehör") is no narrower kind of one of them
        said = heads(text, self.language, vocabulary)
        if not said:
            return {}
        mine = glued(text, self.language)
        first = language_of(self.language) in HEAD_FIRST
        ending = head_ending(text, self.language)
        out: dict[int, tuple[float, str]] = {}
        for head in said:
            for row, kind, n, end, written in self.by_head.get(head, ()):
                if end == ending and (mine.startswith(kind) if first else mine.endswith(kind)):
                    if row not in out or 1.0 / n > out[row][0]:
                        out[row] = (1.0 / n, written)
        return out
