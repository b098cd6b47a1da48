"""The engine at scale on real vocabulary: the shared word lists (never shipped) as rule packs."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import findings, record

from localize.rules.packs import load_packs
from localize.rules.ruleset import RuleSet

pytestmark = pytest.mark.shared


def _pack(tmp_path: Path, lang: str, words: list[str]) -> RuleSet:
    data = {"pack": "wordlist", "scope": {"global": True}, "rules": [{
        "id": "wordlist", "kind": "terms", "severity": "review", "message": "profanity", "source": "shared word list",
        "terms": {lang: words}, "compounds": False}]}
    path = tmp_path / "wordlist.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return RuleSet(packs=load_packs([path]), as_of=dt.date(2026, 11, 15))


def test_cuss_list_finds_variants_and_spares_place_names(shared_data: Path, tmp_path: Path) -> None:
    cuss = json.loads((shared_data / "wordlists" / "cuss" / "en.json").read_text(encoding="utf-8"))
    words = sorted(w for w, certainty in cuss.items() if certainty == 2)
    assert len(words) > 1000
    rs = _pack(tmp_path, "en", words)
    text = ("Scunthorpe United, Penistone, Essex and Middlesex; a cocktail glass, a peacock, Dickens, "
            "the assassin's class in Sussex. But: ARSEHOLES and an Arse.")
    rec = record("en-US", {"description": ("x", text)}, source_locale="de-DE")
    assert [f.matched for f in findings(rs, rec)] == ["ARSEHOLES", "Arse"]


def test_real_catalogue_copy_is_mostly_clean(shared_data: Path, tmp_path: Path) -> None:
    cuss = json.loads((shared_data / "wordlists" / "cuss" / "en.json").read_text(encoding="utf-8"))
    rs = _pack(tmp_path, "en", sorted(w for w, c in cuss.items() if c == 2))
    path = shared_data / "akeneo" / "icecat_demo_dev_2017" / "products.csv"
    flagged = texts = 0
    hits: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            text = row.get("description-en_US-print") or ""
            if not text:
                continue
            texts += 1
            found = findings(rs, record("en-US", {"description": ("x", text)}, source_locale="de-DE"))
            if found:
                flagged += 1
                hits.update(f.matched.lower() for f in found)
    assert texts > 500
    assert flagged / texts < 0.01, sorted(hits)


def test_ten_thousand_terms_in_every_language_load_and_match(shared_data: Path, tmp_path: Path) -> None:
    folder = shared_data / "wordlists" / "ldnoobw-v2" / "data"
    words = [w.strip().strip("*").strip() for w in (folder / "en.txt").read_text(encoding="utf-8").splitlines()]
    words = sorted({w for w in words if len(w) > 3 and not w.isdigit() and any(ch.isalnum() for ch in w)})
    assert len(words) > 10_000
    rs = _pack(tmp_path, "en", words)
    sample = words[::997]
    rec = record("en-US", {"description": ("x", " | ".join(w.upper() for w in sample))}, source_locale="de-DE")
    def norm(w: str) -> str:  # punctuation at a term's ends is a word boundary, inside it a space
        return " ".join(re.sub(r"[\W_]", " ", w.lower()).split())

    found = {norm(f.matched) for f in findings(rs, rec)}
    assert {norm(w) for w in sample} <= found
    ja = [w.strip() for w in (folder / "ja.txt").read_text(encoding="utf-8").splitlines() if w.strip()]
    rs_ja = _pack(tmp_path, "ja", ja)
    word = next(w for w in ja if all(not c.isascii() and c.isalnum() for c in w))
    latin = next(w for w in ja if w.isascii() and w.isalnum())
    rec = record("ja-JP", {"description": ("x", f"これは{word}です。{latin.upper()}セット")}, source_locale="de-DE")
    assert {word, latin.upper()} <= {f.matched for f in findings(rs_ja, rec)}
