"""Ranking taxonomy categories for the catalogue's categories.

The question for each source category is "which taxonomy category holds what this one
holds?", and the honest answer is often a broader one: a catalogue can be finer than the
taxonomy. The ranking combines three principled signals:

1. Label similarity in every language both sides have (TF-IDF over stems and character
   n-grams, see `text.py`). Languages are aligned through the taxonomy's ids, which are the
   same in every locale, so a German label is compared with the German label of the same id.
2. Path context: a category usually maps inside the subtree that its parent maps to, so a
   candidate below the parent's choice keeps its full similarity while one elsewhere must be
   clearly better to win. Parents are decided first (top-down), using a mapping a person
   gave when there is one.
3. Hierarchy-aware back-off: when nothing below the parent's choice resembles the category,
   the parent's choice itself (the nearest broader category) is the answer.

That decides the first candidate. The others (rank 2 and below) come from the top-down
probability model of `hypotheses.py`: the parent's own hypotheses (the nearest broader
categories, including those under its second and third guesses), their children, and strong
label matches elsewhere; its evidence also compares German labels with English-only
categories through the word list learned from the taxonomy (`crosslingual.py`). When the
decision rests on a merely similar label and the model clearly prefers another category,
the model's choice becomes the first candidate (`overrule`).

Scores are in [0, 1] and read best first. The first candidate's score is a confidence: it is
high for an exact label match, for a back-off it is the parent's confidence reduced by how
plausible the best specific alternative looked, and for an overruled decision it is the
model's probability (at most the overruled score). The other candidates' scores are the model's probabilities.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .calibrate import CHILDREN_FEATURES, EVIDENCE_FEATURES, FEATURES, PRODUCT_FEATURES, load_calibration
from .children import agree
from .crosslingual import Lexicon, learn, listed_children
from .hypotheses import Hypotheses, Priors
from .label_features import LIST_SPLIT, features, heads, normal_label, stem_features, words
from .pivot import Pivot, Witness, default_taxonomy, pivot_kind
from .readable_codes import code_words, joined, joined_rows
from .source import SourceTree
from .taxonomy_model import Taxonomy, language_of
from .words import vocabularies

#: Changes whenever the ranking can give different answers for the same inputs (incremental runs).
RANKING_VERSION = "16"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One ranked taxonomy category for a source category."""

    id: str
    score: float
    how: str = "label"  # exact | label | broader | fixed


@dataclass
class SuggestOptions:
    """Knobs of the ranking. The defaults are principled, not fitted to one catalogue."""

    top: int = 5
    #: How many globally similar categories to consider besides the parent's subtree.
    pool: int = 40
    #: A candidate outside the subtree of the parent's choice keeps this share of its similarity.
    outside: float = 0.6
    #: The similarity a specific candidate needs before it beats the nearest broader category.
    specific: float = 0.6
    #: How many of the parent's candidates open their subtree to the child.
    beam: int = 3
    #: The parent's parent as a back-off keeps this share of the back-off score.
    broader: float = 0.5
    #: Share of the children's agreement a parent category gets as a candidate (0 = off).
    children: float = 0.7
    #: Weight of the word-list comparison for categories that do have a label in the language.
    translated: float = 0.0
    #: Only these source locales are used (empty = every locale the source has).
    languages: tuple[str, ...] = ()
    #: Weight of the word-list comparison in the evidence for the alternatives (rank 2 and below):
    #: a second, noisier view that helps tell apart the children of a broad category.
    evidence_translated: float = 0.8
    #: A decision on a merely similar label gives way when the model finds another category
    #: more probable by this much (0 = never).
    overrule: float = 0.25
    #: A taxonomy label sharing nothing with the head of a source label of several words (only its
    #: modifiers: "Desks" for "Desk chairs", "Bureaux" for "Chaises de bureau") keeps this share of its
    #: similarity: it names another kind of product (1 = off).
    modifier: float = 0.5
    #: A label qualified by its parent's ("Accessories" below "Clothes") matches the taxonomy label that
    #: says both ("Clothing Accessories") exactly.
    qualified: bool = True
    #: How many of a category's hypotheses its children consider.
    hypotheses: int = 8
    #: The top-down model that ranks the alternatives (see `hypotheses.py`).
    priors: Priors = field(default_factory=Priors)
    #: Onto Google's or Shopify's taxonomy, the default taxonomy's decision carried over its crosswalk is a
    #: second witness of each candidate (`pivot.py`; config `taxonomy.suggest.pivot: false` turns it off).
    pivot: bool = True


@dataclass
class _Index:
    """TF-IDF vectors of one taxonomy language: rows = categories."""

    key: str
    language: str
    vocab: dict[str, int]
    idf: Any  # numpy array
    matrix: Any  # scipy.sparse.csr_matrix, L2-normalised rows
    exact: dict[str, list[int]] = field(default_factory=dict)  # normal label -> row numbers
    #: one kind of a label that lists several ("Print, Copy, Scan & Fax" -> print, copy, scan, fax) -> row numbers
    parts: dict[str, list[int]] = field(default_factory=dict)
    #: row number -> how many kinds its label lists, for labels that are a plain list of one-word kinds
    #: ("Coats & Jackets", "Print, Copy, Scan & Fax"; not "Brass Instrument Cases & Gigbags", where a
    #: qualifier may bind to every kind or one)
    kinds: dict[int, int] = field(default_factory=dict)
    #: the set of a label's words (two or more) -> row numbers: "Clothing Accessories" is {cloth, accessori}
    bags: dict[frozenset[str], list[int]] = field(default_factory=dict)
    fallback_key: str | None = None  # the language used for categories without a label in this one
    fallback_rows: Any = None  # numpy bool mask of those categories



