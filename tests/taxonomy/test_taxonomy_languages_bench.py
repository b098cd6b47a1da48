"""`python -m bench.bench_taxonomy languages`: the dev set labelled in several languages (issue 12).

The dev set's rows are Shopify ids with German and English paths; Shopify's own French, Italian and Spanish labels
(`shopify-taxonomy/dist/<lang>/categories.txt`) label the same categories in wordings that copy Google's less often
than Shopify's English does, so each combination of source languages can be measured onto Google's taxonomy.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.bench_taxonomy import (  # noqa: E402
    COMBINATIONS,
    _dev_rows,
    _dev_tree,
    _multilingual_rows,
)


def test_the_dev_rows_get_shopifys_own_labels_in_other_languages(shared_data: Path, tmp_path: Path) -> None:
    rows = {r["shopify_id"]: r for r in _multilingual_rows(_dev_rows())}
    assert (rows["aa-1"]["path_fr"], rows["aa-1"]["path_it"], rows["aa-1"]["path_es"]) == (
        "Vêtements", "Abbigliamento", "Prendas de vestir")
    # a category Shopify does not translate stays unlabelled in that language, never another language's label
    assert sum(1 for r in rows.values() if r["path_fr"]) >= 0.95 * len(rows)
    tree = _dev_tree([rows["aa"], rows["aa-1"]], tmp_path, ("de_DE", "fr_FR", "it_IT"))
    assert tree.locales == ("de-DE", "fr-FR", "it-IT")
    assert tree.categories["aa-1"].labels == {"de-DE": "Bekleidung", "fr-FR": "Vêtements", "it-IT": "Abbigliamento"}


def test_every_combination_is_a_language_the_rows_have() -> None:
    known = {"de_DE", "en_US", "fr_FR", "it_IT", "es_ES"}
    assert all(set(c) <= known and len(set(c)) == len(c) for c in COMBINATIONS)
