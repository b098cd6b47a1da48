"""Searching a long alternation of patterns only where it can match.

A pack's pattern condition is one regular expression of many branches
(`\\bFSK 18\\b|keine Jugendfreigabe|\\badults only\\b|...`). Python's `re` cannot skip ahead
for such an alternation (a branch starting with `\\b` or a lookbehind defeats its prefix
scan), so one search of a 700-character description costs ~400 µs, and a `requires` literal
as common as `18` lets it run on many texts. `BranchSearch` splits the alternation into its
top-level branches and notes, per branch, the literal runs every match of it contains
(`adult`, ` only`); on a text it searches only the branches whose runs all occur, and takes
the leftmost match (the first branch at that position), which is what the whole regex
finds. The text is lower-cased for the comparison with `re`'s own extra case pairs folded
(`ſ` is `s`, `ı` and `İ` are `i`), and runs keep only characters without such pairs, so a
run's absence proves the branch cannot match.
"""

from __future__ import annotations

import re
from re import _casefix  # type: ignore[attr-defined]
from re import _constants as sre_c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import ahocorasick

_BACKREF = re.compile(r"\\[1-9]|\(\?P=")


def split_top(pattern: str) -> list[str]:
    """The top-level branches of a regex (`a|(b|c)|d` -> `a`, `(b|c)`, `d`)."""
    out: list[str] = []
    depth, start, i, n = 0, 0, 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a class: `]` right after `[` or `[^` is a member
            i += 2 if pattern[i + 1:i + 2] == "^" else 1
            if pattern[i:i + 1] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


_EXTRA = getattr(_casefix, "_EXTRA_CASES", {})


def _safe(ch: str, ignore_case: bool) -> bool:
    """Can `ch` stand in a run? With IGNORECASE, only when every character `re` lets match it
    lower-cases (through `fold_for_runs`) to `ch.lower()`."""
    if not ignore_case or ch.isascii():
        return True
    low = ch.lower()
    return len(low) == 1 and ord(ch) not in _EXTRA and ord(low) not in _EXTRA


def fold_for_runs(text: str) -> str:
    """The text as runs are compared with it under IGNORECASE: lower-cased, with the characters
    `re` also matches to ASCII `i`/`s` (`İ`, `ı`, `ſ`) made those letters."""
    low = text.lower()
    if not low.isascii():
        low = low.replace("i\u0307", "i").replace("\u0131", "i").replace("\u017f", "s")
    return low


def literal_runs(branch: str, flags: int) -> tuple[tuple[str, ...], ...]:
    """What every match of `branch` contains: each item a tuple of texts one of which occurs
    (top-level literal runs are 1-tuples; a group of plain-literal alternatives such as
    `(?:and|or)` gives its alternatives); lower-cased when `flags` ignore case."""
    ignore_case = bool(flags & re.IGNORECASE)
    needs: list[tuple[str, ...]] = []
    current: list[str] = []
    for op, arg in sre_parse.parse(branch, flags).data:
        ch = chr(arg) if op is sre_c.LITERAL else None
        if ch is not None and _safe(ch, ignore_case):
            current.append(ch.lower() if ignore_case else ch)
            continue
        if current:
            needs.append(("".join(current),))
            current = []
        alternatives = None
        if op is sre_c.BRANCH:  # `(?:and|or)` (a group without flags is parsed inline)
            alternatives = _plain_alternatives(arg[1], ignore_case)
        elif op is sre_c.SUBPATTERN and not arg[1] and not arg[2] and len(arg[3].data) == 1 \
                and arg[3].data[0][0] is sre_c.BRANCH:
            alternatives = _plain_alternatives(arg[3].data[0][1][1], ignore_case)
        if alternatives:
            needs.append(alternatives)
    if current:
        needs.append(("".join(current),))
    return tuple(needs)


def _plain_alternatives(alternatives: Any, ignore_case: bool) -> tuple[str, ...] | None:
    """`(?:and|or)` -> ("and", "or"): alternatives that are all plain literal texts (else None)."""
    out = []
    for alt in alternatives:
        chars = []
        for op, arg in alt.data:
            if op is not sre_c.LITERAL or not _safe(chr(arg), ignore_case):
                return None
            chars.append(chr(arg).lower() if ignore_case else chr(arg))
        if not chars:
            return None
        out.append("".join(chars))
    return tuple(out) if out else None


def _rarity(need: frozenset[str]) -> float:
    """How rarely a need (any of its texts) occurs in copy, roughly: by its commonest text, a
    letter or digit counts 1 (2 outside ASCII), punctuation 4 (`%`, `+`), a space nothing."""
    def score(text: str) -> float:
        return sum(0 if ch.isspace() else (1 if ch.isascii() else 2) if ch.isalnum() else 4 for ch in text)
    return min(score(t) for t in need)


