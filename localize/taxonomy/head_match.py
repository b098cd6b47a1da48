"""Whose head is it: a taxonomy label names the kind of its head noun, whatever its modifiers say.

`label_features.heads` reads a source label's head ("Desk chairs" are chairs), and the ranking lowers a
taxonomy label that shares nothing with it ("Desks"). The same holds the other way round: "Printer
Filters" are filters, "Laser Pointers" pointers, "Office Furniture Sets" sets, "Poker Chip Accessories"
accessories. A source label "Laser and LED printers" or "Office furnitures" that says nothing of a
taxonomy label's head matched only that label's modifiers, and the label names another kind of product.

`HeadTable` holds the head stems of the labels of one taxonomy language (only labels of several words or a
hyphenated word: a one-word label is its own head, and it is the similarity that compares it), and tells
which of them a source label's words name. The source's words are its stems plus what the taxonomy's
vocabulary reads in them (a compound's parts, the known spelling of a misspelt head, an acronym's word),
so that "Laserdrucker" names the head of "3D-Drucker" and "LED TVs" the head of "Curved Televisions".
Only stems are compared, never character n-grams: "printer" and "filter" share "ter", which says nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .label_features import KnownWords, heads, tokens


@dataclass
class HeadTable:
    """Head stems of a taxonomy language's labels, as a sparse rows x stems matrix."""

    columns: dict[str, int] = field(default_factory=dict)
    matrix: Any = None  # scipy.sparse.csr_matrix (rows x columns), 1 where the row's label has that head
    headed: Any = None  # numpy bool mask of the rows that have heads


def head_table(labels: list[str | None], language: str, vocabulary: KnownWords | None = None) -> HeadTable:
    """The heads of `labels` (one per taxonomy row; None = no label in this language)."""
    from scipy import sparse  # start-up cost: scipy, only when an index is built (see HEAVY_LIBRARIES)

    columns: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for row, text in enumerate(labels):
        if not text:
            continue
        for head in label_heads(text, language, vocabulary):
            rows.append(row)
            cols.append(columns.setdefault(head, len(columns)))
    matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(labels), max(1, len(columns))))
    headed = np.zeros(len(labels), dtype=bool)
    headed[np.asarray(rows, dtype=np.int64)] = True
    return HeadTable(columns, matrix, headed)


def label_heads(text: str, language: str, vocabulary: KnownWords | None = None) -> list[str]:
    """The head stems of a taxonomy label: `heads`, each with the known head it ends with when it is a compound
    ("Büro- & Schreibtischstühle" -> schreibtischstuhl, stuhl). A label of one word has none, compound or not:
    giving "Kontaktlinsenpflege" the head "pflege" lost dev half_b's contact lenses (7 categories, 2026-12-06)."""
    got = heads(text, language, vocabulary)
    if vocabulary is None:
        return got
    out: list[str] = []
    for head in got:
        tail = vocabulary.tail(head)
        out.extend([head] if tail is None else [head, tail])
    return list(dict.fromkeys(out))


def named_stems(text: str, language: str, vocabulary: KnownWords | None = None) -> set[str]:
    """Every stem a source label says: its words' stems, their compound parts and known spellings, the words
    its acronyms stand for."""
    pairs = tokens(text, language)
    out = {s for _, s in pairs}
    if vocabulary is not None:
        for word, stemmed in pairs:
            out.update(vocabulary.parts(word, stemmed, head=True))
            tail = vocabulary.tail(stemmed)
            if tail is not None:
                out.add(tail)
        for said in vocabulary.acronyms(text).values():
            out.update(said)
    return out


def other_kinds(table: HeadTable, stems: list[set[str] | None]) -> Any:
    """(sources x rows) mask: True where a taxonomy row has heads and the source (its stems; None = no label)
    names none of them: the row's label names another kind of product than the source's."""
    from scipy import sparse  # start-up cost: scipy, only when labels are scored (see HEAVY_LIBRARIES)

    n = table.matrix.shape[0]
    out = np.zeros((len(stems), n), dtype=bool)
    rows: list[int] = []
    cols: list[int] = []
    for r, said in enumerate(stems):
        if said is None:
            continue
        out[r] = table.headed
        for s in said:
            j = table.columns.get(s)
            if j is not None:
                rows.append(r)
                cols.append(j)
    if rows:
        named = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(stems), table.matrix.shape[1]))
        hit_rows, hit_cols = (named @ table.matrix.T).nonzero()
        out[hit_rows, hit_cols] = False
    return out
