"""HTML copy as plain text for Google descriptions: structure kept as lines, nothing of the markup left."""

from __future__ import annotations

import pytest

from localize.channels.google_merchant.plain_text import entities, has_markup, html_to_text


@pytest.mark.parametrize(("html", "text"), [
    # paragraphs become blank lines, list items bullet lines
    ("<p>Feiner Strickpullover aus Merinowolle.</p><ul><li>Stehkragen</li><li>Gewicht: ca. 350 g</li></ul>",
     "Feiner Strickpullover aus Merinowolle.\n\n• Stehkragen\n• Gewicht: ca. 350 g"),
    ("<p>Eins.</p><p>Zwei.</p>", "Eins.\n\nZwei."),
    # inline tags leave their text, with the spacing a browser shows
    ("<p>Gepolsterte Socken. <b>Klimaneutral hergestellt</b> – alle <em>Emissionen</em>.</p>",
     "Gepolsterte Socken. Klimaneutral hergestellt – alle Emissionen."),
    ("Robuster <b>Leder</b>schuh", "Robuster Lederschuh"),
    ("<p>\n   Viel    Leerraum\n   hier </p>", "Viel Leerraum hier"),
    # numbered and nested lists
    ("<ol><li>Einweichen</li><li>Kochen<ul><li>10 Minuten</li><li> sprudelnd</li></ul></li></ol>Fertig.",
     "1. Einweichen\n2. Kochen\n  • 10 Minuten\n  • sprudelnd\n\nFertig."),
    # line breaks, headings, rules
    ("Zeile 1<br>Zeile 2<br/>Zeile 3", "Zeile 1\nZeile 2\nZeile 3"),
    ("<h2>Pflege</h2>Bei 30 °C waschen.<hr>Made in EU", "Pflege\n\nBei 30 °C waschen.\n\nMade in EU"),
    # entities decoded, sup/sub as Unicode where it has the character
    ("Fish &amp; Chips &ndash; &#8222;lecker&#8220; &#x2013; 5&nbsp;kg", "Fish & Chips – „lecker“ – 5\u00a0kg"),
    ("180 g/m<sup>2</sup>, CO<sub>2</sub>-neutral, 10<sup>th</sup>", "180 g/m², CO₂-neutral, 10th"),
    # dropped with their content: scripts, styles; images leave nothing
    ("Text<script>alert('x')</script><style>p{color:red}</style><img src='a.png' alt='Bild'> Ende",
     "Text Ende"),
    # tables and definition lists as lines
    ("<table><tr><th>Größe</th><th>EU</th></tr><tr><td>M</td><td>40</td></tr></table>", "Größe | EU\nM | 40"),
    ("<dl><dt>Material</dt><dd>Leder</dd></dl>", "Material\n  Leder"),
    # malformed HTML: what a browser would show
    ("<p>Ohne Ende <b>fett<p>Neu", "Ohne Ende fett\n\nNeu"),
    ("<li>Eins<li>Zwei", "• Eins\n• Zwei"),
    # preformatted text keeps its lines
    ("<pre>  a\n  b</pre>", "  a\n  b"),
    # links keep their text only
    ('Siehe <a href="https://shop.example/pflege">Pflegehinweise</a>.', "Siehe Pflegehinweise."),
])
def test_html_becomes_readable_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


@pytest.mark.parametrize("text", [
    "Plain text\nwith its own lines", "Größe < 42 & wasserdicht", "AT&T; 3 < 4 > 2", "R&D und M&M's",
])
def test_text_without_markup_is_left_as_it_is(text: str) -> None:
    assert not has_markup(text)
    assert html_to_text(text) == text


def test_line_endings_are_normalised_and_references_alone_keep_the_layout() -> None:
    assert html_to_text("a\r\nb\rc") == "a\nb\nc"
    assert html_to_text("Erste Zeile &amp; mehr\nZweite Zeile") == "Erste Zeile & mehr\nZweite Zeile"


def test_another_bullet() -> None:
    assert html_to_text("<ul><li>A</li><li>B</li></ul>", bullet="- ") == "- A\n- B"


def test_markup_detection() -> None:
    assert has_markup("<p>x</p>") and has_markup("a<br/>b") and has_markup("<!-- c -->")
    assert has_markup("Fish &amp; Chips") and has_markup("&#8211;")
    assert entities("&amp; &foo; &#38; &#x26; &copy;") == ["&amp;", "&#38;", "&#x26;", "&copy;"]
    assert not has_markup("a < b and c > d") and not has_markup("&foo;")


def test_akeneos_literal_line_breaks_become_line_breaks() -> None:
    from localize.channels.google_merchant.plain_text import plain_copy

    assert plain_copy("<p>Schnell.</p>\\n<ul><li>Filter</li></ul>") == "Schnell.\n\n• Filter"
    assert plain_copy("Zeile 1\\nZeile 2\\r\\nZeile 3") == "Zeile 1\nZeile 2\nZeile 3"
    assert plain_copy("Plain text") == "Plain text"
