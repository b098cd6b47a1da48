"""Long copy (descriptions) recurs across a run's batches where names are one-offs: the service protects
it and the pseudo engine localises it once per run, however many one-off names come in between (they
emptied the shared memos); protection skips what a text without anything to protect does not need; and
with no memory to read the service names a text by itself, not by its hash. Same answers throughout,
checked against the full paths as they were."""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import unescape as xml_unescape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.translate import pseudo, segments, service
from localize.translate.memory import Memory, source_hash
from localize.translate.pseudo import PseudoEngine
from localize.translate.segments import (
    _HTML_TOKEN,
    _WRAPPED,
    Protected,
    _unescape_xml,
    _wrap,
    is_html,
    protect,
    version_of,
)

DESCRIPTION = ("<p>Pfanne aus Gusseisen, schwer und langlebig. Sie hält die Wärme lange und brät gleichmäßig; "
               "der Griff bleibt kühl.</p><ul><li>Für alle Herdarten geeignet.</li><li>Ofenfest.</li>"
               "<li>Handwäsche empfohlen, nicht in die Spülmaschine.</li><li>Mit Deckel.</li><li>Glasdeckel mit Dampfloch.</li></ul>")


def _batch(n: int, names: int) -> list[service.Job]:
    jobs = [service.Job(f"Pfanne Modell {n}-{i}", "en-US", "en-US", html=False) for i in range(names)]
    return jobs + [service.Job(DESCRIPTION, m, m, html=True) for m in ("en-US", "fr-FR")]


