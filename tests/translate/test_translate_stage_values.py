"""The translate stage picks a batch's texts from every value of every record: without an attribute
list, a value the reader did not mark translatable (a code, a number, an option: most values) is
passed over before anything else is asked of it, and what is translated stays what it was."""

from __future__ import annotations

from pathlib import Path

from translate_helpers import make_batch, make_config, make_ctx, run_stage, value_of

from localize.model import LocalizedValue


class _Watched(str):
    """A text that counts what is asked of it (an untranslatable value must not be looked at)."""

    asked = 0

    def isspace(self) -> bool:
        _Watched.asked += 1
        return super().isspace()


def test_a_value_not_marked_translatable_is_passed_over_first(tmp_path: Path) -> None:
    config = make_config(tmp_path, ("en-US", "fr-FR"), {"engine": "pseudo"})
    batch = make_batch(config, {"P1": {"name": "Pfanne rund"}, "P2": {"name": "Topf"}})
    for record in batch.records:
        record.values["supplier_code"] = LocalizedValue(data=_Watched("Lieferantencode"), source="Lieferantencode",
                                                        status="untranslated", translatable=False)
        record.values["note"] = LocalizedValue(data=_Watched("Notiz"), source="Notiz", status="untranslated",
                                               translatable=True)
    _Watched.asked = 0
    stage = run_stage(make_ctx(config), batch)
    assert _Watched.asked == 4  # the translatable note of 2 products in 2 markets; the code never
    for market in ("en-US", "fr-FR"):
        assert value_of(batch, "P1", market, "supplier_code").data == "Lieferantencode"
        assert value_of(batch, "P1", market, "supplier_code").status == "untranslated"
        assert value_of(batch, "P1", market, "note").status == "machine"
        assert value_of(batch, "P2", market, "name").status == "machine"
    assert stage.report_section()["segments"] == 8  # name and note of 2 products in 2 markets
