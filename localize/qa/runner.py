"""`validate(...)`: everything `localize validate` does before and around the engine.

Resolves the market (from the config's markets, or CLDR defaults for a bare locale), the QA
settings (config `validate` section plus the market's), the source catalogue, and the Akeneo
attribute definitions, then runs the engine. Usage and config problems raise `UsageError` /
`ConfigError` (exit 2) before any file is read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..attributes import AttributeCatalog
from ..config import build_market, is_known_locale, load_config
from ..errors import ConfigError, UsageError
from ..locale import to_bcp47
from ..model import Market
from .engine import ValidationResult, Validator
from .settings import QASettings, build_settings, settings_from_config
from .sources import load_sources, load_with_config


def load_validate_config(path: Path | None) -> tuple[Any, bool]:
    """(the project config or None, whether it names a source). A config for `validate` alone may omit `source`."""
    if path is None:
        return None, False
    try:
        return load_config(path), True
    except ConfigError as exc:
        if any(p.endswith("(top level): missing required key 'source'") for p in exc.problems):
            return load_config(path, overrides={"source": {"format": "akeneo-csv", "locale": "en_US"}}), False
        raise


def resolve_market(code: str | None, config: Any) -> Market:
    """The market to validate against: a market of the config (by name or locale), or a bare locale."""
    markets = list(config.markets) if config is not None else []
    if code is None:
        if len(markets) == 1:
            return markets[0]
        names = ", ".join(m.code for m in markets)
        raise UsageError(
            "--market is required" + (f" (the config has {names})" if names else ""),
            hint="pass the market the feed is for, e.g. --market de-DE (no file names its market: a JSONL record's "
                 "`market`, or the run's manifest.json next to a file it lists)",
        )
    for market in markets:
        if code in (market.code, market.locale, market.pim_locale):
            return market
    if markets:
        names = ", ".join(m.code for m in markets)
        raise UsageError(f"--market {code}: not a market of the config ({names})", hint="use one of those names")
    if not is_known_locale(code) or ("-" not in code and "_" not in code):
        raise UsageError(f"--market {code}: not a locale with a region", hint="use a BCP 47 locale such as de-DE or en-US")
    try:
        return build_market({"locale": code.replace("_", "-")}, None)
    except ConfigError as exc:
        raise UsageError(f"--market {code}: {exc.message}", hint=exc.hint) from None


def settings_for(market: Market, config: Any) -> QASettings:
    if config is None:
        return build_settings({}, market.settings.get("validate"))
    return settings_from_config(config, market)


def validate(
    paths: Sequence[Path],
    *,
    market: str | None,
    profile: str | None = None,
    config: Path | None = None,
    source: Path | Sequence[Path] | None = None,
    source_locale: str | None = None,
    max_findings: int | None = None,
    base: Path | None = None,
) -> ValidationResult:
    """Validate feed files: the library form of `localize validate`."""
    cfg, has_source = load_validate_config(config)
    market_from = "option" if market else "config"
    if market is None and (cfg is None or len(cfg.markets) != 1):
        claimed = claimed_market(paths)
        if claimed is not None:
            market, market_from = claimed
    resolved = resolve_market(market, cfg)
    settings = settings_for(resolved, cfg)
    if max_findings is not None and max_findings < 0:
        raise UsageError("--max-findings must be 0 or more")
    src_locale = source_locale or (cfg.source.locale if has_source else None)
    texts = None
    sources = [source] if isinstance(source, Path) else list(source or ())
    if sources and has_source and all(p.suffix.lower() not in (".jsonl", ".ndjson") for p in sources):
        texts = load_with_config(sources, cfg)
    elif sources:
        texts = load_sources(
            sources, src_locale,
            channel=(cfg.source.channel if has_source else None) or resolved.channel or feed_channel(paths),
            identifier=cfg.source.identifier if has_source else None,
            delimiter=cfg.source.delimiter if has_source else None,
        )
    attributes = None
    if has_source and cfg.source.attributes is not None and cfg.source.attributes.is_file():
        attributes = AttributeCatalog.from_source(cfg.source).attributes
    validator = Validator(
        resolved, settings,
        profile=profile,
        source_texts=texts,
        source_locale=to_bcp47(src_locale) if src_locale else None,
        max_findings=max_findings,
        akeneo_attributes=attributes,
        identifier_column=(cfg.source.identifier if has_source and cfg.source.identifier else "sku"),
        base=base,
    )
    result = validator.validate(list(paths))
    result.market_from = market_from
    return result


_MANIFEST = "manifest.json"


def claimed_market(paths: Sequence[Path]) -> tuple[str, str] | None:
    """(market, where it was read) that the feeds claim, for a `validate` without `--market`: a JSONL
    record's `market` (our feed names the market it was built for), else the run's manifest.json next to a
    file that lists the file among its outputs and one of its markets in the file's name (`de-DE.csv`,
    `google-de-DE.tsv`, `de-DE.shopify-translations.csv`). None when no file says; a usage error (exit 2)
    when the files claim different markets: each feed is validated against one market."""
    claims: dict[str, list[str]] = {}
    how: set[str] = set()
    for path in paths:
        claim, by = _jsonl_market(path), "feed"
        if claim is None:
            claim, by = _manifest_market(path), "manifest"
        if claim is not None:
            claims.setdefault(claim, []).append(path.name)
            how.add(by)
    where = "feed" if "feed" in how else "manifest"  # a feed's own word first
    if not claims:
        return None
    if len(claims) > 1:
        named = "; ".join(f"{code}: {', '.join(names)}" for code, names in sorted(claims.items()))
        raise UsageError(f"the files are for different markets ({named})",
                         hint="validate each market's files on their own, or pass --market")
    return next(iter(claims)), where


def _jsonl_market(path: Path) -> str | None:
    if path.suffix.lower() not in (".jsonl", ".ndjson") or not path.is_file():
        return None
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for line in fh:
                if line.strip():
                    data = json.loads(line)
                    market = data.get("market") if isinstance(data, dict) else None
                    return market if isinstance(market, str) and market else None
    except (OSError, ValueError):
        return None  # the engine reports the file itself (malformed-line, unreadable)
    return None


def _manifest_market(path: Path) -> str | None:
    manifest = path.parent / _MANIFEST
    if path.name == _MANIFEST or not manifest.is_file():
        return None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        listed = {Path(str(item["path"])).name for item in data.get("outputs", []) if isinstance(item, dict)}
        markets = [str(code) for code in data.get("markets", {})]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    if path.name not in listed:
        return None
    named = [code for code in markets if re.search(rf"(?:^|[-._]){re.escape(code)}(?:[-._]|$)", path.name)]
    return named[0] if len(named) == 1 else None


def feed_channel(paths: Sequence[Path]) -> str | None:
    """The channel our JSONL feed says it was built for (its first record's `channel`), so the
    source copy of that channel is compared, not another channel's."""
    for path in paths:
        if path.suffix.lower() not in (".jsonl", ".ndjson") or not path.is_file():
            continue
        with path.open(encoding="utf-8-sig") as fh:
            for line in fh:
                if line.strip():
                    try:
                        data = json.loads(line)
                    except ValueError:
                        return None
                    channel = data.get("channel") if isinstance(data, dict) else None
                    return channel if isinstance(channel, str) and channel else None
    return None
