"""`language`: words that are offensive or embarrassing in the market's language, looked
for in product and brand names that stay untranslated (a name fine in German can be a
vulgarity in Spanish or Swedish).

Only fields the market shows in the source language are scanned, with the market
language's words, from a separate automaton (`mode = "names"`), so translated copy is not
searched twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..packs import Rule
from .base import Matcher, TermSpec, term_specs


class LanguageMatcher(Matcher):
    kind = "language"
    code = "offensive-name"
    mode = "names"

    def words(self, rule: Rule) -> Iterable[TermSpec]:
        yield from term_specs(rule, "terms", "hit")
        yield from term_specs(rule, "allow", "allow")
