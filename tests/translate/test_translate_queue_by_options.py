"""The translation service keeps its queue by request options (options -> wire -> text), plans it
group by group with the options in the order of their oldest queued text, keeps a text's first group
of jobs in the text itself, and takes what a job's market and field decide from one profile. None of
that may change a request: the requests the real `deepl` client sends to the test server, the
characters billed and every job's outcome equal what the service before it sends and gives
(`service_oracle.py`), also when an options group's oldest text leaves the queue before another
group's (the order of the groups then changes)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import service_oracle
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.translate import service
from localize.translate.batching import base_size, plan_groups, plan_requests, text_size
from localize.translate.deepl_engine import DeepLEngine
from localize.translate.engine import RequestOptions
from localize.translate.memory import Memory
from localize.translate.pseudo import PseudoEngine


def _submit_all(module: Any, engine: Any, memory: Memory, batches: list[list[tuple[str, str, str | None]]],
                hold: int) -> dict[str, Any]:
    svc = module.TranslationService(engine, memory, "de-DE", in_flight=1, retries=0, backoff=0.0, hold_limit=hold)
    jobs = [[module.Job(text=text, target_locale=target, market=target, context=context)
             for text, target, context in batch] for batch in batches]
    done: list[int] = []
    for number, batch in enumerate(jobs):
        done.extend(svc.submit(batch, number, weight=max(len(batch), 1)))
    done.extend(svc.finish())
    return {"done": done, "stats": svc.stats.to_dict(),
            "jobs": [[(j.status, j.result, j.origin, j.problem) for j in batch] for batch in jobs]}


# Batch 1 fills fr-FR's request (max_texts 2) and leaves one en-US text; batch 2 queues more fr-FR:
# fr-FR's oldest text (queued first) left with its full request, so en-US's group is now the older one.
REORDERED = [
    [("Pfanne", "fr-FR", None), ("Topf", "en-US", None), ("Deckel", "fr-FR", None), ("Messer", "fr-FR", None)],
    [("Gabel", "fr-FR", None), ("Löffel", "en-US", None), ("Tasse", "fr-FR", "Field: name.")],
    [("Teller", "fr-FR", None), ("Schüssel", "en-US", "Field: name."), ("Glas", "en-US", None)],
]


@pytest.mark.parametrize("hold", [0, 2, 1000])
def test_requests_go_out_in_the_order_one_queue_of_every_text_gives(tmp_path: Path, deepl_server, hold: int) -> None:
    results, requests = [], []
    for name, module in (("old", service_oracle), ("new", service)):
        deepl_server.reset_log()
        engine = DeepLEngine(deepl_server.auth_key, server_url=deepl_server.url, max_texts=2, client_retries=0)
        with Memory(tmp_path / f"{name}.sqlite") as memory:
            results.append(_submit_all(module, engine, memory, REORDERED, hold))
        requests.append([(r.params.get("target_lang"), r.params.get("context"), r.texts)
                         for r in deepl_server.requests()])
    assert results[1] == results[0]
    assert requests[1] == requests[0]
    assert results[1]["stats"]["characters_billed"] > 0


WORDS = st.sampled_from(["Pfanne", "Topf", "Deckel", "Messer", "Gabel", "Tasse", "Glas", "Teller"])
JOBS = st.lists(st.tuples(WORDS, st.sampled_from(["fr-FR", "en-US", "en-GB"]),
                          st.sampled_from([None, "Field: name."])), max_size=10)


@settings(max_examples=80, deadline=None)
@given(batches=st.lists(JOBS, min_size=1, max_size=5), hold=st.sampled_from([0, 3, 1000]))
def test_a_local_engine_gives_what_the_service_gave(tmp_path_factory: pytest.TempPathFactory,
                                                    batches: list[list[tuple[str, str, str | None]]],
                                                    hold: int) -> None:
    """Pseudo engine with max_texts 2: many part-filled and full requests, groups leaving and coming back."""
    class Small(PseudoEngine):
        max_texts = 2

    tmp = tmp_path_factory.mktemp("queue")
    old, new = (_submit_all(module, Small(), Memory(tmp / f"{name}.sqlite"), batches, hold)
                for name, module in (("old", service_oracle), ("new", service)))
    assert new == old


def test_a_text_needed_by_one_group_makes_no_group_object(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Most texts are needed by one submission's jobs for one locale: that group lives in the queued
    text's own fields (a `_Group` and two lists per text were made and freed before)."""
    made: list[Any] = []
    real = service._Group

    def counting(*args: Any) -> Any:
        made.append(args)
        return real(*args)

    monkeypatch.setattr(service, "_Group", counting)
    with Memory(tmp_path / "memory.sqlite") as memory:
        svc = service.TranslationService(PseudoEngine(), memory, "de-DE")
        jobs = [service.Job(f"Pfanne {n}", m, m) for n in range(60) for m in ("en-US", "fr-FR")]
        jobs += [service.Job("Pfanne 1", "en-US", "en-US")]  # the same signature: same group
        svc.translate(jobs)
    assert all(j.status == "machine" for j in jobs) and jobs[-1].result == jobs[2].result
    assert made == []


