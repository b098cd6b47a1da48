"""Shared concept vocabularies (`rules/concepts/`, `localize.rules.concepts`), per-market exemptions
from another pack's rule (`exempt` in a pack, `markets[i].rules.exempt` in the config), and the word
forms added with them (Turkish final-consonant voicing), each on text that is in no blind batch."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import AS_OF, findings, market, record

from localize.rules.packs import RulesError, load_packs, shipped_rules_dir
from localize.rules.ruleset import RuleSet, load_ruleset
from localize.rules.specs import softened_forms, written_forms

CONCEPTS = """
concepts:
  blades:
    description: test blades
    terms:
      de: [klinge]
      nl: [lemmet]
      it: [lama]
    allow:
      it: [lama tibetano]
  gifts:
    terms:
      en: [gift]
      de: [geschenk]
"""

PACK = """
pack: t
scope: {global: true}
rules:
- id: t-blades
  kind: terms
  risk: weapons
  severity: review
  message: Blades.
  source: test source
  concepts: [blades]
  terms:
    en: [blade]
- id: t-gift-blade
  kind: category
  risk: weapons
  severity: review
  message: A blade as a gift.
  source: test source
  match:
    all:
      - concepts: [blades]
      - concepts: [gifts]
"""


def _project(tmp_path: Path, pack: str = PACK, concepts: str = CONCEPTS) -> Path:
    (tmp_path / "concepts").mkdir(exist_ok=True)
    (tmp_path / "concepts" / "mine.yaml").write_text(concepts, encoding="utf-8")
    path = tmp_path / "pack.yaml"
    path.write_text(pack, encoding="utf-8")
    return path


def _rules(rs: RuleSet, locale: str, values: dict[str, object], source_locale: str) -> set[str]:
    return {f.rule for f in findings(rs, record(locale, values, source_locale=source_locale))}


@pytest.mark.parametrize(("locale", "text", "hit"), [
    ("nl-NL", "Zakmes met RVS-lemmet", True),        # the concept's Dutch word, in a compound
    ("it-IT", "Coltello con lama da 9 cm", True),
    ("it-IT", "Statuetta di un lama tibetano", False),  # the concept's allow list came along
    ("en-GB", "Spare blade for a cutter", True),      # the rule's own words stay
    ("en-GB", "Lemmet is a Dutch word", False),       # each word only in copy of its language
])
def test_a_rule_gets_every_language_of_the_concepts_it_names(tmp_path: Path, locale: str, text: str, hit: bool) -> None:
    rs = RuleSet(packs=load_packs([_project(tmp_path)]), as_of=AS_OF)
    assert ("t-blades" in _rules(rs, locale, {"name": text}, locale)) is hit


def test_a_condition_names_concepts_too(tmp_path: Path) -> None:
    rs = RuleSet(packs=load_packs([_project(tmp_path)]), as_of=AS_OF)
    gift = {"name": "Ersatzklinge für Cutter", "description": "Ein Geschenk für Heimwerker."}
    assert "t-gift-blade" in _rules(rs, "de-DE", gift, "de-DE")
    assert "t-gift-blade" not in _rules(rs, "de-DE", {"name": "Ersatzklinge für Cutter"}, "de-DE")


def test_an_unknown_concept_is_reported_with_file_and_line(tmp_path: Path) -> None:
    path = _project(tmp_path, PACK.replace("concepts: [blades]\n  terms:", "concepts: [bladez]\n  terms:"))
    with pytest.raises(RulesError) as info:
        load_packs([path])
    problem = "\n".join(info.value.problems)
    assert "pack.yaml:11: rules[0].concepts[0]: unknown concept 'bladez'" in problem
    assert "blades" in problem  # the known names are listed


def test_a_broken_concept_file_is_reported_when_a_pack_uses_concepts(tmp_path: Path) -> None:
    path = _project(tmp_path, concepts=CONCEPTS + "  broken:\n    words: {de: [x]}\n")
    with pytest.raises(RulesError) as info:
        load_packs([path])
    assert any("mine.yaml" in p and "concepts.broken" in p for p in info.value.problems)


def test_a_changed_concept_changes_the_pack_digest_and_its_words(tmp_path: Path) -> None:
    path = _project(tmp_path)
    first = load_packs([path])[0]
    (tmp_path / "concepts" / "mine.yaml").write_text(CONCEPTS.replace("[lemmet]", "[lemmet, zwaard]"), encoding="utf-8")
    second = load_packs([path])[0]
    assert first.digest != second.digest  # the run's rules fingerprint (incremental state) follows the words
    rs = RuleSet(packs=[second], as_of=AS_OF)
    assert "t-blades" in _rules(rs, "nl-NL", {"name": "Zwaard van hout"}, "nl-NL")


def test_a_concept_folder_beside_the_pack_overrides_the_shipped_one(tmp_path: Path) -> None:
    shipped_names = {p.stem for p in (shipped_rules_dir() / "concepts").iterdir()}
    assert shipped_names  # the shipped vocabulary exists
    own = "concepts:\n  hookah:\n    terms:\n      en: [bubble pipe]\n"
    pack = PACK.replace("concepts: [blades]\n  terms:", "concepts: [hookah]\n  terms:")
    rs = RuleSet(packs=load_packs([_project(tmp_path, pack, own + CONCEPTS.replace("concepts:\n", ""))]), as_of=AS_OF)
    assert "t-blades" in _rules(rs, "en-GB", {"name": "Bubble pipe for kids"}, "en-GB")
    assert "t-blades" not in _rules(rs, "en-GB", {"name": "Shisha, 50 cm"}, "en-GB")  # the shipped words are not used


def test_shipped_packs_share_one_vocabulary_across_markets() -> None:
    """The same concept reaches markets whose packs never listed its words: a kukri in Dutch and
    Turkish copy, mortadella in Italian source copy for Saudi Arabia and Turkey."""
    rs = load_ruleset(as_of=AS_OF)
    assert "nl-weapons" in _rules(rs, "nl-NL", {"name": "Kukri-mes met schede"}, "nl-NL")
    assert "tr-weapons" in _rules(rs, "tr-TR", {"name": "Karambit bıçak, katlanır"}, "tr-TR")
    assert "sa-pork" in _rules(rs, "ar-SA", {"name": "Mortadella con pistacchi"}, "it-IT")
    assert "tr-pork" in _rules(rs, "tr-TR", {"name": "Guanciale stagionato"}, "it-IT")


# --- exemptions ------------------------------------------------------------------------------------

GLOBAL = """
pack: g
scope: {global: true}
rules:
- id: g-word
  kind: terms
  risk: geography
  severity: review
  message: A word.
  source: test source
  terms:
    en: [frontier]
