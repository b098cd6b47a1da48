"""What the QA checks know of a text once it was seen: its digest, its feature bits, its normalised key.

The engine asks for every text of every pair: a 16-byte BLAKE2b digest (the pair memo's key: a
shared description keeps its key whatever this memo forgets) and the feature bits that say which
pair checks can find anything in it (`patterns.features`). `untranslated` and `inconsistent-
translation` ask for the text's whitespace-normalised key. All three live in one entry per text, so
the consistency check, which runs on every pair, finds the keys of both texts in the entry the engine
has just made or read (they were two memos: the second, of 4M characters, held ~2,000 of a 100k
catalogue's descriptions and normalised and hashed a description again every few products).
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..memo import TextMemo
from .patterns import features

#: an entry's fields: the text's digest (16 bytes), its feature bits, its normalised key or None until asked
DIGEST, BITS, NORMALISED = 0, 1, 2
#: characters an entry keeps alive besides its text: the normalised key's head (80) and the rest
_EXTRA = 32

#: text -> [digest, feature bits, normalised key or None]; the key is filled when first asked for
#: (a list: the google-merchant and shop checkers never ask for it)
_FACTS: TextMemo[list[Any]] = TextMemo(65_536, 8_000_000)


def text_facts(text: str) -> list[Any]:
    """The entry of `text` (`[DIGEST]`, `[BITS]`, `[NORMALISED]`): made once per distinct text
    while memoised. Read it, do not change it."""
    found = _FACTS.get(text)
    if found is None:
        data = text.encode("utf-8", "surrogatepass")
        found = _FACTS.put(text, [_digest(data), features(text, data), None], len(text) + _EXTRA)
    return found


def normalised_key(text: str) -> tuple[str, bytes]:
    """(the first 80 characters, the first 12 bytes of the BLAKE2b digest) of `text` with its whitespace runs as
    single spaces, once per text while memoised: catalogues repeat their copy (shared descriptions,
    and each source text is checked in every market). Only the head is kept, not the normalised text."""
    entry = text_facts(text)
    found = entry[NORMALISED]
    if found is None:
        norm = " ".join(text.split())
        # the digest of the normalised text, cut to 12 bytes: for a text that is its own normalised
        # form (most copy) that is the entry's digest, so it is not hashed again
        digest = entry[DIGEST] if norm == text else _digest(norm.encode("utf-8", "surrogatepass"))
        found = entry[NORMALISED] = (norm[:80], digest[:12])
    return found


def _digest(data: bytes) -> bytes:
    """A text's 16-byte BLAKE2b digest (of its UTF-8 bytes, `surrogatepass`)."""
    return hashlib.blake2b(data, digest_size=16).digest()
