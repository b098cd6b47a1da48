"""The shipped packs on the cases the issue names: a German red wine mapped to the root `Food`,
a knife set, a political world map, tobacco; and their clean look-alikes."""

from conftest import findings, record


def rules(shipped, locale, values, **kw) -> set[str]:
    return {f.rule for f in findings(shipped, record(locale, values, **kw)) if f.severity in ("block", "review")}


WINE = {
    "name": ("Spätburgunder Rotwein trocken 2021", "Pinot Noir red wine, dry, 2021"),
    "description": ("Kräftiger Rotwein aus Baden, 13,5 % vol, 0,75 l.", "A full-bodied red from Baden, 13.5% vol, 0.75 l."),
}


def test_red_wine_mapped_to_food_is_alcohol_in_every_market_with_an_alcohol_rule(shipped) -> None:
    tax = {"id": "food", "path": ["Food"]}
    expected = {"en-US": "us-alcohol", "ja-JP": "jp-alcohol", "ar-AE": "ae-alcohol", "de-DE": "de-alcohol-minors",
                "en-GB": "gb-alcohol", "fr-FR": "fr-alcohol", "fr-CH": "ch-alcohol", "zh-CN": "cn-alcohol-minors",
                "en-IN": "in-alcohol"}
    for locale, rule in expected.items():
        values = WINE if locale != "de-DE" else {k: v[0] for k, v in WINE.items()}
        got = rules(shipped, locale, values, taxonomy=tax, categories=("drinks",))
        assert rule in got, (locale, got)
    # the finding says why: the pattern in the description, source copy, German
    (f,) = [f for f in findings(shipped, record("en-US", WINE, taxonomy=tax)) if f.rule == "us-alcohol"]
    assert f.evidence[0] == {"signal": "pattern", "field": "description", "language": "de", "side": "source",
                             "matched": "13,5 % vol"}


def test_wine_look_alikes_are_not_alcohol(shipped) -> None:
    for values in (
        {"name": ("Rotweinglas 2er-Set", "Red wine glasses, set of 2"), "description": ("Mundgeblasen.", "Mouth-blown.")},
        {"name": ("Korkenzieher Sommelier", "Sommelier corkscrew")},
        {"name": ("Alkoholfreier Rotwein", "Alcohol-free red wine"), "description": ("0,0 % vol", "0.0% vol")},
        {"name": ("Händedesinfektion Gel", "Hand sanitizer gel"), "description": ("Ethanol 70 % vol", "Ethanol 70% vol")},
        {"name": ("Rotweinessig", "Red wine vinegar")},
    ):
        got = rules(shipped, "en-US", values)
        assert "us-alcohol" not in got, (values, got)


def test_knife_set_is_age_restricted_in_the_uk_and_a_sharpener_is_not(shipped) -> None:
    knife = {"name": ("Messerset 6-teilig mit Block", "Kitchen knife set, 6 pieces, with block")}
    assert "gb-knife-sales" in rules(shipped, "en-GB", knife, taxonomy={"id": "home", "path": ["Home & Garden"]})
    assert "gb-knife-sales" in rules(shipped, "en-GB", {"name": ("Brotmesser", "Bread knife")})
    assert "gb-knife-sales" not in rules(shipped, "en-GB", {"name": ("Messerschärfer", "Knife sharpener")})
    assert "gb-knife-sales" not in rules(shipped, "en-GB", {"name": ("Griff aus Messing", "Brass handle")})
    # a market without a knife rule
    assert not {r for r in rules(shipped, "en-US", {"name": ("Brotmesser", "Bread knife")}) if "knife" in r}


def test_political_world_map_is_flagged_where_names_are_contested(shipped) -> None:
    copy = {"name": ("Politische Weltkarte", "Political world map"),
            "description": ("Mit Senkaku-Inseln, Arunachal Pradesh und dem Persischen Golf.",
                            "Shows the Senkaku Islands, Arunachal Pradesh, the Persian Gulf and the East Sea.")}
    assert {"cn-maps", "cn-geo-names"} <= rules(shipped, "zh-CN", copy)
    assert "in-maps" in rules(shipped, "en-IN", copy)
    assert "ae-gulf-name" in rules(shipped, "ar-AE", copy)
    ja = {"name": ("Politische Weltkarte", "政治世界地図"), "description": ("Mit dem Ostmeer.", "東海と日本列島を表示。")}
    assert "jp-geo-sea-name" in rules(shipped, "ja-JP", ja)
    # a snow globe is not a globe, and a Taiwanese manufacturer is not a political statement
    assert "cn-maps" not in rules(shipped, "zh-CN", {"name": ("Schneekugel", "Snow globe")})
    assert rules(shipped, "zh-CN", {"name": ("Kabel", "Cable"), "manufacturer": "Taiwan Cable Co., Ltd."}) == set()


def test_vapes_by_copy_and_nicotine_strength(shipped) -> None:
    vape = {"name": ("Liquid Erdbeere", "Strawberry e-liquid"), "description": ("Nikotinstärke 12 mg/ml", "Nicotine 12 mg/ml")}
    assert "in-e-cigarettes" in rules(shipped, "en-IN", vape)
    assert "us-tobacco-vaping" in rules(shipped, "en-US", vape)
    assert "cn-e-cigarettes" in rules(shipped, "zh-CN", vape)
    assert "us-tobacco-vaping" not in rules(shipped, "en-US", {"name": ("Sturmfeuerzeug", "Windproof lighter")})
