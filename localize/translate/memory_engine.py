"""The `memory` engine: translation memory and glossary only, never a network request.

It is the default when no DEEPL_AUTH_KEY is set, so a run (and `make demo`) works offline.
What memory and glossary do not cover stays in the source language, marked `untranslated`
with a `review` finding, so the gate holds it back instead of publishing German copy in a
French feed.
"""

from __future__ import annotations

from typing import ClassVar

from .engine import RequestOptions, Translation, Translator


class MemoryOnly(Translator):
    name: ClassVar[str] = "memory"
    translates: ClassVar[bool] = False
    local: ClassVar[bool] = True

    def translate(self, texts: list[str], options: RequestOptions) -> list[Translation]:
        raise RuntimeError("the memory engine does not translate; uncovered text stays untranslated")
