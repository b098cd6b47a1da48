"""Translation memory (SQLite) and TMX import/export."""

from __future__ import annotations

from pathlib import Path

import pytest

from localize.errors import InputError
from localize.translate.memory import Memory, MemoryKey, source_hash, text_hash
from localize.translate.tmx import export_tmx, import_tmx, read_tmx


def key(text: str, target: str = "en-US", **kw: str) -> MemoryKey:
    fields = {"formality": "", "tag_handling": "xml", "split_mode": "", "context_hash": text_hash("ctx"),
              "glossary_hash": "", "engine": "deepl", "protection": "p1"}
    fields.update(kw)
    return MemoryKey(source_hash(text), "de", target, **fields)


def test_machine_entries_need_the_full_key(tmp_path: Path) -> None:
    with Memory(tmp_path / "m.sqlite") as memory:
        k = key("Pfanne")
        memory.put_machine([(k, "Pfanne", "Pan", 6, "ctx")])
        assert memory.lookup(k).target_text == "Pan"
        assert memory.lookup(key("  Pfanne\n")).target_text == "Pan"  # normalised source text
        for changed in (key("Pfanne", "en-GB"), key("Pfanne", formality="prefer_more"), key("Pfanne", tag_handling="html"),
                        key("Pfanne", split_mode="0"), key("Pfanne", context_hash=text_hash("other")),
                        key("Pfanne", glossary_hash="abc"), key("Pfanne", engine="pseudo"), key("Pfanne", protection="p2")):
            assert memory.lookup(changed) is None, changed


def test_approved_beats_human_beats_machine(tmp_path: Path) -> None:
    with Memory(tmp_path / "m.sqlite") as memory:
        k = key("Pfanne")
        memory.put_machine([(k, "Pfanne", "Pan (machine)", 6, "ctx")])
        memory.put_human("Pfanne", "Frying pan (human)", "de-DE", "en-US")
        entry = memory.lookup(k)
        assert (entry.target_text, entry.origin) == ("Frying pan (human)", "human")
        memory.put_human("Pfanne", "Skillet (approved)", "de", "en-US", origin="approved")
        assert memory.lookup(k).target_text == "Skillet (approved)"
        # a later machine translation never overrides them
        memory.put_machine([(k, "Pfanne", "Pan (machine 2)", 6, "ctx")])
        assert memory.lookup(k).origin == "approved"


def test_human_entries_fall_back_to_the_language_never_to_another_variant(tmp_path: Path) -> None:
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.put_human("Pfanne", "poêle (fr)", "de", "fr")
        memory.put_human("Pfanne", "poêle (fr-FR)", "de", "fr-FR")
        assert memory.lookup(key("Pfanne", "fr-FR")).target_text == "poêle (fr-FR)"
        assert memory.lookup(key("Pfanne", "fr-CH")).target_text == "poêle (fr)"
        assert memory.lookup(key("Pfanne", "en-US")) is None


def test_human_entries_with_context_or_formality_only_match_those(tmp_path: Path) -> None:
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.put_human("Schloss", "castle", "de", "en-US", context="Travel")
        memory.put_human("Schloss", "lock", "de", "en-US", context="ctx")
        assert memory.lookup(key("Schloss")).target_text == "lock"
        assert memory.lookup(key("Schloss", context_hash=text_hash("Travel"))).target_text == "castle"
        assert memory.lookup(key("Schloss", context_hash=text_hash("Garden"))) is None
        memory.put_human("Sie", "you (formal)", "de", "fr-FR", formality="prefer_more")
        assert memory.lookup(key("Sie", "fr-FR", formality="prefer_more")).target_text == "you (formal)"
        assert memory.lookup(key("Sie", "fr-FR", formality="prefer_less")) is None


def test_original_source_text_finds_human_translations(tmp_path: Path) -> None:
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.put_human("Gewicht 500 g", "Weight 17.6 oz", "de", "en-US")
        k = key("Gewicht 17.6 oz")  # the units stage rewrote the source for en-US
        assert memory.lookup(k) is None
        assert memory.lookup(k, source_hashes=[source_hash("Gewicht 500 g")]).target_text == "Weight 17.6 oz"


def test_stats(tmp_path: Path) -> None:
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.put_machine([(key("A"), "A", "a", 1, ""), (key("B", "fr-FR"), "B", "b", 2, "")])
        memory.put_human("C", "c", "de", "en-US", origin="approved")
        stats = memory.stats()
    assert stats["entries"] == 3 and stats["characters_billed"] == 3
    assert stats["origins"] == {"machine": 2, "human": 0, "approved": 1}
    assert stats["pairs"] == {"de->en-US": {"approved": 1, "machine": 1}, "de->fr-FR": {"machine": 1}}
    assert stats["engines"] == {"deepl": 2}


