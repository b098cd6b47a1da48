"""The runner end to end on small catalogues: counts, variants, determinism, atomic outputs."""

from __future__ import annotations

import json
from pathlib import Path

import core_catalogue as cat
import pytest

from localize.api import run
from localize.config import load_config
from localize.errors import OutputError, UsageError
from localize.stages import RunOptions


def project(tmp_path: Path, extra: str = "", formats: str = "[jsonl, akeneo-csv, csv, xlsx]") -> Path:
    cat.write_akeneo_csv(tmp_path / "products.csv")
    cat.write_attributes(tmp_path / "attributes.csv")
    (tmp_path / "models.csv").write_text(
        "code;family_variant;parent;categories;name-de_DE;description-de_DE-ecommerce;material\n"
        "SHIRT;shirt_by_size;;apparel;Hemd;<p>Ein Hemd</p>;cotton\n"
        "SHIRT-BLUE;shirt_by_size;SHIRT;shirts;Hemd blau;;\n",
        encoding="utf-8",
    )
    (tmp_path / "variants.csv").write_text(
        "sku;parent;categories;size;name-de_DE;price-EUR\n"
        "SHIRT-BLUE-M;SHIRT-BLUE;sale;m;;29.00\n"
        "SHIRT-BLUE-L;SHIRT-BLUE;;l;Hemd blau (groß);29.00\n"
        "ORPHAN-S;GONE;;s;Waise;5.00\n",
        encoding="utf-8",
    )
    config = tmp_path / "localize.yaml"
    config.write_text(
        f"""
source:
  format: akeneo-csv
  path: [variants.csv, products.csv, models.csv]
  locale: de_DE
  channel: ecommerce
  attributes: attributes.csv
markets:
  - locale: de-DE
  - locale: en-US
  - locale: fr-CH
outputs:
  dir: out
  formats: {formats}
batch_size: 2
{extra}
""",
        encoding="utf-8",
    )
    return config


def lines(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_run_counts_balance_and_every_market_gets_a_feed(tmp_path: Path) -> None:
    report = run(load_config(project(tmp_path)), RunOptions(engine="pseudo"))
    assert report.exit_code == 0
    assert report.balanced()
    for code in ("de-DE", "en-US", "fr-CH"):
        counts = report.markets[code]
        assert (counts.read, counts.written, counts.rejected, counts.withheld) == (6, 6, 0, 0)
        assert (tmp_path / "out" / f"{code}.jsonl").is_file()
    data = report.to_dict()
    assert set(data) >= {"exit_code", "markets", "outputs"}
    assert data["stages"]["translate"]["engine"] == "pseudo"


def test_variants_inherit_from_their_models_unless_they_override(tmp_path: Path) -> None:
    report = run(load_config(project(tmp_path)))
    feed = {r["identifier"]: r for r in lines(tmp_path / "out" / "de-DE.jsonl")}
    medium, large = feed["SHIRT-BLUE-M"], feed["SHIRT-BLUE-L"]
    assert medium["values"]["name"] == "Hemd blau"  # from the sub-model
    assert large["values"]["name"] == "Hemd blau (groß)"  # the variant's own value wins
    assert medium["values"]["description"] == "<p>Ein Hemd</p>"  # from the root model
    assert medium["values"]["material"] == ["cotton"]
    assert medium["categories"] == ["apparel", "shirts", "sale"]
    assert medium["parent"] == "SHIRT-BLUE"
    assert "SHIRT" not in feed and "SHIRT-BLUE" not in feed  # models are not products
    orphan = feed["ORPHAN-S"]
    assert orphan["values"]["name"] == "Waise"
    assert report.warning_count == 2
    assert "variant 'ORPHAN-S': its product model 'GONE' is not among the sources" in report.warnings[0]
    assert "read as line breaks (e.g. 'MUG-1'" in report.warnings[1]  # the catalogue's `</ul>\\nmit Henkel`


def test_translatable_copy_is_marked_and_existing_pim_translations_are_reused(tmp_path: Path) -> None:
    run(load_config(project(tmp_path)))
    # untranslated copy is held for review (memory engine, empty memory): read both feeds
    queued = [r for r in lines(tmp_path / "out" / "review-queue.jsonl") if r["market"] == "en-US"]
    us = {r["identifier"]: r for r in lines(tmp_path / "out" / "en-US.jsonl") + queued}
    de = {r["identifier"]: r for r in lines(tmp_path / "out" / "de-DE.jsonl")}
    assert us["TS-1"]["values"]["name"] == "Basic T-shirt" and us["TS-1"]["status"]["name"] == "pim"
    assert us["MUG-1"]["status"]["name"] == "untranslated"
    assert us["MUG-1"]["source"]["name"] == "Tasse 0,3 l"
    assert us["MUG-1"]["source_locale"] == "de-DE"
    assert "name" not in de["MUG-1"]["status"]  # the source locale's own market: nothing to translate
    # the convert stage: US units, and the PIM's own USD price used as is (source kept beside them)
    assert us["TS-1"]["values"]["weight"] == {"amount": "6.3", "unit": "OUNCE"}
    assert us["TS-1"]["source"]["weight"] == {"amount": "180", "unit": "GRAM"}
    assert us["TS-1"]["values"]["price"] == [{"amount": "24.00", "currency": "USD"}]
    assert us["TS-1"]["source"]["price"] == [{"amount": "19.90", "currency": "EUR"}, {"amount": "24.00", "currency": "USD"}]


def test_reruns_give_byte_identical_outputs(tmp_path: Path) -> None:
    config = project(tmp_path)
    run(load_config(config))
    first = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()
             if p.name != "manifest.json" and not p.name.startswith(".")}
    run(load_config(config))
    second = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()
              if p.name != "manifest.json" and not p.name.startswith(".")}
    assert first == second
    assert {"de-DE.jsonl", "de-DE.xlsx", "de-DE.csv", "de-DE.akeneo.csv", "rejects.jsonl", "review-queue.jsonl"} <= set(first)


