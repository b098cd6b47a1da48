"""Category mapping files and the resolution of every source category to a taxonomy id.

A mapping file (YAML or CSV) says where source categories go:

```yaml
categories:                  # explicit: a source code (or a path of labels/codes) -> taxonomy id
  headphones: electronics.audio.headphones
  "Master catalog > TVs": electronics.video.televisions
rules:                       # first match wins; globs and regexes see the code path and label paths
  - match: "master/cameras/*"
    to: electronics.cameras
  - regex: "(?i)kopfhörer|headphone"
    to: electronics.audio.headphones
accepted:                    # suggestions a person accepted (e.g. from `taxonomy suggest`)
  webcams: electronics.computers.webcams
```

A CSV has `source_code` (or `source`) and `taxonomy_id` columns; a draft written by
`localize taxonomy suggest` counts only the rows whose `accept` cell is marked (x, yes, 1).

Precedence, per source category: explicit > rule > accepted suggestion > automatic
suggestion (score at or above the threshold) > review.
"""

from __future__ import annotations

import csv
import difflib
import fnmatch
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..codes import CodeMap, fold
from ..errors import LocalizeError
from .calibrate import default_threshold
from .errors import TaxonomyError
from .products import ProductEvidence, combine, family_decisions
from .source import SourceTree, split_path
from .suggest import Candidate, Suggester
from .taxonomy_model import Taxonomy
from .trees import LIKELY, detect, root_of
from .yamlfile import LineDict, LineList, load_yaml, read_text

PRECEDENCE = {"explicit": 0, "rule": 1, "accepted": 2, "auto": 3, "review": 4, "ignored": 5}
ACCEPT_MARKS = frozenset({"x", "yes", "y", "1", "true", "ok", "accept", "accepted"})


@dataclass(frozen=True, slots=True)
class Rule:
    """A glob (`match`) or regular expression (`regex`) on the source path, and its target."""

    target: str
    glob: str | None = None
    regex: re.Pattern[str] | None = None
    where: str = ""

    def matches(self, paths: list[str]) -> bool:
        if self.glob is not None:
            return any(fnmatch.fnmatchcase(p.casefold(), self.glob.casefold()) for p in paths)
        assert self.regex is not None
        return any(self.regex.search(p) for p in paths)

    @property
    def text(self) -> str:
        return f"match {self.glob!r}" if self.glob is not None else f"regex {self.regex.pattern!r}"  # type: ignore[union-attr]


@dataclass
class CategoryMapping:
    """Explicit entries, rules and accepted suggestions from one or more mapping files."""

    # keys are category codes (case-insensitive, as in Akeneo) or label paths
    explicit: CodeMap[tuple[str, str]] = field(default_factory=CodeMap)  # key -> (id, where)
    rules: list[Rule] = field(default_factory=list)
    accepted: CodeMap[tuple[str, str]] = field(default_factory=CodeMap)
    ignored: CodeMap[str] = field(default_factory=CodeMap)  # key -> where (`code: null`: not a product type)
    files: list[Path] = field(default_factory=list)

    def merge(self, other: CategoryMapping) -> None:
        """Later files override earlier ones entry by entry; rules are appended."""
        self.explicit.update(other.explicit)
        self.rules.extend(other.rules)
        self.accepted.update(other.accepted)
        self.ignored.update(other.ignored)
        self.files.extend(other.files)

    def unknown_sources(self, tree: SourceTree) -> list[str]:
        """Explicit/accepted keys that name no category of the catalogue (likely typos), with where."""
        keys = {fold(c) for c in tree.categories}
        paths = {_fold_path(p) for code in tree.categories for p in source_paths(tree, code)}
        out = []
        for table in (self.explicit, self.accepted):
            for key, (_, where) in table.items():
                if fold(key) not in keys and _fold_path(key) not in paths:
                    out.append(f"{where}: {key!r} is not a category of {tree.path or 'the catalogue'}")
        return out


def _fold_path(text: str) -> str:

    return " > ".join(part.casefold() for part in split_path(text))


def source_paths(tree: SourceTree, code: str) -> list[str]:
    """The texts rules are matched against: the code path (`master/audio/headphones`) and label paths."""
    out = [tree.code_path(code)]
    for loc in tree.locales:
        labels = tree.path_labels(code, loc)
        if labels:
            out.append(" > ".join(labels))
    return out


