"""The decision reads the second witness's category (`pivot.py`) as a label match at its confidence
(`SuggestOptions.witnessed`): the default taxonomy's aliases and tree know kinds Google's labels do not show.

A made-up German shop tree (no labelled catalogue's), onto Google's real taxonomy (../shared), ranked without a
calibration: the decision rule alone, whatever a fit weighs afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from taxonomy_trees import tree

from localize.taxonomy.google import read_google
from localize.taxonomy.suggest import Suggester, SuggestOptions


@pytest.fixture(scope="module")
def google(shared_data: Path):  # type: ignore[no-untyped-def]
    files = shared_data / "google-taxonomy"
    return read_google([files / "taxonomy-with-ids.en-US.2021-09-21.txt", files / "taxonomy-with-ids.de-DE.2015-02-19.txt"])


def first(google, parent: str, label: str, witnessed: float) -> tuple[str, str | None]:  # type: ignore[no-untyped-def]
    """(the decision, the witness's category) for `label` below `parent`."""
    s = Suggester(google, SuggestOptions(witnessed=witnessed), calibration=None)
    src = tree([("p", None, {"de-DE": parent}), ("c", "p", {"de-DE": label})])
    got = s.suggest(src, top=3)["c"][0].id
    witness = s._witness.get("c")
    return got, witness.target if witness is not None else None


@pytest.mark.parametrize(("parent", "label"), [
    ("Drucken und Scannen", "Multifunktionsgeräte"),  # no Google label says multifunction printers
    ("Wintersortiment", "Winterstiefel"),             # Google has no boots; the default taxonomy files boots as shoes
])
def test_the_witness_names_a_kind_the_labels_do_not_show(google, parent: str, label: str) -> None:  # type: ignore[no-untyped-def]
    new, witness = first(google, parent, label, 0.7)
    old, _ = first(google, parent, label, 0.0)
    assert witness is not None
    assert new == witness
    assert old != witness  # without it the broader group or a look-alike ("Snowboard Boots") decided


def test_an_exact_label_still_decides(google) -> None:  # type: ignore[no-untyped-def]
    # the witness is a label match at (a share of) its confidence, never above an exact label
    new, witness = first(google, "Sortiment", "Schals", 0.7)
    old, _ = first(google, "Sortiment", "Schals", 0.0)
    assert witness is not None and witness != new  # the default taxonomy's scarves carry another Google id
    assert new == old == "6457"  # Google's German label "Schals", exactly
