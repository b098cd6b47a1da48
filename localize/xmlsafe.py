"""Text that an XML-based file (XLSX, Google XML) can hold.

XML 1.0 has no way to write most C0 control characters (NUL, ESC, vertical tab ...), not even
as character references, so openpyxl raises `IllegalCharacterError` on them and a run would
stop half-published. PIM text picks them up from copy and paste; each is replaced by U+FFFD
(the replacement character), so the cell is written and a reader can still see where
something was that could not be shown.
"""

from __future__ import annotations

import re
from typing import Any

#: what XML 1.0 cannot hold (the one definition: XLSX cells, the Google XML feed, TMX export, JUnit reports)
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(value: Any, replacement: str = "\ufffd") -> Any:
    """`value` with the characters XML 1.0 cannot hold replaced by U+FFFD (or `replacement`: a feed that
    shoppers read drops them); non-text passes through."""
    if isinstance(value, str) and XML_ILLEGAL.search(value):
        return XML_ILLEGAL.sub(replacement, value)
    return value
