"""Work the translation service does once per distinct text, not once per market or per batch, and what
makes it safe: the request size of a text is measured once, a memory with no human or approved entry
is not read text by text by an engine that writes no machine entry, request options hash once (and
pickle by their fields), and protection skips the work a text without spans or terms does not need
(same spans and wire as the full path, checked against it as it was)."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.translate import batching, segments, service
from localize.translate.engine import RequestOptions
from localize.translate.memory import Memory
from localize.translate.pseudo import PseudoEngine
from localize.translate.segments import _patterns_for, _terms_pattern, _xml_escape, find_spans, protect

TEXTS = [f"Pfanne Modell {n} aus Stahl" for n in range(20)] + ["Deckel rund", "Topf 2,5 kg"]
MARKETS = ("en-US", "fr-FR", "en-GB")


def _jobs() -> list[service.Job]:
    return [service.Job(text=t, target_locale=m, market=m) for t in TEXTS for m in MARKETS]


def test_the_request_size_of_a_text_is_measured_once_for_every_market_and_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three markets ask for three engine targets (three queued units of one text), in two batches:
    the text's size in a request body is measured once (the service measured it for every unit)."""
    sized: list[str] = []
    real = service.text_size
    monkeypatch.setattr(service, "text_size", lambda text: sized.append(text) or real(text))
    with Memory(tmp_path / "memory.sqlite") as memory:
        svc = service.TranslationService(PseudoEngine(), memory, "de-DE")
        batches = [_jobs(), _jobs()]
        for jobs in batches:
            svc.submit(jobs)
        svc.finish()
    assert all(j.status == "machine" for jobs in batches for j in jobs)
    assert sorted(sized) == sorted(protect(t).wire for t in TEXTS)
    # sent again for the second batch all the same (pseudo keeps no memory entry to find them by)
    assert svc.stats.texts_sent == 2 * len(TEXTS) * len(MARKETS)


def test_an_engine_that_writes_no_memory_does_not_read_a_memory_without_human_entries(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pseudo writes no machine entry; with no human or approved entry either, nothing in the memory
    can answer: one query for the run says so, none per batch (the service asked per batch)."""
    asked: list[str] = []
    for name in ("people", "lookup", "lookup_many"):
        real = getattr(Memory, name)
        monkeypatch.setattr(Memory, name, lambda self, *a, _real=real, _name=name, **k: asked.append(_name)
                            or _real(self, *a, **k))
    with Memory(tmp_path / "memory.sqlite") as memory:
        svc = service.TranslationService(PseudoEngine(), memory, "de-DE")
        for _batch in range(3):
            jobs = _jobs()
            svc.translate(jobs)
            assert all(j.status == "machine" for j in jobs)
    assert asked == []


def test_a_human_entry_is_still_found_when_the_memory_has_one(tmp_path: Path) -> None:
    with Memory(tmp_path / "memory.sqlite") as memory:
        memory.put_human("Deckel rund", "Lid, round (human)", "de", "en-US", created=1.0)
        svc = service.TranslationService(PseudoEngine(), memory, "de-DE")
        jobs = _jobs()
        svc.translate(jobs)
    found = {(j.text, j.target_locale): (j.status, j.result) for j in jobs}
    assert found[("Deckel rund", "en-US")] == ("human", "Lid, round (human)")
    assert found[("Deckel rund", "fr-FR")][0] == "machine"


def test_request_options_hash_and_compare_by_their_fields() -> None:
    a = RequestOptions("DE", "FR", context="Field: Name.", tag_handling="xml", ignore_tags=("lz",))
    b = RequestOptions("DE", "FR", context="Field: Name.", tag_handling="xml", ignore_tags=("lz",))
    assert a == b and hash(a) == hash(b) and {a: 1}[b] == 1
    assert a != RequestOptions("DE", "FR", context="Field: Name.", tag_handling="html", ignore_tags=("lz",))
    assert "_hash" not in repr(a)
    assert batching.base_size(a) == batching.base_size(b)


def test_request_options_pickled_in_another_process_hash_as_made_here() -> None:
    """`str` hashes differ between processes: an options object pickled elsewhere must not carry the
    other process's hash (it would never be found in a dictionary here)."""
    code = ("import pickle, sys; from localize.translate.engine import RequestOptions; "
            "sys.stdout.buffer.write(pickle.dumps(RequestOptions('DE', 'EN-GB', context='Field: Name.')))")
    env = {"PYTHONHASHSEED": "12345", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    data = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, env=env).stdout
    options: Any = pickle.loads(data)
    here = RequestOptions("DE", "EN-GB", context="Field: Name.")
    assert options == here and hash(options) == hash(here) and {here: "found"}[options] == "found"


# --- protection: the shortcuts give what the full path gave -------------------------------------

def _find_spans_before(text: str, terms: Any = ()) -> list[tuple[int, int]]:
    """`segments.find_spans` before it skipped the terms and the ordering it did not need."""
    found: list[tuple[int, int]] = []
    for pattern in _patterns_for(text):
        found.extend(m.span() for m in pattern.finditer(text) if m.end() > m.start())
    term_re = _terms_pattern(tuple(sorted(set(t for t in terms if t.strip()), key=lambda t: (-len(t), t))))
    if term_re is not None:
        found.extend(m.span() for m in term_re.finditer(text))
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    chosen: list[tuple[int, int]] = []
    end = -1
    for start, stop in found:
        if start >= end:
            chosen.append((start, stop))
            end = stop
    return chosen


def _wrap_before(text: str, terms: tuple[str, ...]) -> tuple[str, list[str]]:
    spans: list[str] = []
    parts: list[str] = []
    pos = 0
    for start, stop in _find_spans_before(text, terms):
        parts.append(_xml_escape(text[pos:start]))
        spans.append(text[start:stop])
        parts.append(f"<{segments.TAG}>{_xml_escape(text[start:stop])}</{segments.TAG}>")
        pos = stop
    parts.append(_xml_escape(text[pos:]))
    return "".join(parts), spans


PIECES = st.sampled_from(["Pfanne", "aus", "Stahl", " ", "  ", "2,5 kg", "28 cm", "4006381333931", "XK-200/B", "{n}",
                          "%s", "info@shop.example", "www.example.com", "\\n", "&", "<", "Nordlicht", "SKU-1", "12",
                          "€ 24,90", "x", ".", "-"])
TERMS = st.lists(st.sampled_from(["Nordlicht", "SKU-1", "Stahl", "  ", "Pfanne aus"]), max_size=3).map(tuple)


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(PIECES, max_size=12), terms=TERMS)
def test_find_spans_and_the_wire_are_what_the_full_path_gave(pieces: list[str], terms: tuple[str, ...]) -> None:
    text = "".join(pieces)
    assert find_spans(text, terms) == _find_spans_before(text, terms)
    assert find_spans(text, list(terms)) == _find_spans_before(text, terms)
    protected = protect(text, html=False, terms=terms)
    wire, spans = _wrap_before(text.strip(), tuple(t for t in terms if t.strip() and t.strip() in text))
    assert (protected.wire, list(protected.spans)) == (wire, spans)
