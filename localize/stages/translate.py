"""Translate stage: memory, glossary and engine for translatable copy (translation issue)."""

from __future__ import annotations

from .base import PassThrough


class TranslateStage(PassThrough):
    name = "translate"
