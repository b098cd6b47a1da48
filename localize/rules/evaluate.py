"""Measure rule packs against a case corpus: recall and precision per market and per risk kind.

A corpus is a folder of YAML files (`cases: [...]`), each case a realistic product (source copy,
attributes, PIM categories and their labels, optionally the copy a translator delivered per
market) and, per market it is checked in, the risk kinds a market reviewer would raise there
(`[]` for a clean look-alike). Kinds, not rule ids, are the truth: the corpus says what a person
would catch, and any rule of the right kind may catch it. A case may also name rule ids; then
those rules must fire too.

Scoring is per (case, market, kind): expected and found = true positive; expected and not found
= a miss; found (a `block` or `review` finding of a rule whose `risk` maps onto a kind) and not
expected = a false alarm. Findings of rules without a corpus kind (`language`, `other`, no `risk`)
are listed as unscored. Each record goes through what a run applies before the gate: the markup
stage (unsafe markup is cleaned and becomes an `unsafe-markup` finding), then `check_record` as
the check stage calls it (on the cleaned copy).
`tests/review/test_review_corpus.py` asserts the figures; `bench/bench_rules.py` reports them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..config import build_market
from ..errors import InputError
from ..locale import language_of
from ..model import LocalizedRecord, LocalizedValue, Origin, Product
from ..taxonomy.source import SourceCategory, SourceTree
from .checker import check_record

# The risk kinds of the corpus (issue 13) and the `risk` names packs use for them.
KINDS = ("alcohol", "tobacco-vaping", "knives-weapons", "age-restricted", "health-claims", "environmental-claims",
         "disputed-geography", "religious-political-symbols", "numbers-colours", "gestures-body-images", "gambling",
         "dietary-law", "sizes-gender-terms", "comparative-claims", "unsafe-markup", "animal-products",
         "counterfeit", "product-safety")
RISK_TO_KIND = {
    "alcohol": "alcohol", "tobacco": "tobacco-vaping", "weapons": "knives-weapons", "age-restricted": "age-restricted",
    "health-claim": "health-claims", "environmental-claim": "environmental-claims", "geography": "disputed-geography",
    "religious-political": "religious-political-symbols", "numbers-colours": "numbers-colours",
    "gestures-body": "gestures-body-images", "gambling": "gambling", "dietary": "dietary-law",
    "sizes-gender": "sizes-gender-terms", "comparative": "comparative-claims", "markup": "unsafe-markup",
    "animal": "animal-products", "counterfeit": "counterfeit", "product-safety": "product-safety",
    **{k: k for k in KINDS},
}
TEXT_CODES_TRANSLATED = ("name", "description", "short_description")


@dataclass
class Case:
    """One product of the corpus and what reviewers expect of it per market."""

    id: str
    file: str
    data: dict[str, Any]
    expect: dict[str, tuple[str, ...]]  # market -> kinds (and rule ids) expected

    @property
    def clean(self) -> bool:
        return not any(self.expect.values())


@dataclass
class Outcome:
    """One (case, market): what was expected, what the rules found, and what differs."""

    case: str
    market: str
    expected: frozenset[str]
    found: dict[str, list[str]]  # kind -> rule ids that raised it
    missed: list[str] = field(default_factory=list)  # kinds (or rule ids) expected and not found
    false: list[str] = field(default_factory=list)  # kinds found and not expected
    unscored: list[str] = field(default_factory=list)  # rule ids without a corpus kind


@dataclass
class Evaluation:
    """Every outcome, with per-market and per-kind counts."""

    outcomes: list[Outcome]

    def counts(self, by: str) -> dict[str, Counter[str]]:
        """`by` = "market" or "kind": tp, fn, fp, cases per key."""
        out: dict[str, Counter[str]] = defaultdict(Counter)
        for o in self.outcomes:
            if by == "market":
                out[o.market]["cases"] += 1
            kinds = set(o.expected) | set(o.found)
            for kind in kinds:
                if kind not in KINDS:
                    continue
                key = o.market if by == "market" else kind
                if kind in o.expected and kind in o.found:
                    out[key]["tp"] += 1
                elif kind in o.expected:
                    out[key]["fn"] += 1
                else:
                    out[key]["fp"] += 1
            if by == "market":
                out[o.market]["fn"] += sum(1 for m in o.missed if m not in KINDS)  # expected rule ids
        return dict(sorted(out.items()))

    def figures(self, by: str) -> dict[str, dict[str, Any]]:
        """Recall and precision per market or per kind (1.0 where nothing was expected / found)."""
        table = {}
        for key, c in self.counts(by).items():
            tp, fn, fp = c["tp"], c["fn"], c["fp"]
            table[key] = {"tp": tp, "fn": fn, "fp": fp,
                          "recall": round(tp / (tp + fn), 3) if tp + fn else 1.0,
                          "precision": round(tp / (tp + fp), 3) if tp + fp else 1.0}
            if by == "market":
                table[key]["cases"] = c["cases"]
        return table

    def overall(self) -> dict[str, Any]:
        tp = fn = fp = 0
        for c in self.counts("market").values():
            tp, fn, fp = tp + c["tp"], fn + c["fn"], fp + c["fp"]
        return {"tp": tp, "fn": fn, "fp": fp, "recall": round(tp / (tp + fn), 3) if tp + fn else 1.0,
                "precision": round(tp / (tp + fp), 3) if tp + fp else 1.0}

    def problems(self, market: str | None = None) -> list[str]:
        """One line per miss and false alarm (for a failing test or a report)."""
        lines = []
        for o in self.outcomes:
            if market is not None and o.market != market:
                continue
            for m in o.missed:
                lines.append(f"MISSED {o.case} [{o.market}] {m}")
            for f in o.false:
                lines.append(f"FALSE  {o.case} [{o.market}] {f} by {', '.join(o.found[f])}")
        return lines

    def table(self) -> str:
        """The per-market and per-kind tables as text."""
        rows = ["market       cases  tp  fn  fp  recall  precision"]
        for key, f in self.figures("market").items():
            rows.append(f"{key:<12} {f['cases']:>5} {f['tp']:>3} {f['fn']:>3} {f['fp']:>3}  {f['recall']:>6.3f}  "
                        f"{f['precision']:>9.3f}")
        rows.append("")
        rows.append("kind                         tp  fn  fp  recall  precision")
        for key, f in self.figures("kind").items():
            rows.append(f"{key:<28} {f['tp']:>3} {f['fn']:>3} {f['fp']:>3}  {f['recall']:>6.3f}  {f['precision']:>9.3f}")
        o = self.overall()
        rows.append(f"{'all':<28} {o['tp']:>3} {o['fn']:>3} {o['fp']:>3}  {o['recall']:>6.3f}  {o['precision']:>9.3f}")
        return "\n".join(rows)


def load_corpus(paths: Iterable[str | Path]) -> list[Case]:
    """Every case of the YAML files (or folders of them), checked: unique ids, known kinds, markets."""
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        files.extend(sorted(p.glob("*.yaml")) if p.is_dir() else [p])
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for path in files:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        items = doc.get("cases") if isinstance(doc, dict) else None
        if not isinstance(items, list):
            raise InputError(f"{path}: no `cases:` list", hint="a corpus file is `cases: [...]`")
        for i, raw in enumerate(items):
            where = f"{path}: cases[{i}]"
            if not isinstance(raw, dict) or not raw.get("id"):
                raise InputError(f"{where}: a case needs an `id`")
            cid = str(raw["id"])
            if cid in seen:
                raise InputError(f"{where}: id {cid} is also used in {seen[cid]}", hint="give every case its own id")
            seen[cid] = str(path)
            expect = raw.get("expect")
            if not isinstance(expect, dict) or not expect:
                raise InputError(f"{where} ({cid}): `expect` must map markets to kinds ([] for clean)")
            for market, kinds in expect.items():
                if not isinstance(kinds, list):
                    raise InputError(f"{where} ({cid}): expect.{market} must be a list")
            for market in raw.get("translations") or {}:
                if market not in expect:
                    raise InputError(f"{where} ({cid}): translations for {market}, which `expect` does not check")
            cases.append(Case(cid, str(path), raw, {m: tuple(str(k) for k in v) for m, v in expect.items()}))
    return cases


def _number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return Decimal(str(value))


def _pim_tree(cases: Sequence[Case]) -> Any:
    """The PIM category tree the cases' labels describe (what `source.categories` gives a run)."""
    tree = SourceTree()
    locales: set[str] = set()
    for case in cases:
        for code, labels in (case.data.get("category_labels") or {}).items():
            tree.categories[code] = SourceCategory(code, None, dict(labels or {}))
            locales.update((labels or {}).keys())
    tree.locales = tuple(sorted(locales))
    return tree


