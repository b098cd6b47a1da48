"""A word written in many rules is shaped once (`specs._spec_shape`); each rule still gets its own id."""

from dataclasses import astuple

from localize.rules.specs import make_spec


def test_one_word_in_two_rules_keeps_each_rule_id_and_the_same_shape() -> None:
    first = make_spec("de-weapons", "de", "Schlagring")
    second = make_spec("at-weapons", "de", "Schlagring")
    assert first is not None and second is not None
    assert (first.rule, second.rule) == ("de-weapons", "at-weapons")
    assert astuple(first)[1:] == astuple(second)[1:]
    assert (first.key, first.mode, first.verify) == ("schlagring", "any", True)  # a German compound part


def test_options_are_part_of_the_shape() -> None:
    inflected = make_spec("r", "en", "knife")
    exact = make_spec("r", "en", "knife", inflect=False)
    allowed = make_spec("r", "en", "knife", "allow")
    assert inflected is not None and exact is not None and allowed is not None
    assert (inflected.suffixes, exact.suffixes) == (("s",), ())  # plural endings only when inflected
    assert allowed.role == "allow" and inflected.role == "hit"
    assert make_spec("r", "en", "   ") is None
