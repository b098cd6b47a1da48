"""Nightly-run faults end to end: a real `localize run` against the DeepL-compatible server.

429 storms, 5xx bursts, a run killed with -9 while translating, a full disk, and a secret key
that must never appear anywhere the run writes.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PRODUCTS = 40
SECRET = "zz-FAKE-key-7f3a9c0e5b1d-never-print:fx"
#: The shipped packs that apply to these markets (loading all of them costs each run seconds).
PACKS = [Path(__file__).parents[2] / "rules" / name for name in ("global.yaml", "en-GB.yaml", "fr-FR.yaml")]


def write_project(root: Path, server_url: str, extra: str = "") -> Path:
    lines = ["sku;categories;name-de_DE;description-de_DE"]
    for i in range(PRODUCTS):
        lines.append(f"P{i:03d};cat{i % 4};Produkt Nummer {i};<p>Beschreibung {i} mit <b>Details</b>, 1,{i % 10} kg.</p>")
    (root / "products.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "rules").mkdir(exist_ok=True)
    for pack in PACKS:
        shutil.copyfile(pack, root / "rules" / pack.name)
    config = root / "localize.yaml"
    defaults = "  timeout: 2\n  client_retries: 1\n  batch_retries: 1\n  retry_backoff: 0.01\n  max_texts_per_request: 5\n"
    overridden = {line.split(":")[0].strip() for line in extra.splitlines() if ":" in line}
    defaults = "".join(line + "\n" for line in defaults.splitlines() if line.split(":")[0].strip() not in overridden)
    config.write_text(  # `extra` replaces a default (a key twice in one mapping is a config error)
        f"""
source: {{format: akeneo-csv, path: products.csv, locale: de_DE}}
markets: [{{locale: en-GB}}, {{locale: fr-FR}}]
outputs: {{dir: out, formats: [jsonl, csv]}}
batch_size: 10
rules: {{shipped: false, packs: [rules]}}
translation:
  engine: deepl
  server_url: {server_url}
{defaults}{extra}
""",
        encoding="utf-8",
    )
    return config


def env_with(key: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEEPL_AUTH_KEY", "DEEPL_SERVER_URL")}
    if key is not None:
        env["DEEPL_AUTH_KEY"] = key
    return env


def localize(*args: str, cwd: Path, key: str | None, preexec=None) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "localize", *args], cwd=cwd, env=env_with(key), capture_output=True,
                          text=True, timeout=300, preexec_fn=preexec)


def feeds(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and p.name != "manifest.json" and not p.name.startswith(".")}


def totals(report: dict) -> dict[str, int]:  # type: ignore[type-arg]
    out = {"read": 0, "written": 0, "rejected": 0, "withheld": 0, "pending": 0}
    for counts in report["markets"].values():
        for k in out:
            out[k] += counts[k]
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The outputs of one uninterrupted, fault-free run (its own server)."""
    from deepl_server import DeepLServer

    with DeepLServer() as server:
        root = tmp_path_factory.mktemp("reference")
        config = write_project(root, server.url)
        proc = localize("run", str(config), cwd=root, key=server.auth_key)
        assert proc.returncode == 0, proc.stderr
        return feeds(root / "out")


def test_a_429_storm_is_ridden_out_and_nothing_is_lost(tmp_path: Path, deepl_server, reference) -> None:  # type: ignore[no-untyped-def]
    config = write_project(tmp_path, deepl_server.url, "  client_retries: 3\n  batch_retries: 2\n")
    deepl_server.fail(429, times=6)
    proc = localize("run", str(config), "--json", cwd=tmp_path, key=deepl_server.auth_key)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert totals(report)["written"] == 2 * PRODUCTS and report["translation"]["pending"] == 0
    assert feeds(tmp_path / "out") == reference
    answered = deepl_server.requests("/v2/translate")
    assert len([r for r in answered if r.status == 429]) == 6
    # bounded: each request is tried at most (client retries + 1) x (batch retries + 1) times
    assert len(answered) <= len(deepl_server.requests("/v2/translate", status=200)) + 6


def test_a_5xx_burst_beyond_the_retries_leaves_work_pending_and_the_next_run_finishes_it(
    tmp_path: Path, deepl_server, reference  # type: ignore[no-untyped-def]
) -> None:
    config = write_project(tmp_path, deepl_server.url)
    deepl_server.fail(503, times=40)
    proc = localize("run", str(config), "--json", cwd=tmp_path, key=deepl_server.auth_key)
    assert proc.returncode == 4, proc.stderr  # engine unavailable: resumable
    first = json.loads(proc.stdout)
    counts = totals(first)
    assert counts["pending"] > 0
    assert counts["read"] == counts["written"] + counts["rejected"] + counts["withheld"] + counts["pending"]
    billed_first = first["translation"]["characters_billed"]
    deepl_server.clear_faults()
    proc = localize("run", str(config), "--json", cwd=tmp_path, key=deepl_server.auth_key)
    assert proc.returncode == 0, proc.stderr
    second = json.loads(proc.stdout)
    assert totals(second)["written"] == 2 * PRODUCTS
    assert feeds(tmp_path / "out") == reference
    # nothing billed twice: the two runs together bill what the server counted, each text once
    assert billed_first + second["translation"]["characters_billed"] == deepl_server.character_count
    sent = [(r.params["target_lang"], t) for r in deepl_server.requests("/v2/translate", status=200) for t in r.texts]
    assert len(sent) == len(set(sent))


