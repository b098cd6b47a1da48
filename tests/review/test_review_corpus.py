"""The case corpus (tests/review/corpus/): what a market reviewer would catch, per market.

Every case goes through the shipped packs and `check_record` for each market it names; recall and
precision must reach 0.95 in every market. A failure lists the missed cases and the false alarms
of that market (`MISSED case [market] kind`, `FALSE case [market] kind by rule`). Run with `-s` to
see the full per-market and per-kind table.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import AS_OF

from localize.errors import InputError
from localize.rules.evaluate import KINDS, Evaluation, evaluate, load_corpus
from localize.rules.ruleset import load_ruleset
from localize.stages.rules import markup_step

CORPUS = Path(__file__).parent / "corpus"
MARKETS = ("de-DE", "en-US", "en-GB", "fr-FR", "fr-CH", "ja-JP", "zh-CN", "ar-AE", "en-IN", "ar-SA", "he-IL", "hi-IN",
           "ko-KR", "zh-TW", "ru-RU", "tr-TR", "th-TH", "id-ID", "pt-BR", "es-MX", "pl-PL", "it-IT", "es-ES", "nl-NL")
GOAL = 0.95


@pytest.fixture(scope="module")
def cases() -> list:
    return load_corpus([CORPUS])


@pytest.fixture(scope="module")
def evaluation(cases: list) -> Evaluation:
    result = evaluate(cases, load_ruleset(as_of=AS_OF), markup=markup_step())
    print("\n" + result.table())
    return result


def test_corpus_shape(cases: list) -> None:
    """At least 300 cases, 12 per market, a third clean look-alikes, every kind planted and mimicked."""
    assert len(cases) >= 300
    per_market = Counter(m for c in cases for m in c.expect)
    assert set(per_market) == set(MARKETS), set(per_market) ^ set(MARKETS)
    assert min(per_market.values()) >= 12, per_market.most_common()[-3:]
    assert sum(c.clean for c in cases) * 3 >= len(cases)
    named = {k for c in cases for kinds in c.expect.values() for k in kinds}
    planted = named & set(KINDS)
    assert planted == set(KINDS), set(KINDS) - planted
    rule_ids = {r.id for r in load_ruleset(as_of=AS_OF).all_rules()}
    assert named - planted <= rule_ids, (named - planted) - rule_ids  # rule ids a case expects exist
    mimicked = {c.data.get("kind") for c in cases if c.clean}
    assert len(mimicked) >= 12, mimicked
    assert all(c.data.get("note") for c in cases), [c.id for c in cases if not c.data.get("note")]


@pytest.mark.parametrize("market", MARKETS)
def test_corpus_recall_precision(evaluation: Evaluation, market: str) -> None:
    figures = evaluation.figures("market")[market]
    problems = "\n".join(evaluation.problems(market))
    assert figures["recall"] >= GOAL, f"{market}: recall {figures['recall']} < {GOAL}\n{problems}"
    assert figures["precision"] >= GOAL, f"{market}: precision {figures['precision']} < {GOAL}\n{problems}"


def test_scoring_counts_misses_and_false_alarms(tmp_path: Path) -> None:
    """The scorer itself: a planted case the rules miss is a miss, a clean one they flag is a false alarm."""
    (tmp_path / "c.yaml").write_text(
        "cases:\n"
        "- {id: a, note: n, values: {name: Zigarren, description: x}, source_locale: de-DE, expect: {de-DE: [alcohol]}}\n"
        "- {id: b, note: n, values: {name: 'Whisky 40% ABV'}, source_locale: en-US, expect: {en-US: []}}\n",
        encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        "pack: t\nscope: {global: true}\nrules:\n"
        "- {id: t-alc, kind: terms, risk: alcohol, severity: review, message: m, source: a source, terms: {en: [whisky]}}\n",
        encoding="utf-8")
    from localize.rules.packs import load_packs
    from localize.rules.ruleset import RuleSet

    result = evaluate(load_corpus([tmp_path / "c.yaml"]), RuleSet(packs=load_packs([tmp_path / "p.yaml"]), as_of=AS_OF),
                      markup=markup_step())
    assert result.problems() == ["MISSED a [de-DE] alcohol", "FALSE  b [en-US] alcohol by t-alc"]
    assert result.figures("market")["de-DE"]["recall"] == 0.0
    assert result.figures("market")["en-US"]["precision"] == 0.0


def test_corpus_errors_name_file_and_case(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("cases:\n- {id: x, expect: {de-DE: []}, translations: {fr-FR: {name: a}}}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.yaml: cases\[0\] \(x\): translations for fr-FR"):
        load_corpus([bad])
