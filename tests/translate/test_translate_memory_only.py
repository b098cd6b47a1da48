"""Memory-only jobs (`Job.memory_only`, `TranslationService._for_market`): the copy of a sibling locale
stands unless a person's memory entry for the job's exact target answers it. Never a language-only entry,
another country's, a machine entry or the engine; a job nobody answered is no segment of the counts."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.translate.memory import Memory, source_hash
from localize.translate.pseudo import PseudoEngine
from localize.translate.service import Job, TranslationService


class CountingPseudo(PseudoEngine):
    """The pseudo engine, counting the texts it is sent (no network: the engine is local)."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []

    def translate(self, texts, options):  # type: ignore[no-untyped-def,override]
        self.sent.extend(texts)
        return super().translate(texts, options)


def _job(text: str, target: str = "en-GB", memory_only: bool = True) -> Job:
    return Job(text, target, target, memory_only=memory_only)


def test_only_a_persons_entry_for_the_exact_target_answers(tmp_path: Path) -> None:
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.put_human("Farbe", "Colour", "de", "en-GB", created=1.0)
        memory.put_human("Farbe", "Color", "de", "en-US", created=2.0)
        memory.put_human("Tasse", "Cup", "de", "en", created=1.0)  # language-only
        memory.put_human("Mütze", "Beanie", "de", "en-US", created=1.0)  # another country's
        memory.put_human("Stift", "Pen (approved)", "de", "en-GB", origin="approved", created=1.0)
        memory.put_human("Stift", "Pen", "de", "en-GB", created=3.0)
        engine = CountingPseudo()
        svc = TranslationService(engine, memory, "de-DE")
        jobs = [_job("Farbe"), _job("Tasse"), _job("Mütze"), _job("Stift"), _job("Neu"), _job("Farbe")]
        svc.translate(jobs)
    assert [(j.status, j.result, j.origin) for j in jobs] == [
        ("human", "Colour", "human"), ("fallback", None, ""), ("fallback", None, ""),
        ("human", "Pen (approved)", "approved"), ("fallback", None, ""), ("human", "Colour", "human")]
    assert engine.sent == []
    stats = svc.stats
    assert (stats.segments, stats.from_memory, stats.human, stats.untranslated, stats.characters_billed) == (3, 3, 3, 0, 0)


def test_a_machine_entry_and_a_glossary_term_do_not_answer(tmp_path: Path) -> None:
    with Memory(tmp_path / "m.sqlite") as memory:
        engine = CountingPseudo()
        svc = TranslationService(engine, memory, "de-DE")
        # a machine entry under the very key this run's engine would read
        plan = svc._plan(_job("Deckel", memory_only=False))
        key = svc._key_of(plan)
        memory.put_machine([(key, "Deckel", "Lid (machine)", 6, "")])
        assert memory.lookup(key) is not None and key.source_hash == source_hash("Deckel")
        jobs = [_job("Deckel"), _job("Deckel", memory_only=False)]
        svc.translate(jobs)
    assert (jobs[0].status, jobs[0].result) == ("fallback", None)  # the sibling copy stands
    assert jobs[1].status == "machine" and jobs[1].result == "Lid (machine)"  # a plain job reads it, as always


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Farbe", "Tasse", "Neu", "Stift"]), st.sampled_from(["en-GB", "en-US"]),
                          st.booleans()), min_size=1, max_size=12),
       st.integers(min_value=1, max_value=4))
def test_the_outcome_is_the_same_however_the_jobs_are_submitted(tmp_path_factory, jobs_spec, parts: int) -> None:
    """One submission or several (batches of a run; the driver of --workers submits each wave's distinct
    keys): every memory-only job gets the same outcome, and the engine is never sent one's text."""
    folder = tmp_path_factory.mktemp("m")
    outcomes = []
    for split in (1, parts):
        with Memory(folder / f"m{split}.sqlite") as memory:
            memory.put_human("Farbe", "Colour", "de", "en-GB", created=1.0)
            memory.put_human("Stift", "Pen", "de", "en", created=1.0)
            engine = CountingPseudo()
            svc = TranslationService(engine, memory, "de-DE")
            jobs = [_job(text, target, only) for text, target, only in jobs_spec]
            size = max(1, len(jobs) // split)
            for start in range(0, len(jobs), size):
                svc.submit(jobs[start:start + size])
            svc.finish()
            outcomes.append([(j.status, j.result) for j, (_, _, only) in zip(jobs, jobs_spec, strict=True) if only])
            assert set(engine.sent) <= {text for text, _, only in jobs_spec if not only}
    assert outcomes[0] == outcomes[1]
    wanted = [(("human", "Colour") if (text, target) == ("Farbe", "en-GB") else ("fallback", None))
              for text, target, only in jobs_spec if only]
    assert outcomes[0] == wanted