def test_a_description_repeated_among_many_one_off_names_is_protected_and_localised_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Five batches of 3,000 one-off names fill the names' memos (8,192 entries) over and over; the
    description in every batch is protected and pseudo-localised once all the same (it was again
    after each time the shared memos were emptied)."""
    protected: list[str] = []
    localised: list[str] = []
    real_protect, real_pseudo = service.protect, pseudo.pseudo_localize
    monkeypatch.setattr(service, "protect", lambda text, **k: protected.append(text) or real_protect(text, **k))
    monkeypatch.setattr(pseudo, "pseudo_localize", lambda text: localised.append(text) or real_pseudo(text))
    batches = [_batch(n, 3_000) for n in range(5)]
    with Memory(tmp_path / "memory.sqlite") as memory:
        svc = service.TranslationService(PseudoEngine(), memory, "de-DE")
        for jobs in batches:
            svc.submit(jobs)
        svc.finish()
    assert protected.count(DESCRIPTION) == 1
    assert localised.count(protect(DESCRIPTION, html=True).wire) == 1
    expected = real_pseudo(DESCRIPTION)  # nothing protected: the wire is the text
    for jobs in batches:
        assert [j.result for j in jobs[-2:]] == [expected, expected]
        assert all(j.status == "machine" for j in jobs)
    assert svc.stats.texts_sent == 5 * (3_000 + 2)  # every batch still asks the engine (pseudo keeps no memory)


def test_the_long_copy_memos_stay_within_their_characters(tmp_path: Path) -> None:
    texts = [f"{i} " + " ".join(["Gusseisen", "Pfanne", "schwer", "Wärme"] * 40) for i in range(400)]  # ~1,000 characters each
    with Memory(tmp_path / "memory.sqlite") as memory:
        svc = service.TranslationService(PseudoEngine(), memory, "de-DE")
        svc._protected_long = type(svc._protected_long)(50, 20_000)
        svc.engine._long_answers = type(svc.engine._long_answers)(50, 40_000)
        jobs = [service.Job(t, "en-US", "en-US", html=False) for t in texts]
        svc.translate(jobs)
    assert all(j.result == pseudo.pseudo_localize(segments._xml_escape(j.text)) for j in jobs)
    assert 0 < len(svc._protected_long) and sum(len(k[0]) for k in svc._protected_long) <= 20_000
    assert 0 < len(svc.engine._long_answers) and sum(len(k) for k in svc.engine._long_answers) <= 40_000


# --- protection shortcuts: the same as the full paths ---------------------------------------------

def _protect_before(text: str, *, html: bool | None = None, terms: tuple[str, ...] = ()) -> Protected:
    """`segments.protect` before it skipped texts with nothing to protect."""
    if html is None:
        html = is_html(text)
    stripped = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    terms = tuple(t for t in terms if t.strip() and t.strip() in text)
    spans: list[str] = []
    out: list[str] = []
    versions: list[str] = []  # (h20) the full path names a version too: p6 drops `"0"`, a number in quotes
    if html:
        for piece in _HTML_TOKEN.split(stripped):
            if not piece:
                continue
            if _HTML_TOKEN.fullmatch(piece):
                out.append(piece)
                continue
            out.append(_wrap(piece, terms, spans, escape=False, attr=' translate="no"', versions=versions))
    else:
        out.append(_wrap(stripped, terms, spans, escape=True, attr="", versions=versions))
    return Protected(source=text, wire="".join(out), spans=tuple(spans), html=html, lead=lead, trail=trail,
                     version=version_of(versions))


def _has_text_before(protected: Protected) -> bool:
    rest = _WRAPPED.sub(" ", protected.wire)
    if protected.html:
        rest = _HTML_TOKEN.sub(" ", rest)
    rest = re.sub(r"&#?\w+;", " ", rest)
    return any(ch.isalpha() for ch in rest)


PIECES = st.sampled_from(["Pfanne", "aus", " ", "  ", "\n", "2,5 kg", "12", "<p>", "</p>", "<b>", "<br/>", "<!-- x -->",
                          "&amp;", "&#169;", "&", "<", ">", "<lz>", "</lz>", "<lz i=\"0\"/>", "{n}", "%s", "@", "www.x.de",
                          "Nordlicht", "ß", "漢字", "x²", "_", "\\n", "SKU-1", "€ 24,90"])


@settings(max_examples=600, deadline=None)
@given(pieces=st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=10), html=st.sampled_from([True, False, None]),
       terms=st.lists(st.sampled_from(["Nordlicht", "SKU-1", "aus", " "]), max_size=2).map(tuple))
def test_protect_and_has_text_are_what_the_full_paths_gave(pieces: list[str], html: bool | None,
                                                          terms: tuple[str, ...]) -> None:
    text = "".join(pieces)
    protected = protect(text, html=html, terms=terms)
    assert protected == _protect_before(text, html=html, terms=terms)
    assert protected.has_text == _has_text_before(protected)


def test_a_text_with_nothing_to_protect_is_its_own_wire() -> None:
    """No copy of a description whose pieces hold nothing to protect (the pieces were joined again)."""
    assert protect(DESCRIPTION, html=True).wire is DESCRIPTION
    assert protect(" Pfanne rund ", html=False).wire == "Pfanne rund"


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=8).map("".join))
def test_unescape_is_the_saxutils_one(text: str) -> None:
    assert _unescape_xml(text) == xml_unescape(text, {"&quot;": '"', "&apos;": "'"})


# --- no memory to read: no source hash --------------------------------------------------------------

def test_no_source_hash_is_made_when_nothing_reads_the_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pseudo writes no machine entry and the memory has no human one: nothing reads a key, so no text
    is hashed (each distinct text was); a key asked for all the same has the real hash."""
    hashed: list[str] = []
    monkeypatch.setattr(service, "source_hash", lambda text: hashed.append(text) or source_hash(text))
    with Memory(tmp_path / "memory.sqlite") as memory:
        svc = service.TranslationService(PseudoEngine(), memory, "de-DE")
        jobs = [service.Job("Pfanne rund", m, m, original="Pfanne, rund") for m in ("en-US", "fr-FR")]
        svc.translate(jobs)
        assert hashed == []
        assert all(j.status == "machine" for j in jobs)
        plan = svc._plan(jobs[0])
        assert svc._key_of(plan).source_hash == source_hash("Pfanne rund")


def test_a_memory_with_a_human_entry_is_read_by_hash(tmp_path: Path) -> None:
    with Memory(tmp_path / "memory.sqlite") as memory:
        memory.put_human("Pfanne rund", "Round pan (human)", "de", "en-US", created=1.0)
        svc = service.TranslationService(PseudoEngine(), memory, "de-DE")
        jobs = [service.Job("Pfanne rund", m, m) for m in ("en-US", "fr-FR")]
        svc.translate(jobs)
    assert [(j.status, j.result) for j in jobs][0] == ("human", "Round pan (human)")
    assert jobs[1].status == "machine"
