"""A local engine answers a long text (a description) with the same string in every market and batch:
the service restores each such answer once per distinct answer and protection (markup, outer
whitespace), not once per market and batch, and publishes what restoring it every time gives (and
what the service before it gave: `service_oracle.py`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import service_oracle

from localize.translate import service
from localize.translate.memory import Memory
from localize.translate.pseudo import PseudoEngine
from localize.translate.segments import LONG_TEXT, protect, restore

PLAIN = ("Pfanne aus Gusseisen, robust und langlebig. " * 8).strip()
HTML = "<p>Deckel aus Glas, <b>rund</b> und hitzebeständig &amp; spülmaschinenfest.</p>" * 5
SPANS = "Topf 2,5 kg aus Edelstahl, für alle Herdarten geeignet. " * 6  # a span: restored per text as before
# the second batch has the plain text with other outer whitespace: the same answer, restored apart
BATCHES = [[PLAIN, HTML, SPANS], [" " + PLAIN + "\n", HTML, SPANS], [PLAIN, HTML, SPANS]]
MARKETS = ("en-US", "fr-FR", "en-GB")


def _translate(module: Any, engine: PseudoEngine, memory: Memory) -> tuple[Any, list[list[Any]]]:
    svc = module.TranslationService(engine, memory, "de-DE")
    batches = []
    for texts in BATCHES:
        jobs = [module.Job(text=t, target_locale=m, market=m) for t in texts for m in MARKETS]
        svc.translate(jobs)
        batches.append(jobs)
    return svc, batches


def test_a_long_answer_without_spans_is_restored_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert all(len(t) >= LONG_TEXT for texts in BATCHES for t in texts)
    with Memory(tmp_path / "old.sqlite") as memory:
        _svc, old = _translate(service_oracle, PseudoEngine(), memory)
    calls: list[str] = []
    monkeypatch.setattr(service, "restore", lambda answer, *a, **k: calls.append(answer) or restore(answer, *a, **k))
    engine = PseudoEngine()
    with Memory(tmp_path / "new.sqlite") as memory:
        svc, new = _translate(service, engine, memory)
    assert [[(j.status, j.result, j.origin) for j in jobs] for jobs in new] == \
        [[(j.status, j.result, j.origin) for j in jobs] for jobs in old]
    for jobs in new:
        for job in jobs:
            protected = protect(job.text)
            numbers = svc._numbers_for(job.target_locale, protected) if protected.spans else None
            assert (job.status, job.origin) == ("machine", "engine")
            assert job.result == restore(engine.translate([protected.wire], None)[0].text, protected, rewrite=numbers)
    # the plain answer with two outer whitespaces and the markup answer once each (not 3 markets x 3
    # batches); the text with a span once per market and batch
    assert len(calls) == 3 + 3 * 3
