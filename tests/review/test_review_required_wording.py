"""Legally required wording (toy warnings, hazard statements) that an engine translated goes to review.

On a8c3c63 our toy catalogue (tests/verticals/furniture_toys) published `Achtung! Nicht für Kinder unter
36 Monaten geeignet …` machine-translated in every non-German market, one of them with `max. 55.1 lb`
converted inside the warning, without a finding.
"""
from __future__ import annotations

import json

from localize.stages.required_wording import carries_warning, warning_attribute


def test_warning_attributes_by_code_or_label_in_any_language() -> None:
    assert warning_attribute("safety_warning", ())
    assert warning_attribute("hinweise", ["Warnhinweise", "Warnings"])
    assert warning_attribute("h_statements", ["Gefahrenhinweise (CLP)"])
    assert not warning_attribute("description", ["Beschreibung", "Description"])
    assert not warning_attribute("care", ["Pflegehinweise", "Care instructions"])


def test_copy_carries_a_warning_by_its_signal_word() -> None:
    assert carries_warning("<p><strong>Warnhinweis:</strong> Erstickungsgefahr.</p>")
    assert carries_warning("Achtung! Nicht für Kinder unter 36 Monaten geeignet.")
    assert carries_warning("WARNING: CHOKING HAZARD - Small parts.")
    assert carries_warning("Attention ! Ne convient pas aux enfants de moins de 36 mois.")
    for text in ("Mit viel Liebe zum Detail gefertigt.", "Pay attention to the details", "Erstickungsgefahr",
                 "Warnweste in Neongelb"):
        assert not carries_warning(text), text


def test_a_machine_translated_toy_warning_is_held_and_the_pims_copy_published(vertical_run) -> None:  # type: ignore[no-untyped-def]
    project = vertical_run("furniture_toys", "de-DE", "en-GB")
    out = project / "out"
    held = {}
    for line in (out / "review-queue.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        held[r["market"], r["identifier"]] = {(f["code"], f["field"]) for f in r["findings"]}
    published = {json.loads(line)["identifier"] for line in (out / "en-GB.jsonl").read_text().splitlines()}
    # the small-parts warning, as a field and inside the description
    assert {("required-wording", "safety_warning"), ("required-wording", "description")} <= held["en-GB", "TY-007"]
    assert "TY-007" not in published
    assert "TY-009" in published  # the rag doll has no warning
    assert "HM-001" in published  # a table's assembly note is not a warning
    # the source market publishes the PIM's own warnings
    de = {json.loads(line)["identifier"] for line in (out / "de-DE.jsonl").read_text().splitlines()}
    assert {"TY-007", "TY-008"} <= de and ("de-DE", "TY-007") not in held
