"""Number rules try their regexes only near the numbers (matchers.number.finditer_near): the
matches must be exactly `finditer`'s, for every shipped number rule and language."""

from __future__ import annotations

from pathlib import Path

from conftest import AS_OF

from localize.rules.evaluate import load_corpus
from localize.rules.folding import folded
from localize.rules.matchers import MATCHERS
from localize.rules.matchers.number import finditer_near
from localize.rules.ruleset import load_ruleset

TEXTS = [
    "Set of 4 glasses, 4-piece set, 4er-Pack, pack of 13, 13 pcs, 666 units, model-4413, 4.5 cm",
    "set of 4set of 4 set of  4, lot de 4 verres, juego de 4, confezione da 4 pezzi, 4 Stück",
    "四件套 4個セット 4枚入り 四个 4개입 세트 4 개",
    "4", "13", "set of 13", "1313 13 13pcs 13-pack 13er 666666 6.66 4,4 44 x4 4x",
    "Pack of four, four-piece, 4 pieces and four pieces; vier Stück; quatre pièces",
    "model-12345 4.4 4,4 .4 ,4 4. 4, 4.x 4,x x4 4x 14 41 ٤ 4٤ ٤4 ４ 1.4 pieces 4.5 pieces 4 pieces. 4, pack of 4.",
    "pack of 4.5, set of 4,5 sets, 44 pcs 4 4 4 666. 666, 6,666 13.13 13,0 set of 13.",
]


def test_finditer_near_is_finditer_for_every_shipped_number_rule() -> None:
    filler = " ".join(["soft washable cotton with a long description"] * 8)
    texts = [folded(t).folded for t in TEXTS]
    texts += [f"{filler} {t} {filler}" for t in texts]  # long copy: only positions near a number are tried
    for case in load_corpus([Path(__file__).parent / "corpus"]):
        texts.extend(folded(v).folded for v in (case.data.get("values") or {}).values() if isinstance(v, str))
    rules = [r for r in load_ruleset(as_of=AS_OF).all_rules() if r.kind == "number"]
    assert rules
    tried = 0
    for rule in rules:
        state = MATCHERS["number"].prepare(rule)
        for lang in ("en", "de", "fr", "es", "it", "ja", "zh", "ko", "*"):
            regex = state.count_regex(lang)
            reach = state.count_reach[lang]
            alone = state.count_alone[lang]
            assert reach >= 0
            for text in texts:
                lits = state.literals(lang)
                want = [(m.span(), m.group(0)) for m in regex.finditer(text)]
                assert [(m.span(), m.group(0)) for m in finditer_near(regex, text, lits, reach)] == want, (rule.id, text)
                near = finditer_near(regex, text, lits, reach, alone, True)  # occurrences inside numbers skipped
                assert [(m.span(), m.group(0)) for m in near] == want, (rule.id, text)
                want = [m.span() for m in state.text_re.finditer(text)]
                assert [m.span() for m in finditer_near(state.text_re, text, lits, 0)] == want, (rule.id, text)
                assert [m.span() for m in finditer_near(state.text_re, text, lits, 0, True, True)] == want, (rule.id, text)
                tried += bool(want)
    assert tried  # the texts do contain the rules' numbers