# Lower-case letters with an upper-case form besides `str.upper`'s (the Kelvin, Angstrom and Ohm
# signs, the Greek capital theta symbol, the capital sharp s); tests/review/test_review_regexgate.py
# checks this list against every code point of this Python's Unicode tables.
OTHER_UPPER = {"k": "\u212a", "å": "\u212b", "θ": "\u03f4", "ω": "\u2126", "ß": "\u1e9e"}


def preimages(ch: str) -> set[str]:
    """The characters `str.lower` turns into `ch` (and `ch` itself)."""
    out = {ch}
    for c in (ch.upper(), ch.title(), OTHER_UPPER.get(ch, "")):
        if len(c) == 1 and c.lower() == ch:
            out.add(c)
    return out


def _folds_as_matched(run: str, fold: Any) -> bool:
    """Does every text character `re` (ignoring case) matches to a character of `run` fold as
    that character does? Then a text holding a match holds the folded run in its folded form.
    Not `i` (`re` also matches the dotless `ı` and `İ` to it; kept out although both fold to `i` now), no space but ` `."""
    for ch in run:
        if ch in "iI" or (ch.isspace() and ch != " "):
            return False
        want = fold(ch)
        if any(fold(c) != want for c in preimages(ch)):
            return False
    return bool(fold(run))


class BranchSearch:
    """`regex.search(text)`'s match text for an alternation of `patterns`, searching only branches that can match."""

    def __init__(self, patterns: list[str], flags: int) -> None:
        self.regex = re.compile("|".join(f"(?:{p})" for p in patterns), flags)
        self.ignore_case = bool(flags & re.IGNORECASE)
        branches: list[tuple[re.Pattern[str], tuple[tuple[str, ...], ...]]] = []
        try:
            for p in patterns:
                if _BACKREF.search(p) or "(?x" in p or "(?#" in p or flags & re.VERBOSE:
                    raise ValueError("a backreference's group number depends on the whole regex")
                for part in split_top(p):
                    branches.append((re.compile(part, flags), literal_runs(part, flags)))
        except (ValueError, re.error, TypeError, OverflowError):
            branches = []
        # splitting pays off only when some branch can be ruled out by what it needs
        self.branches = branches if any(needs for _, needs in branches) else []
        self._needs = [tuple(frozenset(need) for need in needs) for _, needs in self.branches]
        # Per branch, its rarest need goes into the automaton (`a`, ` ` or `or` would be reported at
        # almost every position of a text, each report a Python object); the branch's other needs
        # are checked by substring search only when that one is present.
        self._primary: list[frozenset[str] | None] = []
        self._rest: list[tuple[frozenset[str], ...]] = []
        for needs in self._needs:
            best = max(needs, key=_rarity, default=None)
            self._primary.append(best)
            self._rest.append(tuple(n for n in needs if n is not best))
        texts = sorted({t for need in self._primary if need for t in need})
        self._free = tuple(i for i, need in enumerate(self._primary) if need is None)  # need nothing
        self._by_text: dict[str, frozenset[int]] = {
            t: frozenset(i for i, need in enumerate(self._primary) if need and t in need) for t in texts}
        self._automaton: Any = None
        if texts:  # one pass over the text finds which of the primary needs occur
            self._automaton = ahocorasick.Automaton()
            for t in texts:
                self._automaton.add_word(t, t)
            self._automaton.make_automaton()

    def required_literals(self, fold: Any) -> tuple[str, ...] | None:
        """Texts one of which every match contains, such that `fold(text)` contains `fold` of one
        of them whenever the regex matches `text` (for a pattern condition's `requires`), or None
        when the branches do not tell. Each branch gives its rarest need whose characters all fold
        the way `re` matches them; a branch without one, or whose best is as common as a letter
        or two, makes the answer None (it would rule nothing out)."""
        if not self.branches:
            return None
        out: set[str] = set()
        for needs in self._needs:
            usable = [need for need in needs if all(_folds_as_matched(t, fold) for t in need)]
            best = max(usable, key=_rarity, default=None)
            if best is None or _rarity(best) < 3:
                return None
            out.update(best)
        return tuple(sorted(out))

    def first(self, text: str) -> str | None:
        """The text of the leftmost match (as `regex.search` finds it), or None."""
        if not self.branches:
            m = self.regex.search(text)
            return m.group(0) if m else None
        low = fold_for_runs(text) if self.ignore_case else text
        present = {t for _, t in self._automaton.iter(low)}
        touched = sorted(set(self._free).union(*[self._by_text[t] for t in present])) if present else self._free
        rest = self._rest
        candidates = [self.branches[i][0] for i in touched
                      if all(any(t in low for t in need) for need in rest[i])]
        if len(candidates) == len(self.branches):  # nothing ruled out: one search of the whole
            m = self.regex.search(text)
            return m.group(0) if m else None
        best: re.Match[str] | None = None
        for regex in candidates:  # the leftmost match; at equal starts the earlier branch (as `|` does)
            m = regex.search(text)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best.group(0) if best is not None else None
