"""Map stage: source categories and attributes onto the shared taxonomy (taxonomy issue)."""

from __future__ import annotations

from .base import PassThrough


class MapStage(PassThrough):
    name = "map"
