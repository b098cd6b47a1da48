"""Scale-out on Dask (issue 18): the same run on a LocalCluster (`--workers`), on a cluster reached by
its scheduler address (`--scheduler`), and in one process write the same bytes; translation is one
distinct across partitions (billed once); the driver holds the lock and the state."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scale_helpers import REPO, demo_project, manifest, published

from localize import api
from localize.config import load_config
from localize.errors import LocalizeError, UsageError
from localize.execution import execution_settings, pipeline_class, redact_address
from localize.model import Product
from localize.pipeline import Pipeline
from localize.pipeline.lock import RunLock
from localize.stages import RunOptions

pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install -e '.[scale]')")

from localize.execution.driver import DistributedPipeline, _Cluster, merge_figures  # noqa: E402
from localize.execution.partitions import partition_of, root_code  # noqa: E402


@pytest.fixture(scope="session")
def dask_cluster():
    """A LocalCluster of 2 processes, as a team's cluster would be reached: by its scheduler address."""
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install -e '.[scale]')")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None)
    try:
        yield cluster
    finally:
        cluster.close()



def _product(identifier: str, parent: str | None = None) -> Product:
    return Product(identifier=identifier, origin=None, family="f", parent=parent)  # type: ignore[arg-type]


def test_a_family_stays_in_one_partition_whatever_the_number_of_partitions() -> None:
    from localize.codes import CodeMap

    models = CodeMap({"ROOT": _product("ROOT"), "SUB-1": _product("SUB-1", "root"), "SUB-2": _product("SUB-2", "ROOT")})
    family = [_product("V1", "SUB-1"), _product("V2", "sub-2"), _product("V3", "ROOT"), models["SUB-1"]]
    assert {root_code(p, models).casefold() for p in family} == {"root"}
    for partitions in (2, 3, 7, 64):
        assert len({partition_of(p, models, partitions) for p in family}) == 1
    # simple products spread over the partitions, the same way in every process (no salted hash)
    spread = {partition_of(_product(f"SKU-{i}"), models, 4) for i in range(200)}
    assert spread == {0, 1, 2, 3}
    code = (f"import sys; sys.path.insert(0, {str(REPO)!r}); from localize.execution.partitions import partition_of; "
            "from localize.model import Product; print([partition_of(Product(identifier=f'SKU-{i}', origin=None, "
            "family='f'), {}, 4) for i in range(50)])")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
            for _ in range(2)}
    assert runs == {str([partition_of(_product(f"SKU-{i}"), {}, 4) for i in range(50)]) + "\n"}


def test_a_parent_cycle_ends_at_the_first_model_seen_again() -> None:
    models = {"A": _product("A", "B"), "B": _product("B", "A")}
    assert root_code(_product("V", "A"), models) == "B"


def test_worker_figures_merge_as_one_process_counts_them() -> None:
    merged = merge_figures([
        {"records": 3, "findings": {"review": 1}, "packs": ["de-DE"], "status": "ok", "seconds": 0.5, "flag": True},
        None,
        {"records": 4, "findings": {"review": 2, "block": 1}, "packs": ["de-DE"], "status": "ok", "seconds": 0.25,
         "flag": True},
    ])
    assert merged == {"records": 7, "findings": {"review": 3, "block": 1}, "packs": ["de-DE"], "status": "ok",
                      "seconds": 0.75, "flag": True}
    # a figure of the run (the category tree's coverage) is the same on every worker: taken once
    run = merge_figures([{"categories": {"auto": 31}, "records": 2}, {"categories": {"auto": 31}, "records": 5}],
                        frozenset({"categories"}))
    assert run == {"categories": {"auto": 31}, "records": 7}


def test_execution_settings_command_line_over_config_and_exclusive(tmp_path: Path) -> None:
    config = load_config(demo_project(tmp_path))
    assert not execution_settings(config, RunOptions()).distributed
    assert pipeline_class(config, RunOptions()) is Pipeline
    assert pipeline_class(config, RunOptions(workers=2)) is DistributedPipeline
    assert pipeline_class(config, RunOptions(workers=2, dry_run=True)) is Pipeline  # an estimate runs here
    with pytest.raises(UsageError, match="exclude each other"):
        execution_settings(config, RunOptions(workers=2, scheduler="tcp://127.0.0.1:8786"))
    with pytest.raises(UsageError, match="not a Dask scheduler address") as info:
        execution_settings(config, RunOptions(scheduler="http://ops:s3cret@host:8786"))
    assert "s3cret" not in str(info.value)


def test_execution_section_in_the_config(tmp_path: Path) -> None:
    path = demo_project(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "\nexecution: {workers: 3, partitions: 5, block: 100}\n",
                    encoding="utf-8")
    settings = execution_settings(load_config(path), RunOptions())
    assert (settings.workers, settings.scheduler, settings.partitions, settings.block) == (3, None, 5, 100)
    assert load_config(path).hash == load_config(demo_project(tmp_path / "plain")).hash  # no redo when moved
    # `--scheduler` on the command line replaces the configured local cluster
    settings = execution_settings(load_config(path), RunOptions(scheduler="tcp://10.0.0.5:8786"))
    assert (settings.workers, settings.scheduler) == (None, "tcp://10.0.0.5:8786")
    path.write_text(path.read_text(encoding="utf-8").replace("workers: 3", "workers: 0"), encoding="utf-8")
    with pytest.raises(LocalizeError, match="execution"):
        load_config(path)