def load_mapping(path: str | Path, taxonomy: Taxonomy) -> CategoryMapping:
    """Read a YAML or CSV mapping file; every problem (unknown ids, bad rules, duplicates) at once."""
    path = Path(path)
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        mapping, problems = _load_csv(path, taxonomy)
    else:
        mapping, problems = _load_yaml(path, taxonomy)
    if problems:
        raise TaxonomyError(f"{path}: {len(problems)} problem(s) in the category mapping", problems,
                            hint="every taxonomy id must exist in the taxonomy; see `localize taxonomy validate`")
    mapping.files.append(path)
    return mapping


def load_mappings(paths: list[Path], taxonomy: Taxonomy) -> CategoryMapping:
    """Several mapping files, later ones overriding earlier ones; problems of all files at once."""
    merged = CategoryMapping()
    problems: list[str] = []
    for path in paths:
        try:
            merged.merge(load_mapping(path, taxonomy))
        except TaxonomyError as exc:
            problems.extend(exc.problems or [exc.message])
    if problems:
        raise TaxonomyError(f"{len(problems)} problem(s) in the category mapping files", problems)
    return merged


def _check_id(taxonomy: Taxonomy, value: Any, where: str, problems: list[str]) -> str | None:
    if value is None or str(value).strip() == "":
        problems.append(f"{where}: no taxonomy id")
        return None
    cid = str(value).strip()
    if cid not in taxonomy.categories:

        close = difflib.get_close_matches(cid, list(taxonomy.categories), n=1, cutoff=0.8)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        problems.append(f"{where}: taxonomy id {cid!r} does not exist in {taxonomy.name}{hint}")
        return None
    return cid


def _load_yaml(path: Path, taxonomy: Taxonomy) -> tuple[CategoryMapping, list[str]]:
    data, problems = load_yaml(path, "category mapping file")
    mapping = CategoryMapping()
    if data is None:
        return mapping, problems
    if not isinstance(data, dict):
        return mapping, [f"{path}:1: a mapping file is a mapping with `categories:`, `rules:` and/or `accepted:`"]
    allowed = {"categories", "rules", "accepted", "taxonomy", "version", "description"}
    for key in data:
        if key not in allowed:
            problems.append(f"{path}:{data.key_lines.get(key)}: unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")
    for section, table in (("categories", mapping.explicit), ("accepted", mapping.accepted)):
        entries = data.get(section)
        if entries is None:
            continue
        if not isinstance(entries, dict):
            problems.append(f"{path}:{data.key_lines.get(section)}: `{section}` must map source codes to taxonomy ids")
            continue
        for key, value in entries.items():
            line = entries.key_lines.get(key) if isinstance(entries, LineDict) else None
            where = f"{path}:{line}"
            if isinstance(value, dict):  # {id: ..., note: ...}
                value = value.get("id")
            if value is None and section == "categories":
                mapping.ignored[str(key).strip()] = where  # e.g. campaign trees: not a kind of product
                continue
            cid = _check_id(taxonomy, value, where, problems)
            if cid is not None:
                table[str(key).strip()] = (cid, where)
    rules = data.get("rules")
    if rules is not None:
        if not isinstance(rules, list):
            problems.append(f"{path}:{data.key_lines.get('rules')}: `rules` must be a list of {{match|regex, to}}")
            rules = []
        for i, item in enumerate(rules):
            line = rules.item_lines[i] if isinstance(rules, LineList) else None
            where = f"{path}:{line}"
            if not isinstance(item, dict):
                problems.append(f"{where}: a rule is a mapping with `match` (glob) or `regex`, and `to`")
                continue
            extra = sorted(set(item) - {"match", "regex", "to", "note"})
            if extra:
                problems.append(f"{where}: unknown key(s) {', '.join(map(repr, extra))} in a rule (allowed: match, regex, to, note)")
            has_glob, has_regex = "match" in item, "regex" in item
            if has_glob == has_regex:
                problems.append(f"{where}: a rule needs exactly one of `match` (glob) or `regex`")
                continue
            cid = _check_id(taxonomy, item.get("to"), where, problems)
            pattern: re.Pattern[str] | None = None
            if has_regex:
                try:
                    pattern = re.compile(str(item["regex"]))
                except re.error as exc:
                    problems.append(f"{where}: invalid regex {item['regex']!r}: {exc}")
                    continue
            if cid is not None:
                mapping.rules.append(Rule(cid, glob=str(item["match"]) if has_glob else None, regex=pattern, where=where))
    return mapping, problems