def test_a_corrupt_memory_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(InputError, match=r"memory.sqlite: not a translation memory .*") as info:
        Memory(path)
    assert "move the file away" in str(info.value)


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="block" o-tmf="x" adminlang="en" srclang="de-DE" datatype="html"/>
  <body>
    <tu>
      <tuv xml:lang="de-DE"><seg>Pfanne aus Gusseisen</seg></tuv>
      <tuv xml:lang="en-US"><seg>Cast-iron skillet</seg></tuv>
      <tuv xml:lang="en-GB"><seg>Cast-iron frying pan</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Poêle en fonte</seg></tuv>
    </tu>
    <tu>
      <prop type="x-localize-origin">approved</prop>
      <tuv xml:lang="de-DE"><seg><bpt i="1">&lt;p&gt;</bpt>Hält <ph>&lt;br/&gt;</ph>ewig<ept i="1">&lt;/p&gt;</ept></seg></tuv>
      <tuv xml:lang="ja-JP"><seg>&lt;p&gt;一生もの&lt;/p&gt;</seg></tuv>
    </tu>
    <tu><tuv xml:lang="de-DE"><seg>Nur Quelle</seg></tuv></tu>
  </body>
</tmx>
"""


def test_tmx_import_reads_every_target_and_inline_codes(tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text(TMX, encoding="utf-8")
    units = list(read_tmx(path))
    assert [u.source_text for u in units] == ["Pfanne aus Gusseisen", "<p>Hält <br/>ewig</p>", "Nur Quelle"]
    assert units[0].targets == (("en-US", "Cast-iron skillet"), ("en-GB", "Cast-iron frying pan"), ("fr-FR", "Poêle en fonte"))
    with Memory(tmp_path / "m.sqlite") as memory:
        assert import_tmx(memory, path) == {"units": 3, "entries": 4, "machine": 0, "skipped": 0}
        assert import_tmx(memory, path) == {"units": 0, "entries": 0, "machine": 0, "skipped": 1}  # same content: once
        assert memory.lookup(key("Pfanne aus Gusseisen", "en-GB")).target_text == "Cast-iron frying pan"
        entry = memory.lookup(key("<p>Hält <br/>ewig</p>", "ja-JP", tag_handling="html"))
        assert (entry.target_text, entry.origin) == ("<p>一生もの</p>", "approved")


def test_tmx_export_of_text_xml_cannot_hold(tmp_path: Path) -> None:
    """h19: a reviewer's edit (or a run's translation before the reading pass removed them) holding U+FFFF or
    U+FFFE made `localize memory export` fail with lxml's ValueError; such characters are dropped, like the
    control characters already were (one definition: `xmlsafe.XML_ILLEGAL`)."""
    with Memory(tmp_path / "a.sqlite") as memory:
        memory.put_human("Tasse\ufffe", "Mug\uffff \x01ok", "de", "en-GB", origin="approved")
        assert export_tmx(memory.entries(), tmp_path / "out.tmx") == 1
    units = list(read_tmx(tmp_path / "out.tmx"))
    assert [(u.source_text, u.targets) for u in units] == [("Tasse", (("en-GB", "Mug ok"),))]


def test_tmx_export_round_trips(tmp_path: Path) -> None:
    with Memory(tmp_path / "a.sqlite") as memory:
        memory.put_machine([(key("Pfanne & Deckel"), "Pfanne & Deckel", "Pan & lid", 15, "ctx")])
        memory.put_human("<p>Hält</p>", "<p>Lasts</p>", "de", "en-GB", origin="approved", context="Küche")
        count = export_tmx(memory.entries(), tmp_path / "out.tmx")
    assert count == 2
    text = (tmp_path / "out.tmx").read_text(encoding="utf-8")
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE tmx")
    assert "<seg>Pfanne &amp; Deckel</seg>" in text and "<seg>&lt;p&gt;Lasts&lt;/p&gt;</seg>" in text
    units = {u.source_text: u for u in read_tmx(tmp_path / "out.tmx")}
    assert units["<p>Hält</p>"].origin == "approved" and units["<p>Hält</p>"].context == "Küche"
    assert units["Pfanne & Deckel"].origin == "machine" and units["Pfanne & Deckel"].targets == (("en-US", "Pan & lid"),)
    with Memory(tmp_path / "b.sqlite") as other:
        assert import_tmx(other, tmp_path / "out.tmx")["entries"] == 2
        # provenance kept: the machine entry stays machine (it used to come back as a person's, `human`)
        assert other.stats()["origins"] == {"machine": 1, "human": 0, "approved": 1}
        assert other.lookup(key("Pfanne & Deckel")) is None


def test_bad_tmx_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text('<tmx version="1.4"><body>\n<tu><tuv xml:lang="de"><seg>a</seg></tuv>\n</body></tmx>', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.tmx:3: not valid TMX/XML: .*"):
        list(read_tmx(path))
    missing = tmp_path / "nolang.tmx"
    missing.write_text('<tmx version="1.4"><body>\n<tu>\n<tuv><seg>a</seg></tuv></tu></body></tmx>', encoding="utf-8")
    with pytest.raises(InputError, match=r"nolang\.tmx:3: <tuv> without xml:lang or <seg>"):
        list(read_tmx(missing))
    with pytest.raises(InputError, match=r"none\.tmx: TMX file not found"):
        list(read_tmx(tmp_path / "none.tmx"))
