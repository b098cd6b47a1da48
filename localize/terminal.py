"""Text for a terminal: PIM data shown, never acted on.

Warnings, errors, log lines and validate's findings quote identifiers, codes, copy and file names,
which anyone can type into. Control characters (ESC starts colour and cursor sequences, CR and BS
overwrite what was printed, U+009B is a one-character ESC [) are written as escapes (`\\x1b`), and
rich's markup is escaped where text goes inside a markup string (`[/bold]` in a parent code made
rich raise MarkupError after a run; `[link=…]` made a hyperlink).
"""

from __future__ import annotations

import re

from rich.markup import escape

#: Characters a terminal acts on rather than shows: C0 controls but tab and line feed (ESC starts
#: colour and cursor sequences, CR and BS overwrite what was printed), DEL, C1 controls (U+009B is a
#: one-character ESC [), the line and paragraph separators, and the bidi overrides, embeddings and
#: isolates (a terminal that applies them shows a code or a finding reordered: Trojan source).
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """`text` as a terminal may show it: control characters written as `\\x1b`/`\\u2028`, never sent.

    Warnings, errors and findings quote PIM data (identifiers, copy, file names), which anyone
    can type into: an escape sequence in a product name must not recolour, move the cursor of or
    rewrite the terminal of the person running `localize`, nor of a CI log viewer."""
    if not _TERMINAL_CONTROL.search(text):
        return text
    return _TERMINAL_CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)


def terminal_markup(text: str) -> str:
    """`terminal_text` with rich's markup escaped too, for text placed inside a rich markup string:
    `[bold]` or `[/x]` in PIM data is shown as written (an unmatched closing tag would otherwise
    stop the program with rich's MarkupError after the run, and `[link=…]` make a hyperlink)."""
    return escape(terminal_text(text))