"""

LOCAL = """
pack: l
scope: {countries: [RU]}
exempt:
- rule: g-word
  reason: the local rule below says the opposite here
rules:
- id: l-word
  kind: terms
  risk: geography
  severity: review
  message: Another word.
  source: test source
  terms:
    en: [border]
"""


def _two_packs(tmp_path: Path, local: str = LOCAL) -> RuleSet:
    (tmp_path / "g.yaml").write_text(GLOBAL, encoding="utf-8")
    (tmp_path / "l.yaml").write_text(local, encoding="utf-8")
    return RuleSet(packs=load_packs([tmp_path / "g.yaml", tmp_path / "l.yaml"]), as_of=AS_OF)


def test_a_market_pack_exempts_its_markets_from_a_global_rule(tmp_path: Path) -> None:
    rs = _two_packs(tmp_path)
    assert "g-word" not in {r.id for r in rs.rules_for(market("ru-RU"))}
    assert "g-word" in {r.id for r in rs.rules_for(market("de-DE"))}  # only where the pack applies
    assert rs.exempted(market("ru-RU")) == {"g-word": {"reason": "the local rule below says the opposite here", "by": "l"}}
    assert rs.exempted(market("de-DE")) == {}


def test_the_config_exempts_a_market_with_its_reason(tmp_path: Path) -> None:
    rs = _two_packs(tmp_path, LOCAL.replace("exempt:\n- rule: g-word\n  reason: the local rule below says the opposite here\n", ""))
    fr = market("fr-FR", rules={"exempt": {"g-*": "legal approved this wording for France"}})
    assert "g-word" not in {r.id for r in rs.rules_for(fr)}
    assert rs.exempted(fr) == {"g-word": {"reason": "legal approved this wording for France", "by": "config"}}


@pytest.mark.parametrize(("old", "new", "message"), [
    ("rule: g-word", "rule: l-word", "this pack's own rule"),
    ("reason: the local rule below says the opposite here", "reason: short", "say why"),
])
def test_an_exemption_needs_another_packs_rule_and_a_reason(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(RulesError) as info:
        _two_packs(tmp_path, LOCAL.replace(old, new))
    assert any(message in p and "exempt[0]" in p for p in info.value.problems)


def test_russia_is_exempt_from_the_global_crimea_rule_and_others_are_not() -> None:
    rs = load_ruleset(as_of=AS_OF)
    assert "global-geo-crimea" not in {r.id for r in rs.rules_for(market("ru-RU"))}
    assert "global-geo-crimea" in {r.id for r in rs.rules_for(market("de-DE"))}
    assert "ru-crimea" in _rules(rs, "ru-RU", {"description": "Republic of Crimea, Ukraine"}, "en-GB")
    assert "global-geo-crimea" not in _rules(rs, "ru-RU", {"description": "Republic of Crimea"}, "en-GB")
    assert "global-geo-crimea" in _rules(rs, "de-DE", {"description": "Republic of Crimea"}, "en-GB")


# --- Turkish final-consonant voicing ---------------------------------------------------------------

@pytest.mark.parametrize(("word", "forms"), [
    ("şarap", ["şarab"]), ("bıçak", ["bıçağ"]), ("renk", ["reng"]), ("ağaç", ["ağac"]),
    ("kırmızı şarap", ["kırmızı şarab"]),
    ("türk", []), ("top", []), ("domuz", []),  # -rk keeps its k; short roots and other endings keep theirs
])
def test_turkish_roots_are_also_written_voiced(word: str, forms: list[str]) -> None:
    assert softened_forms(word) == forms
    assert written_forms("tr", word)[1:] == forms
    assert written_forms("de", word) == [word]


PACK_TR = """
pack: t
scope: {global: true}
rules:
- id: t-tr
  kind: terms
  risk: weapons
  severity: review
  message: Turkish roots.
  source: test source
  terms:
    tr: [bıçak]
