"""An INCI ingredient list in copy is one protected span (EU 1223/2009 art. 19: the international names
are not translated). On a8c3c63 it went to the engine as words (a real engine writes `WASSER` for `AQUA`,
`FRAGRANCE` for `PARFUM`)."""
from __future__ import annotations

import json

from localize.translate.segments import protect

INCI = ("AQUA, GLYCERIN, CAPRYLIC/CAPRIC TRIGLYCERIDE, CETEARYL ALCOHOL, SODIUM HYALURONATE, TOCOPHEROL, "
        "XANTHAN GUM, PARFUM, LIMONENE, LINALOOL")


def test_an_inci_list_is_one_span_keyed_p6() -> None:
    html = protect(f"<p><em>Inhaltsstoffe (INCI):</em> {INCI}</p>", locale="de-DE")
    assert html.spans == (INCI,) and html.version == "p6"
    plain = protect(f"Ingredients: {INCI}. Shake well.", locale="en-US")
    assert INCI + "." in plain.spans[0] and plain.version == "p6"


def test_capitalised_lists_that_are_not_ingredients_are_translated() -> None:
    for text in ("Farben: ROT, BLAU, GELB, SCHWARZ, WEISS, GRAU", "AQUA, GLYCERIN", "NEU: LEICHT, STARK, SCHNELL"):
        segment = protect(text, locale="de-DE")
        assert segment.spans == () and segment.version == "p1", text


def test_the_engine_never_sees_a_cosmetics_catalogues_inci_list_as_words(vertical_run, deepl_server) -> None:  # type: ignore[no-untyped-def]
    project = vertical_run("cosmetics", "fr-FR")
    catalogue_inci = ("AQUA, GLYCERIN, CAPRYLIC/CAPRIC TRIGLYCERIDE, CETEARYL ALCOHOL, BUTYROSPERMUM PARKII BUTTER, "
                      "SODIUM HYALURONATE, TOCOPHEROL, XANTHAN GUM, PARFUM, LIMONENE, LINALOOL")
    sent = [t for t in deepl_server.translated_texts() if "Inhaltsstoffe (INCI)" in t]
    assert len(sent) == 16  # one description per product (fr-FR)
    assert all('(INCI):</em> <lz translate="no">' in t for t in sent)
    assert sum(f'<lz translate="no">{catalogue_inci}</lz>' in t for t in sent) == 8
    held = [json.loads(line) for line in (project / "out" / "review-queue.jsonl").read_text().splitlines()]
    description = next(r for r in held if r["identifier"] == "CO-001")["values"]["description"]
    assert catalogue_inci in description
