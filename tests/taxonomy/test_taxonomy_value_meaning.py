"""`dropped_words`: which words of a PIM option a shared value's label would leave out (the option narrows
the value: "Organic cotton" under `cotton`), and none for a label that means the same or a synonym."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from localize.taxonomy.attributes import spelling_key
from localize.taxonomy.taxonomy_model import EnumValue
from localize.taxonomy.value_meaning import dropped_words

COTTON = EnumValue("cotton", {"en": "Cotton", "de": "Baumwolle", "fr": "Coton", "ja": "綿"}, ("organic_cotton",))
words = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüé", min_size=2, max_size=8), min_size=1, max_size=3)


def test_the_kinds_of_qualifier() -> None:
    assert dropped_words("material", "organic_cotton", {}, COTTON) == ("organic",)
    assert dropped_words("material", "material_organic_cotton", {}, COTTON) == ("organic",)  # the attribute's prefix
    assert dropped_words("material", "c7", {"de_DE": "Bio-Baumwolle", "en_US": "Organic cotton"}, COTTON) == (
        "bio", "organic")
    assert dropped_words("material", "cotton", {"en_US": "100% Cotton"}, COTTON) == ("100%",)
    # the same words, or a synonym the taxonomy lists: nothing is lost
    assert dropped_words("material", "cotton", {"de_DE": "Baumwolle", "fr_FR": "Coton"}, COTTON) == ()
    assert dropped_words("color", "gray", {}, EnumValue("grey", {"en": "Grey", "en-US": "Gray"}, ("gray",))) == ()
    assert dropped_words("material", "inox", {}, EnumValue("stainless_steel", {"en": "Stainless steel"}, ("inox",))) == ()
    # broader than the value's name (the taxonomy adds a word): nothing of the option is lost
    assert dropped_words("color", "navy", {"en_US": "Navy"}, EnumValue("navy", {"en": "Navy blue"})) == ()


@given(qualifier=words, name=words)
def test_an_option_with_more_words_than_a_name_of_the_value_narrows_it(qualifier: list[str], name: list[str]) -> None:
    value = EnumValue("_".join(name), {"en": " ".join(name).title()})
    extra = sorted({spelling_key(w) for w in qualifier} - {spelling_key(w) for w in name})  # accents and case folded
    option = "_".join(qualifier + name)
    assert dropped_words("attr", option, {}, value) == tuple(extra)
    assert dropped_words("attr", option, {"en_US": " ".join(name)}, value) == tuple(extra)  # a label that agrees does not hide it
    assert dropped_words("attr", "_".join(name), {}, value) == ()
