"""Convert stage: metric values, quantities in text and prices for each market (units issue)."""

from __future__ import annotations

from .base import PassThrough


class ConvertStage(PassThrough):
    name = "convert"