def build_record(case: Case, market: Any) -> Any:
    """The record the check stage would see for this case in this market."""
    data = case.data
    source_locale = str(data.get("source_locale") or "en-US")
    cats = tuple(str(c) for c in data.get("categories") or ())
    product = Product(str(data.get("sku") or case.id), Origin(case.file, 1), family=data.get("family"), categories=cats)
    record = LocalizedRecord(product, market, source_locale=source_locale, categories=cats,
                             taxonomy=dict(data.get("taxonomy") or {}))
    translated = (data.get("translations") or {}).get(market.code) or {}
    same_language = language_of(source_locale) == market.language
    for code, value in (data.get("values") or {}).items():
        if isinstance(value, str):
            target = translated.get(code)
            if target is not None:
                record.values[code] = LocalizedValue(str(target), value, "machine", True)
            else:
                record.values[code] = LocalizedValue(value, value, "source" if same_language else "untranslated",
                                                     code in TEXT_CODES_TRANSLATED)
        else:
            number = _number(value)
            record.values[code] = LocalizedValue(number, number)
    return record


def evaluate(cases: Sequence[Case], ruleset: Any, *, markets: Iterable[str] | None = None,
             as_of: dt.date | None = None, markup: Callable[[LocalizedRecord], None] | None = None) -> Evaluation:
    """Run every case through the rules of each market it names (or only `markets`) and score it.
    `markup` is the run's markup step for one record (`stages.rules.markup_step()`), run before the
    rules as in a run: the corpus expects its `unsafe-markup` findings. Without it they are missed."""
    day = as_of or ruleset.as_of
    kind_of = {r.id: RISK_TO_KIND.get(r.risk or "") for r in ruleset.all_rules()}
    tree = _pim_tree(cases)
    only = set(markets) if markets is not None else None
    built: dict[str, Any] = {}
    outcomes: list[Outcome] = []
    for case in cases:
        for code, expected in case.expect.items():
            if only is not None and code not in only:
                continue
            market = built.get(code) or built.setdefault(code, build_market({"locale": code}, None))
            compiled = ruleset.for_market(market)
            record = build_record(case, market)
            if markup is not None:
                markup(record)
            findings = [f for f in record.findings if f.code == "unsafe-markup"]
            findings += check_record(compiled, record, source_locale=record.source_locale, as_of=day,
                                     pim_categories=tree)
            found: dict[str, list[str]] = defaultdict(list)
            rules_fired: set[str] = set()
            unscored: list[str] = []
            for f in findings:
                if f.code == "unsafe-markup" and not f.rule:
                    found["unsafe-markup"].append("markup-stage")
                    continue
                if f.severity not in ("block", "review") or not f.rule:
                    continue
                rules_fired.add(f.rule)
                kind = kind_of.get(f.rule)
                if kind is None:
                    if f.rule not in unscored:
                        unscored.append(f.rule)
                elif f.rule not in found[kind]:
                    found[kind].append(f.rule)
            want = frozenset(expected)
            kinds_wanted = {k for k in want if k in KINDS} | {kind_of.get(k) for k in want if k not in KINDS} - {None}
            missed = sorted(k for k in kinds_wanted if k not in found)
            missed += sorted(r for r in want if r not in KINDS and r not in rules_fired)
            false = sorted(k for k in found if k not in kinds_wanted)
            outcomes.append(Outcome(case.id, code, frozenset(kinds_wanted), dict(found), missed, false, unscored))
    return Evaluation(outcomes)
