"""The translation service works once per distinct job signature (protection, memory key, options,
glossary term, an answer no later engine answer can change), groups a submission's jobs by it, plans
requests once, and calls a local engine in the caller's thread. None of that may change an outcome:
over varied submissions (repeated copy, markets sharing an engine target, originals with human
entries, glossary terms, markup, held submissions, budgets, dry runs) every job, every figure, every
request the real `deepl` client sends to the test server and every memory entry equal what the
service before it gives (`service_oracle.py`, main 9d7bbb4)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
import service_oracle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize.translate import pseudo, service
from localize.translate.deepl_engine import DeepLEngine
from localize.translate.engine import RequestOptions, Translation
from localize.translate.glossary import Glossaries
from localize.translate.memory import Memory, MemoryKey, source_hash
from localize.translate.memory_engine import MemoryOnly
from localize.translate.pseudo import PseudoEngine
from localize.translate.segments import is_html, protect, protection_version

TEXTS = ["Pfanne aus Gusseisen", " Pfanne aus Gusseisen", "Pfanne aus Gusseisen\n", "Topf 2,5 kg", "Topf 2.5 kg",
         "<p>Deckel <b>rund</b> 28 cm</p>", "<p>Deckel <b>rund</b> 28 cm</p> ", "SKU-1 Messer von Nordlicht", "12-34",
         "Kaffee\\nTee", "Kaffee\nTee", "Cafe\u0301", "Café", "Glas", "glas", "Tasse", "Messer alt", "€ 24,90"]
ORIGINALS = [None, "Messer alt", "Topf 2,5 kg", "Becher"]
TARGETS = ["en-US", "en-GB", "fr-FR", "fr-CH"]
JOB = st.tuples(st.integers(0, len(TEXTS) - 1), st.sampled_from(TARGETS), st.sampled_from([None, "prefer_more"]),
                st.sampled_from([None, "Field: Name."]), st.booleans(), st.integers(0, len(ORIGINALS)))
SUBMISSIONS = st.lists(st.lists(JOB, max_size=12), min_size=1, max_size=4)
# Few signatures, so that one key often comes with several originals, markets and batches.
CROWDED = st.lists(st.lists(st.tuples(st.sampled_from([0, 1, 13, 16]), st.sampled_from(["fr-FR", "fr-CH"]),
                                      st.just(None), st.sampled_from([None, "Field: Name."]), st.just(False),
                                      st.integers(0, len(ORIGINALS))), max_size=8), min_size=2, max_size=5)


def _glossaries() -> Glossaries:
    glossaries = Glossaries()
    glossaries.add("de", "en", "Glas", "glass", where="test")
    glossaries.add("de", "fr", "Tasse", "tasse", where="test")
    glossaries.add_do_not_translate(["Nordlicht"])
    return glossaries


def _memory(path: Path, machine: bool = False, people: bool = True) -> Memory:
    """Human and approved entries (none without `people`); with `machine`, also a pseudo engine's
    machine entry (an engine that bills nothing never writes one, but a memory may hold one all the same)."""
    memory = Memory(path)
    if machine:
        key = MemoryKey(source_hash("Tasse"), "de", "en-US", tag_handling="xml",
                        glossary_hash=_glossaries().content_hash("de", "en-US"), engine="pseudo",
                        protection=protection_version(protect("Tasse")))
        memory.put_machine([(key, "Tasse", "Cup (pseudo, stored)", 0, "")])
    if not people:
        return memory
    memory.put_human("Topf 2,5 kg", "Pot 2.5 kg (human)", "de", "en-US", created=1.0)
    memory.put_human("Café", "Coffee (approved)", "de", "en", origin="approved", created=2.0)
    memory.put_human("Messer alt", "Old knife", "de", "fr-FR", created=3.0)
    memory.put_human("Glas", "Verre (human, named field)", "de", "fr-FR", context="Field: Name.", created=4.0)
    return memory


def _jobs(module: Any, spec: list[tuple[int, str, str | None, str | None, bool, int]]) -> list[Any]:
    """Jobs as the translate stage builds them (markup detected, titles only without markup, the
    product's identifier as a term when the text has it)."""
    jobs = []
    for index, target, formality, context, title, original in spec:
        text = TEXTS[index]
        html = is_html(text)
        source = text if original == len(ORIGINALS) else ORIGINALS[original]
        jobs.append(module.Job(text=text, target_locale=target, market=target, formality=formality, context=context,
                               title=title and not html, html=html,
                               extra_terms=("SKU-1",) if "SKU-1" in text else (), original=source))
    return jobs


def _run(module: Any, engine: Any, memory: Memory, submissions: list[list[Any]], *, hold: int,
         budget: int | None, dry_run: bool) -> dict[str, Any]:
    svc = module.TranslationService(engine, memory, "de-DE", glossaries=_glossaries(), in_flight=1, retries=0,
                                    backoff=0.0, max_characters=budget, dry_run=dry_run, hold_limit=hold)
    batches = [_jobs(module, spec) for spec in submissions]
    done: list[int] = []
    for number, jobs in enumerate(batches):
        done.extend(svc.submit(jobs, number, weight=max(len(jobs), 1)))
    done.extend(svc.finish())
    entries = [(e.source_text, e.target_text, e.source_lang, e.target_lang, e.origin, e.billed, e.context,
                e.formality, e.engine) for e in memory.entries()]
    return {"done": done, "stats": svc.stats.to_dict(), "entries": entries,
            "jobs": [[(j.status, j.result, j.origin, j.problem) for j in jobs] for jobs in batches]}


def _both(tmp_path: Path, make_engine: Any, submissions: list[list[Any]], *, machine: bool = False,
          people: bool = True, **options: Any) -> tuple[Any, Any]:
    results = []
    for name, module in (("old", service_oracle), ("new", service)):
        folder = tmp_path / name
        folder.mkdir(parents=True, exist_ok=True)
        with _memory(folder / "memory.sqlite", machine, people) as memory:
            results.append(_run(module, make_engine(name), memory, submissions, **options))
    return results[0], results[1]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(submissions=SUBMISSIONS, hold=st.sampled_from([0, 5, 1000]), dry_run=st.booleans(),
       engine=st.sampled_from(["pseudo", "memory"]), machine=st.booleans(), people=st.booleans())
def test_local_engines_give_what_the_service_gave_job_by_job(tmp_path_factory: pytest.TempPathFactory, submissions,
                                                             hold: int, dry_run: bool, engine: str,
                                                             machine: bool, people: bool) -> None:
    """Also with a memory that has no human or approved entry (then the service reads none)."""
    tmp = tmp_path_factory.mktemp("plans")
    old, new = _both(tmp, lambda _name: PseudoEngine() if engine == "pseudo" else MemoryOnly(), submissions,
                     machine=machine, people=people, hold=hold, budget=None, dry_run=dry_run)
    assert new == old


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(submissions=CROWDED, hold=st.sampled_from([0, 1000]), engine=st.sampled_from(["pseudo", "memory"]))
def test_one_key_with_several_originals_gives_what_the_service_gave(tmp_path_factory: pytest.TempPathFactory,
                                                                    submissions, hold: int, engine: str) -> None:
    """A submission reads the memory once per key, with the sources of the key's first job; a later
    batch reads it again with its own: an answer found is kept for a signature only when it was
    read with that signature's own sources."""
    tmp = tmp_path_factory.mktemp("plans-crowded")
    old, new = _both(tmp, lambda _name: PseudoEngine() if engine == "pseudo" else MemoryOnly(), submissions,
                     hold=hold, budget=None, dry_run=False)
    assert new == old


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(submissions=SUBMISSIONS, hold=st.sampled_from([0, 5, 1000]), budget=st.sampled_from([None, 60]),
       max_texts=st.sampled_from([2, 50]))
def test_deepl_bills_and_sends_what_the_service_sent(tmp_path_factory: pytest.TempPathFactory, deepl_server,
                                                     submissions, hold: int, budget: int | None,
                                                     max_texts: int) -> None:
    """The real `deepl` client against the test server: the same requests (texts, target, formality,
    context, tag handling, split mode), the same characters billed, the same memory entries."""
    tmp = tmp_path_factory.mktemp("plans-deepl")
    results, requests = [], []
    for name, module in (("old", service_oracle), ("new", service)):
        (tmp / name).mkdir()
        deepl_server.reset_log()
        engine = DeepLEngine(deepl_server.auth_key, server_url=deepl_server.url, max_texts=max_texts, client_retries=0)
        with _memory(tmp / name / "memory.sqlite") as memory:
            results.append(_run(module, engine, memory, submissions, hold=hold, budget=budget, dry_run=False))
        requests.append([(sorted((k, str(v)) for k, v in r.params.items() if k != "text"), r.texts, r.status)
                         for r in deepl_server.requests()])
    assert results[1] == results[0]
    assert requests[1] == requests[0]


def test_a_local_engine_translates_in_the_callers_thread(tmp_path: Path) -> None:
    threads: list[threading.Thread] = []

    class Spy(PseudoEngine):
        def translate(self, texts: list[str], options: RequestOptions) -> list[Translation]:
            threads.append(threading.current_thread())
            return super().translate(texts, options)

    with Memory(tmp_path / "memory.sqlite") as memory:
        svc = service.TranslationService(Spy(), memory, "de-DE")
        jobs = [service.Job(text=f"Pfanne {n}", target_locale="fr-FR", market="fr-FR") for n in range(120)]
        svc.translate(jobs)
    assert threads and set(threads) == {threading.current_thread()}  # no thread pool for CPU work
    assert all(j.status == "machine" for j in jobs)


def test_pseudo_localises_each_distinct_text_once_for_every_market_and_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = pseudo.pseudo_localize
    monkeypatch.setattr(pseudo, "pseudo_localize", lambda text: calls.append(text) or real(text))
    texts = [f"Pfanne Modell {n}" for n in range(30)]
    with Memory(tmp_path / "memory.sqlite") as memory:
        svc = service.TranslationService(PseudoEngine(), memory, "de-DE")
        answers = []
        for _batch in range(3):  # the same copy in three batches, for three markets each
            jobs = [service.Job(text=t, target_locale=m, market=m) for t in texts for m in ("en-US", "fr-FR", "en-GB")]
            svc.translate(jobs)
            answers.append([j.result for j in jobs])
    assert answers[0] == answers[1] == answers[2]
    assert answers[0] == [real(t) for t in texts for _market in range(3)]  # nothing protected in these texts
    assert sorted(calls) == sorted(texts)


def test_the_memory_engine_reads_the_memory_for_a_signature_once_per_run(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a run with the memory engine does writes the memory, so a text it found nothing for
    stays untranslated for the run: later batches do not ask again."""
    asked: list[int] = []
    real_many, real_people = Memory.lookup_many, Memory.people

    def counting(self: Memory, items: Any) -> list[Any]:
        items = list(items)
        asked.append(len(items))
        return real_many(self, items)

    def counting_people(self: Memory, hashes: Any) -> set[str]:
        hashes = list(hashes)
        asked.append(len(hashes))
        return real_people(self, hashes)

    monkeypatch.setattr(Memory, "lookup_many", counting)
    monkeypatch.setattr(Memory, "people", counting_people)
    with _memory(tmp_path / "memory.sqlite") as memory:
        svc = service.TranslationService(MemoryOnly(), memory, "de-DE")
        outcomes = []
        for _batch in range(3):
            jobs = [service.Job(text=t, target_locale="en-US", market="en-US") for t in ("Topf 2,5 kg", "Deckel")]
            svc.translate(jobs)
            outcomes.append([(j.status, j.result) for j in jobs])
    assert outcomes == [[("human", "Pot 2.5 kg (human)"), ("untranslated", None)]] * 3
    assert sum(asked) == 2  # the first batch asked for both; the answers held for the run


def test_a_held_submission_whose_texts_are_all_too_large_is_flagged_not_looped_on(tmp_path: Path) -> None:
    """Above `hold_limit` the oldest submission is sent in part-filled requests; when every text it waits for
    is larger than one request may carry, planning leaves it nothing to send, and the service asked again
    for ever (the run hung). Those texts are flagged `too-long` and the submission completes."""
    class Small(PseudoEngine):
        max_bytes = 400

    with Memory(tmp_path / "memory.sqlite") as memory:
        svc = service.TranslationService(Small(), memory, "de-DE", hold_limit=0)
        big = service.Job(text="Pfanne " * 100, target_locale="fr-FR", market="fr-FR")
        small = service.Job(text="Pfanne", target_locale="fr-FR", market="fr-FR")
        done = svc.submit([big], "first") + svc.submit([small], "second")
        done += svc.finish()
    assert done == ["first", "second"]
    assert (big.status, big.problem) == ("untranslated", "too-long")
    assert small.status == "machine"