@pytest.mark.slow  # a real CLI process killed mid-request, then rerun
def test_kill_9_while_translating_then_rerun_gives_the_same_files_and_rebills_nothing_delivered(
    tmp_path: Path, deepl_server, reference  # type: ignore[no-untyped-def]
) -> None:
    config = write_project(tmp_path, deepl_server.url, "  requests_in_flight: 1\n  timeout: 30\n")
    deepl_server.latency = 0.05
    proc = subprocess.Popen([sys.executable, "-m", "localize", "--quiet", "run", str(config)], cwd=tmp_path,
                            env=env_with(deepl_server.auth_key), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(deepl_server.requests("/v2/translate", status=200)) < 4:
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before translating much"
        time.sleep(0.01)
    deepl_server.hang(times=1, seconds=60)  # the next request is never answered
    while deepl_server.active == 0 or not any(r.status == 0 for r in deepl_server.requests("/v2/translate")):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.5)  # let the client store what it already received
    delivered = {(r.params["target_lang"], t) for r in deepl_server.requests("/v2/translate", status=200) for t in r.texts}
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    deepl_server.clear_faults()
    deepl_server.latency = 0.0
    deepl_server.reset_log()
    rerun = localize("run", str(config), cwd=tmp_path, key=deepl_server.auth_key)
    assert rerun.returncode == 0, rerun.stderr
    assert feeds(tmp_path / "out") == reference
    resent = {(r.params["target_lang"], t) for r in deepl_server.requests("/v2/translate", status=200) for t in r.texts}
    assert resent and not (resent & delivered)


def _limit_file_size() -> None:
    # A file system that refuses more data after 20 kB (what a full disk looks like to a writer).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_a_full_disk_is_a_clear_error_and_the_previous_outputs_stay(tmp_path: Path, deepl_server) -> None:
    config = write_project(tmp_path, deepl_server.url)
    assert localize("run", str(config), cwd=tmp_path, key=deepl_server.auth_key).returncode == 0
    before = feeds(tmp_path / "out")
    products = tmp_path / "products.csv"
    products.write_text(products.read_text(encoding="utf-8").replace("Beschreibung", "Neue Beschreibung"), encoding="utf-8")
    proc = localize("run", str(config), cwd=tmp_path, key=deepl_server.auth_key, preexec=_limit_file_size)
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: ") and "hint: free space" in proc.stderr
    assert "cannot write output" in proc.stderr or "cannot use the state database" in proc.stderr
    assert feeds(tmp_path / "out") == before
    # nothing left of the failed run: only the published generations and their bookkeeping
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".")) == [".current", ".generations"]
    root = tmp_path / "out" / ".generations"
    published = set((root / "published").read_text().split())
    assert sorted(p.name for p in root.iterdir() if p.name not in published) == ["publish.lock", "published"]


@pytest.mark.slow  # five CLI processes
def test_the_key_never_appears_in_output_logs_reports_or_files(tmp_path: Path) -> None:
    from deepl_server import DeepLServer

    with DeepLServer(auth_key=SECRET) as server:
        config = write_project(tmp_path, server.url)
        server.fail(503, times=3)
        runs = [
            localize("--verbose", "--log-format", "json", "run", str(config), "--json", cwd=tmp_path, key=SECRET),
            localize("--verbose", "run", str(config), cwd=tmp_path, key=SECRET),
            localize("--verbose", "run", str(config), cwd=tmp_path, key=SECRET + "-wrong"),  # 403 path
            localize("--verbose", "estimate", str(config), cwd=tmp_path, key=SECRET),
            localize("runs", "--config", str(config), "--json", cwd=tmp_path, key=SECRET),
        ]
        assert runs[0].returncode in (0, 4) and runs[2].returncode == 4
        for proc in runs:
            assert SECRET not in proc.stdout and SECRET not in proc.stderr
            assert "zz-FAKE-key" not in proc.stdout + proc.stderr
        for path in tmp_path.rglob("*"):
            if path.is_file():
                assert SECRET.encode() not in path.read_bytes(), path
                assert b"zz-FAKE-key" not in path.read_bytes(), path
