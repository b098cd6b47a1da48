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