def _load_csv(path: Path, taxonomy: Taxonomy) -> tuple[CategoryMapping, list[str]]:

    try:
        text = read_text(path, "category mapping file")
    except LocalizeError as exc:
        return CategoryMapping(), [str(exc)]
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    source_col = next((c for c in ("source_code", "source", "code") if c in header), None)
    if source_col is None or "taxonomy_id" not in header:
        return CategoryMapping(), [f"{path}:1: a mapping CSV needs the columns source_code and taxonomy_id (found {', '.join(header)})"]
    draft = "rank" in header
    mapping = CategoryMapping()
    problems: list[str] = []
    first_line: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        key = (row.get(source_col) or "").strip()
        if not key:
            continue
        mark = (row.get("accept") or "").strip().casefold()
        if draft and mark not in ACCEPT_MARKS:
            continue  # a candidate nobody accepted
        where = f"{path}:{line}"
        if key in first_line:
            problems.append(f"{where}: {key!r} is mapped twice (first on line {first_line[key]}); keep one row")
            continue
        cid = _check_id(taxonomy, row.get("taxonomy_id"), where, problems)
        if cid is None:
            continue
        first_line[key] = line
        how = (row.get("how") or "").strip().casefold()
        table = mapping.accepted if draft or how in ("accepted", "suggestion") else mapping.explicit
        table[key] = (cid, where)
    return mapping, problems


# ---- resolution ------------------------------------------------------------------------
@dataclass
class Resolution:
    """Where one source category goes, and how sure we are."""

    code: str
    id: str | None
    how: str  # explicit | rule | accepted | auto | review
    score: float
    candidates: list[Any] = field(default_factory=list)  # suggest.Candidate, best first
    note: str | None = None  # e.g. the rule that matched
    conflict: tuple[Any, ...] = ()  # a product's categories in different product types: their resolutions

    @property
    def rank(self) -> int:
        return PRECEDENCE[self.how]


