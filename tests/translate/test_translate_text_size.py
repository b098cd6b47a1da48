"""A text's size in a request body is the length of its JSON string (`requests` encodes with
`ensure_ascii`): computed with the encoder's string function directly, it must equal `json.dumps`."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.translate.batching import text_size


@settings(max_examples=1000, deadline=None)
@given(text=st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_text_size_is_the_json_string_length(text: str) -> None:
    assert text_size(text) == len(json.dumps(text)) + 2
