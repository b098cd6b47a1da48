"""`--format json`: the whole result as one JSON object (see `ValidationResult.to_dict`)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import ValidationResult


def render(result: ValidationResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=True, indent=2) + "\n"
