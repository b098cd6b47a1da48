"""Brand names a catalogue uses as the name of a kind of product, read as the taxonomy's words.

A shop files sticky notes under "Post-it", tissues under "Kleenex", adhesive tape under "Tesafilm":
genericised trademarks. No taxonomy names the brand, and nothing in a taxonomy's own labels can say
what a brand is, so the label matching (`suggest.py`) reads the generic words in the brand's place,
from a small list a reviewer can extend (`taxonomies/brand-names.yaml`, one section per language).
Whole words only, longest name first ("post-it notes" before "post-it"), case-insensitive.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from .label_features import fold
from .taxonomy_model import language_of

BRAND_NAMES = Path(__file__).resolve().parents[2] / "taxonomies" / "brand-names.yaml"


@cache
def _patterns(path: Path = BRAND_NAMES) -> dict[str, tuple[re.Pattern[str], dict[str, str]]]:
    """Per language: one pattern matching any listed name (longest first) and folded name -> generic words."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    out: dict[str, tuple[re.Pattern[str], dict[str, str]]] = {}
    for language, names in (data or {}).items():
        table = {fold(str(name)): str(generic) for name, generic in (names or {}).items()}
        if table:
            alternatives = "|".join(re.escape(n) for n in sorted(table, key=lambda n: (-len(n), n)))
            out[str(language)] = (re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), table)
    return out


def generic(text: str, language: str, path: Path = BRAND_NAMES) -> str:
    """`text` with the brand names listed for its language read as their generic words; `text` itself when
    it names none (folded only when something was replaced)."""
    got = _patterns(path).get(language_of(language))
    if got is None:
        return text
    pattern, table = got
    folded = fold(text)
    if pattern.search(folded) is None:
        return text
    return pattern.sub(lambda m: table[m.group(0)], folded)
