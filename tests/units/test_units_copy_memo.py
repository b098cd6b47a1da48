"""The quantities-in-copy job rewrites each distinct text once per market (products and variants
share copy), and what it publishes is what rewriting every record's copy on its own gives."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from localize.api import run
from localize.config import config_from_dict
from localize.stages import convert_copy
from localize.stages.convert_copy import QuantitiesInCopy

COPY = ("Gewicht 2,5 kg, bei 40 °C waschen", "Fasst 2–3 l und wiegt 500 g", "Nichts zu messen", "Bildschirm 27 Zoll, 60 cm breit",
        "Länge 10 x 20 cm", "Tasse 0,3 l", "<p>Gewicht 1,2 kg</p><img src=\"a-5g.png\">", "Rohr 12 mm, 3 m lang", "Fläche 4 m²",
        "Wein 0,75 l", "Temperatur -5 °C bis 30 °C", "Höhe 180 cm; Gewicht 75 kg")


def _catalogue(path: Path, count: int, seed: int) -> Path:
    rng = random.Random(seed)
    rows = ["sku;family;categories;enabled;name-de_DE;description-de_DE-ecommerce;short_description-de_DE;weight;weight-unit"]
    for i in range(count):
        family = rng.choice(("mugs", "wine", "screens"))
        rows.append(f"P{i};{family};{family};1;{rng.choice(COPY)} {i % 3};{rng.choice(COPY)};{rng.choice(COPY)};"
                    f"{rng.randint(1, 900)};GRAM")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _run(folder: Path, src: Path) -> dict[str, bytes]:
    config = {"source": {"format": "akeneo-csv", "path": str(src), "locale": "de_DE", "channel": "ecommerce"},
              "markets": [{"locale": "en-US"}, {"locale": "en-GB", "units": {"text": "both"}}, {"locale": "fr-FR"},
                          {"locale": "de-CH"}],
              "translation": {"engine": "pseudo"}, "outputs": {"dir": str(folder / "out"), "formats": ["jsonl"]},
              "state": str(folder / "state")}
    run(config_from_dict(config))
    return {p.name: p.read_bytes() for p in sorted((folder / "out").glob("*.jsonl"))}


@pytest.mark.parametrize("seed", [1, 2])
def test_copy_rewritten_once_per_distinct_text_equals_every_record_rewritten(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    src = _catalogue(tmp_path / "products.csv", 60, seed)
    calls: list[tuple[Any, ...]] = []
    real = convert_copy.rewrite_quantities

    def counted(text: str, locale: str, *args: Any, **kwargs: Any) -> Any:
        calls.append((text, locale, kwargs["keep_units"], tuple(map(id, kwargs["kinds"]))))
        return real(text, locale, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(convert_copy, "rewrite_quantities", counted)
        fast = _run(tmp_path / "fast", src)
    assert calls and len(calls) == len(set(calls))  # each distinct copy once per market (kept units, kinds)
    assert len(calls) < 0.7 * 60 * 3 * 3  # the records' copy repeats: far fewer calls than fields

    def every_record(self: QuantitiesInCopy, text: str, market: str, locale: str, units: Any, keep: frozenset[str],
                     kinds: tuple[Any, ...]) -> Any:
        return real(text, locale, units, keep_units=keep, kinds=kinds)

    with monkeypatch.context() as patch:
        patch.setattr(QuantitiesInCopy, "_rewrite", every_record)
        slow = _run(tmp_path / "slow", src)
    assert fast == slow
    assert any(b"lb" in line for line in fast["en-US.jsonl"].splitlines())  # copy was rewritten at all
