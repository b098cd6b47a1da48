"""A category known only by its code, read as the label the code was made from.

Akeneo codes have no spaces or hyphens (`[a-zA-Z0-9_]`): "T-Shirts" becomes `tshirts`, "PC Monitors"
`pc_monitors` or `pcmonitors`. A family without labels in families.csv (`products.family_tree`) or a
category missing from the categories file (`map_context.add_codes`) is known by such a code only, and
`tshirts` shares no word with "T-Shirts" (icecat's T-shirt family went to Shirts). Written as one word,
the two agree: `joined` is a label's content words run together and stemmed, and `joined_rows` indexes a
taxonomy's labels and aliases that way, for the ranking's exact matches of such categories
(`Suggester.similarities`). A label a person wrote is never read so ("Tshirts" says what it says).
"""

from __future__ import annotations

import re

from .label_features import NO_SPACES, stem, tokens
from .taxonomy_model import Taxonomy, language_of

#: A word of a code: three letters or more ("postit", "notes"; not "aa" of a Shopify id "aa-1-24").
_CODE_WORD = re.compile(r"[^\W\d_]{3,}")


def code_label(code: str) -> str:
    """A code written as the words it was made from ("kitchen_knives" -> "kitchen knives"), or the code itself
    when nothing else is left: the label of a family or category known by its code only (one spelling for
    `products.family_tree`, `map_context.add_codes` and `code_words`)."""
    return code.replace("_", " ").replace("-", " ").strip() or code


def code_words(code: str) -> str | None:
    """A category's code read as the label it was made from ("postit_notes" -> "postit notes"), or None when
    it holds no word (an id such as "aa-1-24-1" or "1234"). For a category the categories file lists without
    any label: Akeneo shows such a category by its code, and the code is all a person would read either."""
    text = code_label(code)
    return text if _CODE_WORD.search(text) else None


def joined(text: str, language: str) -> str | None:
    """A label's content words written as one word, stemmed ("T-Shirts" -> "tshirt"); None in a language
    written without spaces."""
    if language_of(language) in NO_SPACES:
        return None
    got = "".join(word for word, _ in tokens(text, language))
    return stem(got, language) if got else None


def joined_rows(taxonomy: Taxonomy, ids: list[str], key: str) -> dict[str, list[int]]:
    """`joined` form -> row numbers (positions in `ids`) of the texts the ranking reads as exact in the
    label language `key`: a category's label there (or, lacking one, its fallback in the same language)
    and its aliases in that language."""
    language = language_of(key)
    chain = taxonomy.chain(key)
    out: dict[str, list[int]] = {}
    for i, cid in enumerate(ids):
        cat = taxonomy.categories[cid]
        text = cat.labels.get(key)
        if not text:
            fallback = next((k for k in chain if cat.labels.get(k)), None)
            text = cat.labels[fallback] if fallback and language_of(fallback) == language else None
        names = [text] if text else []
        names += [n for k, ns in cat.aliases.items() if language_of(k) == language for n in ns]
        for name in names:
            got = joined(name, language)
            if got:
                out.setdefault(got, []).append(i)
    return out
