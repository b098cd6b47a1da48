"""Quality checks for localized feeds: what `localize validate` and the run's last check stage use.

The library is the product; the command is a thin layer over `validate_files`:

- `checks/`   the registry: every check has a stable kebab-case code, a default severity,
              a message that says what to fix, and `passes`/`fails` examples the tests run.
- `feeds.py`  streaming readers for our JSONL, Google Merchant TSV and RSS 2.0 XML, with line numbers.
- `xliff.py`  XLIFF 1.2 and 2.x deliveries (inline codes kept as codes).
- `profiles.py` which checks apply to which kind of file.
- `engine.py` runs the checks over files and collects `QAFinding`s.
- `output/`   text (rich), json, junit, github, sarif.
"""

from __future__ import annotations

from .check_types import QAFinding
from .engine import ValidationResult, validate_files

__all__ = ["QAFinding", "ValidationResult", "validate_files"]