"""


@pytest.mark.parametrize(("text", "hit"), [
    ("Av bıçağı, 12 cm", True),         # bıçak + ı with the k voiced
    ("Bıçaklar seti", True),            # the dictionary form with a suffix, as before
    ("El bıçkısı, 40 cm", False),       # bıçkı (a saw) is neither form
])
def test_voiced_turkish_roots_match_with_suffixes(tmp_path: Path, text: str, hit: bool) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(PACK_TR, encoding="utf-8")
    rs = RuleSet(packs=load_packs([path]), as_of=AS_OF)
    assert ("t-tr" in _rules(rs, "tr-TR", {"name": text}, "tr-TR")) is hit


def test_no_shipped_pre_check_literal_is_in_nearly_every_text() -> None:
    """A pattern's `requires` literal (or one derived from its branches) decides which texts take the
    per-text pass: a literal such as `/` or `x` is in nearly every description, so each text
    became "loud" (a thread-size pattern with them made the check stage 50 % slower)."""
    rs = load_ruleset(as_of=AS_OF)
    for locale in ("de-DE", "en-US", "en-GB", "fr-FR", "ja-JP", "zh-CN", "ar-SA", "tr-TR", "ru-RU", "pl-PL"):
        index = rs.for_market(market(locale)).literal_index
        assert index is not None
        short = sorted(w for w in index.literals if len(w) == 1 and w.isascii() and (w.isalpha() or w == "/"))
        assert short == [], (locale, short)


def test_compiling_the_rules_gives_no_character_a_byte_of_the_byte_map() -> None:
    """The byte map (`folding._Charmap`) has 128 slots for the characters of the run's copy; the
    packs' words in a dozen scripts, folded first at compile time, used to take them all, and the
    catalogue's umlauts then went the slow way for the whole run. Compiling every shipped market
    (in a fresh process: the map is process-wide) leaves it as it was, and copy still gets slots."""
    import subprocess
    import sys
    code = (
        "import datetime as dt\n"
        "from localize.config import build_market\n"
        "from localize.rules.folding import byte_map_size, fold\n"
        "from localize.rules.ruleset import load_ruleset\n"
        "before = byte_map_size()\n"
        "rs = load_ruleset(as_of=dt.date(2026, 11, 15))\n"
        "for loc in ('ru-RU', 'he-IL', 'hi-IN', 'pl-PL', 'tr-TR', 'ar-SA', 'de-DE', 'fr-FR'):\n"
        "    c = rs.for_market(build_market({'locale': loc}, None))\n"
        "    for lang in ('ru', 'he', 'hi', 'pl', 'tr', 'ar', 'de', 'fr', 'es', 'it'):\n"
        "        c.automaton(lang, 'text')\n"
        "after = byte_map_size()\n"
        "assert fold('Größe Übergröße') == 'grosse ubergrosse'\n"
        "print(before, after, byte_map_size())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == out[1]          # the rules took no slot
    assert int(out[2]) > int(out[1])  # the copy's characters did


def test_the_run_manifest_lists_each_exemption_with_its_reason() -> None:
    from types import SimpleNamespace

    from localize.stages.rules import RulesChecker
    checker = RulesChecker()
    checker.ruleset = load_ruleset(as_of=AS_OF)
    checker._ctx = SimpleNamespace(config=SimpleNamespace(markets=[market("de-DE"), market("ru-RU")]))  # type: ignore[assignment]
    exempt = checker.summary()["exempt"]
    assert list(exempt) == ["ru-RU"]
    assert exempt["ru-RU"]["global-geo-crimea"]["by"] == "ru-RU"
    assert "Criminal Code art. 280.1" in exempt["ru-RU"]["global-geo-crimea"]["reason"]
    checker._ctx = SimpleNamespace(config=SimpleNamespace(markets=[market("de-DE")]))  # type: ignore[assignment]
    assert "exempt" not in checker.summary()  # a run without exemptions keeps its manifest as it was


def test_the_config_schema_wants_a_reason_for_a_market_exemption(tmp_path: Path) -> None:
    from localize.config import load_config
    from localize.errors import ConfigError
    (tmp_path / "p.csv").write_text("sku;name\nA;x\n", encoding="utf-8")
    base = ("source: {format: csv, path: p.csv, locale: de-DE, columns: {identifier: sku, values: {name: name}}}\n"
            "markets:\n- locale: ru-RU\n  rules: {exempt: {global-organic: %s}}\n")
    (tmp_path / "ok.yaml").write_text(base % '"no organic regulation applies here"', encoding="utf-8")
    assert load_config(tmp_path / "ok.yaml").markets[0].settings["rules"]["exempt"]
    (tmp_path / "bad.yaml").write_text(base % "why", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "bad.yaml")
    assert "exempt" in str(info.value.problems or info.value)
