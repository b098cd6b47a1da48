"""A product's category as the rules see it, three ways: the map stage's shared-taxonomy category
(id, path, ancestors, the same path in every language of the taxonomy), the PIM's own category
codes with their ancestors, and the words of the PIM category labels in every language; and a
compiled `categories` condition (`CategoryMatch`) over them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from ..locale import language_of
from ..memo import TextMemo
from .folding import fold
from .scan import TermAutomaton, find_terms
from .specs import condition_specs
from .view import RecordView, evidence

ANSWER_CACHE = 20_000
_UNKNOWN = object()


@dataclass
class CategoryMatch:
    """A compiled `categories` condition: taxonomy ids, path labels, PIM code globs, label words."""

    ids: frozenset[str]
    paths: tuple[tuple[str, ...], ...]
    codes: tuple[str, ...]
    labels: Any = None  # conditions.TermsCondition-like word matcher over label texts
    _label_automata: dict[str, Any] = field(default_factory=dict)
    _answers: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # category information -> evidence

    @classmethod
    def from_spec(cls, spec: dict[str, Any], rule_id: str = "category") -> CategoryMatch:
        labels = list(condition_specs({"terms": spec["labels"], "allow": spec.get("allow"),
                                       "compounds": spec.get("compounds")}, rule_id)) if spec.get("labels") else None
        return cls(
            ids=frozenset(str(i) for i in spec.get("taxonomy", ())),
            paths=tuple(tuple(fold(s).strip() for s in p.split(">")) for p in spec.get("paths", ())),
            codes=tuple(fold(c) for c in spec.get("codes", ())),
            labels=labels,
        )

    def match(self, view: RecordView) -> str | None:
        """What matched (a taxonomy id, path, category code or label), or None."""
        found = self.evidence(view)
        return found[0].get("matched") if found else None

    def evidence(self, view: RecordView) -> list[dict[str, str]] | None:
        key = category_key(view)
        ids, paths, codes, labels = view.memo["categories"]
        if not (ids or codes or labels):
            return None  # no category at all: nothing to compare (the rule's `match` decides)
        # The answer depends on the category information alone, and the records of a catalogue
        # share a few hundred categories: one answer per rule and category, not per record
        # (code globs and label words cost most of a real run's rules stage otherwise).
        found = self._answers.get(key, _UNKNOWN)
        if found is _UNKNOWN:
            found = self._evidence(ids, paths, codes, labels)
            if len(self._answers) >= ANSWER_CACHE:
                self._answers.clear()
            self._answers[key] = found
        return [dict(e) for e in found] if found is not None else None  # type: ignore[union-attr]

    def _evidence(self, ids: list[str], paths: list[list[str]], codes: list[str],
                  labels: list[tuple[str, str, str]]) -> list[dict[str, str]] | None:
        for i in ids:
            if i in self.ids:
                return [evidence("category", field="taxonomy", matched=i)]
        for path in self.paths:
            n = len(path)
            for labels_ in paths:
                for start in range(len(labels_) - n + 1):
                    if tuple(labels_[start:start + n]) == path:
                        return [evidence("category", field="taxonomy", matched=" > ".join(labels_[start:start + n]))]
        for code in codes:
            for pat in self.codes:
                if fnmatchcase(code, pat):
                    return [evidence("category", field="categories", matched=code)]
        if self.labels:
            for lang, text, where in labels:
                auto = self._automaton(lang)
                if auto.size:
                    # "Food, Beverages & Tobacco" groups three kinds: a word in one member says
                    # the category may hold such goods, not that this product is one; every
                    # member must match ("Beer, Wine & Spirits" is alcohol whichever it is).
                    parts = members(text)
                    # a word names the category only as the label's head: "Weapon Lights", "Batterien für
                    # Softairwaffen" and "Nettoyage d'armes" are lights, batteries and cleaning, whatever
                    # a new catalogue's wording (allow lists keep the modifiers that unmake a kind: toy, fencing)
                    hits = [[h for h in find_terms(auto, member) if names_the_head(lang, member, h[1], h[2])]
                            for member in parts]
                    if all(hits):
                        return [evidence("category", field=where, language=lang if lang != "*" else None,
                                         matched=f"{text} ({hits[0][0][3]})")]
        return None

    def _automaton(self, lang: str) -> Any:
        auto = self._label_automata.get(lang)
        if auto is None:
            specs = self.labels if lang == "*" else [s for s in self.labels if s.lang in (lang, "*")]
            auto = self._label_automata[lang] = TermAutomaton(specs)
        return auto

    def __hash__(self) -> int:
        return id(self)


def category_key(view: RecordView) -> tuple[Any, ...]:
    """The key of the record's category information (`category_info`, kept in its memo with it):
    records with the same key get the same answer from every `CategoryMatch`."""
    key = view.memo.get("categories_key")
    if key is None:
        info, key = shared_category_info(view)
        view.memo["categories"] = info
        view.memo["categories_key"] = key
    return key


def _info_key(info: tuple[list[str], list[list[str]], list[str], list[tuple[str, str, str]]]) -> tuple[Any, ...]:
    ids, paths, codes, labels = info
    return (tuple(ids), tuple(tuple(p) for p in paths), tuple(codes), tuple(labels))


INFO_CACHE = 20_000
_INFOS: TextMemo[tuple[Any, Any, Any, tuple[Any, ...]]] = TextMemo(INFO_CACHE, INFO_CACHE)  # bounded by entries


def _frozen(value: Any) -> Any:
    """A hashable copy of a record's taxonomy mapping (texts, numbers, lists and mappings of them)."""
    if isinstance(value, dict):
        return ("{", tuple((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return ("[", tuple(_frozen(v) for v in value))
    hash(value)  # TypeError for anything else unhashable: not remembered
    return value


def shared_category_info(view: RecordView) -> tuple[Any, tuple[Any, ...]]:
    """`category_info(view)` and its key, once per distinct category information: the records of a
    catalogue (and the markets of one product) share a few hundred categories, and the answer
    depends only on the record's taxonomy mapping, its own category codes, the market's language
    (taxonomy labels), the shared taxonomy and the PIM tree (kept with the answer: compared by
    identity). The lists it gives are shared: read them, never change them."""
    record = view.record
    tax = record.taxonomy
    try:
        key = (_frozen(tax) if tax else None, tuple(record.categories or record.product.categories),
               view.market_lang if tax else None)
    except TypeError:
        info = category_info(view)
        return info, _info_key(info)
    found = _INFOS.get(key)
    if found is not None:
        if found[0] is view.taxonomy and found[1] is view.pim_categories:
            return found[2], found[3]
        _INFOS.clear()  # another run's taxonomy or categories: every entry is stale
    info = category_info(view)
    ikey = _info_key(info)
    _INFOS.put(key, (view.taxonomy, view.pim_categories, info, ikey), 1)
    return info, ikey


def category_info(view: RecordView) -> tuple[list[str], list[list[str]], list[str], list[tuple[str, str, str]]]:
    """(taxonomy ids incl. ancestors, category paths as folded labels, PIM category codes incl.
    their PIM ancestors, label texts as (language, text, where)).

    The paths are the market's path from the map stage and, when the shared taxonomy is at
    hand, the same category's path in each of its languages: a rule's `paths` are written in
    one language (`Wine`) and still match a Japanese market's `ワイン`."""
    record = view.record
    if not record.taxonomy and not record.categories and not record.product.categories:
        return [], [[]], [], []  # no category at all (most records of an unmapped catalogue)
    tax = record.taxonomy or {}
    ids: list[str] = []
    labels: list[str] = []
    texts: list[tuple[str, str, str]] = []
    for key in ("category", "id"):
        if tax.get(key) not in (None, ""):
            ids.append(str(tax[key]))
    for key in ("ancestors", "ids"):
        for item in tax.get(key) or ():
            ids.append(str(item))
    path = tax.get("path") or ()
    if isinstance(path, str):
        path = [p for p in path.split(">")]
    for item in path:
        if isinstance(item, dict):
            if item.get("id") is not None:
                ids.append(str(item["id"]))
            item = item.get("label") or item.get("name") or ""
        text = fold(str(item)).strip()
        if text:
            labels.append(text)
            ids.append(str(item).strip())
            texts.append((view.market_lang, str(item).strip(), "taxonomy"))
    paths = [labels]
    taxonomy = view.taxonomy
    category = tax.get("id")
    if taxonomy is not None and category not in (None, "") and str(category) in getattr(taxonomy, "categories", {}):
        chain = [*taxonomy.ancestors(str(category)), str(category)]
        ids.extend(chain)
        for key in taxonomy.label_keys:
            other = [fold(taxonomy.label(cid, key)).strip() for cid in chain]
            if other not in paths:
                paths.append(other)
                texts.extend((language_of(key), taxonomy.label(cid, key), "taxonomy") for cid in chain)
    own = list(record.categories or record.product.categories)
    tree = view.pim_categories
    codes: list[str] = []
    for code in own:
        chain = [code]
        if tree is not None and code in getattr(tree, "categories", {}):
            chain = [*tree.ancestors(code), code]
        for c in chain:
            codes.append(fold(c))
            if tree is not None and c in getattr(tree, "categories", {}):
                for loc, label in tree.categories[c].labels.items():
                    if label:
                        texts.append((language_of(loc), label, "categories"))
        texts.append(("*", code.replace("_", " ").replace("-", " "), "categories"))
    return ids, paths, list(dict.fromkeys(codes)), list(dict.fromkeys(texts))


# The separators of a label that lists several kinds of goods ("Food, Beverages & Tobacco",
# "Nahrungsmittel, Getränke & Tabak", "Alimentation, boissons et tabac", "食品・飲料・タバコ").
_ENUMERATION = re.compile(r"\s*(?:,|&|\+|/|・|、|，|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bi\b|\boraz\b)\s*", re.I)


# Languages whose noun phrase ends in its head (Germanic, Japanese, Chinese, Korean, Turkish, Hindi); codes
# turned into words (`*`) are read as English. The others put the head first (French, Slavic, Arabic, ...).
HEAD_FINAL = frozenset({"*", "en", "de", "nl", "sv", "da", "no", "nb", "nn", "is", "fi", "hu", "et", "tr", "ja", "zh",
                        "ko", "hi", "bn", "ta", "te", "mr", "ur", "fa"})
# a complement after the head ("Cases for Guns", "Batterien für Softairwaffen", "Houders voor wijn")
_COMPLEMENT = re.compile(r"\s(?:for|with|of|from|by|to|für|mit|aus|von|zum|zur|voor|met|van|för|med|til|için)\s", re.I)
# heads that name no kind of their own: the goods in a set, "Tobacco Products", "Productos del tabaco" are
# the goods the modifier names
_GENERIC_HEADS = frozenset({
    "set", "sets", "gift", "gifts", "box", "boxes", "pack", "packs", "bundle", "bundles", "assortment", "assortments",
    "selection", "selections", "sampler", "samplers", "product", "products", "goods", "items", "articles",
    "geschenkset", "geschenksets", "geschenkbox", "geschenkboxen", "sortiment", "sortimente", "pakete", "paket",
    "produkte", "waren", "artikel", "producten", "artikelen", "produkter", "varor", "ürünleri", "ürünler",
    "produits", "productos", "artículos", "prodotti", "articoli", "produtos", "artigos", "produkty",
    "wyroby", "artykuły", "товары", "изделия", "продукция", "منتجات", "מוצרי",
    "セット", "ギフト", "製品", "商品", "礼盒", "套装", "产品", "세트", "제품"})
# words that name a kind as a modifier (an adjective, not a noun used as one): "Erotic Books", "Alkoholische
# Getränke", "アダルトゲーム" are erotic goods and drinks, "Wine Racks" are racks
_KIND_ADJECTIVE = re.compile(r"(?:ic|ical|isch|ische|ischen|ischer|isches|isk|iska|iske|isch)$|^(?:adult|アダルト|成人|情趣|성인)$",
                             re.I)
# a preposition or article that makes the word after it a complement in a head-first language
_PREPOSITION_BEFORE = re.compile(r"(?:^|[\s'’])(?:de|d|du|des|pour|à|au|aux|avec|sans|para|con|sin|per|di|da|del|della|"
                                 r"dei|degli|delle|dello|al|alla|com|sem|do|dos|das|no|na|nas|dla|od|ze|z|do|na|для|с|от|к|"
                                 r"на|из|під|для|від|pentru|cu|za|pro|untuk|dengan|cho|của)[\s'’]*$", re.I)
# Slavic adjective endings: an adjective before the head is no head of its own ("Pneumatyczna broń")
_SLAVIC = frozenset({"pl", "ru", "uk", "cs", "sk", "bg", "sr", "hr", "sl", "be"})
_ADJECTIVE_END = re.compile(r"(?:ny|na|ne|ni|wy|wa|we|wi|ki|ka|kie|cy|ca|ce|ty|ta|te|ły|ła|łe|owy|owa|owe|ое|ая|ый|ий|"
                            r"ые|ие|ой|ья|ьи|ні|ний|на|не|ний|ní|ný|ná|né)$", re.I)


def names_the_head(lang: str, label: str, start: int, end: int) -> bool:
    """Whether the term found at [start, end) of a category label is the label's head, the kind of goods it
    names: in a head-final language nothing but punctuation (or a packaging word) follows it before a
    complement ("for ..."); in a head-first language no preposition precedes it ("Lampes pour armes"), in a
    Slavic one only adjectives do ("Czyszczenie broni" is cleaning), in the others it opens the label."""
    text = re.sub(r"\s*\([^)]*\)\s*$", "", label)  # a trailing note: "Air Rifles (18+)"
    if start >= len(text):
        return False
    if lang in HEAD_FINAL:
        found = _COMPLEMENT.search(text)
        cut = found.start() if found else len(text)
        if start >= cut:
            return all(w.casefold() in _GENERIC_HEADS for w in re.findall(r"\w+", text[:found.start()])) if found else False
        rest = text[end:cut]
        words = re.findall(r"\w+", rest)
        if not words or _KIND_ADJECTIVE.search(text[start:end]):
            return True
        if lang in ("ja", "zh", "ko"):  # no spaces: the rest is one word, or ends in a generic head
            return any(rest.strip(" ・·-").endswith(head) and len(rest.strip(" ・·-")) == len(head) for head in _GENERIC_HEADS)
        return all(w.casefold() in _GENERIC_HEADS for w in words)
    before = text[:start]
    words = re.findall(r"\w+", before)
    if _PREPOSITION_BEFORE.search(before):
        # "Productos del tabaco": a generic head before the preposition leaves the kind to the complement
        return all(w.casefold() in _GENERIC_HEADS or _PREPOSITION_BEFORE.search(" " + w) for w in words)
    if lang in _SLAVIC:
        return all(_ADJECTIVE_END.search(w) for w in words)
    if lang in ("fr", "es", "it", "pt", "ro", "ca"):
        return True  # an adjective may come first ("Fausses armes"), a noun before a noun needs a preposition
    return not words


def members(label: str) -> list[str]:
    """The kinds a category label names: one, or each member of an enumeration."""
    parts = [p for p in _ENUMERATION.split(label) if p.strip()]
    return parts or [label]
