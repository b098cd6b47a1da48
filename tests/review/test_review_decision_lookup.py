"""A run looks review decisions up a batch at a time and fingerprints each market's decisions a page
at a time (issue 18, flat memory): the same outcome as holding every decision, on SQLite and
PostgreSQL alike, from a snapshot taken when the run opens the store."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from test_review_e2e import CONFIG, PRODUCTS, feed, queue_ids, run
from typer.testing import CliRunner

from localize.cli import app
from localize.review import decisions as decisions_module
from localize.review.decisions import Decision, DecisionStore, fingerprint


def decision(key: str, market: str, verdict: str = "approve", corrected: str | None = None) -> Decision:
    return Decision(key=key, market=market, product=f"P-{key}", field="name", rule="r", decision=verdict,
                    reviewer="ana", decided_at="2026-11-20T10:00:00Z", corrected=corrected)


# keys a hand-made store may hold besides hex digests: case, digits, non-ASCII, a prefix of another
KEYS = ["b", "B", "a", "ab", "Z", "0", "é", "ä1", "a0", "zz", "ß", "9f", "A"]


def test_market_fingerprint_and_get_many_agree_with_the_whole_store(tmp_path: Path, store_backend,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    url, schema = store_backend
    monkeypatch.setattr(decisions_module, "FINGERPRINT_PAGE", 3)  # several pages, one cut inside a market
    monkeypatch.setattr(decisions_module, "LOOKUP_CHUNK", 2)
    stored = [decision(k, "fr-FR" if i % 3 else "de-DE", "edit" if i % 4 == 0 else "approve",
                       corrected=f"Text {i}" if i % 4 == 0 else None) for i, k in enumerate(KEYS)]
    with DecisionStore(tmp_path / "review.sqlite", url=url, schema=schema) as store:
        for d in stored:
            assert store.put(d)
        for market in ("fr-FR", "de-DE"):
            mine = [d for d in stored if d.market == market]
            assert store.market_fingerprint(market) == fingerprint(mine)
        assert store.market_fingerprint("en-GB") == fingerprint(())
        assert store.market_fingerprint("fr-FR") != store.market_fingerprint("de-DE")
        wanted = ["B", "é", "missing", "a", "a", "zz", "nope"]
        assert store.get_many(wanted) == {k: d for d in stored for k in wanted if d.key == k}
        assert store.get_many([]) == {}


def test_a_run_reads_the_decisions_as_they_were_when_it_opened_them(tmp_path: Path, store_backend) -> None:
    url, schema = store_backend
    path = tmp_path / "review.sqlite"
    with DecisionStore(path, url=url, schema=schema) as store:
        store.put(decision("k1", "fr-FR"))
    reader = DecisionStore(path, url=url, schema=schema)
    try:
        reader.snapshot()
        before = reader.market_fingerprint("fr-FR")
        with DecisionStore(path, url=url, schema=schema) as reviewer:  # a sheet applied during the run
            reviewer.put(decision("k2", "fr-FR"))
            reviewer.put(decision("k1", "fr-FR", "reject"))
        assert reader.count() == 1
        assert reader.get_many(["k1", "k2"]) == {"k1": decision("k1", "fr-FR")}
        assert reader.market_fingerprint("fr-FR") == before
    finally:
        reader.close()
    with DecisionStore(path, url=url, schema=schema) as after:
        assert after.count() == 2 and after.get_many(["k1"])["k1"].decision == "reject"


def test_run_and_export_never_load_every_decision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The end-to-end review flow with `DecisionStore.all` unavailable: the gate and the review queue
    ask for their own findings' decisions only, with the same outcome."""
    (tmp_path / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (tmp_path / "localize.yaml").write_text(CONFIG, encoding="utf-8")
    run(tmp_path)
    runner = CliRunner()
    out = tmp_path / "review"
    exported = runner.invoke(app, ["review", "export", str(tmp_path / "localize.yaml"), "--out", str(out), "--json"])
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader((out / "review.csv").open(encoding="utf-8-sig")))
    by = {(r["market"], r["product"]): r for r in rows}
    by[("de-DE", "P1")].update(decision="edit", corrected_text="Becher aus Keramik", comment="claim removed")
    by[("de-DE", "P3")].update(decision="reject", comment="prohibited in DE")
    for market in ("de-DE", "en-GB"):
        by[(market, "P2")].update(decision="approve", comment="the cleaned text is fine")
    sheet = tmp_path / "decisions.csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    applied = runner.invoke(app, ["review", "apply", str(sheet), "--config", str(tmp_path / "localize.yaml"),
                                  "--reviewer", "ana", "--json"])
    assert applied.exit_code == 0, applied.output

    def everything(self: DecisionStore) -> dict[str, Decision]:
        raise AssertionError("every stored decision loaded into memory")

    monkeypatch.setattr(DecisionStore, "all", everything)
    report = run(tmp_path)
    de, gb = report["markets"]["de-DE"], report["markets"]["en-GB"]
    assert (de["written"], de["withheld"]) == (3, 1)  # P3 rejected; P1 edited, P2 approved
    assert (gb["written"], gb["withheld"]) == (2, 2)  # only P2 approved there
    assert feed(tmp_path, "de-DE")["P1"]["values"]["description"] == "Becher aus Keramik"
    assert queue_ids(tmp_path) == [("de-DE", "P3"), ("en-GB", "P1"), ("en-GB", "P3")]
    assert report["stages"]["gate"]["decisions"] == {"stored": 4, "approved": 2, "edited": 1, "rejected": 1}
    again = runner.invoke(app, ["review", "export", str(tmp_path / "localize.yaml"), "--out", str(tmp_path / "r2"),
                                "--json"])
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)
    assert (summary["items"], summary["open"]) == (3, 2)  # de-DE P3 shows its stored rejection
    decided = {(r["market"], r["product"]): r["decision"]
               for r in csv.DictReader((tmp_path / "r2" / "review.csv").open(encoding="utf-8-sig"))}
    assert decided == {("de-DE", "P3"): "reject", ("en-GB", "P1"): "", ("en-GB", "P3"): ""}
