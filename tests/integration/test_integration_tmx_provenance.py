"""TMX provenance: a translation the file marks as machine output is kept as machine, never imported as
a person's (`human`), so it neither outranks the PIM's own copy of a sibling locale nor counts as
approved. Before h15 every TU not marked `approved` was imported as `human`, machine ones included.

The markers are the ones tools write: an origin property (ours `x-localize-origin`, `x-origin`, SDL
Trados' `x-Origin` = `MachineTranslation`), a property naming an MT engine, a `creationid`/`changeid`
that is an engine (`MT!`, `DeepL`), on the `<tu>` or on the target `<tuv>` alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_integration_sibling_memory import DE_PRODUCTS, feed, write_project

from localize.api import run
from localize.config import load_config
from localize.translate.memory import Memory, MemoryKey, source_hash, text_hash
from localize.translate.tmx import import_tmx, read_tmx

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
        'segtype="paragraph" o-tmf="t" adminlang="en-US" srclang="de-DE" datatype="plaintext"/><body>\n')


def tmx(path: Path, *units: str) -> Path:
    path.write_text(HEAD + "\n".join(units) + "\n</body></tmx>\n", encoding="utf-8")
    return path


def unit(source: str, target: str, lang: str = "en-GB", tu: str = "", tu_props: str = "", tuv: str = "",
         tuv_props: str = "") -> str:
    return (f"<tu{tu}>{tu_props}<tuv xml:lang=\"de-DE\"><seg>{source}</seg></tuv>"
            f"<tuv xml:lang=\"{lang}\"{tuv}>{tuv_props}<seg>{target}</seg></tuv></tu>")


MACHINE = {
    "ours": dict(tu_props='<prop type="x-localize-origin">machine</prop>'),
    "x-origin": dict(tu_props='<prop type="x-origin">machine</prop>'),
    "x-origin-mt": dict(tu_props='<prop type="x-origin">MT</prop>'),
    "trados": dict(tu_props='<prop type="x-Origin">MachineTranslation</prop>'),
    "trados-adaptive": dict(tu_props='<prop type="x-Origin">AdaptiveMachineTranslation</prop>'),
    "engine-prop": dict(tu_props='<prop type="x-mt-engine">DeepL</prop>'),
    "tuv-prop": dict(tuv_props='<prop type="x-origin">machine</prop>'),
    "creationid": dict(tu=' creationid="MT!" usagecount="3" tuid="17"'),
    "changeid-tuv": dict(tuv=' changeid="DeepL"'),
    "creationid-google": dict(tuv=' creationid="Google Translate"'),
}
HUMAN = {
    "plain": {},
    "trados-tm": dict(tu_props='<prop type="x-Origin">TM</prop>', tu=' creationid="ANNA\\anna" changeid="anna"'),
    "alignment": dict(tu_props='<prop type="x-Origin">Alignment</prop>'),
    "mt-confidence-no": dict(tu_props='<prop type="x-mt">no</prop>'),
}


def gb_key(text: str) -> MemoryKey:
    return MemoryKey(source_hash(text), "de", "en-GB", context_hash=text_hash(""), engine="deepl")


@pytest.mark.parametrize("marker", sorted(MACHINE))
def test_a_machine_translation_in_a_tmx_is_kept_as_machine(tmp_path: Path, marker: str) -> None:
    path = tmx(tmp_path / "m.tmx", unit("Stiefel", "Boots (MT)", **MACHINE[marker]))
    with Memory(tmp_path / "m.sqlite") as memory:
        assert import_tmx(memory, path) == {"units": 1, "entries": 1, "machine": 1, "skipped": 0}
        assert memory.stats()["origins"] == {"machine": 1, "human": 0, "approved": 0}
        assert memory.lookup(gb_key("Stiefel")) is None  # no run's key finds it
        assert not memory.people([source_hash("Stiefel")])
        assert [e.origin for e in memory.entries()] == ["machine"]  # exported again as machine


@pytest.mark.parametrize("marker", sorted(HUMAN))
def test_a_persons_translation_stays_human(tmp_path: Path, marker: str) -> None:
    path = tmx(tmp_path / "h.tmx", unit("Stiefel", "Boots", **HUMAN[marker]))
    with Memory(tmp_path / "h.sqlite") as memory:
        assert import_tmx(memory, path)["machine"] == 0
        assert memory.lookup(gb_key("Stiefel")).origin == "human"  # type: ignore[union-attr]


def test_approved_on_the_command_line_does_not_approve_the_machine_targets(tmp_path: Path) -> None:
    mixed = ('<tu><tuv xml:lang="de-DE"><seg>Mütze</seg></tuv><tuv xml:lang="en-GB"><seg>Woolly hat</seg></tuv>'
             '<tuv xml:lang="fr-FR" creationid="MT"><seg>Bonnet (MT)</seg></tuv></tu>')
    path = tmx(tmp_path / "mixed.tmx", mixed)
    assert next(read_tmx(path)).machine == frozenset({"fr-FR"})
    with Memory(tmp_path / "x.sqlite") as memory:
        assert import_tmx(memory, path, origin="approved")["machine"] == 1
        assert memory.stats()["pairs"] == {"de->en-GB": {"approved": 1}, "de->fr-FR": {"machine": 1}}


def test_a_machine_tmx_entry_does_not_beat_the_pims_sibling_copy(tmp_path: Path) -> None:
    """The sibling-copy case end to end: a German PIM with en_US copy, an en-GB market, a TMX whose
    en-GB targets are machine output (four markers). The PIM's en_US copy is published (status `pim`),
    not the engine's text as a person's (`human`)."""
    config = write_project(tmp_path, DE_PRODUCTS, "de_DE", "[{locale: en-GB}]", None)
    tmx(tmp_path / "memory.tmx",
        unit("Farbstifte, 12 Farben", "Colour pencils (MT)", **MACHINE["x-origin"]),
        unit("Tasse „Rot“", "Red cup (MT)", **MACHINE["trados"]),
        unit("Einkaufstasche", "Shopping bag (MT)", **MACHINE["creationid"]),
        unit("Mütze", "Woolly hat", tu_props='<prop type="x-localize-origin">approved</prop>', tuv=' changeid="MT!"'))
    config.write_text(config.read_text(encoding="utf-8").replace("{engine: pseudo}", "{engine: pseudo, memory_files: [memory.tmx]}"),
                      encoding="utf-8")
    report = run(load_config(config))
    got = feed(tmp_path)
    names = {sku: (got[sku, "en-GB"]["values"]["name"], got[sku, "en-GB"]["status"]["name"])
             for sku in ("PEN", "MUG", "BAG", "CAP")}
    assert names == {"PEN": ("Color pencils, 12 colors", "pim"), "MUG": ("Red mug", "pim"),
                     "BAG": ("Shopping bag", "pim"), "CAP": ("Knit cap", "pim")}
    assert report.sections["translation"]["copied_from_sibling_locale"] == {"en-GB": {"en_US": 8}}
