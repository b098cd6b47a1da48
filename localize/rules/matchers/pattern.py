"""`pattern`: regular expressions, for what a word list cannot say (phone numbers in copy,
"100% natural", "#1 in ...", shouting in capitals).

Patterns run on the original text (spans need no mapping), case-insensitive unless the rule
says otherwise, and are compiled once per run. Rule authors write Python `re` syntax; a
pattern that does not compile is reported with its file and line by `localize rules check`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...memo import TextMemo
from ...model import Finding
from ..folding import fold, folded
from ..packs import Rule
from .base import FieldView, Matcher, RecordView, make_finding

MAX_HITS_PER_FIELD = 20
CACHE_SIZE = 20_000
CACHE_CHARS = 2_000_000  # per rule: long copy must not make 20,000 entries a memory leak


@dataclass
class PatternState:
    regexes: tuple[re.Pattern[str], ...]
    languages: frozenset[str]
    requires: tuple[str, ...] = ()
    cache: TextMemo[list[tuple[int, int, str]]] = field(default_factory=lambda: TextMemo(CACHE_SIZE, CACHE_CHARS))
    _requires_re: re.Pattern[str] | None = None  # the literals as one alternation: one C-level search per text

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Matches in `text`, memoised (the same source copy is checked in every market)."""
        hit = self.cache.get(text)
        if hit is None:
            hit = []
            if self.requires:
                if self._requires_re is None:
                    self._requires_re = re.compile("|".join(re.escape(w) for w in self.requires))
                if self._requires_re.search(folded(text).folded) is None:
                    return self.cache.put(text, hit)
            for regex in self.regexes:
                for m in regex.finditer(text):
                    if m.end() > m.start():
                        hit.append((m.start(), m.end(), m.group(0)))
                        if len(hit) >= MAX_HITS_PER_FIELD:
                            break
            self.cache.put(text, hit)
        return hit


class PatternMatcher(Matcher):
    kind = "pattern"
    code = "pattern-match"

    def prepare(self, rule: Rule) -> PatternState:
        flags = re.IGNORECASE if rule.spec.get("ignore_case", True) else 0
        sources = ([rule.spec["pattern"]] if "pattern" in rule.spec else []) + list(rule.spec.get("patterns", ()))
        # One pass per text: a rule's patterns are joined into one alternation.
        combined = re.compile("|".join(f"(?:{p})" for p in sources), flags)
        requires = tuple(fold(w) for w in rule.spec.get("requires", ()))
        return PatternState((combined,), frozenset(rule.spec.get("languages", ())), requires)

    def scan_text(self, rule: Rule, state: PatternState, text: str, lang: str, fv: FieldView,
                  view: RecordView, locale: str) -> Sequence[Finding]:
        if state.languages and lang not in state.languages:
            return ()
        spans = state.spans(text)
        if not spans:
            return ()
        return [make_finding(rule, self.code, view, field_code=fv.code, locale=locale, matched=matched, span=(start, end))
                for start, end, matched in spans]
