from pathlib import Path

from conftest import findings, record

from localize.review.decisions import Decision, DecisionStore, key_for_record
from localize.review.gate import decide


def decided(rec, finding, decision, corrected=None, comment=None, when="2026-11-20T10:00:00Z"):
    return Decision(key=key_for_record(rec, finding), market=rec.market.code, product=rec.identifier, field=finding.field,
                    rule=finding.rule, decision=decision, reviewer="ana", decided_at=when, corrected=corrected,
                    comment=comment)


def flagged(shipped, text="Emballage biodégradable", market="fr-FR"):
    rec = record(market, {"description": ("Biologisch abbaubare Verpackung", text)})
    for f in findings(shipped, rec):
        rec.add_finding(f)
    return rec


def test_no_decision_withholds(shipped) -> None:
    rec = flagged(shipped)
    result = decide(rec, {})
    assert result.withheld and result.open == 2  # the target's claims (the source's are the same questions)
    assert result.open_by_severity == {"review": 1, "block": 1}


def test_approve_publishes_and_keeps_the_trail(shipped) -> None:
    rec = flagged(shipped)
    decisions = {d.key: d for d in (decided(rec, f, "approve", comment="certified") for f in rec.findings)}
    result = decide(rec, decisions)
    assert not result.withheld and result.approved == 2
    assert {f.severity for f in rec.findings} == {"info"}
    assert rec.findings[0].message.endswith("[approved by ana on 2026-11-20: certified]")


def test_reject_never_publishes(shipped) -> None:
    rec = flagged(shipped)
    first = rec.findings[0]
    others = [decided(rec, f, "approve") for f in rec.findings[1:]]
    decisions = {d.key: d for d in [decided(rec, first, "reject", comment="not for FR")] + others}
    result = decide(rec, decisions)
    assert result.withheld and result.rejected == 1 and result.open == 0


def test_edit_publishes_the_corrected_text_and_settles_the_field(shipped) -> None:
    rec = flagged(shipped)
    target = next(f for f in rec.findings if f.locale == "fr-FR")
    d = decided(rec, target, "edit", corrected="Emballage en carton recyclé")
    result = decide(rec, {d.key: d})
    assert not result.withheld and result.edited == 2
    lv = rec.values["description"]
    assert (lv.data, lv.status, lv.source) == ("Emballage en carton recyclé", "human", "Biologisch abbaubare Verpackung")


def test_changed_source_text_is_reviewed_again(shipped) -> None:
    rec = flagged(shipped)
    decisions = {d.key: d for d in (decided(rec, f, "approve") for f in rec.findings)}
    changed = record("fr-FR", {"description": ("Biologisch abbaubare Verpackung aus Mais", "Emballage biodégradable")})
    for f in findings(shipped, changed):
        changed.add_finding(f)
    assert decide(changed, decisions).withheld


def test_store_keeps_latest_decision_and_an_audit_trail(tmp_path: Path, shipped) -> None:
    rec = flagged(shipped)
    f = rec.findings[0]
    with DecisionStore(tmp_path / "review.sqlite") as store:
        assert store.put(decided(rec, f, "approve", comment="ok"))
        assert not store.put(decided(rec, f, "approve", comment="ok", when="2026-11-21T00:00:00Z"))
        assert store.put(decided(rec, f, "reject", comment="legal says no", when="2026-11-22T00:00:00Z"))
        key = key_for_record(rec, f)
        assert store.get(key).decision == "reject"
        trail = [(a["decision"], a["previous"], a["comment"], a["decided_at"]) for a in store.audit(key)]
        assert trail == [("approve", None, "ok", "2026-11-20T10:00:00Z"),
                         ("reject", "approve", "legal says no", "2026-11-22T00:00:00Z")]
    with DecisionStore(tmp_path / "review.sqlite") as again:
        assert again.count() == 1


def test_an_edit_of_an_option_corrects_its_label_and_keeps_its_code() -> None:
    """A reviewer who corrects how an option reads (`Coton` -> `Coton bio`) corrects its label: the code stays the
    data, so the Akeneo import and the feed's codes still name an option the PIM has; a text field's edit replaces it."""
    from localize.model import Finding, LocalizedValue

    rec = record("fr-CH", {"name": ("Hemd", "Chemise")})
    rec.values["material"] = LocalizedValue("organic_cotton", "organic_cotton", display="Coton",
                                            extra={"label": "language"})
    for field_name, matched in (("material", "Coton"), ("name", "Chemise")):
        rec.add_finding(Finding(code="enum-value-narrowed", severity="review", message="check the label",
                                product=rec.identifier, market=rec.market.code, field=field_name, matched=matched))
    decisions = {d.key: d for d in (decided(rec, rec.findings[0], "edit", corrected="Coton bio"),
                                    decided(rec, rec.findings[1], "edit", corrected="Chemise bio"))}
    result = decide(rec, decisions)
    assert not result.withheld and result.edited == 2
    option, text = rec.values["material"], rec.values["name"]
    assert (option.data, option.display, option.status) == ("organic_cotton", "Coton bio", "human")
    assert (text.data, text.display, text.status, text.source) == ("Chemise bio", None, "human", "Hemd")
