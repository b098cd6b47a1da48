"""Rules engine throughput: 100k products x 5 fields against 10k terms (plus the shipped packs),
and recall/precision of the shipped packs on the review case corpus per market and risk kind, and the
findings the shipped packs raise on real product data (`real_data_findings`: every Google taxonomy label of the
8 locales of 2015 as a product name in its own market, and the icecat demo catalogue's names and descriptions
in en-US, de-DE and fr-FR), the false-alarm check to read by hand after a change to the packs:
`python -m bench.bench_rules --real-data` prints each finding.

Terms come from `../shared/data/wordlists/ldnoobw-v2/data/en.txt` when present (real
vocabulary, with its short words that hit inside other words), synthetic words otherwise.
Reports fields per second through the check stage's call (`check_chunks`: the text-only pass once
per distinct text of each chunk of records, answers remembered across chunks, then each record),
the automaton alone, and a combined-regex alternative on a sample (why we chose the
automaton), all measured in this one run.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import re
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
WORDLIST = SHARED / "wordlists" / "ldnoobw-v2" / "data" / "en.txt"
GOOGLE_LOCALES = ("de-DE", "en-US", "es-ES", "fr-FR", "it-IT", "ja-JP", "nl-NL", "pl-PL")
ICECAT_LOCALES = ("en-US", "de-DE", "fr-FR")
N_TERMS = 10_000
FIELDS = ("name", "short_description", "description", "material", "care")
BATCH = 500

VOCAB = ("steel", "cotton", "premium", "kitchen", "bottle", "lightweight", "durable", "travel", "compact", "modern",
         "classic", "design", "water", "resistant", "stainless", "glass", "ceramic", "handle", "wireless", "battery",
         "charging", "portable", "outdoor", "comfort", "soft", "leather", "washable", "natural", "wooden", "set",
         "fresh", "recycled", "colour", "black", "white", "green", "size", "large", "small", "pack", "with", "for",
         "and", "the", "your", "easy", "clean", "dishwasher", "safe", "warranty", "quality", "perfect", "gift", "home")


def _terms(rng: random.Random) -> tuple[list[str], str]:
    if WORDLIST.is_file():
        words = []
        seen: set[str] = set()
        for line in WORDLIST.read_text(encoding="utf-8").splitlines():
            w = line.strip().strip("*").strip()  # the list's own * globs would match inside every word
            if w and not w.isdigit() and w.lower() not in seen:
                seen.add(w.lower())
                words.append(w)
            if len(words) == N_TERMS:
                break
        if len(words) >= N_TERMS // 2:
            return words, "ldnoobw-v2/en"
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(N_TERMS * 2)})
    return words[:N_TERMS], "synthetic"


def _text(rng: random.Random, n_words: int, terms: list[str], sku: int) -> str:
    words = [rng.choice(VOCAB) for _ in range(n_words)]
    if rng.random() < 0.02:
        words[rng.randrange(n_words)] = rng.choice(terms)
    words.append(f"model-{sku}")
    return " ".join(words)


SIZES = {"name": 6, "short_description": 20, "description": 90, "material": 3, "care": 10}


def _texts(n: int, terms: list[str], rng: random.Random) -> list[tuple[str, ...]]:
    """The products' texts, as tuples: the garbage collector stops tracking a tuple of strings, so
    the harness's own 500k texts (a run streams its records instead) do not weigh on every full
    collection during the timed checking."""
    out = []
    for i in range(n):
        row = []
        for code in FIELDS:
            text = _text(rng, SIZES[code], terms, i)
            row.append(f"<p>{text}</p>" if code == "description" else text)
        out.append(tuple(row))
    return out


def _records(rows: list[tuple[str, ...]], start: int, market: Any) -> list[Any]:
    from localize.model import LocalizedRecord, LocalizedValue, Origin, Product

    out = []
    for i, row in enumerate(rows, start):
        rec = LocalizedRecord(Product(f"SKU{i}", Origin("bench.csv", i + 2)), market, source_locale="en-US")
        for code, text in zip(FIELDS, row, strict=True):
            rec.values[code] = LocalizedValue(text, text, "source", True)
        out.append(rec)
    return out


def main(quick: bool = False) -> dict[str, Any]:
    from localize.rules.checker import check_chunks, record_view
    from localize.rules.folding import fold
    from localize.rules.packs import Pack, Rule, Scope, load_packs, shipped_rules_dir
    from localize.rules.ruleset import RuleSet
    from localize.rules.scan import TermAutomaton
    from localize.rules.specs import term_specs

    rng = random.Random(20261115)
    terms, origin = _terms(rng)
    n_products = 5_000 if quick else 100_000
    rows = _texts(n_products, terms, rng)
    n_fields = n_products * len(FIELDS)
    from localize.config import build_market

    market = build_market({"locale": "en-US"}, None)

    rule = Rule(id="bench-terms", kind="terms", severity="review", message="bench", source="benchmark word list",
                pack="bench", file="bench", line=1, spec={"terms": {"en": terms}})
    bench_pack = Pack(id="bench", scope=Scope(everywhere=True), rules=(rule,), path="bench")
    as_of = dt.date(2026, 11, 15)
    rs = RuleSet(packs=load_packs([shipped_rules_dir()]) + [bench_pack], as_of=as_of)

    t0 = time.perf_counter()
    compiled = rs.for_market(market)
    automaton = compiled.automaton("en", "text")
    compile_s = time.perf_counter() - t0

    def view_of(rec: Any) -> Any:
        return record_view(rec, source_locale="en-US", as_of=as_of)

    # Batches of 500 records, as the pipeline feeds the check stage; only the checking is timed.
    check_s = 0.0
    check_cpu = 0.0
    n_findings = 0
    full_gcs = gc.get_stats()[2]["collections"]
    for start in range(0, n_products, BATCH):
        batch = _records(rows[start:start + BATCH], start, market)
        t0, c0 = time.perf_counter(), time.process_time()
        for _view, found in check_chunks(((compiled, rec) for rec in batch), view_of):
            n_findings += len(found)
        check_s += time.perf_counter() - t0
        check_cpu += time.process_time() - c0

    full_gcs = gc.get_stats()[2]["collections"] - full_gcs
    texts = [text for row in rows for text in row]
    fresh = TermAutomaton(list(term_specs(rule)))
    t0 = time.perf_counter()
    raw_hits = 0
    for text in texts:
        raw_hits += len(fresh.scan(fold(text)))  # type: ignore[arg-type]
    scan_s = time.perf_counter() - t0

    sample = texts[: min(len(texts), 2_000)]
    t0 = time.perf_counter()
    alternation = "|".join(re.escape(fold(t)) for t in sorted(terms, key=len, reverse=True))
    combined = re.compile(rf"(?<!\w)(?:{alternation})(?:s|es)?(?!\w)")
    regex_compile_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    regex_hits = sum(len(combined.findall(fold(t))) for t in sample)  # type: ignore[arg-type]
    regex_s = time.perf_counter() - t0
    regex_fps = len(sample) / regex_s if regex_s else 0.0

    fps = n_fields / check_s
    return {
        "products": n_products,
        "fields": n_fields,
        "terms": len(terms),
        "terms_from": origin,
        "rules_in_market": len(compiled.rules),
        "findings": n_findings,
        "compile_seconds": round(compile_s, 3),
        "automaton_words": automaton.size,
        "fields_per_second": round(fps),
        "fields_per_cpu_second": round(n_fields / check_cpu) if check_cpu else None,
        "full_gc_collections_while_checking": full_gcs,  # each one walks every object of the process
        "goal_fields_per_second": 50_000,
        "goal_ratio": round(fps / 50_000, 2),
        "goal_ratio_cpu": round(n_fields / check_cpu / 50_000, 2) if check_cpu else None,
        "automaton_only_fields_per_second": round(len(texts) / scan_s),
        "automaton_raw_hits": raw_hits,
        "combined_regex_fields_per_second": round(regex_fps),
        "combined_regex_compile_seconds": round(regex_compile_s, 3),
        "combined_regex_hits_on_sample": regex_hits,
        "automaton_vs_regex_speed_ratio": round((len(texts) / scan_s) / regex_fps, 1) if regex_fps else None,
        "corpus": corpus_figures(as_of),
        "holdout": corpus_figures(as_of, "holdout"),  # cases the packs were not written for (i13r)
        # blind batches: each written before the packs (A, E, G) or the last changes (B to F) were read; their
        # first measurements are in tests/review/test_review_blind.py's docstring
        **{f"blind_{b}": corpus_figures(as_of, f"blind_{b}") for b in "abcdefgh"},
        **({} if quick else {"real_data_findings": real_data_findings(as_of)["summary"]}),
    }


def real_data_records() -> list[tuple[str, str, dict[str, str], str]]:
    """(market, source locale, values) for the real-data check: each Google taxonomy label (the last part of
    every path) of the 2015 files as a product name in its own locale's market, and each icecat product's
    name and description (e-commerce, else print, else mobile channel) in en-US, de-DE and fr-FR, each with where it comes from (`taxonomy`,
    `icecat`). Empty when ../shared is absent."""
    import csv

    out: list[tuple[str, str, dict[str, str], str]] = []
    for locale in GOOGLE_LOCALES:
        path = SHARED / "google-taxonomy" / f"taxonomy-with-ids.{locale}.2015-02-19.txt"
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if " - " in line and not line.startswith("#"):
                label = line.split(" - ", 1)[1].split(" > ")[-1].strip()
                out.append((locale, locale, {"name": label}, "taxonomy"))
    products = SHARED / "akeneo" / "icecat_demo_dev_2017" / "products.csv"
    if products.is_file():
        with products.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter=";"))
        for locale in ICECAT_LOCALES:
            pim = locale.replace("-", "_")
            for row in rows:
                # the demo fills the print and mobile channels' descriptions, not the e-commerce one
                description = next((row.get(f"description-{pim}-{channel}") for channel in ("ecommerce", "print", "mobile")
                                    if row.get(f"description-{pim}-{channel}")), "")
                values = {"name": row.get("name") or "", "description": description or ""}
                out.append((locale, locale, {k: v for k, v in values.items() if v}, "icecat"))
    return out


def real_data_findings(as_of: dt.date) -> dict[str, Any]:
    """Every `block`/`review` finding of the shipped packs on `real_data_records()`: nearly all of those
    records are ordinary goods, so each finding is a question a reviewer would be asked, and a new one
    after a change to the packs is read by hand (a false alarm, or a product that does need a look).
    `summary`: records, findings, findings per rule; `findings`: (market, rule, matched, name) each."""
    from collections import Counter

    from localize.config import build_market
    from localize.model import LocalizedRecord, LocalizedValue, Origin, Product
    from localize.rules.checker import check_record
    from localize.rules.ruleset import load_ruleset

    records = real_data_records()
    if not records:
        return {"summary": {"skipped": f"no real data under {SHARED}"}, "findings": []}
    rs = load_ruleset(as_of=as_of)
    markets: dict[str, Any] = {}
    found: list[tuple[str, str, str, str]] = []
    for i, (code, source, values, _origin) in enumerate(records):
        market = markets.get(code) or markets.setdefault(code, build_market({"locale": code}, None))
        rec = LocalizedRecord(Product(f"R{i}", Origin("real-data", i + 1)), market, source_locale=source)
        for field_code, text in values.items():
            rec.values[field_code] = LocalizedValue(text, text, "source", True)
        for f in check_record(rs.for_market(market), rec, source_locale=source, as_of=as_of):
            if f.severity in ("block", "review") and f.rule:
                found.append((code, f.rule, str(f.matched or ""), values.get("name", "")))
    # the same labels as a PIM's category labels of a product whose copy says nothing (`Item 1`): what the
    # category rules make of a catalogue's own wording (accessories, toys and racks named after the goods)
    from localize.taxonomy.source import SourceCategory, SourceTree

    tree = SourceTree()
    labelled: list[tuple[str, str]] = []
    for i, (code, source, values, origin) in enumerate(records):
        if origin == "taxonomy":
            cat = f"c{i}"
            tree.categories[cat] = SourceCategory(cat, None, {source.replace("-", "_"): values["name"]})
            labelled.append((code, cat))
    tree.locales = tuple(sorted(loc.replace("-", "_") for loc in GOOGLE_LOCALES))
    by_category: list[tuple[str, str, str, str]] = []
    for i, (code, cat) in enumerate(labelled):
        market = markets.get(code) or markets.setdefault(code, build_market({"locale": code}, None))
        rec = LocalizedRecord(Product(f"C{i}", Origin("real-data", i + 1), categories=(cat,)), market,
                              source_locale=code, categories=(cat,))
        rec.values["name"] = LocalizedValue("Item 1", "Item 1", "source", True)
        for f in check_record(rs.for_market(market), rec, source_locale=code, as_of=as_of, pim_categories=tree):
            if f.severity in ("block", "review") and f.rule:
                by_category.append((code, f.rule, str(f.matched or ""), tree.categories[cat].labels[code.replace("-", "_")]))
    per_rule = Counter(rule for _, rule, _, _ in found)
    per_category_rule = Counter(rule for _, rule, _, _ in by_category)
    return {"summary": {"records": len(records), "findings": len(found), "per_rule": dict(sorted(per_rule.items())),
                        "labels_as_categories": len(labelled), "category_findings": len(by_category),
                        "category_per_rule": dict(sorted(per_category_rule.items()))},
            "findings": sorted(found), "category_findings": sorted(by_category)}


def corpus_figures(as_of: dt.date, folder: str = "corpus") -> dict[str, Any]:
    """Recall and precision of the shipped packs on the review case corpus (tests/review/corpus),
    per market and per risk kind: what a market reviewer would catch, and clean look-alikes.
    `folder="holdout"`: the held-out cases (tests/review/holdout), written without reading the packs;
    `blind_a` .. `blind_g`: the blind batches (tests/review/blind_*), see test_review_blind.py."""
    from localize.rules.evaluate import evaluate, load_corpus
    from localize.rules.ruleset import load_ruleset
    from localize.stages.rules import markup_step

    corpus = REPO / "tests" / "review" / folder
    if not corpus.is_dir():
        return {"skipped": f"no corpus at {corpus}"}
    cases = load_corpus([corpus])
    t0 = time.perf_counter()
    result = evaluate(cases, load_ruleset(as_of=as_of), markup=markup_step())
    seconds = time.perf_counter() - t0
    per_market = result.figures("market")
    return {
        "cases": len(cases),
        "checks": len(result.outcomes),
        "seconds": round(seconds, 2),
        "overall": result.overall(),
        "markets_below_goal": sorted(m for m, f in per_market.items() if min(f["recall"], f["precision"]) < 0.95),
        "per_market": {m: {"recall": f["recall"], "precision": f["precision"], "cases": f["cases"]}
                       for m, f in per_market.items()},
        "per_kind": {k: {"recall": f["recall"], "precision": f["precision"]} for k, f in result.figures("kind").items()},
    }


if __name__ == "__main__":
    import json
    import sys

    if "--real-data" in sys.argv:  # each finding on real data, to read after a change to the packs
        result = real_data_findings(dt.date(2026, 11, 15))
        for market, rule, matched, name in result["findings"]:
            print(f"{market}\t{rule}\t{matched}\t{name}")
        for market, rule, matched, label in result["category_findings"]:
            print(f"{market}\tcategory\t{rule}\t{matched}\t{label}")
        print(json.dumps(result["summary"], indent=2))
    else:
        print(json.dumps(main(quick=True), indent=2))