def test_a_protection_without_spans_is_restored_without_a_number_rewrite(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = service.TranslationService._numbers_for

    def counting(self: service.TranslationService, target_locale: str, protected: Any) -> Any:
        asked.append(target_locale)
        return real(self, target_locale, protected)

    monkeypatch.setattr(service.TranslationService, "_numbers_for", counting)
    with Memory(tmp_path / "memory.sqlite") as memory:
        svc = service.TranslationService(PseudoEngine(), memory, "de-DE")
        plain = [service.Job(f"Pfanne Modell {n}", "en-US", "en-US") for n in range(30)]
        svc.translate(plain)
        assert asked == []
        spans = [service.Job("Topf 2,5 kg", "en-US", "en-US")]
        svc.translate(spans)
    assert asked == ["en-US"]
    assert spans[0].result is not None and "2.5 kg" in spans[0].result  # the span's number, written for en-US


OPTIONS = [RequestOptions("DE", target, context=context) for target in ("FR", "EN-US") for context in (None, "x")]
TEXTS = st.text(alphabet="aß€<&\"é 漢", max_size=40)


@settings(max_examples=200, deadline=None)
@given(segments=st.lists(st.tuples(st.integers(0, len(OPTIONS) - 1), TEXTS), max_size=30),
       max_texts=st.sampled_from([1, 2, 50]), max_bytes=st.sampled_from([140, 200, 128 * 1024]))
def test_planning_by_group_is_planning_the_flat_list(segments: list[tuple[int, str]], max_texts: int,
                                                     max_bytes: int) -> None:
    """`plan_groups` of the texts grouped by options (first seen first) plans what `plan_requests`
    plans, and each request counts the characters of its texts."""
    flat = [(OPTIONS[o], text, n) for n, (o, text) in enumerate(segments)]
    groups: dict[RequestOptions, list[tuple[str, int, int]]] = {}
    for options, text, n in flat:
        groups.setdefault(options, []).append((text, text_size(text), n))
    requests, too_large = plan_groups(groups.items(), max_texts=max_texts, max_bytes=max_bytes)
    expected, expected_too_large = _reference_plan(flat, max_texts, max_bytes)
    assert [(r.options, r.texts, r.items, r.size) for r in requests] == expected
    assert too_large == expected_too_large
    assert [(r.options, r.texts, r.items, r.size) for r in plan_requests(flat, max_texts=max_texts,
                                                                         max_bytes=max_bytes)[0]] == expected
    assert all(r.characters == sum(map(len, r.texts)) for r in requests)


def _reference_plan(flat: list[tuple[RequestOptions, str, int]], max_texts: int,
                    max_bytes: int) -> tuple[list[tuple[RequestOptions, list[str], list[int], int]], list[int]]:
    """The planner before `plan_groups` (main 7bc66b7's `plan_sized`), on plain tuples."""
    groups: dict[RequestOptions, list[tuple[str, int, int]]] = {}
    for options, text, item in flat:
        groups.setdefault(options, []).append((text, text_size(text), item))
    requests: list[list[Any]] = []
    too_large: list[int] = []
    for options, members in groups.items():
        base = base_size(options)
        current: list[Any] | None = None
        for text, size, item in members:
            if base + size > max_bytes:
                too_large.append(item)
                continue
            if current is None or len(current[1]) >= max_texts or current[3] + size > max_bytes:
                current = [options, [], [], base]
                requests.append(current)
            current[1].append(text)
            current[2].append(item)
            current[3] += size
    return [tuple(r) for r in requests], too_large  # type: ignore[misc]
