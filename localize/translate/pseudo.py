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

from ..memo import TextMemo
from .engine import RequestOptions, Translation, Translator
from .segments import LONG_TEXT, TAG

_ACCENTS = str.maketrans(
    "abcdefghijklmnoprstuwyzABCDEFGHIJKLMNOPRSTUWYZ",
    "àƀçďéƒĝĥîĵķļɱñöƥŕšţûŵýžÀßÇĎÉƑĜĤÎĴĶĻṀÑÖÞŔŠŢÛŴÝŽ",
)
# Pieces that must survive verbatim: protected spans, tags, entities.
_KEEP = re.compile(rf"<{TAG}\b[^>]*?/>|<{TAG}\b[^>]*>.*?</{TAG}\s*>|<!--.*?-->|<[^>]*>|&#?\w+;", re.S)
EXPANSION = 0.3


def pseudo_localize(text: str) -> str:
    """Pseudo-translate one protected text (deterministic: same input, same output)."""
    if "<" not in text and "&" not in text:  # no tag, span or entity to keep (most names)
        body, letters = _accented(text)
        return f"[{body} {'~' * max(1, math.ceil(max(letters, 1) * EXPANSION) - 3)}]"
    out: list[str] = []
    letters = 0
    pos = 0
    for match in _KEEP.finditer(text):
        piece, count = _accented(text[pos:match.start()])
        letters += count
        out.append(piece)
        out.append(match.group(0))
        pos = match.end()
    tail, count = _accented(text[pos:])
    letters += count
    out.append(tail)
    body = "".join(out)
    pad = max(1, math.ceil(max(letters, 1) * EXPANSION) - 3)
    return f"[{body} {'~' * pad}]"


def _accented(piece: str) -> tuple[str, int]:
    """`piece` with its letters accented, and how many letters it has. Both work character by
    character, so the piece is done word by word (split at spaces) and each distinct word once:
    copy reuses a small vocabulary, and per-character work in Python was most of the engine's time."""
    words = piece.split(" ")
    out = []
    letters = 0
    for word in words:
        done = _WORDS.get(word)
        if done is None:
            if len(_WORDS) >= _WORDS_SIZE:
                _WORDS.clear()
            done = _WORDS[word] = (word.translate(_ACCENTS), sum(map(str.isalpha, word)))
        out.append(done[0])
        letters += done[1]
    return " ".join(out), letters


_WORDS: dict[str, tuple[str, int]] = {}
_WORDS_SIZE = 50_000


class PseudoEngine(Translator):
    name: ClassVar[str] = "pseudo"
    local: ClassVar[bool] = True

    def __init__(self) -> None:
        # The answer depends on the text alone (not on the target or the options), and every market
        # asks for the same protected text: pseudo-localise each distinct text once (bounded).
        self._answers: TextMemo[Translation] = TextMemo(8_192, 4_000_000, shared=True)
        # Long copy (descriptions) recurs across the run's batches where names are one-offs: its own
        # memo, which the names of every batch do not empty (the answer is ~1.35 times the text).
        self._long_answers: TextMemo[Translation] = TextMemo(8_192, 8_000_000)

    def translate(self, texts: list[str], options: RequestOptions) -> list[Translation]:
        short, long = self._answers, self._long_answers
        out = []
        for text in texts:
            answers = long if len(text) >= LONG_TEXT else short
            done = answers.get(text)
            if done is None:
                answer = pseudo_localize(text)
                done = answers.put(text, Translation(answer, 0),
                                   len(text) + len(answer) if answers is long else 3 * len(text))
            out.append(done)
        return out
