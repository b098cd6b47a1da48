"""The shipped calibration is what `python -m bench.bench_taxonomy calibrate` gives from this code and data,
and the "no category fits" cases the fit sees are built right (issue 12)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from taxonomy_trees import DEFAULT

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.bench_taxonomy import absent_answers, absent_figures, fit_inputs  # noqa: E402
from localize.errors import ExitCode  # noqa: E402
from localize.taxonomy import label_features, suggest  # noqa: E402
from localize.taxonomy.calibrate import (  # noqa: E402
    CALIBRATION_FILE,
    StaleCalibration,
    load_calibration,
    read_calibration,
)
from localize.taxonomy.suggest import Candidate, Suggester, code_fingerprint  # noqa: E402


def test_the_shipped_file_was_fitted_for_this_code() -> None:
    # a change of the ranking (RANKING_VERSION), of its options or of the feature lists needs a refit:
    # this fails until `python -m bench.bench_taxonomy calibrate` has been run and its file committed
    shipped = read_calibration(CALIBRATION_FILE)
    assert shipped.fingerprint == code_fingerprint(), (
        "localize/taxonomy/calibration.json was fitted for other code: run `python -m bench.bench_taxonomy calibrate`")
    assert load_calibration(expect=code_fingerprint()) is not None
    assert Suggester(DEFAULT).calibration is not None


def test_the_shipped_file_was_fitted_on_this_data(shared_data: Path) -> None:
    # the dev set, Google's files and what the fit reads of the default taxonomy (its labels, aliases,
    # parents and Google ids): a change of the default taxonomy's data moves the label-evidence map
    assert read_calibration(CALIBRATION_FILE).inputs == fit_inputs(), (
        "the data the calibration reads changed since the fit: run `python -m bench.bench_taxonomy calibrate`")


def test_the_fit_inputs_are_the_data_as_this_stemmer_reads_it(shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # every label feature is built on Snowball stems, and releases differ: PyStemmer 3.0 left English "skis" as
    # it is, 3.1 stems it "ski". The same files read by another release are other inputs, so a machine with
    # another release fails the check above instead of refitting to other numbers unnoticed (issue 12)
    before = fit_inputs()
    real = label_features._stemmer

    class Older:
        def __init__(self, stemmer: object) -> None:
            self.stemmer = stemmer

        def stemWords(self, got: list[str]) -> list[str]:  # noqa: N802 (PyStemmer's name)
            return [w if w == "skis" else s for w, s in zip(got, self.stemmer.stemWords(got), strict=True)]  # type: ignore[attr-defined]

    monkeypatch.setattr(label_features, "_stemmer", lambda lang: Older(real(lang)) if real(lang) is not None else None)
    assert fit_inputs() != before


def test_the_stemmer_is_the_release_the_project_pins() -> None:
    # the shipped calibration and the rule terms are built on this release's stems (README, dependencies)
    import re
    from importlib.metadata import version

    pin = re.search(r'"PyStemmer==([^"]+)"', (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    assert pin is not None, "pyproject.toml must pin PyStemmer exactly"
    assert version("PyStemmer") == pin.group(1), "install the pinned PyStemmer (pip install -e .) or refit and move the pin"


def test_the_fingerprint_follows_the_ranking_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = code_fingerprint()
    monkeypatch.setattr(suggest, "RANKING_VERSION", suggest.RANKING_VERSION + "-next")
    assert code_fingerprint() != before


def test_a_file_fitted_for_other_code_fails_to_load_with_a_clear_message(tmp_path: Path) -> None:
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    data["fingerprint"]["code"] = "0123456789abcdef"
    stale = tmp_path / "calibration.json"
    stale.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StaleCalibration) as err:
        load_calibration(stale, expect=code_fingerprint())
    text = str(err.value)
    assert "fitted for other code" in text and "python -m bench.bench_taxonomy calibrate" in text
    assert err.value.exit_code == ExitCode.INTERNAL
    # the weights are still readable for a partial refit
    assert read_calibration(stale).weights
    # an old file without a fingerprint is stale too (it was never checked against the code)
    del data["fingerprint"]
    older = tmp_path / "older.json"
    older.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StaleCalibration):
        load_calibration(older, expect=code_fingerprint())


def test_absent_answers_remove_the_deepest_right_categories_with_their_subtrees() -> None:
    # every deepest right answer removed (share 1): a removed leaf's parent stays acceptable as a broader
    # mapping; an answer above another answer stays (removing it would take the other's away too)
    truth = {"knives": "home.kitchen_tools.knives", "kitchen": "home.kitchen_tools", "shirts": "apparel.tops.tshirts",
             "apparel": "apparel"}
    reduced, right, broader_ok, removed = absent_answers(DEFAULT, truth, share=1)
    assert removed == {"home.kitchen_tools.knives", *DEFAULT.descendants("home.kitchen_tools.knives"),
                       "apparel.tops.tshirts", *DEFAULT.descendants("apparel.tops.tshirts")}
    assert not removed & set(reduced.categories) and set(reduced.categories) | removed == set(DEFAULT.categories)
    assert right == {"knives": None, "kitchen": "home.kitchen_tools", "shirts": None, "apparel": "apparel"}
    assert broader_ok == {"knives": "home.kitchen_tools", "shirts": "apparel.tops"}
    # a right answer with children below it, removed with them: its parent is not acceptable
    _, right, broader_ok, removed = absent_answers(DEFAULT, {"tops": "apparel.tops"}, share=1)
    assert right == {"tops": None} and broader_ok == {} and "apparel.tops.tshirts" in removed


def test_absent_figures_count_a_parent_only_when_it_is_said_to_be_broader() -> None:
    right = {"a": None, "b": None, "c": None, "d": "x"}
    broader_ok = {"a": "p", "b": "p"}
    ranked = {"a": [Candidate("p", 0.97, "broader")], "b": [Candidate("p", 0.97, "label")],
              "c": [Candidate("q", 0.5, "label")], "d": [Candidate("x", 0.99, "exact")]}
    got = absent_figures(ranked, ["a", "b", "c", "d"], right, broader_ok, 0.96)
    assert got["absent"] == 3 and got["absent_applied"] == 2 and got["absent_applied_as_broader_parent"] == 1
    assert got["absent_applied_wrong_share"] == round(1 / 3, 4)
    assert got["present_auto_precision"] == 1.0