def test_manifest_records_inputs_with_checksums_and_counts(tmp_path: Path) -> None:
    import hashlib

    run(load_config(project(tmp_path)), RunOptions(engine="pseudo"))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    by_name = {Path(i["path"]).name: i for i in manifest["inputs"]}
    assert by_name["products.csv"]["sha256"] == hashlib.sha256((tmp_path / "products.csv").read_bytes()).hexdigest()
    assert {"variants.csv", "models.csv", "attributes.csv", "localize.yaml"} <= set(by_name)
    assert manifest["markets"]["en-US"]["written"] == 6
    assert len(manifest["config_hash"]) == 64
    assert any(Path(o["path"]).name == "en-US.jsonl" for o in manifest["outputs"])


def test_market_subset_and_limit(tmp_path: Path) -> None:
    report = run(load_config(project(tmp_path)), RunOptions(markets=("en-US",), limit=2))
    assert list(report.markets) == ["en-US"]
    assert report.markets["en-US"].read == 2
    with pytest.raises(UsageError) as info:
        run(load_config(project(tmp_path)), RunOptions(markets=("it-IT",)))
    assert str(info.value) == "--market it-IT: not a market of this config\n  hint: choose from de-DE, en-US, fr-CH"


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    report = run(load_config(project(tmp_path)), RunOptions(dry_run=True))
    assert report.markets["de-DE"].read == 6
    assert not (tmp_path / "out").exists()


