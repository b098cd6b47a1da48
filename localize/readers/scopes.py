"""Which PIM channel (Akeneo scope) a run reads when the config does not name one.

A scopable value (`description-de_DE-ecommerce`) is read only for one channel. Without
`source.channel` (or `--channel`) and without a channel on every market, such values used to be
dropped silently. Now: when the sources' scopable columns name exactly one channel, the run
uses it and says so (a warning and `source.channel_detected` in the run report); with several,
it stops with a usage error listing them, because picking one would be a guess.
"""

from __future__ import annotations

import copy

from ..attributes import AttributeCatalog
from ..config import Config, _resolve
from ..errors import UsageError
from . import open_reader


def needs_channel(config: Config) -> bool:
    """True when some market has no channel from the config (market's own, or source.channel)."""
    return any(m.channel is None for m in config.markets)


def source_channels(config: Config) -> set[str]:
    """The channels the sources' scopable values are scoped to (flat headers, JSON scopes, column maps)."""
    src = config.source
    catalog = AttributeCatalog.load(src.attributes, src.encoding, src.delimiter or ";")
    found: set[str] = set()
    for path in src.paths:
        if not path.is_file():
            continue  # the run reports a missing input with its own message
        found |= open_reader(path, src, catalog).channels()
    return found


def resolve_channel(config: Config) -> tuple[Config, str | None]:
    """The config with the detected channel filled in, and that channel (None: nothing detected).

    Raises UsageError when the sources are scoped to several channels and none is configured.
    """
    if not needs_channel(config):
        return config, None
    channels = source_channels(config)
    if not channels:
        return config, None
    if len(channels) > 1:
        names = "|".join(sorted(channels))
        raise UsageError(
            f"the sources hold scopable values for {len(channels)} channels ({', '.join(sorted(channels))}) "
            "and no channel is configured, so the run cannot tell which copy to publish",
            hint=f"pass --channel {names} (or set source.channel, or a channel per market, in localize.yaml)",
        )
    channel = next(iter(channels))
    raw = copy.deepcopy(config.raw)
    raw.setdefault("source", {})["channel"] = channel
    resolved = _resolve(raw, config.base_dir, config.path)
    return resolved, channel
