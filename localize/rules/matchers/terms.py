"""`terms`: words and phrases per language, found on word boundaries in any text field.

Case- and diacritic-insensitive (through `text.fold`), with simple inflections (plural
endings of the term's language) and compounds (German `Neonazis` for `nazi`), and an
allow-list of known false positives (the Scunthorpe problem) that cancels any hit lying
inside an allowed word. The words go into the market's shared automaton.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..packs import Rule
from .base import Matcher, TermSpec, term_specs
from .claim import ClaimMatcher


class TermsMatcher(Matcher):
    kind = "terms"
    code = "sensitive-term"

    def words(self, rule: Rule) -> Iterable[TermSpec]:
        yield from term_specs(rule, "terms", "hit")
        yield from term_specs(rule, "allow", "allow")

    on_hit = ClaimMatcher.on_hit  # `unless_attributes` (an age check on file) lowers the severity