def test_sheets_neutralise_formulas_and_akeneo_file_only_carries_translations(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    config = project(tmp_path)
    products = tmp_path / "products.csv"
    products.write_text(products.read_text(encoding="utf-8").replace("Olivenöl extra nativ", "=HYPERLINK(\"x\")"),
                        encoding="utf-8")
    run(load_config(config))
    csv_text = (tmp_path / "out" / "de-DE.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    sheet = load_workbook(tmp_path / "out" / "de-DE.xlsx").active
    # XLSX: the text as written, in a string cell (never a formula) with Excel's quote prefix
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    formula = cells["=HYPERLINK(\"x\")"]
    assert formula.data_type == "s" and formula.quotePrefix
    assert "'=HYPERLINK(\"x\")" not in cells
    # nothing is translated by the pass-through stages, so the PIM import file has only a header
    assert (tmp_path / "out" / "en-US.akeneo.csv").read_text(encoding="utf-8") == "sku\n"


def test_a_failed_run_leaves_the_previous_outputs_intact(tmp_path: Path) -> None:
    config = project(tmp_path, formats="[jsonl]")
    run(load_config(config))
    before = (tmp_path / "out" / "en-US.jsonl").read_bytes()
    # Break the source half-way: a non-UTF-8 byte after the first rows stops the run (exit 3).
    products = tmp_path / "products.csv"
    products.write_bytes(products.read_bytes() + b"BAD;x;;;1;;\xff\xfe;;;;;;;;;;;;;\n")
    from localize.errors import InputError

    with pytest.raises(InputError):
        run(load_config(config))
    assert (tmp_path / "out" / "en-US.jsonl").read_bytes() == before
    # no temp files left, and no generation of the failed run
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".")) == [".current", ".generations"]
    assert len([p for p in (tmp_path / "out" / ".generations").iterdir() if p.is_dir()]) == 1


def test_an_output_folder_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    config = project(tmp_path, formats="[jsonl]")
    (tmp_path / "out").write_text("a file where the output folder should be", encoding="utf-8")
    with pytest.raises(OutputError) as info:
        run(load_config(config))
    assert str(info.value) == (
        f"{tmp_path / 'out'}: cannot write output: a file stands where the folder should be\n"
        "  hint: free space or fix permissions of the output folder; the previous outputs are intact"
    )


def test_akeneo_import_file_carries_translated_copy_in_its_scoped_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from localize.stages.base import Batch, RunContext, Stage

    class FakeTranslate(Stage):
        """Stands in for the translate stage: marks copy as machine-translated."""

        name = "translate"

        def process(self, batch: Batch, ctx: RunContext) -> None:
            for record in batch.records:
                for value in record.values.values():
                    if value.status == "untranslated":
                        value.data, value.status = f"[{record.market.locale}] {value.source}", "machine"

    monkeypatch.setattr("localize.pipeline.runner.build_stages", lambda names: [FakeTranslate()])
    run(load_config(project(tmp_path, formats="[akeneo-csv]")))
    import csv

    with (tmp_path / "out" / "fr-CH.akeneo.csv").open(encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh, delimiter=";"))
    assert table[0] == ["sku", "description-fr_CH-ecommerce", "name-fr_CH"]
    rows = {row[0]: row for row in table[1:]}
    assert rows["OIL-1"] == ["OIL-1", "[fr-CH] Kaltgepresst; 40 °C", "[fr-CH] Olivenöl extra nativ"]
    # copy inherited from the product models goes to the model import file, under the model that holds it
    assert "SHIRT-BLUE-M" not in rows
    assert rows["SHIRT-BLUE-L"] == ["SHIRT-BLUE-L", "", "[fr-CH] Hemd blau (groß)"]  # its own name
    with (tmp_path / "out" / "fr-CH.akeneo-models.csv").open(encoding="utf-8", newline="") as fh:
        models = list(csv.reader(fh, delimiter=";"))
    # SHIRT's own name has no fr_CH copy in the PIM and none this run: empty, so the import clears nothing
    assert models == [["code", "parent", "family_variant", "categories", "description-fr_CH-ecommerce", "name-fr_CH"],
                      ["SHIRT", "", "shirt_by_size", "apparel", "[fr-CH] <p>Ein Hemd</p>", ""],
                      ["SHIRT-BLUE", "SHIRT", "shirt_by_size", "shirts", "", "[fr-CH] Hemd blau"]]
    assert (tmp_path / "out" / "de-DE.akeneo.csv").read_text(encoding="utf-8") == "sku\n"  # nothing new in the source locale
