"""One definition of a digit-group mark (`units.numbers.GROUP_MARKS`) for every regex over digits: the QA
messages' number part (`_NUMBER_PART`) lacked U+2009, so `1\u20091000` and `1\u2009500` were both quoted as `1`, and
a target that changed the value (1000 -> 1500) was reported as the source's notation copied (a warning), not as
the value error it is."""

from __future__ import annotations

import re

import pytest

from localize.qa.checks.numbers import _number_part, analyse
from localize.units.amounts import find_amounts
from localize.units.numbers import GROUP_MARKS, NO_BREAK_SPACES, number_pattern


@pytest.mark.parametrize("mark", list(GROUP_MARKS))
def test_every_number_reader_reads_each_group_mark(mark: str) -> None:
    number = f"1{mark}234{mark}567"
    assert _number_part(f"{number} pages") == number
    assert re.fullmatch(number_pattern("en-US" if mark != "." else "de-DE"), number) or mark in "'’"
    if mark in NO_BREAK_SPACES:  # read as a group mark in every locale
        assert [a.value for a in find_amounts(f"Bis {number} Seiten", "de-DE")] == [1234567]


@pytest.mark.parametrize(("source", "src_locale", "target", "tgt_locale"), [
    ("Jusqu'à 1\u2009000 pages", "fr-FR", "Up to 1\u2009500 pages", "en-US"),
    ("Up to 1\u2009000 pages", "en-US", "Bis zu 1\u2009500 Seiten", "de-DE"),
])
def test_a_value_changed_inside_thin_space_groups_is_a_value_error(source: str, src_locale: str, target: str,
                                                                   tgt_locale: str) -> None:
    errors, formats, _ = analyse(source, src_locale, target, tgt_locale)
    assert formats == [] and errors == ["source 1\u2009000 not found in the target", "target 1\u2009500 not in the source"]


def test_a_space_entity_in_html_copy_is_a_group_mark_for_qa() -> None:
    """QA reads HTML through `plain` (entities decoded): `1&thinsp;000 mAh` is 1000 mAh, `1.000 mAh` in de-DE too."""
    from localize.qa.patterns import plain
    for entity in ("&thinsp;", "&#8201;", "&#x2009;", "&nbsp;", "&#160;", "&#8239;"):
        assert analyse(plain(f"<p>Battery 1{entity}000 mAh</p>"), "en-US", "Akku 1.000 mAh", "de-DE") == ([], [], None)
