"""Copy that differs only in its outer whitespace (`"Stuhl"`, `" Stuhl\\n"`, a trailing space a PIM
left) is sent once (one engine text: the wire leaves outer whitespace out), and each value gets
back its OWN outer whitespace, as when it is translated alone. The service used to give every such
value in one submission the first one's spaces and line breaks."""

from __future__ import annotations

from pathlib import Path

from localize.translate.deepl_engine import DeepLEngine
from localize.translate.memory import Memory
from localize.translate.pseudo import PseudoEngine
from localize.translate.service import Job, TranslationService

BODIES = ["Stuhl aus Eichenholz", "Tisch 2,5 kg aus Buche", "<p>Lampe <b>rund</b></p>",
          "Regal aus Kiefer, geölt und robust. " * 10]
OUTER = [("", ""), (" ", "\n"), ("", "  "), ("\n\n", ""), ("\t", "\r\n")]
MARKETS = ("en-US", "fr-FR")


def _alone(engine_factory, tmp_path: Path, text: str, market: str) -> str:
    with Memory(tmp_path / f"alone-{abs(hash((text, market)))}.sqlite") as memory:
        job = Job(text=text, target_locale=market, market=market)
        TranslationService(engine_factory(), memory, "de-DE").translate([job])
        assert job.status == "machine", job.problem
        return job.result


def _together(engine_factory, tmp_path: Path, batches: list[list[str]]) -> list[Job]:
    jobs_all: list[Job] = []
    with Memory(tmp_path / "together.sqlite") as memory:
        svc = TranslationService(engine_factory(), memory, "de-DE")
        for texts in batches:
            jobs = [Job(text=t, target_locale=m, market=m) for t in texts for m in MARKETS]
            svc.translate(jobs)
            jobs_all.extend(jobs)
    return jobs_all


def _check(engine_factory, tmp_path: Path) -> list[Job]:
    texts = [lead + body + trail for body in BODIES for lead, trail in OUTER]
    # one submission with every variant, then the variants in another order across two more
    jobs = _together(engine_factory, tmp_path, [texts, texts[::-1][:7], texts[3:]])
    assert all(j.status == "machine" for j in jobs), [j.problem for j in jobs if j.status != "machine"]
    for job in jobs:
        assert job.result == _alone(engine_factory, tmp_path, job.text, job.market), (job.text, job.market)
        # its own outer whitespace around the body (the check the old service failed)
        lead = job.text[: len(job.text) - len(job.text.lstrip())]
        trail = job.text[len(job.text.rstrip()):]
        assert job.result.startswith(lead) and job.result.endswith(trail)
        assert job.result == lead + job.result.strip() + trail
    return jobs


def test_a_local_engine_gives_each_value_its_own_outer_whitespace(tmp_path: Path) -> None:
    _check(PseudoEngine, tmp_path)


def test_deepl_gives_each_value_its_own_outer_whitespace_and_bills_each_body_once(tmp_path: Path, deepl_server) -> None:
    deepl_server.reset_log()
    jobs = _check(lambda: DeepLEngine(deepl_server.auth_key, server_url=deepl_server.url, client_retries=0),
                  tmp_path / "d")
    assert jobs
    deepl_server.reset_log()
    _together(lambda: DeepLEngine(deepl_server.auth_key, server_url=deepl_server.url, client_retries=0),
              tmp_path / "once", [[lead + body + trail for body in BODIES for lead, trail in OUTER]])
    sent = [t for r in deepl_server.requests() for t in r.texts]
    # every body once per target language, whatever its outer whitespace
    assert len(sent) == len(BODIES) * len(MARKETS), sent
