"""Shared fixtures. Real data lives in ../shared (next to the repository); tests that need it skip cleanly."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# the disk cache of validated rule packs (localize.rules.packcache): one per test session, never ~/.cache
os.environ.setdefault("LOCALIZE_CACHE_DIR", tempfile.mkdtemp(prefix="localize-test-cache-"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The `../shared/data` folder, or skip: the real-data tests need the shared checkout."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip(f"real data not available: {data} is missing (clone the shared folder next to the repo)")
    return data


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture
def deepl_server():
    """A DeepL-compatible server on 127.0.0.1 (see tests/deepl_server.py); the real `deepl`
    client talks to it through `server_url`. Faults: `fail`, `hang`, `quota_after`, `mangle`."""
    from deepl_server import DeepLServer

    server = DeepLServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def vertical_run(tmp_path, deepl_server):
    """`run(name, *markets)`: one of our own catalogues in tests/verticals (food, cosmetics, diy, diy_us, fashion,
    furniture_toys) copied to tmp_path and run through the CLI with the real `deepl` client against the test
    server, as a user would; returns the project folder (outputs in `out/`). Exit 1 (records set aside) is allowed."""
    import os
    import shutil
    import subprocess
    import sys

    def run(name: str, *markets: str) -> Path:
        project = tmp_path / name
        shutil.copytree(REPO / "tests" / "verticals" / name, project)
        config = project / "localize.yaml"
        config.write_text(config.read_text(encoding="utf-8") + f"translation: {{engine: deepl, server_url: "
                          f"{deepl_server.url}, timeout: 5, client_retries: 0, batch_retries: 0}}\n", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k not in ("DEEPL_AUTH_KEY", "DEEPL_SERVER_URL")}
        env["DEEPL_AUTH_KEY"] = deepl_server.auth_key
        command = [sys.executable, "-m", "localize", "run", str(config), "--json"]
        for market in markets:
            command += ["--market", market]
        proc = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode in (0, 1), proc.stderr[-3000:]
        return project

    return run


@pytest.fixture
def openai_server():
    """An OpenAI-compatible chat-completions server on 127.0.0.1 (see tests/openai_server.py); the
    real `openai` client talks to it through `base_url`. Faults: `fail`, `quota`, `drop_span`,
    `malformed`, `wrong_count`, `truncate`."""
    from openai_server import OpenAIServer

    server = OpenAIServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server of our own for the shared-store tests (tests/pg_server.py): a fresh cluster in a
    temporary folder, bound to 127.0.0.1 on a free port, a password-protected user; stopped at the end.
    Skips with the reason when the server binaries (Debian's `postgresql` package) are not installed."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[scale]')")
    from pg_server import PostgresServer, binaries

    if binaries() is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql")
    server = PostgresServer().start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_backend(request, tmp_path):
    """`(url, schema)` for a store: None (a SQLite file under tmp_path) or our PostgreSQL server, each
    test in a schema of its own. Tests taking it run against both backends."""
    if request.param == "sqlite":
        return None, "localize"
    import uuid

    url = request.getfixturevalue("postgres_url")
    return url, f"t{uuid.uuid4().hex[:12]}"
