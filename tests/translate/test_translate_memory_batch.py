"""The translation service reads the memory for a whole submission in a few queries
(`Memory.lookup_many`), with exactly the answers `lookup` gives key by key."""

from __future__ import annotations

from pathlib import Path

from localize.translate.memory import Memory, MemoryKey, source_hash, text_hash


def _key(text: str, target: str = "en-US", **kw: str) -> MemoryKey:
    fields = {"tag_handling": "xml", "context_hash": text_hash("ctx"), "engine": "deepl", "protection": "p1"}
    fields.update(kw)
    return MemoryKey(source_hash(text), "de", target, **fields)


def test_lookup_many_answers_what_lookup_answers(tmp_path: Path, store_backend: tuple[str | None, str]) -> None:
    url, schema = store_backend  # SQLite, and the same on PostgreSQL
    with Memory(tmp_path / "m.sqlite", url=url, schema=schema) as memory:
        texts = [f"Pfanne {n}" for n in range(1200)]
        memory.put_machine([(_key(t), t, t.replace("Pfanne", "Pan"), 8, "ctx") for t in texts[::2]])
        memory.put_human("Pfanne 3", "Frying pan 3 (human)", "de", "en-US")
        memory.put_human("Pfanne 4", "Skillet 4 (approved)", "de", "en", origin="approved")  # language fallback
        memory.put_human("Pfanne 5", "Poêle 5", "de", "fr-FR")  # another target: not for en-US
        memory.put_human("Original 7", "Pan 7 (human, original text)", "de", "en-US")
        asked = [(_key(t), ()) for t in texts] + [(_key("Pfanne 7"), (source_hash("Original 7"),)),
                                                (_key("Pfanne 6", "en-GB"), ()), (_key("Pfanne 3", formality="more"), ())]
        statements: list[str] = []
        execute = memory.db.execute

        def counted(sql: str, *args: object) -> object:
            statements.append(sql)
            return execute(sql, *args)

        memory.db = _Counting(memory.db, counted)
        many = memory.lookup_many(asked)
        memory.db = memory.db.inner
        one = [memory.lookup(key, source_hashes=extra) for key, extra in asked]
    assert many == one
    assert many[3].target_text == "Frying pan 3 (human)" and many[4].origin == "approved"
    assert many[2].target_text == "Pan 2" and many[1] is None
    assert many[1200].target_text == "Pan 7 (human, original text)"
    # 1,203 keys: 3 chunks for the human sources, 3 for the machine entries, and one
    # `lookup` each (two or three statements) for the 4 keys whose sources people translated
    assert len(statements) <= 6 + 4 * 3


class _Counting:
    """The store's connection with `execute` counted (sqlite3 and the PostgreSQL adapter alike)."""

    def __init__(self, inner: object, execute: object) -> None:
        self.inner = inner
        self.execute = execute

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)
