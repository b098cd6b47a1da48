"""`--config` means the same in every command (issue 14): every command that reads a config accepts
`--config/-c`; the job commands (`run`, `status`, `estimate`, `review export`, `rules list`, `taxonomy
coverage`) also take the file as their argument, as scripts have always called them. Both forms are
declared once, in `localize/commands/common.py`."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from localize.cli import app

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    if isinstance(command, TyperGroup):
        for name, sub in sorted(command.commands.items()):
            yield from _commands(sub, (*path, name))
    else:
        yield " ".join(path), command


def test_every_command_that_reads_a_config_takes_the_config_option() -> None:
    root = typer.main.get_command(app)
    with_config = {}
    for name, command in _commands(root):
        params = [p for p in command.params if p.name and p.name.startswith("config")]
        if not params:
            continue
        options = {o for p in command.params for o in p.opts}
        assert {"--config", "-c"} <= options, f"localize {name}: reads a config but has no --config/-c"
        arguments = [p for p in params if p.param_type_name == "argument"]
        assert len(arguments) <= 1, name
        with_config[name] = bool(arguments)
    # the job commands take the file either way; the others (their argument is a feed, a file) as an option
    assert {n for n, positional in with_config.items() if positional} == {
        "run", "status", "estimate", "review export", "rules list", "taxonomy coverage"}
    assert {"validate", "review apply", "translate prompt"} <= {n for n, p in with_config.items() if not p}


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns("out", ".localize"))
    monkeypatch.chdir(folder)
    return folder


def test_argument_and_option_are_the_same_file(demo: Path) -> None:
    runner = CliRunner()
    by_argument = runner.invoke(app, ["status", "localize.yaml", "--json"])
    by_option = runner.invoke(app, ["status", "--config", "localize.yaml", "--json"])
    by_short = runner.invoke(app, ["status", "-c", "localize.yaml", "--json"])
    assert by_argument.exit_code == by_option.exit_code == by_short.exit_code == 0, by_option.output
    assert json.loads(by_argument.stdout) == json.loads(by_option.stdout) == json.loads(by_short.stdout)
    assert json.loads(by_option.stdout)["markets"]["de-DE"]["new"] > 0
    # the same file both ways is fine
    assert runner.invoke(app, ["status", "localize.yaml", "-c", "localize.yaml", "--json"]).exit_code == 0


def test_two_different_config_files_are_a_usage_error(demo: Path) -> None:
    shutil.copy(demo / "localize.yaml", demo / "other.yaml")
    result = CliRunner().invoke(app, ["status", "localize.yaml", "--config", "other.yaml"])
    assert result.exit_code == 2
    assert "two config files: localize.yaml and --config other.yaml" in result.output


def test_a_required_config_missing_names_the_command(demo: Path) -> None:
    result = CliRunner().invoke(app, ["estimate"])
    assert result.exit_code == 2
    assert "localize estimate: no config file" in result.output
    assert "localize estimate --config localize.yaml" in result.output


def test_an_unexpected_error_exits_5_never_1_and_masks_secrets(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug inside a run must not end with 1 (a finished run with findings): CI would read a crash
    as a run. Exit 5, one line naming the error, the `--json` report with its `error`, no secret."""
    import localize.api as api

    secret = "s3cr3t-deepl-key:fx"
    monkeypatch.setenv("DEEPL_AUTH_KEY", secret)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError(f"integer modulo by zero (key {secret})")

    monkeypatch.setattr(api, "run", broken)
    runner = CliRunner()
    result = runner.invoke(app, ["run", "localize.yaml", "--json"])
    assert result.exit_code == 5, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["exit_code"] == 5
    assert "ZeroDivisionError" in report["error"]["message"] and "bug" in report["error"]["hint"]
    assert secret not in result.output
    verbose = runner.invoke(app, ["--verbose", "run", "localize.yaml"])
    assert verbose.exit_code == 5
    assert "Traceback" in verbose.output and secret not in verbose.output
    # typer's own exits keep their codes: a usage error is still 2
    assert runner.invoke(app, ["run", "localize.yaml", "--workers", "0"]).exit_code == 2
