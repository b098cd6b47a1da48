from pathlib import Path

import pytest
from typer.testing import CliRunner

from localize.cli import app
from localize.rules.packs import RulesError, load_packs, shipped_rules_dir

BAD = """\
pack: bad
scope: {global: true}
rules:
  - id: ok-rule
    kind: terms
    severity: review
    message: m
    source: because
    terms: [foo]
  - id: Bad_Id
    kind: terms
    severity: urgent
    message: m
    source: because
    terms: [foo]
  - id: no-source
    kind: pattern
    severity: info
    message: m
    pattern: "([unclosed"
  - id: wrong-key
    kind: terms
    severity: info
    message: m
    source: because
    terms: [x]
    numbers: [4]
  - id: bad-regex
    kind: pattern
    severity: info
    message: m
    source: because
    pattern: "([unclosed"
"""


def test_shipped_packs_are_valid_and_every_rule_has_a_source() -> None:
    packs = load_packs([shipped_rules_dir()])
    ids = {p.id for p in packs}
    assert {"global", "de-DE", "en-US", "en-GB", "fr-FR", "fr-CH", "ja-JP", "zh-CN", "ar-AE", "in-IN"} <= ids
    for pack in packs:
        for rule in pack.rules:
            assert len(rule.source) > 20, rule.id
            assert rule.message, rule.id


def test_schema_problems_are_reported_all_at_once_with_line_and_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_packs([path])
    assert err.value.problems == [
        f"{path}:10: rules[1].id: \"Bad_Id\" does not match the pattern ^[a-z0-9][a-z0-9.-]*$",
        f"{path}:12: rules[1].severity: \"urgent\" is not one of \"block\", \"review\", \"info\"",
        f"{path}:16: rules[2]: missing required key 'source'",
    ]


def test_semantic_problems_name_file_line_and_path(tmp_path: Path) -> None:
    text = BAD.replace("Bad_Id", "fine-id").replace("severity: urgent", "severity: review").replace(
        "    pattern: \"([unclosed\"\n  - id: wrong-key", "    source: because\n    pattern: \"a+\"\n  - id: wrong-key")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_packs([path])
    assert err.value.problems == [
        f"{path}:28: rules[3].numbers: 'numbers' has no meaning for kind 'terms' (it belongs to kind number)",
        f"{path}:34: rules[4].pattern: not a valid regular expression: unterminated character set at position 1",
    ]


def test_duplicate_rule_ids_across_packs_name_both_files(tmp_path: Path) -> None:
    one = tmp_path / "a.yaml"
    two = tmp_path / "b.yaml"
    body = "scope: {global: true}\nrules:\n  - {id: same, kind: terms, severity: info, message: m, source: why not, terms: [x]}\n"
    one.write_text("pack: a\n" + body, encoding="utf-8")
    two.write_text("pack: b\n" + body, encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_packs([tmp_path])
    assert err.value.problems == [
        f"{two}:4: rules: rule id 'same' is also defined in {one}:4; rule ids must be unique across packs"]


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("pack: x\nscope: {global: true\nrules: []\n", encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_packs([path])
    assert err.value.problems == [
        f"{path}:3:6: not valid YAML: expected ',' or '}}', but got ':'; check indentation and quoting"]


def test_rules_check_command(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["rules", "check"])
    assert ok.exit_code == 0, ok.output
    assert "28 pack(s)" in ok.output and ": ok" in ok.output
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    bad = runner.invoke(app, ["rules", "check", str(path)])
    assert bad.exit_code == 2
    assert "3 problem(s) in rule packs" in bad.output
    assert "rules[1].severity" in bad.output


def test_rules_list_for_a_market_as_json() -> None:
    import json

    result = CliRunner().invoke(app, ["rules", "list", "--market", "ja-JP", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    ids = {r["id"] for r in data["rules"]}
    assert "jp-unlucky-numbers" in ids and "global-hate-symbols" in ids
    assert "de-prohibited-weapons" not in ids
    assert "global-eu-green-claims" not in ids  # EU-only rule


PACK = """\
pack: moved
scope: {global: true}
rules:
  - id: moved-rule
    kind: terms
    severity: review
    message: m
    source: because
    terms: [foo]
"""


def _ruleset_in(folder: Path, text: str = PACK) -> str:
    import datetime as dt

    from localize.rules.ruleset import load_ruleset

    folder.mkdir(parents=True)
    (folder / "moved.yaml").write_text(text, encoding="utf-8")
    return load_ruleset(extra=[folder], shipped=False, as_of=dt.date(2026, 1, 1)).fingerprint


def test_the_rules_fingerprint_depends_on_content_not_on_where_the_packs_are(tmp_path: Path) -> None:
    here = _ruleset_in(tmp_path / "project" / "rules")
    moved = _ruleset_in(tmp_path / "elsewhere" / "deeper" / "rules")
    changed = _ruleset_in(tmp_path / "third" / "rules", PACK.replace("[foo]", "[bar]"))
    assert here == moved
    assert changed != here


def test_duplicate_keys_and_alias_bombs_in_a_pack_are_refused_with_lines(tmp_path: Path) -> None:
    dup = tmp_path / "dup.yaml"
    dup.write_text(PACK.replace("    severity: review\n", "    severity: review\n    severity: info\n"), encoding="utf-8")
    with pytest.raises(RulesError) as exc:
        load_packs([dup])
    assert any("dup.yaml:7:" in p and "'severity' appears twice" in p for p in exc.value.problems)
    bomb = tmp_path / "bomb.yaml"
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    bomb.write_text("\n".join(lines) + "\n" + PACK, encoding="utf-8")
    with pytest.raises(RulesError) as exc:
        load_packs([bomb])
    assert any("bomb.yaml" in p and "expand to more than" in p for p in exc.value.problems)


def test_an_edited_pack_is_loaded_again_not_served_from_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "moved.yaml"
    path.write_text(PACK, encoding="utf-8")
    first = load_packs([path])[0]
    assert load_packs([path])[0] is first  # same bytes: parsed once
    path.write_text(PACK.replace("[foo]", "[bar]"), encoding="utf-8")
    again = load_packs([path])[0]
    assert again.rules[0].spec["terms"] == ["bar"]


def test_packs_read_with_libyaml_equal_packs_read_with_the_pure_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    import localize.config
    import localize.rules.packs as packs

    fast = [(p.id, [(r, r.spec) for r in p.rules]) for p in load_packs([shipped_rules_dir()])]
    monkeypatch.setattr(localize.config, "FastSafeLoader", yaml.SafeLoader)
    monkeypatch.setattr(packs, "_PACK_CACHE", {})
    monkeypatch.setenv("LOCALIZE_CACHE_DIR", "off")  # parse again, not from the disk cache
    pure = [(p.id, [(r, r.spec) for r in p.rules]) for p in load_packs([shipped_rules_dir()])]
    assert fast == pure and len(fast) >= 20