def code_fingerprint() -> str:
    """What a calibration fit depends on in the code: the ranking's version and options, the feature lists.

    Why these: a change of any of them changes the candidates' features or the ranking they come
    from, so weights fitted before it mean something else (RANKING_VERSION changes whenever the
    ranking can answer differently; the options' defaults are its knobs). `calibration.json`
    records the one it was fitted for; the ranking refuses another (`calibrate.StaleCalibration`)."""
    text = json.dumps({"ranking": RANKING_VERSION, "options": repr(SuggestOptions()),
                       "features": [FEATURES, EVIDENCE_FEATURES, PRODUCT_FEATURES, CHILDREN_FEATURES]},
                      sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


#: A tree's root mapped below this calibrated confidence gives its children no context.
ROOT_CONTEXT = 0.5

#: Source labels whose TF-IDF rows are remembered (`Suggester._label_rows`) before the memory is cleared.
LABEL_CACHE = 200_000


class Suggester:
    """Build once per taxonomy, then rank any number of catalogues against it."""

    def __init__(self, taxonomy: Taxonomy, options: SuggestOptions | None = None, calibration: Any = "default") -> None:
        """`calibration`: a `calibrate.Calibration`, "default" (the shipped one) or None (heuristic scores)."""


        self.calibration = load_calibration(expect=code_fingerprint()) if calibration == "default" else calibration
        self.taxonomy = taxonomy
        self.options = options or SuggestOptions()
        self.ids: list[str] = list(taxonomy.categories)
        self.row: dict[str, int] = {cid: i for i, cid in enumerate(self.ids)}
        n = len(self.ids)
        # ancestors as row numbers, for subtree tests
        self.parent = np.full(n, -1, dtype=np.int64)
        for i, cid in enumerate(self.ids):
            p = taxonomy.categories[cid].parent
            if p is not None and p in self.row:
                self.parent[i] = self.row[p]
        self.depth = np.array([taxonomy.depth(cid) for cid in self.ids], dtype=np.int64)
        self.hypotheses = Hypotheses(self.parent, self.options.priors)
        self.vocabularies = vocabularies(taxonomy)  # compound heads and spellings, per language (words.py)
        self.indexes: dict[str, _Index] = {}
        for key in taxonomy.label_keys:
            self.indexes[key] = self._build(key)
        kind = pivot_kind(taxonomy) if self.options.pivot else None
        #: the default taxonomy as a second witness (`pivot.py`), built on first use
        self._pivot: Pivot | None = None
        self._pivot_kind = kind
        self._witness: dict[str, Witness] = {}

    def pivot(self) -> Pivot | None:
        """The second witness onto Google's/Shopify's taxonomy (None onto any other)."""
        if self._pivot is None and self._pivot_kind is not None:
            ranking = Suggester(default_taxonomy(), dataclasses.replace(self.options, pivot=False), self.calibration)
            self._pivot = Pivot(self.taxonomy, self._pivot_kind, ranking)
        return self._pivot

    # ---- index ------------------------------------------------------------------
    def _build(self, key: str) -> _Index:

        language = language_of(key)
        vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        df: dict[int, int] = {}
        exact: dict[str, list[int]] = {}
        parts: dict[str, list[int]] = {}
        bags: dict[frozenset[str], list[int]] = {}
        kinds: dict[int, int] = {}
        chain = self.taxonomy.chain(key)
        fallback_rows = np.zeros(len(self.ids), dtype=bool)
        fallback_key: str | None = None
        vocabulary = self.vocabularies.get(language)
        for i, cid in enumerate(self.ids):
            labels = self.taxonomy.categories[cid].labels
            text = labels.get(key)
            text_language = language
            if not text:
                # No label in this language: compare with the label a reader of this language
                # would see (the fallback, usually English); cognates still match.
                fallback = next((k for k in chain if labels.get(k)), None)
                if fallback is None:
                    continue
                text, text_language = labels[fallback], language_of(fallback)
                fallback_rows[i] = True
                fallback_key = fallback_key or fallback
                said = self._listed_children(key, fallback).get(cid)
                if said is not None:
                    # its parent's list label names it in this language ("Kopfhörer & Headsets": "Kopfhörer");
                    # still also read through the word list as the other fallback rows are
                    text, text_language = said, language
                    exact.setdefault(normal_label(text, language), []).append(i)
                elif text_language == language:
                    # the same language's general label (`en` for `en-US`): what the reader sees, word for word
                    exact.setdefault(normal_label(text, language), []).append(i)
            else:
                exact.setdefault(normal_label(text, language), []).append(i)
            if text_language == language:
                bag = frozenset(words(text, language))
                if len(bag) >= 2:
                    bags.setdefault(bag, []).append(i)
                # the kinds it lists with suspended hyphens written out: "Büro- & Schreibtischstühle" lists
                # chairs twice, no "Büro" (`words.Vocabulary.complete`); its words stay as written
                listed = self._kinds(vocabulary.complete(text) if vocabulary is not None else text, language)
                for part in listed:
                    parts.setdefault(part, []).append(i)
                if listed and all(" " not in kind for kind in listed):
                    kinds[i] = len(listed)
            aliases = self.taxonomy.categories[cid].aliases
            for alias_key, names in aliases.items():
                if language_of(alias_key) == language:
                    for name in names:  # another common name of the category: an exact match too
                        exact.setdefault(normal_label(name, language), []).append(i)
            for feat, weight in features(text, text_language).items():
                j = vocab.setdefault(feat, len(vocab))
                rows.append(i)
                cols.append(j)
                vals.append(weight)
                df[j] = df.get(j, 0) + 1
        labelled = max(1, len({r for r in rows}))
        idf = np.ones(len(vocab), dtype=np.float64)
        for j, count in df.items():
            idf[j] = math.log((1 + labelled) / (1 + count)) + 1.0
        from scipy import sparse  # start-up cost: scipy, only when an index is built (see HEAVY_LIBRARIES)

        matrix = sparse.csr_matrix(
            (np.asarray(vals, dtype=np.float64) * idf[np.asarray(cols, dtype=np.int64)], (rows, cols)),
            shape=(len(self.ids), len(vocab)),
        )
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        matrix = sparse.diags(1.0 / norms) @ matrix
        return _Index(key=key, language=language, vocab=vocab, idf=idf, matrix=matrix.tocsr(), exact=exact, parts=parts, bags=bags,
                      kinds=kinds, fallback_key=fallback_key, fallback_rows=fallback_rows)

    def _listed_children(self, key: str, fallback: str) -> dict[str, str]:
        """`crosslingual.listed_children` per (language, fallback), built once per taxonomy."""
        cache = self.__dict__.setdefault("_listed_children_cache", {})
        if (key, fallback) not in cache:
            vocabulary = self.vocabularies.get(language_of(key))
            cache[(key, fallback)] = listed_children(
                self.taxonomy, key, fallback, vocabulary.complete if vocabulary is not None else None,
                self.lexicon(key, fallback)) if key != fallback else {}
        return cache[(key, fallback)]

    def _vectors(self, index: _Index, feature_rows: list[dict[str, float] | None]) -> Any:
        """Feature dicts as TF-IDF rows in the index's space; unknown features still count in the norm."""
        return self._stack(index, [self._entries(index, feats) if feats else None for feats in feature_rows])

    def _entries(self, index: _Index, feats: dict[str, float]) -> tuple[Any, Any]:
        """One feature dict as (column numbers, L2-normalised TF-IDF weights) in the index's space."""
        max_idf = math.log(1 + index.matrix.shape[0]) + 1.0
        norm_sq = 0.0
        cols: list[int] = []
        vals: list[float] = []
        for feat, weight in feats.items():
            j = index.vocab.get(feat)
            w = weight * (index.idf[j] if j is not None else max_idf)
            norm_sq += w * w
            if j is not None:
                cols.append(j)
                vals.append(w)
        norm = math.sqrt(norm_sq) or 1.0
        return np.asarray(cols, dtype=np.int64), np.asarray(vals, dtype=np.float64) / norm

    @staticmethod
    def _stack(index: _Index, entries: list[tuple[Any, Any] | None]) -> Any:
        """Rows of (columns, weights) as one sparse matrix (None = an empty row)."""
        from scipy import sparse  # start-up cost: scipy, only when labels are scored (see HEAVY_LIBRARIES)

        lengths = np.asarray([0 if e is None else len(e[0]) for e in entries], dtype=np.int64)
        indptr = np.concatenate(([0], np.cumsum(lengths)))
        present = [e for e in entries if e is not None]
        cols = np.concatenate([e[0] for e in present]) if present else np.zeros(0, dtype=np.int64)
        vals = np.concatenate([e[1] for e in present]) if present else np.zeros(0, dtype=np.float64)
        return sparse.csr_matrix((vals, cols, indptr), shape=(len(entries), len(index.vocab)))

    def _label_rows(self, index: _Index, texts: list[str | None], tag: str, source_key: str = "") -> Any:
        """The TF-IDF rows of source labels, remembered per label: a catalogue's labels are compared
        several times (children's support, the ranking) and many repeat ("Accessories")."""
        cache = self.__dict__.setdefault("_label_cache", {})
        if len(cache) > LABEL_CACHE:
            cache.clear()
        entries: list[tuple[Any, Any] | None] = []
        for text in texts:
            if not text:
                entries.append(None)
                continue
            key = (index.key, tag, source_key, text)
            got = cache.get(key)
            if got is None:
                if tag == "direct":
                    feats = features(text, index.language, self.vocabularies.get(index.language))
                else:  # through the word list learned from the source language into this one
                    feats = stem_features(self.lexicon(source_key, index.key).translate(words(text, self.indexes[source_key].language)))
                got = cache[key] = self._entries(index, feats)
            entries.append(got)
        return self._stack(index, entries)

    def lexicon(self, source_key: str, target_key: str) -> Lexicon:
        cache = self.__dict__.setdefault("_lexicons", {})
        got = cache.get((source_key, target_key))
        if got is None:
            got = cache[(source_key, target_key)] = learn(self.taxonomy, source_key, target_key)
        return got

    def _joined(self, index: _Index) -> dict[str, list[int]]:
        """The index's exact texts as `readable_codes.joined` writes them (built on first use: only for
        categories known by their code, which most catalogues lack)."""
        cache = self.__dict__.setdefault("_joined_rows", {})
        if index.key not in cache:
            cache[index.key] = joined_rows(self.taxonomy, self.ids, index.key)
        return cache[index.key]

    # ---- ranking ----------------------------------------------------------------
    def pairs(self, tree: SourceTree) -> list[tuple[str, _Index]]:
        """(source locale, taxonomy index) for every language both sides have."""
        out = []
        wanted = {loc.replace("_", "-") for loc in self.options.languages}
        for loc in tree.locales:
            if wanted and loc not in wanted:
                continue
            chain = self.taxonomy.chain(loc)
            keys = [k for k in chain if language_of(k) == language_of(loc)]
            if keys:
                out.append((loc, self.indexes[keys[0]]))
        return out

    def similarity(self, tree: SourceTree, codes: list[str]) -> Any:
        """Dense label similarity (codes x taxonomy rows): the best over the shared languages."""
        return self.similarities(tree, codes, (self.options.translated,))[0]

    def similarities(self, tree: SourceTree, codes: list[str], translated: tuple[float, ...],
                     mean: list[Any] | None = None, part_of: list[dict[int, float]] | None = None,
                     headed: tuple[bool, ...] = (), modifiers: list[Any] | None = None) -> list[Any]:
        """One similarity matrix per weight of the word-list comparison for labelled categories.

        The direct comparison in each shared language is computed once; categories without a
        label in the language are always compared through the word list learned from the
        categories labelled in both languages, and categories that do have a label are too,
        with the given weight (0 = not at all).
        `headed`: per weight, whether labels matching only a source label's modifiers are lowered
        (`_discount_modifiers`); the decision's view is, the top-down model's evidence is not.
        `modifiers` receives the mask (codes x rows) of the labels so lowered.
        `part_of` receives, per code, the taxonomy rows whose label is a plain list of kinds naming the
        code's label as one of them ("Jackets" in "Coats & Jackets"), with the share that kind is of the
        list (1/kinds), when no category is that kind exactly (then the exact label says it).
        """

        direct = np.zeros((len(codes), len(self.ids)), dtype=np.float64)
        headed = tuple(headed) + (False,) * (len(translated) - len(headed))
        focused = np.zeros_like(direct) if any(headed) and self.options.modifier < 1.0 else None
        total = np.zeros((len(codes), len(self.ids)), dtype=np.float64) if mean is not None else None
        count = np.zeros((len(codes), 1), dtype=np.float64)
        views: list[tuple[Any, Any]] = []  # (word-list similarity, mask of rows without a label)
        if part_of is not None:
            part_of.extend({} for _ in codes)
        # a category listed without any label is read by its code, as one missing from the file is (`code_words`)
        unlabelled = [None if any(tree.categories[c].labels.values()) else code_words(c) for c in codes]
        from_code = [tree.categories[c].from_code or unlabelled[r] is not None for r, c in enumerate(codes)]
        for loc, index in self.pairs(tree):
            texts = [tree.categories[c].labels.get(loc) or unlabelled[r] for r, c in enumerate(codes)]
            vocabulary = self.vocabularies.get(index.language)
            # the kinds and heads a label names, its suspended hyphens written out ("Baby- & Kleinkindsocken"
            # names socks twice, no "Baby"), as the taxonomy's lists are read (`_build`); its words stay as written
            kinds_of = [vocabulary.complete(t) if t and vocabulary is not None else t for t in texts]
            sims = (self._label_rows(index, texts, "direct") @ index.matrix.T).toarray()
            for r, text in enumerate(texts):
                if text:
                    normal = normal_label(text, index.language)
                    hits = index.exact.get(normal, ())
                    if not hits and from_code[r]:
                        hits = self._joined(index).get(joined(text, index.language) or "", ())
                    if part_of is not None and not hits:
                        # one kind of a plain list, when no category is that kind exactly in this language
                        for i in index.parts.get(normal, ()):
                            if i in index.kinds:
                                share = 1.0 / index.kinds[i]
                                if share > part_of[r].get(i, 0.0):
                                    part_of[r][i] = share
                    for i in hits:
                        sims[r, i] = 1.0
                    if not hits:
                        for i in self._qualified(tree, codes[r], loc, index, text):
                            sims[r, i] = 1.0
                        listed = self.__dict__.setdefault("_listed", {})
                        key = (index.key, text)
                        if key not in listed:
                            if len(listed) > LABEL_CACHE:
                                listed.clear()
                            listed[key] = self._listed_kinds(index, kinds_of[r] or text)
                        common = listed[key]
                        if common is not None:
                            sims[r, common] = 1.0
            np.maximum(direct, sims, out=direct)
            seen = sims
            if focused is not None:
                lowered = self._discount_modifiers(index, kinds_of, sims)
                if lowered is not None:
                    seen = sims.copy()
                    seen[lowered] *= self.options.modifier
                np.maximum(focused, seen, out=focused)
            if total is not None:
                # as the decision reads each language: a label matching only a modifier is not agreement
                total += seen
                count[:, 0] += [1.0 if t else 0.0 for t in texts]
            if index.fallback_key is not None and (index.fallback_rows.any() or any(translated)):
                target = self.indexes[index.fallback_key]
                rows = self._label_rows(target, texts, "translated", index.key)
                views.append(((rows @ target.matrix.T).toarray(), index.fallback_rows))
        if modifiers is not None:
            modifiers.append(focused < direct if focused is not None else np.zeros(direct.shape, dtype=bool))
        if mean is not None and total is not None:
            mean.append(total / np.maximum(count, 1.0))  # do the languages agree? (a false friend in one does not)
        out = []
        for weight, head in zip(translated, headed, strict=True):
            best = (focused if head and focused is not None else direct).copy()
            for tsims, missing in views:
                np.maximum(best, np.where(missing, tsims, tsims * weight), out=best)
            out.append(best)
        return out

    def _discount_modifiers(self, index: _Index, texts: list[str | None], sims: Any) -> Any:
        """Where taxonomy labels match a source label's modifiers only: a boolean mask like `sims`, or None.

        A label of several words names a kind by its head ("Desk chairs" are chairs): a taxonomy
        label sharing no feature with the head matched a word that only qualifies it, so the
        decision keeps `modifier` of its similarity. Exact matches (1.0) stay; a label of one word
        has no modifier.
        """
        cache = self.__dict__.setdefault("_head_cache", {})
        if len(cache) > LABEL_CACHE:
            cache.clear()
        entries: list[tuple[Any, Any] | None] = []
        for text in texts:
            key = (index.key, text)
            if key not in cache:
                got = heads(text, index.language, self.vocabularies.get(index.language)) if text else []
                cache[key] = self._entries(index, stem_features(dict.fromkeys(got, 1.0))) if got else None
            entries.append(cache[key])
        if not any(e is not None for e in entries):
            return None
        wanted = np.asarray([e is not None for e in entries])
        off = (sims > 0.0) & (sims < 0.999) & wanted[:, None]
        # where the head shares a feature with the taxonomy label (sparse: a few rows per head)
        rows, cols = (self._stack(index, entries) @ index.matrix.T).nonzero()
        off[rows, cols] = False
        return off

    def _qualified(self, tree: SourceTree, code: str, loc: str, index: _Index, text: str) -> list[int]:
        """Taxonomy rows whose label is the category's label qualified by its parent's ("Accessories" below
        "Clothes" is "Clothing Accessories"; "Parts" below "Bicycles", "Bicycle Parts").

        A catalogue names a child by what it adds to its parent: the two labels' words together are the
        taxonomy label's words (in any order), when each label adds a word the other lacks and the
        taxonomy label is not what the parent's label alone names, nor a plain list of kinds ("Clothing &
        Accessories" lists two kinds side by side). Such a row is an exact match.
        """
        parent = tree.categories[code].parent
        above = tree.categories.get(parent) if parent is not None else None
        label = above.labels.get(loc) if above is not None else None
        if not label or not index.bags or not self.options.qualified:
            return []
        own, theirs = set(words(text, index.language)), set(words(label, index.language))
        if not own or not theirs or own <= theirs or theirs <= own:
            return []
        rows = index.bags.get(frozenset(own | theirs), [])
        named = set(index.bags.get(frozenset(theirs), ())) | set(index.exact.get(normal_label(label, index.language), ()))
        # a label listing both as kinds ("Vêtements et accessoires", "Apparel & Accessories") names a group
        # holding the parent's kind and another, not the parent's own accessories
        return [i for i in rows if i not in named and i not in index.kinds]

    @staticmethod
    def _kinds(text: str, language: str) -> list[str]:
        """The kinds a label lists, as normal labels (none for a label naming one kind)."""
        split = LIST_SPLIT.get(language, LIST_SPLIT["en"]).split(text)
        got = [k for k in (normal_label(p, language) for p in split if p.strip()) if k]
        return got if len(got) >= 2 else []

    def _listed_kinds(self, index: _Index, text: str) -> int | None:
        """The category a label listing several kinds names ("TVs and projectors", "Audio & Video").

        When every listed kind is exactly one taxonomy category, the label means the category that
        holds them all: their nearest common ancestor. Otherwise, when exactly one taxonomy label
        lists all of them among its own kinds, that category. None when neither (a kind unknown or
        ambiguous: then the label says no more than its words).
        """
        parts = [p for p in LIST_SPLIT.get(index.language, LIST_SPLIT["en"]).split(text) if p.strip()]
        if len(parts) < 2:
            return None
        rows: list[int] | None = []
        vocabulary = self.vocabularies.get(index.language)
        for part in parts:
            hits = index.exact.get(normal_label(part, index.language), ())
            if not hits and vocabulary is not None:  # "TVs": the acronym the taxonomy spells out ("Televisions")
                hits = index.exact.get(vocabulary.spelled_out(part) or "", ())
            if len(set(hits)) != 1:
                rows = None
                break
            rows.append(hits[0])
        if rows:
            common = self._ancestors_or_self(rows[0])
            for row in rows[1:]:
                mine = set(self._ancestors_or_self(row))
                common = [a for a in common if a in mine]
            if common:
                return common[0]
        # A taxonomy label listing every one of these kinds (and maybe more) names the category that holds
        # them: "Print and scan" is "Print, Copy, Scan & Fax" when no other label lists both.
        kinds = [normal_label(p, index.language) for p in parts]
        if not all(kinds):
            return None
        listing = set(index.parts.get(kinds[0], ()))
        for kind in kinds[1:]:
            listing &= set(index.parts.get(kind, ()))
        return listing.pop() if len(listing) == 1 else None

    def _ancestors_or_self(self, row: int) -> list[int]:
        """Taxonomy rows from `row` up to its root (nearest first)."""
        out = [row]
        while self.parent[out[-1]] >= 0:
            out.append(int(self.parent[out[-1]]))
        return out

    def suggest(
        self,
        tree: SourceTree,
        *,
        fixed: dict[str, str] | None = None,
        top: int | None = None,
        codes: list[str] | None = None,
        known: dict[str, Any] | None = None,
        chunk: int = 256,
        collect: list[tuple[str, str, list[float]]] | None = None,
        top_level: set[str] | None = None,
        witness: bool = True,
    ) -> dict[str, list[Candidate]]:
        """Ranked candidates (best first) for the categories of `tree`, parents before children.

        The first candidate is the decision (`_rank`); the others are the most likely
        alternatives under the top-down model of `hypotheses.py`.
        `fixed` holds mappings a person already gave (explicit, rule, accepted): they are the
        parents' choice for their children, and come back as a single candidate of score 1.
        `codes` restricts the work to some categories; their ancestors are then taken from
        `known` (earlier results, objects with `.candidates`/`.id`/`.score`) or ranked too.
        With a calibration the candidates are re-ranked by their calibrated probability and the
        first one's score is its calibrated confidence (`calibrate.py`); `collect` receives
        (code, taxonomy id, features) of every candidate considered, for fitting; `top_level` receives the
        codes ranked without context (their children's agreement weighs more, `children.agree`).
        `witness=False` ranks this call without the second witness (`pivot.py`) on the same indexes: the
        resolver's categories outside the product-type trees (`CategoryResolver`).
        """

        fixed = dict(fixed or {})
        top = top or self.options.top
        wanted = set(codes) if codes is not None else set(tree.categories)
        result: dict[str, list[Candidate]] = {}
        decisions: dict[str, list[Candidate]] = {}  # the decision rule's own ranking: the children's context
        hyps: dict[str, list[tuple[int, float]]] = {}  # the model's hypotheses: the children's alternatives
        for code, res in (known or {}).items():
            if code in wanted:
                continue
            if getattr(res, "candidates", None):
                result[code] = decisions[code] = list(res.candidates)
            elif getattr(res, "id", None):
                result[code] = decisions[code] = [Candidate(res.id, float(res.score), "fixed")]
            else:
                continue
            hyps[code] = self._from_candidates(result[code])
        todo = [c for c in tree.topological() if c not in result and (c in wanted or self._needed(tree, c, wanted))]
        pivot = self.pivot() if witness else None
        self._witness = pivot.witnesses(tree, set(todo)) if pivot is not None and todo else {}
        support = self._children_support(tree, todo, fixed) if self.options.children else {}
        state = (result, decisions, hyps)
        free: set[str] = set()  # ranked without context
        self._decide(tree, todo, fixed, support, state, top, chunk, collect, frozenset(), free)
        # A group's mapping is its children's context only while its children, placed with it, corroborate it:
        # a top-level group whose label matched a false friend ("Bureau" is Google's "Desks") and whose
        # children back off to it or land elsewhere is a grouping of the catalogue, not that kind.
        detached: frozenset[str] = frozenset()
        decided_here = set(todo)
        for _ in range(3):
            more = self._uncorroborated(tree, todo, decided_here, state, detached, (fixed, support, top, chunk))
            if not more:
                break
            detached = detached | more
            redo = [c for c in todo if any(a in more for a in tree.ancestors(c))]
            gone = set(redo)
            for code in redo:
                for table in state:
                    table.pop(code, None)
            if collect is not None:
                collect[:] = [item for item in collect if item[0] not in gone]
            free -= gone
            self._decide(tree, redo, fixed, support, state, top, chunk, collect, detached, free)
        out = {code: result[code] for code in tree.categories if code in wanted and code in result}
        if top_level is not None:
            top_level.update(free)
        # bottom-up: what the children were placed in corroborates (or not) their parent's decision
        return agree(self.taxonomy, self.calibration, tree, result, out, top_level=free)

    def _decide(self, tree: SourceTree, todo: list[str], fixed: dict[str, str], support: dict[str, tuple[int, float]],
                state: tuple[dict[str, list[Candidate]], dict[str, list[Candidate]], dict[str, list[tuple[int, float]]]],
                top: int, chunk: int, collect: list[tuple[str, str, list[float]]] | None,
                detached: frozenset[str], free: set[str]) -> None:
        """Rank `todo` (parents before children) level by level into `state` = (result, decisions, hyps).

        `detached`: categories that are no context for their children (`_uncorroborated`); `free` receives
        the categories ranked without context."""
        result, decisions, hyps = state
        levels: dict[int, list[str]] = {}
        for code in todo:
            levels.setdefault(len(tree.ancestors(code)), []).append(code)
        weights = (self.options.translated, self.options.evidence_translated)
        for depth in sorted(levels):
            pending = []
            for code in levels[depth]:
                if code in fixed and fixed[code] in self.row:
                    result[code] = decisions[code] = [Candidate(fixed[code], 1.0, "fixed")]
                    hyps[code] = [(self.row[fixed[code]], 1.0)]
                else:
                    pending.append(code)
            for start in range(0, len(pending), chunk):
                part = pending[start:start + chunk]
                means: list[Any] = []
                part_of: list[dict[int, float]] = []
                modifiers: list[Any] = []
                sims, evidence = self.similarities(tree, part, weights, means, part_of, headed=(True, False),
                                                   modifiers=modifiers)
                for r, code in enumerate(part):
                    parent = self._context(tree, code, result, detached)
                    if parent is None:
                        free.add(code)
                    decided = self._rank(parent, sims[r], decisions, top, np, support.get(code))
                    row = evidence[r]
                    if code in support:
                        srow, level = support[code]
                        row[srow] = max(row[srow], level * self.options.children)
                    q = self.hypotheses.posterior(row, hyps.get(parent) if parent is not None else None)
                    hyps[code] = self.hypotheses.best(q, self.options.hypotheses)
                    above = decisions.get(parent) if parent is not None else None
                    decided = self._overrule(decided, q, row, above[0] if above else None)
                    decisions[code] = decided
                    result[code] = self._alternatives(decided, q, row, above[0] if above else None, top)
                    if self.calibration is not None or collect is not None:
                        self._mean = means[0][r]
                        self._part = part_of[r]
                        # the calibrated decision reads the labels as the decision did: modifiers only, lowered
                        seen = np.where(modifiers[0][r], row * self.options.modifier, row)
                        result[code] = self._calibrated(tree, code, result[code], decided, q, seen,
                                                        above[0] if above else None,
                                                        result.get(parent) if parent is not None else None,
                                                        top, collect, hyps[code])

    def _overrule(self, decided: list[Candidate], q: Any, similarity: Any, parent: Candidate | None) -> list[Candidate]:
        """A decision resting on a partial label match gives way when the model clearly disagrees.

        An exact label and the nearest broader category are sound on their own; a merely
        similar label is a guess, and when the top-down model finds another category more
        probable by `overrule`, that one is the answer, scored with its probability (at most
        the score of the decision it replaces).
        """
        margin = self.options.overrule
        if not decided or decided[0].how != "label" or margin <= 0:
            return decided
        row = self.row.get(decided[0].id)
        best = int(q.argmax())
        if row is None or best == row or q[best] - q[row] < margin:
            return decided
        if similarity[best] >= 0.999:
            how = "exact"
        elif parent is not None and parent.id in self.row and self._is_at_or_above(best, self.row[parent.id]):
            how = "broader"  # the parent's category or one above it: the nearest broader category
        else:
            how = "label"
        # Two judgements disagreed: never more confident than the one given way.
        score = round(min(float(q[best]), decided[0].score), 4)
        return [Candidate(self.ids[best], score, how), *decided]

    def _calibrated(self, tree: SourceTree, code: str, ranked: list[Candidate], decided: list[Candidate], q: Any,
                    similarity: Any, context: Candidate | None, parents: list[Candidate] | None, top: int,
                    collect: list[tuple[str, str, list[float]]] | None,
                    likely: list[tuple[int, float]] | None = None) -> list[Candidate]:
        """The candidates re-ranked by calibrated probability; the first one's score is its confidence.

        `context` is the parent's mapping the ranking worked from (its own first choice), and
        `parents` the parent's calibrated candidates: the context's probability is its score there.
        `likely` is the top-down model's best hypotheses for `q` when the caller has them already.
        """

        if not ranked:
            return ranked
        pool: dict[int, str] = {}
        for cand in ranked:
            if cand.id in self.row:
                pool.setdefault(self.row[cand.id], cand.how)
        for row, _ in likely if likely is not None else self.hypotheses.best(q, self.options.hypotheses):
            pool.setdefault(row, "label")
        k = min(5, len(similarity))
        near = np.argpartition(-similarity, k - 1)[:k]
        for row in near:
            pool.setdefault(int(row), "label")
        part = self.__dict__.get("_part") or {}
        for row in part:  # a taxonomy label listing this one among its kinds: a candidate however similar
            pool.setdefault(row, "label")
        witness = self._witness.get(code)
        wrow = self.row.get(witness.target) if witness is not None else None
        if wrow is not None:  # the default taxonomy's decision over its crosswalk: a candidate however similar
            pool.setdefault(wrow, "label")
        # One partial sort gives the best and the second best (what a full sort would give).
        values = np.sort(similarity[near])[::-1]
        best = float(values[0])
        second = float(values[1]) if len(values) > 1 else 0.0
        # the first of equals, as a stable sort would give
        best_row = int(np.flatnonzero(similarity == best)[0]) if best > 0 else int(np.argmax(similarity))
        prow = self.row.get(context.id) if context is not None else None
        parent_p = 0.0
        if context is not None:
            parent_p = next((float(c.score) for c in parents or () if c.id == context.id),
                            1.0 if context.how == "fixed" else 0.0)
        first = self.row.get(decided[0].id) if decided else None
        source = tree.categories[code]
        unlabelled = not any(source.labels.values())
        # "coded": nothing to read, not even words in its code (an id); a code that reads as words is its label
        coded = unlabelled and code_words(code) is None
        # A category known only by its code: one text in an unknown language, copied into each
        # language tried, so the languages cannot agree or disagree about it.
        one_text = unlabelled or source.from_code
        n_exact = int((similarity >= 0.999).sum())
        rows = sorted(pool)
        feats = []
        for row in rows:
            s = float(similarity[row])
            post = float(q[row])
            rel = self._relation(row, prow)
            feats.append([
                1.0, s, 1.0 if s >= 0.999 else 0.0, s - (second if row == best_row else best), best,
                post, math.log(post + 1e-6) / 10.0,
                1.0 if row == first else 0.0,
                1.0 if row == first and decided[0].how == "broader" else 0.0,
                1.0 if rel == "same" else 0.0, 1.0 if rel == "child" else 0.0,
                1.0 if rel == "below" else 0.0, 1.0 if rel == "above" else 0.0,
                1.0 if prow is None else 0.0, parent_p,
                parent_p if rel == "same" else 0.0, parent_p if rel in ("child", "below") else 0.0,
                0.0 if self.hypotheses.children[row].size else 1.0,
                1.0 if coded else 0.0,
                1.0 if s >= 0.999 and rel in ("outside", "none") else 0.0,
                1.0 if s >= 0.999 and n_exact > 1 else 0.0,
                1.0 if row == best_row else 0.0,
                s if one_text else float(self._mean[row]),
                1.0 if row in part else 0.0, part.get(row, 0.0),
                1.0 if s >= 0.999 and rel == "outside" and self._beside(row, prow) else 0.0,
                *self._pivot_features(row, wrow, witness),
            ])
        if collect is not None:
            collect.extend((code, self.ids[row], f) for row, f in zip(rows, feats, strict=True))
        if self.calibration is None:
            return ranked
        probs = self.calibration.candidate(feats)
        effective = []
        for p, row, f in zip(probs, rows, feats, strict=True):
            conf = self.calibration.decision(float(p))
            if prow is not None and f[2] == 0.0 and (f[9] or f[12]):
                # The parent's mapping (or one above it) without a label of its own that says so:
                # right only if the parent's mapping is right, so never surer than that.
                conf = min(conf, parent_p)
            if prow is None or parent_p < 0.5:
                # No context worth the name (a top-level category, a bare code, or below a parent
                # whose own mapping is unlikely): only the label can say so, exact or not (an
                # exact label in one of the source's languages may be a false friend: "Bureau").
                conf = min(conf, self.calibration.evidence(f))
            effective.append((conf, row))
        effective.sort(key=lambda x: (-x[0], x[1]))
        # The most probable candidate decides; the alternatives a person sees next are the
        # ranking's own (they hold the right answer more often than the next most probable).
        conf_of = {row: conf for conf, row in effective}
        order = [effective[0][1]]
        order += [self.row[c.id] for c in ranked if c.id in self.row and self.row[c.id] != order[0]]
        order += [row for _, row in effective if row not in order]
        if wrow is not None and top > 1 and wrow not in order[:top]:
            # the second witness's category is always among those shown (last): a person sees what it says
            order = [*order[:top - 1], wrow]
        out: list[Candidate] = []
        for row in order[:top]:
            conf = conf_of.get(row, 0.0)
            score = conf if not out else min(conf, out[-1].score)
            rel = self._relation(row, prow)
            how = "exact" if similarity[row] >= 0.999 else (
                "broader" if rel in ("same", "above") or (first is not None and row != first and self._is_at_or_above(row, first))
                else "label")
            out.append(Candidate(self.ids[row], round(score, 4), how))
        return out

    def _pivot_features(self, row: int, wrow: int | None, witness: Witness | None) -> tuple[float, float, float, float]:
        """(pivot_same, pivot_below, pivot_above, pivot_other) of candidate `row`: where it lies relative to the
        witness `wrow` (the default taxonomy's decision over its crosswalk), each the witness's confidence."""
        if witness is None or wrow is None:
            return (0.0, 0.0, 0.0, 0.0)
        p = witness.confidence
        if row == wrow:
            return (p, 0.0, 0.0, 0.0)
        if self._is_at_or_above(wrow, row):
            return (0.0, p, 0.0, 0.0)
        if self._is_at_or_above(row, wrow):
            return (0.0, 0.0, p, 0.0)
        return (0.0, 0.0, 0.0, p)

    def _relation(self, row: int, parent: int | None) -> str:
        """Where taxonomy row `row` sits relative to the parent's mapping `parent`."""
        if parent is None:
            return "none"
        if row == parent:
            return "same"
        up = int(self.parent[row])
        if up == parent:
            return "child"
        if up >= 0 and self._is_at_or_above(parent, up):
            return "below"
        if self._is_at_or_above(row, parent):
            return "above"
        return "outside"

    def _beside(self, row: int, parent: int | None) -> bool:
        """Whether taxonomy row `row` lies below the parent of the parent's mapping `parent` (a sibling branch)."""
        up = int(self.parent[parent]) if parent is not None else -1
        return up >= 0 and self._is_at_or_above(up, row)

    def _is_at_or_above(self, row: int, below: int) -> bool:
        while below >= 0:
            if below == row:
                return True
            below = int(self.parent[below])
        return False

    def _from_candidates(self, candidates: list[Candidate]) -> list[tuple[int, float]]:
        """Hypotheses of an earlier result (incremental runs): its candidates, scores as weights."""
        rows = [(self.row[c.id], max(c.score, 1e-6)) for c in candidates if c.id in self.row]
        total = sum(w for _, w in rows) or 1.0
        return [(r, w / total) for r, w in rows]

    def _alternatives(self, decided: list[Candidate], q: Any, similarity: Any, parent: Candidate | None,
                      top: int) -> list[Candidate]:
        """The decision first, then the model's most likely other categories.

        An alternative's score is the model's probability for it, never above the decision's
        score, so the list reads best first. `broader` marks the categories on the path above
        the decision and the parent's decision with its ancestors (the nearest broader ones).
        """
        if not decided:
            return []
        first = decided[0]
        out = [first]
        first_row = self.row.get(first.id)
        broader: set[int] = set()
        for row in (first_row, self.row.get(parent.id) if parent is not None else None):
            if row is None:
                continue
            if row != first_row:
                broader.add(row)
            up = int(self.parent[row])
            while up >= 0:
                broader.add(up)
                up = int(self.parent[up])
        for row, prob in self.hypotheses.best(q, top + 1):
            if len(out) >= top:
                break
            if row == first_row:
                continue
            how = "exact" if similarity[row] >= 0.999 else ("broader" if row in broader else "label")
            out.append(Candidate(self.ids[row], round(min(first.score, prob), 4), how))
        return out

    @staticmethod
    def _needed(tree: SourceTree, code: str, wanted: set[str]) -> bool:
        """True when `code` is an ancestor of a wanted category (its choice is the child's context)."""
        return any(code in tree.ancestors(w) for w in wanted)

    def _children_support(self, tree: SourceTree, codes: list[str], fixed: dict[str, str]) -> dict[str, tuple[int, float]]:
        """Per category with children: the deepest taxonomy category that holds most children's matches.

        A category holds what its children hold: when most children match confidently inside
        one taxonomy subtree, that subtree's root is a candidate for the parent even if the
        parent's own label says nothing (a catalogue calls it "Mature", the taxonomy "Adult").
        """
        children: dict[str, list[str]] = {}
        for code in codes:
            parent = tree.categories[code].parent
            if parent is not None:
                children.setdefault(parent, []).append(code)
        parents = [c for c in codes if len(children.get(c, ())) >= 2]
        if not parents:
            return {}
        kids = sorted({k for p in parents for k in children[p]})
        best: dict[str, tuple[int, float]] = {}
        for start in range(0, len(kids), 256):
            part = kids[start:start + 256]
            sims = self.similarity(tree, part)
            rows = sims.argmax(axis=1)
            for r, code in enumerate(part):
                row = int(rows[r])
                if code in fixed and fixed[code] in self.row:
                    best[code] = (self.row[fixed[code]], 1.0)
                elif sims[r, row] >= self.options.specific:
                    best[code] = (row, float(sims[r, row]))
        out: dict[str, tuple[int, float]] = {}
        for code in parents:
            n = len(children[code])
            count: dict[int, int] = {}
            total: dict[int, float] = {}
            for kid in children[code]:
                hit = best.get(kid)
                if hit is None:
                    continue
                row, sim = hit
                while row >= 0:
                    count[row] = count.get(row, 0) + 1
                    total[row] = total.get(row, 0.0) + sim
                    row = int(self.parent[row])
            majority = [row for row, k in count.items() if k * 2 > n]
            if majority:
                row = max(majority, key=lambda x: (self.depth[x], total[x], -x))
                out[code] = (row, total[row] / n)
        return out

    def _context(self, tree: SourceTree, code: str, result: dict[str, list[Candidate]],
                 detached: frozenset[str] = frozenset()) -> str | None:
        """The parent whose mapping is the category's context, or None (the category is top-level).

        A tree's root that maps nowhere likely ("Master catalog", "Hauptkatalog") is the catalogue,
        not a kind of product: its children are top-level, not "outside" the root's unlikely guess.
        So is a category that is itself top-level that way and maps nowhere likely (a season's
        collection below "2014 collection", "Office" onto a taxonomy without office supplies): a
        grouping of the catalogue, whose unlikely guess must not push the kinds below it. "Likely"
        is read after the children's agreement: a `detached` parent's children did not corroborate
        it (`_uncorroborated`).
        """
        parent = tree.categories[code].parent
        if parent is None or self.calibration is None or parent not in tree.categories:
            return parent
        if parent in detached:
            return None
        if self._top_level(tree, parent, result, detached):
            got = result.get(parent)
            if got and got[0].how != "fixed" and got[0].score < ROOT_CONTEXT:
                return None
        return parent

    def _top_level(self, tree: SourceTree, code: str, result: dict[str, list[Candidate]],
                   detached: frozenset[str]) -> bool:
        """Whether `code` has no context of its own: a root, or below a parent that gives none."""
        return tree.categories[code].parent is None or self._context(tree, code, result, detached) is None

    def _uncorroborated(self, tree: SourceTree, todo: list[str], decided_here: set[str],
                        state: tuple[dict[str, list[Candidate]], dict[str, list[Candidate]], dict[str, list[tuple[int, float]]]],
                        detached: frozenset[str], how: tuple[Any, ...]) -> frozenset[str]:
        """Top-level categories that are context for their children only by their own label, and whose
        children's own labels do not corroborate them.

        The context test (`_context`, `ROOT_CONTEXT`) reads a top-level category's confidence from its
        label alone. A false friend ("Bureau", French for office, is Google's "Desks") passes it, and then
        every kind below it backs off to Desks (an echo, which says nothing) or lands elsewhere. So the
        children are placed once more without it as context (a probe: what their own labels say), and the
        category's confidence is moved by their agreement (`children.agree`); under `ROOT_CONTEXT` it is no
        context, and its children are placed as top-level. Only categories ranked in this call: a known
        one (`suggest(known=...)`) carries its confidence after the agreement already.
        """
        result = state[0]
        if self.calibration is None or not getattr(self.calibration, "children_weights", None):
            return frozenset()
        kids: dict[str, list[str]] = {}
        for c in todo:
            parent = tree.categories[c].parent
            if parent is not None:
                kids.setdefault(parent, []).append(c)
        tested = [code for code in sorted(kids)
                  if code not in detached and code in decided_here and result.get(code)
                  and result[code][0].how != "fixed" and result[code][0].score >= ROOT_CONTEXT
                  and self._top_level(tree, code, result, detached)]
        if not tested:
            return frozenset()
        fixed, support, top, chunk = how
        probe = (dict(state[0]), dict(state[1]), dict(state[2]))
        self._decide(tree, [k for code in tested for k in kids[code]], fixed, support, probe, top, chunk, None,
                     detached | frozenset(tested), set())
        found = set()
        for code in tested:
            got = result[code]
            family = {code: got, **{k: probe[0][k] for k in kids[code] if k in probe[0]}}
            after = agree(self.taxonomy, self.calibration, tree, family, {code: got}, top_level=(code,))[code]
            if after[0].score < ROOT_CONTEXT:
                found.add(code)
        return frozenset(found)

    def _rank(self, parent: str | None, sims: Any, result: dict[str, list[Candidate]], top: int, np: Any,
              support: tuple[int, float] | None = None) -> list[Candidate]:
        """Candidates for one category, given its label similarities and its context's (`parent`) candidates."""
        opts = self.options
        scores = sims.copy()
        how = np.where(scores >= 0.999, 2, 1)  # 2 = exact label, 1 = similar label, 0 = broader
        if support is not None:
            row, level = support
            if level * opts.children > scores[row]:
                scores[row] = level * opts.children
                how[row] = 1
        parents = result.get(parent) if parent is not None else None
        if parents:
            best = parents[0].score or 1.0
            # Leaving the parent's subtree costs in proportion to how sure the parent's mapping is.
            outside = 1.0 - (1.0 - opts.outside) * min(1.0, best)
            ctx = np.full(len(scores), outside - 1e-6)  # ties go to the parent's subtree
            backoff = np.zeros(len(scores))
            for cand in parents[: opts.beam]:
                row = self.row.get(cand.id)
                if row is None:
                    continue
                weight = cand.score / best
                np.maximum(ctx, np.where(self._subtree_mask(row), weight, 0.0), out=ctx)
                # The nearest broader category: never more certain than the parent's own mapping.
                level = min(opts.specific, cand.score) * weight
                backoff[row] = max(backoff[row], level)
                up = self.parent[row]
                if up >= 0:
                    backoff[up] = max(backoff[up], level * opts.broader)
            scores = scores * ctx
            broader = backoff > scores
            scores = np.where(broader, backoff, scores)
            how = np.where(broader, 0, how)
        pool = min(len(scores), max(opts.pool, top * 4))
        rows = np.argpartition(-scores, pool - 1)[:pool] if pool < len(scores) else np.arange(len(scores))
        ranked = sorted(((float(scores[i]), int(i)) for i in rows if scores[i] > 0), key=lambda x: (-x[0], x[1]))
        names = ("broader", "label", "exact")
        return [Candidate(self.ids[i], round(min(1.0, s), 4), names[int(how[i])]) for s, i in ranked[:top]]

    def _subtree_mask(self, row: int):  # type: ignore[no-untyped-def]

        cache = self.__dict__.setdefault("_masks", {})
        mask = cache.get(row)
        if mask is None:
            mask = np.zeros(len(self.ids), dtype=bool)
            for cid in self.taxonomy.descendants(self.ids[row]):
                mask[self.row[cid]] = True
            cache[row] = mask
        return mask