class CategoryResolver:
    """Resolves every category of a catalogue once; products then look their categories up."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        tree: SourceTree,
        mapping: CategoryMapping | None = None,
        *,
        threshold: float | None = None,
        suggest: bool = True,
        options: Any = None,
        suggester: Any = None,
        trees: list[str] | None = None,
        products: ProductEvidence | None = None,
        families: dict[str, dict[str, str]] | None = None,
    ) -> None:
        """`threshold`: the calibrated confidence at which a suggestion is applied (None = the
        calibration's default, chosen for precision); `trees`: the root codes of the trees that
        describe product types (None = detect them, see `trees.py`); `products`: the families of the
        products in each category (`products.py`), evidence of what it holds, with the families' labels."""

        self.taxonomy = taxonomy
        self.tree = tree
        self.mapping = mapping or CategoryMapping()
        self.threshold = default_threshold() if threshold is None else threshold
        self.resolutions: CodeMap[Resolution] = CodeMap()  # a product's category code in any case
        fixed: CodeMap[Resolution] = CodeMap()
        path_index: dict[str, str] = {}
        for key, (cid, _where) in self.mapping.explicit.items():
            path_index[_fold_path(key)] = cid
        for code in tree.categories:
            if any(c in self.mapping.ignored for c in (*tree.ancestors(code), code)):
                fixed[code] = Resolution(code, None, "ignored", 0.0)
                continue
            hit = self.mapping.explicit.get(code)
            if hit is None:
                for text in source_paths(tree, code):
                    cid = path_index.get(_fold_path(text))
                    if cid is not None:
                        hit = (cid, "")
                        break
            if hit is not None:
                fixed[code] = Resolution(code, hit[0], "explicit", 1.0)
                continue
            paths = source_paths(tree, code)
            rule = next((r for r in self.mapping.rules if r.matches(paths)), None)
            if rule is not None:
                fixed[code] = Resolution(code, rule.target, "rule", 1.0, note=f"{rule.text} ({rule.where})")
                continue
            acc = self.mapping.accepted.get(code)
            if acc is not None:
                fixed[code] = Resolution(code, acc[0], "accepted", 1.0)
        self.resolutions.update(fixed)
        self.fixed = CodeMap((c, r.id) for c, r in fixed.items() if r.id)
        self.ignored = CodeMap((c, True) for c, r in fixed.items() if r.how == "ignored")
        self.suggest_enabled = suggest
        self.options = options
        self._suggester = suggester
        self.products = products
        self.families = families or {}
        self._family_decisions: dict[str, tuple[str, float]] | None = None
        self.known_roots = {c for c, cat in tree.categories.items() if cat.parent is None or cat.parent not in tree.categories}
        self.trees_given = trees is not None
        self.tree_info: dict[str, dict[str, Any]] = {}
        todo = [c for c in tree.categories if c not in fixed]
        if trees is not None:
            # the product-type trees are named: the other trees are ranked once, without the second witness
            self.type_roots = set(trees)
            outside = set(self._outside_types(todo))
            self._rank([c for c in todo if c not in outside])
            self._rank([c for c in todo if c in outside], witness=False)
        else:
            # which trees describe product types is read from the ranking (with the witness), so the other
            # trees are ranked again without it
            self._rank(todo)
            self.type_roots, self.tree_info = detect(tree, self.resolutions)
            self._without_witness_outside_types()
        self._review_outside_types(todo)
        self._copies()

    def _outside_types(self, codes: list[str]) -> list[str]:
        """Those of `codes` in a tree that describes no product type, when some trees do and others not
        (none when every tree is one, or none is: then there is nothing to tell apart)."""
        if not self.type_roots or self.type_roots >= self.known_roots:
            return []
        return [c for c in codes if root_of(self.tree, c) not in self.type_roots]

    def _review_outside_types(self, codes: list[str]) -> None:
        """A category outside the product-type trees is never applied on its own ranking: it goes to a person
        with its suggestion. Its label is a brand, a season or a sales grouping, not a kind of product, so a
        match of that label says nothing a run may act on (icecat's brand "Adapt" is Google's "Adapters" word
        for word, in every language, and was applied at 0.94 on a refit). A copy of a product-type category
        still gets the original's decision (`_copies`): that decision is the product-type tree's."""
        outside = self._outside_types([c for c in codes if (r := self.resolutions.get(c)) is not None and r.how == "auto"])
        note = f"outside the product-type trees ({', '.join(sorted(self.type_roots))})"
        for code in outside:
            res = self.resolutions[code]
            self.resolutions[code] = Resolution(code, None, "review", res.score, res.candidates, note=note)

    def _without_witness_outside_types(self) -> None:
        """Rank the categories outside the product-type trees again without the second witness (`pivot.py`).

        The witness counts as independent evidence because it is another taxonomy's decision on the same kind;
        outside the product-type trees a category is a grouping (a sales tree's "Home appliances"), and the
        default taxonomy's decision reads that same grouping label, so the two agree without being independent
        (icecat's sales "Haushaltsgeräte" went 0.83 -> 0.97 onto Google's 604 Household Appliances). The dev
        set has product-type trees only, so what the fit measured is unchanged."""
        if not self.suggest_enabled:
            return
        codes = self._outside_types([c for c, r in self.resolutions.items() if r.how in ("auto", "review")])
        if codes and self.suggester.pivot() is not None:
            self._rank(codes, witness=False)

    def _copies(self) -> None:
        """A category outside the product-type trees whose labels repeat, in every language, one category of
        a product-type tree (a sales tree's "Cameras" copying the master tree's) names the same kind: it gets
        that category's mapping and confidence when they are surer than its own. Its own context (a sales
        grouping such as "Home appliances") says nothing about the kind; the original's does."""
        if not self.type_roots or self.type_roots >= self.known_roots:
            return
        originals: dict[frozenset[tuple[str, str]], list[str]] = {}
        copies: list[tuple[str, frozenset[tuple[str, str]]]] = []
        for code, cat in self.tree.categories.items():
            if cat.from_code or cat.parent is None:
                continue
            labels = frozenset((loc, fold(text)) for loc, text in cat.labels.items() if text and text.strip())
            if not labels:
                continue
            if root_of(self.tree, code) in self.type_roots:
                originals.setdefault(labels, []).append(code)
            else:
                copies.append((code, labels))
        for code, labels in copies:
            own = self.resolutions.get(code)
            found = [self.resolutions.get(c) for c in originals.get(labels, ())]
            if own is None or own.how not in ("auto", "review") or len(found) != 1 or found[0] is None:
                continue
            orig = found[0]
            target = orig.id if orig.id is not None else (orig.candidates[0].id if orig.candidates else None)
            score = orig.score
            if target is None or score <= own.score:
                continue
            how = "auto" if score >= self.threshold else "review"
            candidates = list(orig.candidates) or [Candidate(target, score, "fixed")]
            self.resolutions[code] = Resolution(code, target if how == "auto" else None, how, score, candidates,
                                                note=f"copy of {orig.code}")

    @property
    def suggester(self) -> Any:
        if self._suggester is None:

            self._suggester = Suggester(self.taxonomy, self.options)
        return self._suggester

    def _rank(self, codes: list[str], witness: bool = True) -> None:
        if not codes:
            return
        if not self.suggest_enabled:
            for code in codes:
                self.resolutions[code] = Resolution(code, None, "review", 0.0)
            return
        ranked = self.suggester.suggest(self.tree, fixed=self.fixed, codes=codes, known=self.resolutions, witness=witness)
        if self.products is not None and self.products.counts:
            if self._family_decisions is None:
                self._family_decisions = family_decisions(self.suggester, self.products, self.families, self.tree.locales)
            ranked = combine(self.taxonomy, self.suggester.calibration, self.products, self._family_decisions, ranked)
        for code in codes:
            cands = ranked.get(code, [])
            if cands and cands[0].score >= self.threshold:
                self.resolutions[code] = Resolution(code, cands[0].id, "auto", cands[0].score, cands)
            else:
                best = cands[0].score if cands else 0.0
                self.resolutions[code] = Resolution(code, None, "review", best, cands)

    def add(self, codes: list[str]) -> None:
        """Resolve categories added to the tree after construction (e.g. codes missing from the file)."""
        todo = [c for c in codes if c not in self.resolutions]
        self._rank(todo)
        self._review_outside_types([c for c in todo if c in self.tree.categories and root_of(self.tree, c) in self.known_roots])

    def resolve(self, code: str) -> Resolution | None:
        return self.resolutions.get(code)

    def for_product(self, categories: tuple[str, ...] | list[str]) -> Resolution | None:
        """The product's taxonomy category, from its most specific categories in product-type trees.

        Categories in other trees (sales, brands, campaigns) never decide, unless a person mapped
        them. Among the product's type categories only the most specific ones count (a category
        whose descendant the product also has says less). A person's mapping wins (precedence,
        then depth); otherwise any of them still unsure makes the product unsure, and two that go
        to different product types (neither contains the other) are a conflict for review.
        """
        found = [r for r in (self.resolutions.get(c) for c in dict.fromkeys(categories)) if r is not None]
        found = [r for r in found if r.how != "ignored"]
        if not found:
            return None
        eligible = [r for r in found if r.how in ("explicit", "rule", "accepted") or self._is_type(r)]
        if not eligible:
            best = max(found, key=lambda r: (r.score, r.code))
            roots = ", ".join(sorted(self.type_roots))
            return Resolution(best.code, None, "review", best.score, best.candidates,
                              note=f"none of its categories is in a product-type tree ({roots})")
        codes = {r.code for r in eligible}
        specific = [r for r in eligible
                    if not any(r.code in self.tree.ancestors(o) for o in codes if o != r.code and o in self.tree.categories)]
        fixed = [r for r in specific if r.how in ("explicit", "rule", "accepted")]
        if fixed:
            return min(fixed, key=self._key)
        unsure = [r for r in specific if r.id is None]
        if unsure:
            return max(unsure, key=lambda r: (r.score, r.code))
        # the most specific kind (depth first: a surer broader kind is not the deeper one), the others on its path or apart
        deepest = min(specific, key=lambda r: (r.rank, -self.taxonomy.depth(r.id), -r.score, r.code))
        apart = [r for r in specific if r.id != deepest.id and not self.taxonomy.is_ancestor(r.id, deepest.id)]
        if apart:
            return Resolution(deepest.code, None, "review", min(r.score for r in specific), deepest.candidates,
                              note="its categories go to different product types",
                              conflict=tuple(sorted(specific, key=lambda r: r.code)))
        return min(specific, key=lambda r: (-self.taxonomy.depth(r.id), r.rank, -r.score, r.code))

    def _is_type(self, res: Resolution) -> bool:
        """In a product-type tree; a category outside the file's trees (a bare code) when it looks like a type."""

        if res.code in self.tree.categories:
            root = root_of(self.tree, res.code)
            if root in self.type_roots:
                return True
            if root in self.known_roots:
                return False
        return res.id is not None or (bool(res.candidates) and res.candidates[0].score >= LIKELY)

    def _key(self, res: Resolution) -> tuple[int, float, int, str]:
        depth = self.taxonomy.depth(res.id) if res.id in self.taxonomy.categories else -1
        return (res.rank, -res.score, -depth, res.code)

    def coverage(self) -> dict[str, int]:
        """How many source categories are mapped, by how."""
        out = {k: 0 for k in PRECEDENCE}
        for code in self.tree.real():
            res = self.resolutions.get(code)
            out[res.how if res else "review"] += 1
        return out
