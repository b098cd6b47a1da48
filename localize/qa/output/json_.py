"""`--format json`: the whole result as one JSON object (see `ValidationResult.to_dict`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...jsonlines import json_text

if TYPE_CHECKING:
    from ..engine import ValidationResult


def render(result: ValidationResult) -> str:
    return json_text(result.to_dict(), sort_keys=True, indent=2) + "\n"