def test_redact_address_hides_credentials() -> None:
    assert redact_address("tcp://10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert redact_address("tls://ops:s3cret@sched.example:8786") == "tls://***@sched.example:8786"
    assert "s3cret" not in redact_address("postgresql://ops:s3cret@db/localize")


def test_a_plain_run_never_starts_or_imports_the_dask_runtime(tmp_path: Path) -> None:
    """`distributed` (the cluster runtime, ~2 s to import) and our driver load only for --workers/--scheduler.
    (pint imports `dask.base` for its dask-array support whenever dask is installed; not ours to change.)"""
    config = demo_project(tmp_path)
    code = ("import sys; from localize import api; from localize.config import load_config; "
            f"report = api.run(load_config({str(config)!r}), api.RunOptions(limit=5)); "
            "print(report.exit_code, sorted(m for m in sys.modules if m.split('.')[0] == 'distributed' "
            "or m.startswith(('localize.execution.driver', 'localize.execution.worker', 'dask.distributed'))))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split(" ", 1)[1].strip() == "[]"


def test_the_driver_holds_the_one_lock_of_the_state(tmp_path: Path) -> None:
    config = load_config(demo_project(tmp_path))
    with RunLock(config.state_dir), pytest.raises(LocalizeError, match="lock|another run|running"):
        api.run(config, RunOptions(workers=2))


@pytest.mark.slow
def test_one_process_one_worker_two_workers_and_a_cluster_write_the_same_bytes(tmp_path: Path, dask_cluster,
                                                                                monkeypatch) -> None:
    from localize.execution import driver

    runs = {
        "single": RunOptions(),
        "workers-1": RunOptions(workers=1),
        "workers-2": RunOptions(workers=2),
        "cluster": RunOptions(scheduler=dask_cluster.scheduler_address),
        # the same cluster with its workers out of the driver's reach: results through the scheduler
        "cluster-relayed": RunOptions(scheduler=dask_cluster.scheduler_address),
    }
    outputs: dict[str, dict[str, bytes]] = {}
    manifests: dict[str, dict] = {}  # type: ignore[type-arg]
    for name, options in runs.items():
        config = load_config(demo_project(tmp_path / name))
        with monkeypatch.context() as patch:
            if name == "cluster-relayed":
                patch.setattr(driver, "reachable", lambda client, addresses, timeout=0.0: dict.fromkeys(addresses, False))
            report = api.run(config, options)
        assert report.exit_code in (0, 1), report.error
        assert sum(c.withheld for c in report.markets.values()) > 0  # the demo's planted review cases
        outputs[name] = published(config.out_dir)
        # the manifests name the project's folder (one per run here): compare them without it
        text = json.dumps(manifest(config.out_dir)).replace(str(config.base_dir), "<project>")
        manifests[name] = json.loads(text)
    assert len(outputs["single"]) >= 20
    for name in ("workers-1", "workers-2", "cluster", "cluster-relayed"):
        assert outputs[name] == outputs["single"], name
        for key in ("markets", "rejects", "exit_code", "warnings"):
            assert manifests[name][key] == manifests["single"][key], (name, key)
        for stage in ("map", "convert", "check", "gate"):
            assert manifests[name]["stages"][stage] == _without_seconds(manifests["single"]["stages"][stage]) | \
                _seconds_of(manifests[name]["stages"][stage]), (name, stage)
        translation = manifests[name]["sections"]["translation"]
        for key in ("segments", "characters_billed", "untranslated", "markets"):
            assert translation[key] == manifests["single"]["sections"]["translation"][key], (name, key)
        execution = manifests[name]["sections"]["execution"]
        assert execution["engine"] == "dask"
        assert sum(w["records"] for w in execution["per_worker"].values()) == 360  # 60 products x 6 markets
        # a worker may have opened the stages and had its chunk's second half moved elsewhere by Dask
        assert all(w["seconds"]["task"] > 0 for w in execution["per_worker"].values() if w["tasks"])
        # each worker's peak resident memory (the per-worker memory figure of issue 18)
        peaks = [w["peak_rss_mb"] for w in execution["per_worker"].values() if "cpu_seconds" in w]
        assert peaks and all(p > 30 for p in peaks), execution["per_worker"]
    assert manifests["workers-2"]["sections"]["execution"]["workers"] == 2  # which worker took a task is Dask's choice
    assert manifests["cluster"]["sections"]["execution"]["cluster"] == dask_cluster.scheduler_address
    assert {n: m["sections"]["execution"]["results"] for n, m in manifests.items() if n != "single"} == {
        "workers-1": "from the workers", "workers-2": "from the workers", "cluster": "from the workers",
        "cluster-relayed": "through the scheduler"}
    # the cluster's workers run on this machine and see the state folder: they translate (local engine) as
    # a LocalCluster's do, instead of waiting for the driver to translate every wave
    assert manifests["cluster"]["sections"]["execution"]["translation"] == "workers (local engine)"
    assert "execution" not in manifests["single"]["sections"]


def _without_seconds(figures: dict) -> dict:  # type: ignore[type-arg]
    return {k: (_without_seconds(v) if isinstance(v, dict) else v) for k, v in figures.items() if k != "seconds"}


def _seconds_of(figures: dict) -> dict:  # type: ignore[type-arg]
    """The timing figures of `figures` (they differ run to run), so a comparison keeps everything else."""
    out = {}
    for k, v in figures.items():
        if k == "seconds":
            out[k] = v
        elif isinstance(v, dict):
            inner = _seconds_of(v)
            if inner:
                out[k] = _without_seconds(figures[k]) | inner
    return out


PRODUCTS = (
    "sku;parent;categories;name-de_DE;description-de_DE\n"
    "PAN-28;;pans;Pfanne 28 cm;<p>Robuste Pfanne aus <b>Gusseisen</b>, 2,4 kg.</p>\n"
    "PAN-24;;pans;Pfanne 24 cm;<p>Robuste Pfanne aus <b>Gusseisen</b>, 2,4 kg.</p>\n"
    "LID-28;;lids;Deckel 28 cm;Passt auf jede Pfanne.\n"
    "LID-24;;lids;Deckel 24 cm;Passt auf jede Pfanne.\n"
    "TS-S;TS;shirts;;\n"
    "TS-M;TS;shirts;;Weiches Shirt, Größe M.\n"
    "PAN-20;;pans;Pfanne 20 cm;<p>Leichte Pfanne aus <b>Aluminium</b>.</p>\n"
    "PAN-20;;pans;Pfanne 20 cm (doppelt);doppelt\n"
    "MUG-1;;kitchen;Tasse;Spülmaschinenfest und robust.\n"
)
MODELS = "code;categories;name-de_DE;description-de_DE\nTS;shirts;T-Shirt Basic;Weiches Shirt aus Baumwolle.\n"
ATTRIBUTES = (
    "type;code;label-de_DE;localizable;scopable\n"
    "pim_catalog_identifier;sku;SKU;0;0\n"
    "pim_catalog_text;name;Name;1;0\n"
    "pim_catalog_textarea;description;Beschreibung;1;0\n"
)


def _deepl_project(root: Path, server_url: str, extra: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (root / "models.csv").write_text(MODELS, encoding="utf-8")
    (root / "attributes.csv").write_text(ATTRIBUTES, encoding="utf-8")
    config = root / "localize.yaml"
    config.write_text(
        "project: shop\n"
        "source: {format: akeneo-csv, path: [models.csv, products.csv], locale: de_DE, attributes: attributes.csv}\n"
        "markets:\n  - {locale: en-US}\n  - {locale: fr-FR, formality: more}\n  - {locale: fr-CH, formality: more}\n"
        f"translation: {{server_url: {server_url}, timeout: 2, client_retries: 0, batch_retries: 0}}\n"
        "stages: [map, convert, translate, check]\n"
        f"{extra}",
        encoding="utf-8",
    )
    return config


def _localize(*args: str, cwd: Path, key: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEEPL_AUTH_KEY", "DEEPL_SERVER_URL")}
    env["DEEPL_AUTH_KEY"] = key
    return subprocess.run([sys.executable, "-m", "localize", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)


@pytest.mark.slow
def test_billed_characters_two_workers_equal_one_process_with_the_deepl_client(tmp_path: Path, deepl_server) -> None:
    reports = {}
    sent = {}
    for name, extra in (("single", ()), ("workers-2", ("--workers", "2"))):
        deepl_server.reset_log()
        config = _deepl_project(tmp_path / name, deepl_server.url, "execution: {partitions: 3}\n" if extra else "")
        proc = _localize("run", str(config), "--json", *extra, cwd=config.parent, key=deepl_server.auth_key)
        assert proc.returncode in (0, 1), proc.stderr[-3000:]
        reports[name] = json.loads(proc.stdout)
        sent[name] = sorted(deepl_server.translated_texts())
        assert "rejects" in reports[name] and reports[name]["rejects"] == 1  # PAN-20 twice: the second is rejected
    single, workers = reports["single"]["translation"], reports["workers-2"]["translation"]
    assert single["characters_billed"] > 0
    assert workers["characters_billed"] == single["characters_billed"]
    assert workers["requests"] <= single["requests"]
    assert sent["workers-2"] == sent["single"]  # the same texts, each as often as one process sends it
    assert published(tmp_path / "workers-2" / "out") == published(tmp_path / "single" / "out")
    assert reports["workers-2"]["markets"] == reports["single"]["markets"]
    # the variant inherits its model's copy on the worker that holds the family
    feed = [json.loads(line) for line in (tmp_path / "workers-2" / "out" / "en-US.jsonl").read_text().splitlines()]
    ts_s = next(r for r in feed if r["identifier"] == "TS-S")
    assert ts_s["values"]["description"].startswith("[EN-US] ")


@pytest.mark.slow
def test_incremental_and_pending_records_under_workers(tmp_path: Path, deepl_server) -> None:
    """A quota stop leaves records pending; the next --workers run finishes them without billing twice,
    an unchanged rerun reuses everything, and the end result is the bytes of one uninterrupted run."""
    reference = _deepl_project(tmp_path / "reference", deepl_server.url)
    proc = _localize("run", str(reference), "--json", cwd=reference.parent, key=deepl_server.auth_key)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    total = json.loads(proc.stdout)["translation"]["characters_billed"]

    config = _deepl_project(tmp_path / "nightly", deepl_server.url)
    deepl_server.quota_after(total // 2)
    first = _localize("run", str(config), "--json", "--workers", "2", cwd=config.parent, key=deepl_server.auth_key)
    assert first.returncode == 4, first.stderr[-3000:]  # quota: what is left is pending
    first_report = json.loads(first.stdout)
    assert sum(m["pending"] for m in first_report["markets"].values()) > 0
    deepl_server.character_limit = 10**9  # the quota is back (a new billing period)
    second = _localize("run", str(config), "--json", "--workers", "2", cwd=config.parent, key=deepl_server.auth_key)
    assert second.returncode in (0, 1), second.stderr[-3000:]
    second_report = json.loads(second.stdout)
    assert sum(m["pending"] for m in second_report["markets"].values()) == 0
    billed = first_report["translation"]["characters_billed"] + second_report["translation"]["characters_billed"]
    assert billed == total  # nothing billed twice
    assert published(config.parent / "out") == published(reference.parent / "out")

    third = _localize("run", str(config), "--json", "--workers", "2", cwd=config.parent, key=deepl_server.auth_key)
    third_report = json.loads(third.stdout)
    assert third_report["incremental"]["redone"] == 0 and third_report["incremental"]["reused"] == 24
    assert third_report["translation"]["characters_billed"] == 0
    assert published(config.parent / "out") == published(reference.parent / "out")


@pytest.mark.slow
def test_a_killed_distributed_run_is_finished_by_the_next(tmp_path: Path, deepl_server) -> None:
    """`kill -9` of the driver mid-run (after a saved batch): the previous outputs stay, the next
    --workers run finishes the work and publishes the bytes of one uninterrupted run."""
    reference = _deepl_project(tmp_path / "reference", deepl_server.url, "batch_size: 2\n")
    proc = _localize("run", str(reference), "--json", cwd=reference.parent, key=deepl_server.auth_key)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]

    config = _deepl_project(tmp_path / "killed", deepl_server.url, "batch_size: 2\nexecution: {block: 2}\n")
    env_kill = {"LOCALIZE_TEST_KILL_AT": "batch-saved"}
    killed = subprocess.run([sys.executable, "-m", "localize", "run", str(config), "--json", "--workers", "2"],
                            cwd=config.parent, env={**os.environ, "DEEPL_AUTH_KEY": deepl_server.auth_key, **env_kill},
                            capture_output=True, text=True, timeout=600)
    assert killed.returncode == -9
    assert not (config.parent / "out" / "en-US.jsonl").exists()  # nothing half-published
    done = _localize("run", str(config), "--json", "--workers", "2", cwd=config.parent, key=deepl_server.auth_key)
    # exit 1 is also what Python gives an uncaught exception: the run must have finished and published
    assert done.returncode in (0, 1), done.stderr[-3000:]
    assert done.stdout.strip(), done.stderr[-3000:]  # an uncaught exception prints no report
    report = json.loads(done.stdout)
    assert "error" not in report and report["outputs"], (done.stdout[-2000:], done.stderr[-3000:])
    assert published(config.parent / "out") == published(reference.parent / "out"), (done.stdout[-3000:],
                                                                                        done.stderr[-3000:])


@pytest.mark.slow
def test_an_unreachable_scheduler_is_a_clear_error_and_leaves_the_outputs(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = load_config(demo_project(tmp_path))
    with pytest.raises(UsageError, match=f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}") as info:
        api.run(config, RunOptions(scheduler=f"tcp://127.0.0.1:{port}"))
    assert "tcp://host:8786" in info.value.hint
    assert not (config.out_dir / "manifest.json").exists()


def test_workers_take_the_drivers_parsed_packs_and_unit_factors_instead_of_building_them(
        tmp_path: Path, dask_cluster, monkeypatch) -> None:
    """Opening the stages on a worker used to parse and validate every rule pack and ask pint for every
    market's unit factors again (seconds of CPU per worker): the driver ships what it built."""
    from distributed import Client

    def count_builds() -> None:  # on each worker: empty caches, count what gets built from here on
        from localize.rules import packs
        from localize.units import registry

        packs._PACK_CACHE.clear()
        registry._factors.clear()
        counts = {"packs": 0, "factors": 0}
        parse, compute = packs._parse_pack, registry._compute
        if hasattr(parse, "original"):  # a previous test run counted on this worker already
            parse, compute = parse.original, compute.original

        def counted_parse(*args, **kwargs):
            counts["packs"] += 1
            return parse(*args, **kwargs)

        def counted_compute(*args, **kwargs):
            counts["factors"] += 1
            return compute(*args, **kwargs)

        counted_parse.original, counted_compute.original = parse, compute  # type: ignore[attr-defined]
        counted_parse.counts = counts  # type: ignore[attr-defined]
        packs._parse_pack, registry._compute = counted_parse, counted_compute

    def builds() -> dict[str, int]:
        from localize.rules import packs

        return dict(packs._parse_pack.counts)

    from localize.rules import packs
    from localize.units import registry

    # the driver (this process) starts cold too, so it parses the packs this run uses
    monkeypatch.setattr(packs, "_PACK_CACHE", {})
    monkeypatch.setattr(registry, "_factors", {})
    with Client(dask_cluster.scheduler_address, set_as_default=False) as client:
        client.run(count_builds)
        config = load_config(demo_project(tmp_path))
        report = api.run(config, RunOptions(scheduler=dask_cluster.scheduler_address))
        assert report.exit_code in (0, 1), report.error
        counts = client.run(builds)
    assert len(packs._PACK_CACHE) >= 5 and len(registry._factors) >= 5  # what the driver built and shipped
    assert counts and all(c == {"packs": 0, "factors": 0} for c in counts.values()), counts
    execution = manifest(config.out_dir)["sections"]["execution"]
    worked = [w for w in execution["per_worker"].values() if w.get("start")]
    assert worked and all(w["start"]["packs_parsed"] == 0 and w["start"]["unit_factors_computed"] == 0
                          for w in worked), execution["per_worker"]
    assert execution["driver_cpu_seconds"] > 0 and execution["workers_cpu_seconds"] > 0


def test_a_figure_every_worker_starts_from_is_counted_once() -> None:
    """The driver's own stages ran no record: what their figures hold (stored review decisions, a
    setting) is in every worker's figures once; only what each worker added on top adds up."""
    driver = {"withheld": 0, "decisions": {"stored": 2, "approved": 0}, "max_characters": 500, "store": "a"}
    workers = [{"withheld": 3, "decisions": {"stored": 2, "approved": 1}, "max_characters": 500, "store": "a"},
               {"withheld": 4, "decisions": {"stored": 2, "approved": 0}, "max_characters": 500, "store": "a"}]
    assert merge_figures(workers, baseline=driver) == {"withheld": 7, "decisions": {"stored": 2, "approved": 1},
                                                       "max_characters": 500, "store": "a"}
    # a worker below the driver's figure: that figure is no count the workers started from
    assert merge_figures([{"n": 1}, {"n": 5}], baseline={"n": 3}) == {"n": 6}


def test_the_manifest_of_two_workers_counts_what_one_process_counts(tmp_path: Path) -> None:
    """Stage figures and report sections of `--workers 2` equal the single process's, with review
    decisions stored (each worker loads them all) and JSON Lines outputs only (the workers then
    return records without their values: the same bytes must come out)."""
    from localize.review.decisions import Decision, DecisionStore, store_path

    manifests = {}
    outputs = {}
    for name, options in (("single", RunOptions()), ("workers-2", RunOptions(workers=2))):
        path = demo_project(tmp_path / name)
        text = path.read_text(encoding="utf-8").replace("formats: [jsonl, akeneo-csv, csv, xlsx]", "formats: [jsonl]")
        assert "formats: [jsonl]\n" in text
        path.write_text(text, encoding="utf-8")
        config = load_config(path)
        with DecisionStore(store_path(config)) as store:
            for n in range(3):  # decisions on findings this catalogue does not raise: counted, applied to nothing
                store.put(Decision(key=f"k{n}", market="fr-FR", product=f"GONE-{n}", field="name", rule="x",
                                   decision="approve", reviewer="tester", decided_at="2026-01-01T00:00:00Z"))
        report = api.run(config, options)
        assert report.exit_code in (0, 1), report.error
        outputs[name] = published(config.out_dir)
        manifests[name] = json.loads(json.dumps(manifest(config.out_dir)).replace(str(config.base_dir), "<project>"))
    assert outputs["workers-2"] == outputs["single"]
    single, workers = manifests["single"], manifests["workers-2"]
    assert single["stages"]["gate"]["decisions"]["stored"] == 3
    assert _without_seconds(workers["stages"]) == _without_seconds(single["stages"])
    def figures(m: dict) -> dict:  # type: ignore[type-arg]
        return _without_seconds({k: v for k, v in m["sections"].items() if k not in ("execution", "run_id")})

    assert figures(workers) == figures(single)
    for key in ("markets", "rejects", "exit_code", "warnings"):
        assert workers[key] == single[key], key


def test_a_worker_returns_records_of_line_only_outputs_without_their_values(tmp_path: Path) -> None:
    """What the driver unpickles is most of its CPU in a distributed run: for JSON Lines outputs a
    record comes back as the state restores one (line, findings, withheld), the line unchanged."""
    from localize.execution import worker
    from localize.pipeline.source import Source
    from localize.report import RunReport

    config = load_config(demo_project(tmp_path))
    source = Source(config, RunReport(), __import__("logging").getLogger("test"))
    products = [p for batch in source.batches(100, None) for p in batch if isinstance(p, Product)]
    chunk = worker.Chunk([(n, p, [0, 1]) for n, p in enumerate(products)])
    codes = tuple(m.code for m in config.markets)
    lines = {}
    for lines_only in (False, True):
        spec = worker.RunSpec(f"test-{lines_only}", config, RunOptions(), codes, "sku", True, lines_only=lines_only)
        done = worker.finish(spec, worker.prepare(spec, chunk), [])
        worker.close_run(spec.run_id)
        sent = [(seq, index) for seq in range(len(products)) for index in (0, 1)]
        records = [(seq, index, worker.attach(products[seq], config.markets[index], d))
                   for (seq, index), d in zip(sent, done.records, strict=True)]
        lines[lines_only] = [(seq, index, r.encoded, r.withheld, r.findings) for seq, index, r in records]
        full = [r for *_, r in records if r.rejected is None and not r.pending]
        assert full and all(bool(r.values) is not lines_only for r in full)
    assert lines[True] == lines[False] and len(lines[True]) == 2 * len(products)


def test_a_chunk_passes_a_scheduler_as_bytes_and_is_decoded_once_on_its_worker(tmp_path: Path) -> None:
    """A LocalCluster's scheduler lives in the driver's process and unpickles each task, then pickles it
    again for its worker: a chunk must go through that without its products being rebuilt (the
    scheduler's unpickler here refuses every class of `localize.model`), arrive equal, and pickle
    again from its blob, not from its products."""
    import io
    import pickle

    from localize.execution import worker
    from localize.pipeline.source import Source
    from localize.report import RunReport

    config = load_config(demo_project(tmp_path))
    source = Source(config, RunReport(), __import__("logging").getLogger("test"))
    products = [p for batch in source.batches(100, None) for p in batch if isinstance(p, Product)]
    items = [(n, p, [0, 1]) for n, p in enumerate(products)]
    sent = pickle.dumps(worker.Chunk(items), protocol=5)

    class Scheduler(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> object:
            if module.startswith("localize.model"):
                raise pickle.UnpicklingError(f"the scheduler rebuilt a {name}")
            return super().find_class(module, name)

    passed = Scheduler(io.BytesIO(sent)).load()
    again = pickle.dumps(passed, protocol=5)
    assert again == sent  # the blob as it came, not the products pickled anew
    arrived = pickle.loads(again)
    assert arrived.items == items and arrived.items is arrived.items  # decoded once
    assert pickle.loads(pickle.dumps(arrived)).items == items  # and a decoded chunk can move on


def test_the_first_wave_goes_out_after_one_batch_per_partition_and_the_waves_grow(tmp_path: Path) -> None:
    """The workers get their first task once one read batch per partition is read, not a whole
    block (they would wait while the driver reads and plans it); the next waves double up to the
    block. Smaller waves change where waves end, never the bytes written."""
    outputs = {}
    manifests = {}
    for name, options, extra in (("single", RunOptions(), "execution: {block: 32}\n"),
                                 ("workers-2", RunOptions(workers=2), "execution: {block: 32}\n"),
                                 ("workers-2-default", RunOptions(workers=2), "")):
        path = demo_project(tmp_path / name)
        path.write_text(path.read_text(encoding="utf-8") + "\nbatch_size: 4\n" + extra, encoding="utf-8")
        config = load_config(path)
        assert config.batch_size == 4
        report = api.run(config, options)
        assert report.exit_code in (0, 1), report.error
        outputs[name] = published(config.out_dir)
        manifests[name] = manifest(config.out_dir)
    assert outputs["workers-2"] == outputs["single"] == outputs["workers-2-default"]
    # by default a wave is one read batch per partition: a worker holds one batch's records at a time
    default = manifests["workers-2-default"]["sections"]["execution"]
    assert (default["partitions"], default["block"], default["first_wave_block"]) == (2, 8, 8)
    execution = manifests["workers-2"]["sections"]["execution"]
    assert (execution["partitions"], execution["block"], execution["first_wave_block"]) == (2, 32, 8)
    first = execution["first_wave"]
    # sent as soon as its batches were read: nothing read beyond them, far fewer products than a block
    assert first["products_read"] == first["products"]
    assert 8 <= first["products"] < 8 + 4
    # 60 products in waves of about 8, 16, 32 (the rest): four waves where whole blocks made two
    assert execution["waves"] == 4
    assert sum(w["records"] for w in execution["per_worker"].values()) == 360


def _pickled_types(obj: object) -> dict[str, int]:
    """How many objects of each type pickling `obj` writes (what the other side must unpickle)."""
    import io
    import pickle
    from collections import Counter

    seen: Counter[str] = Counter()

    class Spy(pickle.Pickler):
        def persistent_id(self, value: object) -> None:
            seen[type(value).__name__] += 1
            return None

    Spy(io.BytesIO(), protocol=5).dump(obj)
    return dict(seen)


def test_a_worker_sends_back_no_product_or_market_the_driver_already_holds(tmp_path: Path) -> None:
    """Unpickling the products of the records that come back was most of the driver's unpickling:
    the driver sent them and holds them (and the markets), so a finished chunk carries neither, and
    the record the driver puts back together is the one the worker built."""
    from localize.execution import worker
    from localize.pipeline.source import Source
    from localize.report import RunReport
    from localize.serialize import dumps_bytes, record_to_dict

    path = demo_project(tmp_path)
    text = path.read_text(encoding="utf-8").replace("formats: [jsonl, akeneo-csv, csv, xlsx]", "formats: [jsonl]")
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    source = Source(config, RunReport(), __import__("logging").getLogger("test"))
    products = [p for batch in source.batches(100, None) for p in batch if isinstance(p, Product)]
    chunk = worker.Chunk([(n, p, [0, 1]) for n, p in enumerate(products)])
    codes = tuple(m.code for m in config.markets)
    for lines_only in (False, True):
        spec = worker.RunSpec(f"detach-{lines_only}", config, RunOptions(), codes, "sku", True, lines_only=lines_only)
        prepared = worker.prepare(spec, chunk)
        built = list(prepared.batch.records)
        done = worker.finish(spec, prepared, [])
        worker.close_run(spec.run_id)
        types = _pickled_types(done)
        assert types.get("Product", 0) == 0 and types.get("Market", 0) == 0, types
        assert types.get("LocalizedValue", 0) == 0 or not lines_only, types  # a line-only record carries no values either
        assert len(done.records) == len(built) == 2 * len(products)
        sent = [(seq, index) for seq in range(len(products)) for index in (0, 1)]
        for (seq, index), detached, original in zip(sent, done.records, built, strict=True):
            if lines_only and original.rejected is None and not original.pending:
                # the line, its findings and withheld: nothing else to pickle, unpickle and set
                assert detached == (original.findings, original.withheld, original.encoded)
            record = worker.attach(products[seq], config.markets[index], detached)
            assert record.product is products[seq] and record.market == original.market
            assert record.encoded == original.encoded and record.findings == original.findings
            assert (record.withheld, record.rejected, record.pending) == (original.withheld, original.rejected,
                                                                          original.pending)
            if not lines_only and record.rejected is None and not record.pending:
                assert record.values == original.values
                assert dumps_bytes(record_to_dict(record)) == original.encoded


def test_a_local_cluster_of_the_run_keeps_dask_housekeeping_down(tmp_path: Path) -> None:
    """The event-loop tick (every 20 ms), the system monitor (every 500 ms) and the memory monitor
    (every 100 ms) wake every worker and the scheduler for the whole run: CPU the stages need on the
    same cores. The LocalCluster `--workers` starts runs them seldom, in every worker process."""
    import logging

    from localize.execution.driver import LOCAL_CLUSTER_CONFIG, _Cluster

    def settings() -> dict[str, object]:
        import dask

        return {key: dask.config.get(key) for key in LOCAL_CLUSTER_CONFIG}

    cluster = _Cluster(1, None, logging.getLogger("test"))
    cluster.start()
    try:
        with cluster.joined() as client:
            seen = client.run(settings)
    finally:
        cluster.close()
    assert len(seen) == 1
    (worker_settings,) = seen.values()
    assert worker_settings == LOCAL_CLUSTER_CONFIG
    assert worker_settings["distributed.admin.tick.interval"] == "1s"


def test_a_reused_workers_run_starts_no_cluster(tmp_path: Path) -> None:
    """An unchanged rerun with --workers publishes the last run's files (`localize.pipeline.rerun`)
    without starting a LocalCluster; the run before it, which had records to do, started one."""
    config = demo_project(tmp_path)
    before = _Cluster.started
    first = api.run(load_config(config), RunOptions(workers=1))
    assert _Cluster.started == before + 1 and first.sections["execution"]["workers"] == 1
    files = published(config.parent / "out")
    second = api.run(load_config(config), RunOptions(workers=1))
    assert second.sections.get("reused_run") == first.sections["run_id"]
    assert _Cluster.started == before + 1  # no cluster for the reused run
    assert "execution" not in second.sections and published(config.parent / "out") == files


def test_the_driver_sees_every_worker_while_the_clients_cached_scheduler_info_is_refreshed(dask_cluster) -> None:
    """The driver placed each wave's partitions on `addresses()[p % len]`: read from the client's cached
    `scheduler_info()`, which the client's periodic refresh replaces with an identity listing no worker,
    it was sometimes empty under load (ZeroDivisionError: the run, killed or resumed, crashed with exit 1
    and published nothing). A refresh every millisecond makes that race frequent."""
    import dask
    from distributed import Client

    from localize.execution.driver import _ClientView

    with dask.config.set({"distributed.client.scheduler-info-interval": "1ms"}):
        client = Client(dask_cluster.scheduler_address, set_as_default=False)
    try:
        client.wait_for_workers(2, timeout=60)
        expected = sorted(dask_cluster.scheduler.workers)
        view = _ClientView(client)
        seen = [view.addresses() for _ in range(300)]
        assert [s for s in seen if s != expected] == []
        assert view.workers() == 2
    finally:
        client.close()


def test_a_cluster_without_workers_is_a_clear_error() -> None:
    from distributed import Client, LocalCluster

    from localize.execution.driver import _ClientView

    with LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster, \
            Client(cluster, set_as_default=False) as client:
        with pytest.raises(UsageError, match="no worker left"):
            _ClientView(client).addresses()


def test_a_worker_runs_its_tasks_with_the_gc_thresholds_of_one_process_and_restores_its_own(tmp_path: Path) -> None:
    """One process raises the cyclic GC's gen-0 threshold for its run (`Pipeline.run`); a worker's tasks
    make the same short-lived objects and ran with the default (700). Inside an open run the worker's
    thresholds are the run's; after its last run closes, the process's own."""
    import gc

    from localize.execution import worker
    from localize.pipeline.source import Source
    from localize.report import RunReport

    config = load_config(demo_project(tmp_path))
    source = Source(config, RunReport(), __import__("logging").getLogger("test"))
    products = [p for batch in source.batches(100, None) for p in batch if isinstance(p, Product)][:5]
    codes = tuple(m.code for m in config.markets)
    before = gc.get_threshold()
    assert before != worker.RUN_GC_THRESHOLDS
    spec = worker.RunSpec("gc-test", config, RunOptions(), codes, "sku", True)
    try:
        done = worker.process(spec, worker.Chunk([(n, p, [0]) for n, p in enumerate(products)]))
        assert len(done.records) == len(products)
        assert gc.get_threshold() == worker.RUN_GC_THRESHOLDS
    finally:
        worker.close_run(spec.run_id)
    assert gc.get_threshold() == before


def _gc_run(tmp_path: Path, run_id: str) -> Any:
    """A worker run of `run_id` opened by one task of 5 demo products (the worker's module, this process)."""
    from localize.execution import worker
    from localize.pipeline.source import Source
    from localize.report import RunReport

    config = load_config(demo_project(tmp_path / run_id))
    source = Source(config, RunReport(), __import__("logging").getLogger("test"))
    products = [p for batch in source.batches(100, None) for p in batch if isinstance(p, Product)][:5]
    spec = worker.RunSpec(run_id, config, RunOptions(), tuple(m.code for m in config.markets), "sku", True)
    worker.process(spec, worker.Chunk([(n, p, [0]) for n, p in enumerate(products)]))
    return spec


def test_a_worker_answers_close_run_before_its_gc_thresholds_come_back(tmp_path: Path) -> None:
    """Back at the default thresholds, the next allocation sets off a full collection of the worker's
    heap; the driver waited for it before it could finish the run. On the worker's event loop (where
    `Client.run` calls it) `close_run` returns with the run's thresholds, and they come back right
    after; a run opened before that keeps the run's, and its own close brings the process's back."""
    import asyncio
    import gc

    from localize.execution import worker

    before = gc.get_threshold()

    async def on_the_loop() -> list[tuple[int, int, int]]:
        seen = []
        worker.close_run(_gc_run(tmp_path, "gc-a").run_id)
        seen.append(gc.get_threshold())  # answered: not restored yet
        await asyncio.sleep(0)
        seen.append(gc.get_threshold())  # right after the answer
        # a run that opens before the restore runs keeps the run's thresholds
        second = _gc_run(tmp_path, "gc-b")
        worker.close_run(_gc_run(tmp_path, "gc-c").run_id)
        await asyncio.sleep(0)
        seen.append(gc.get_threshold())  # gc-b still open
        worker.close_run(second.run_id)
        await asyncio.sleep(0)
        seen.append(gc.get_threshold())
        return seen

    try:
        seen = asyncio.run(on_the_loop())
    finally:
        for run_id in ("gc-a", "gc-b", "gc-c"):
            worker.close_run(run_id)
    assert seen == [worker.RUN_GC_THRESHOLDS, before, worker.RUN_GC_THRESHOLDS, before]
    assert gc.get_threshold() == before


def test_a_worker_that_ends_after_the_run_freezes_its_heap_instead(tmp_path: Path) -> None:
    """A LocalCluster's worker ends once the run is over (`ending`): the full collections of its heap
    (the default thresholds' next one, the interpreter's on exit) found a few dozen cyclic objects and
    held up the cluster's close; its heap is frozen out of the cyclic GC instead."""
    import gc

    from localize.execution import worker

    before = gc.get_threshold()
    spec = _gc_run(tmp_path, "gc-end")
    frozen = gc.get_freeze_count()
    try:
        result = worker.close_run(spec.run_id, True)
        assert result is not None and result["records"] == 5
        assert gc.get_freeze_count() > frozen
        assert gc.get_threshold() == worker.RUN_GC_THRESHOLDS  # nothing left to collect for
    finally:
        gc.unfreeze()  # this test process lives on
        worker._restore_gc()
    assert gc.get_threshold() == before


@contextlib.contextmanager
def _count_gathers(scheduler: Any) -> Iterator[list[int]]:
    """The scheduler's `gather` handler, counted while in the block: each call relays results through it."""
    calls: list[int] = []
    relay = scheduler.handlers["gather"]

    async def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return await relay(*args, **kwargs)

    scheduler.handlers["gather"] = counted
    try:
        yield calls
    finally:
        scheduler.handlers["gather"] = relay


def test_the_driver_gathers_records_from_every_worker_it_can_reach_not_through_the_scheduler(dask_cluster) -> None:
    """Relayed by the scheduler, every record costs the scheduler's process a receive and a send and the
    driver waits for both (a LocalCluster's scheduler even lives in the driver's process: 2.5x the
    driver's CPU of a direct gather). Both the run's own LocalCluster and a cluster reached by its
    address whose workers the driver can connect to are gathered from the workers."""
    import logging

    from distributed import Client

    from localize.execution.driver import _ClientView

    cluster = _Cluster(2, None, logging.getLogger("test"))
    try:
        with cluster.joined() as view:
            assert cluster.cluster is not None
            with _count_gathers(cluster.cluster.scheduler) as calls:
                futures = [view.submit(sum, [n, 1], pure=False) for n in range(4)]
                assert view.gather(futures) == [1, 2, 3, 4]
            assert calls == [] and view.direct
    finally:
        cluster.close()
    with Client(dask_cluster.scheduler_address, set_as_default=False) as client, \
            _count_gathers(dask_cluster.scheduler) as calls:
        view = _ClientView(client)
        assert view.workers() == 2 and view.direct
        assert view.gather([view.submit(sum, [5, 1], pure=False)]) == [6]
    assert calls == []  # on main: [1], relayed by the scheduler of a cluster reached by its address


def test_the_probe_connects_to_each_worker_and_finds_one_it_cannot_reach(dask_cluster) -> None:
    """The probe opens a real connection (Dask's handshake) to each worker: the cluster's workers answer,
    a closed port does not (as a worker behind a firewall or on another network would not)."""
    import socket

    from distributed import Client

    from localize.execution.driver import reachable

    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        closed = f"tcp://127.0.0.1:{sock.getsockname()[1]}"
    workers = sorted(dask_cluster.scheduler.workers)
    with Client(dask_cluster.scheduler_address, set_as_default=False) as client:
        assert reachable(client, [*workers, closed], timeout=0.5) == {**dict.fromkeys(workers, True), closed: False}
        assert reachable(client, []) == {}


def test_results_of_a_worker_the_driver_cannot_reach_come_through_the_scheduler(dask_cluster, monkeypatch,
                                                                                 caplog) -> None:
    """One worker out of the driver's reach (as the probe finds it): every gather goes through the
    scheduler, the results are the same, the log says so once."""
    import logging

    from distributed import Client

    from localize.execution import driver

    workers = sorted(dask_cluster.scheduler.workers)
    probed: list[list[str]] = []

    def first_cut_off(client: Any, addresses: list[str], timeout: float = 0.0) -> dict[str, bool]:
        probed.append(list(addresses))
        return {a: a != workers[0] for a in addresses}

    monkeypatch.setattr(driver, "reachable", first_cut_off)
    with Client(dask_cluster.scheduler_address, set_as_default=False) as client, \
            _count_gathers(dask_cluster.scheduler) as calls, caplog.at_level(logging.WARNING):
        view = driver._ClientView(client, logging.getLogger("test"))
        assert view.addresses() == workers and not view.direct
        assert view.addresses() == workers  # each worker probed once
        futures = [view.submit(sum, [n, 1], pure=False, workers=[w]) for n, w in enumerate(workers)]
        assert view.gather(futures) == [1, 2]
    assert calls == [1] and probed == [workers]
    assert [r.getMessage() for r in caplog.records if "cannot connect" in r.getMessage()] == [
        f"the driver cannot connect to worker(s) {workers[0]}: their results come through the scheduler"]


def test_the_driver_connects_to_a_cluster_by_address_while_it_reads_and_opens_its_stages(
        tmp_path: Path, dask_cluster, monkeypatch) -> None:
    """An existing cluster costs nothing to start: the connection, the probe of its workers and their
    imports run while the driver reads the catalogue and opens its stages (on main they began only once
    the stages were open, and the driver waited for them). A LocalCluster still starts only for a run
    with records to do (`test_a_reused_workers_run_starts_no_cluster`)."""
    under_way: list[bool] = []
    base_run = Pipeline._run_locked

    def run_locked(self: Any, store: Any) -> Any:
        under_way.append(self._cluster is not None and self._cluster.thread is not None)
        return base_run(self, store)

    monkeypatch.setattr(Pipeline, "_run_locked", run_locked)
    config = load_config(demo_project(tmp_path))
    report = api.run(config, RunOptions(scheduler=dask_cluster.scheduler_address, limit=5))
    assert report.exit_code in (0, 1), report.error
    assert under_way == [True]
    assert report.sections["execution"]["results"] == "from the workers"


def test_an_unchanged_rerun_on_a_cluster_by_address_publishes_the_last_files_and_leaves_the_cluster_as_it_was(
        tmp_path: Path, dask_cluster) -> None:
    """The connection starts before the driver knows the run is an unchanged rerun: such a run closes it
    (its thread joined, no task sent) and publishes the last run's files; the cluster keeps its workers."""
    config = demo_project(tmp_path)
    first = api.run(load_config(config), RunOptions(scheduler=dask_cluster.scheduler_address))
    assert first.exit_code in (0, 1), first.error
    files = published(config.parent / "out")
    second = api.run(load_config(config), RunOptions(scheduler=dask_cluster.scheduler_address))
    assert second.exit_code == first.exit_code and second.sections.get("reused_run") == first.sections["run_id"]
    assert "execution" not in second.sections and published(config.parent / "out") == files
    assert len(dask_cluster.scheduler.workers) == 2


def test_an_unchanged_rerun_does_not_wait_for_a_scheduler_that_does_not_answer(tmp_path: Path, dask_cluster) -> None:
    """The connection starts before the driver knows the run reuses the last one. A scheduler that accepts
    the connection and never answers (a hung or wrong service) kept such a rerun in `close()` until the
    client's 20 s timeout; now the rerun publishes and returns with the connection still pending, and the
    thread closes what it opened once the connection ends."""
    import socket
    import threading

    config = demo_project(tmp_path)
    first = api.run(load_config(config), RunOptions(scheduler=dask_cluster.scheduler_address))
    assert first.exit_code in (0, 1), first.error
    files = published(config.parent / "out")
    with socket.socket() as silent:  # accepts (the kernel's backlog) and never speaks Dask
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        before = {t.ident for t in threading.enumerate() if t.name == "localize-cluster"}
        second = api.run(load_config(config), RunOptions(scheduler=address))
        pending = [t for t in threading.enumerate() if t.name == "localize-cluster" and t.ident not in before]
        assert second.sections.get("reused_run") == first.sections["run_id"]
        assert published(config.parent / "out") == files
        assert [t.is_alive() for t in pending] == [True]  # at 429013b the rerun waited in `close()` for it to end
    for thread in pending:  # the socket closed: the connection fails and the thread ends
        thread.join(timeout=60)


def test_the_cluster_closes_while_the_driver_commits_and_publishes(tmp_path: Path, monkeypatch) -> None:
    """Shutting down the run's LocalCluster (its worker processes ending) took 1.5-4 s of wall time
    after the last file was written: it starts once every record is back and the workers' stages are
    closed, and overlaps the state's commit, the outputs' completion and the publish. When the run
    returns the client and the cluster are closed, and the files are the single process's."""
    seen: list[tuple[bool, bool]] = []
    base_publish = Pipeline._publish

    def publish(self: Any, outputs: Any, source: Any) -> None:
        cluster = getattr(self, "_cluster", None)
        releasing = getattr(cluster, "releasing", None)
        seen.append((releasing is not None, cluster is not None and cluster.client is None and not releasing))
        base_publish(self, outputs, source)

    monkeypatch.setattr(Pipeline, "_publish", publish)
    files = {}
    clusters: list[Any] = []
    base_close = _Cluster.close

    def close(self: _Cluster) -> None:
        clusters.append(self)
        base_close(self)

    monkeypatch.setattr(_Cluster, "close", close)
    for name, options in (("single", RunOptions(limit=8)), ("workers", RunOptions(workers=1, limit=8))):
        config = load_config(demo_project(tmp_path / name))
        report = api.run(config, options)
        assert report.exit_code in (0, 1), report.error
        files[name] = published(config.out_dir)
    assert seen[1] == (True, False)  # the distributed run: closing began before its publish
    assert files["workers"] == files["single"]
    (cluster,) = clusters
    assert cluster.client is None and cluster.cluster is None
    assert cluster.releasing is not None and not cluster.releasing.is_alive()


def test_a_cluster_by_address_gets_each_product_encoded_once_in_one_task(tmp_path: Path, dask_cluster,
                                                                         monkeypatch) -> None:
    """The driver's CPU is the cluster figure's limit on two cores: each partition's products are
    encoded once, in the driver, into the one task that carries them (`worker.Chunk`), whether the
    scheduler lives here (the fixture's) or elsewhere; no product is encoded twice, none is missed."""
    from localize.execution import wire

    encoded: list[list[str]] = []
    real = wire.encode

    def counting(items):  # noqa: ANN001, ANN202
        encoded.append([product.identifier for _seq, product, _planned in items])
        return real(items)

    monkeypatch.setattr(wire, "encode", counting)
    config = load_config(demo_project(tmp_path))
    report = api.run(config, RunOptions(scheduler=dask_cluster.scheduler_address))
    assert report.exit_code in (0, 1), report.error
    execution = manifest(config.out_dir)["sections"]["execution"]
    tasks = sum(w["tasks"] for w in execution["per_worker"].values())
    identifiers = [i for chunk in encoded for i in chunk]
    assert len(encoded) == tasks and tasks >= 2  # one encoding per task, and the products went to both workers
    assert len(identifiers) == len(set(identifiers)) == 60  # the demo's 60 products, each once
