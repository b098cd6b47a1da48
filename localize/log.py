"""Logging: human lines (rich on a terminal) by default, one JSON object per line for machines.

Secrets never reach a log line: `redact()` is applied to every message by the formatters.
"""

from __future__ import annotations

import logging
import os
import sys
import time

from .jsonlines import json_text
from .terminal import terminal_text

LOGGER = "localize"

_SECRET_ENV = ("DEEPL_AUTH_KEY", "OPENAI_API_KEY")
_SECRETS: set[str] = set()  # keys read from a variable named in the config (translation.llm.api_key_env)


def add_secret(value: str) -> None:
    """Mask `value` wherever `redact` runs (log lines, messages)."""
    if value and len(value) >= 6:
        _SECRETS.add(value)


def redact(text: str) -> str:
    """Replace any secret taken from the environment with a mask."""
    for name in _SECRET_ENV:
        value = os.environ.get(name)
        if value and len(value) >= 6 and value in text:
            text = text.replace(value, "***")
    for value in _SECRETS:
        if value in text:
            text = text.replace(value, "***")
    return text


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.created)),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        extra = getattr(record, "data", None)  # logging sets `data` only on records logged with extra={"data": ...}
        if isinstance(extra, dict):
            data.update(extra)
        return json_text(data, sort_keys=True, default=str)


class _HumanFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        # a message may quote PIM data: its control characters are shown, not sent to the terminal
        return redact(f"{record.levelname.lower()}: {terminal_text(record.getMessage())}")


def setup_logging(*, verbose: bool = False, quiet: bool = False, fmt: str = "human") -> logging.Logger:
    """Configure the `localize` logger once per process (stderr; stdout is for --json output)."""
    logger = logging.getLogger(LOGGER)
    logger.handlers.clear()
    logger.propagate = False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonFormatter() if fmt == "json" else _HumanFormatter())
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING)
    if fmt == "json" and not verbose and not quiet:
        logger.setLevel(logging.INFO)  # a machine reading the log wants the run's events
    return logger


def get_logger(name: str | None = None) -> logging.Logger:
    return logging.getLogger(f"{LOGGER}.{name}" if name else LOGGER)
