"""The `pseudo` engine: deterministic pseudo-localisation for testing layouts and the pipeline.

`Rotary cutter` becomes `[Ŕöţàŕý çûţţéŕ ~~~~]`: accented letters (so a font or encoding
problem shows), about 30% longer (so a length limit or a tight layout shows), brackets (so
truncation shows). Tags, entities and protected spans (placeholders, numbers with units,
do-not-translate terms) pass through untouched, exactly as a real engine must keep them.
Nothing is billed and nothing leaves the machine.
"""

from __future__ import annotations

import math
import re
from typing import ClassVar

from .engine import RequestOptions, Translation, Translator
from .segments import TAG

_ACCENTS = str.maketrans(
    "abcdefghijklmnoprstuwyzABCDEFGHIJKLMNOPRSTUWYZ",
    "àƀçďéƒĝĥîĵķļɱñöƥŕšţûŵýžÀßÇĎÉƑĜĤÎĴĶĻṀÑÖÞŔŠŢÛŴÝŽ",
)
# Pieces that must survive verbatim: protected spans, tags, entities.
_KEEP = re.compile(rf"<{TAG}\b[^>]*?/>|<{TAG}\b[^>]*>.*?</{TAG}\s*>|<!--.*?-->|<[^>]*>|&#?\w+;", re.S)
EXPANSION = 0.3


def pseudo_localize(text: str) -> str:
    """Pseudo-translate one protected text (deterministic: same input, same output)."""
    out: list[str] = []
    letters = 0
    pos = 0
    for match in _KEEP.finditer(text):
        piece = text[pos:match.start()]
        letters += sum(map(str.isalpha, piece))
        out.append(piece.translate(_ACCENTS))
        out.append(match.group(0))
        pos = match.end()
    tail = text[pos:]
    letters += sum(map(str.isalpha, tail))
    out.append(tail.translate(_ACCENTS))
    body = "".join(out)
    pad = max(1, math.ceil(max(letters, 1) * EXPANSION) - 3)
    return f"[{body} {'~' * pad}]"


class PseudoEngine(Translator):
    name: ClassVar[str] = "pseudo"

    def translate(self, texts: list[str], options: RequestOptions) -> list[Translation]:
        return [Translation(pseudo_localize(text), 0) for text in texts]
