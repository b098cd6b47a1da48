"""One matcher per rule kind; `MATCHERS[kind]` is the instance the scanner uses."""

from __future__ import annotations

from .base import Matcher
from .category import CategoryMatcher
from .claim import ClaimMatcher
from .color import ColorMatcher
from .geo import GeoMatcher
from .language import LanguageMatcher
from .number import NumberMatcher
from .pattern import PatternMatcher
from .terms import TermsMatcher

MATCHERS: dict[str, Matcher] = {
    m.kind: m
    for m in (TermsMatcher(), PatternMatcher(), NumberMatcher(), ColorMatcher(), GeoMatcher(),
              CategoryMatcher(), ClaimMatcher(), LanguageMatcher())
}

__all__ = ["MATCHERS", "Matcher"]
