import csv
import json
from pathlib import Path

import pytest
from conftest import findings, record
from openpyxl import load_workbook

from localize.review.apply import DecisionFileError, apply_file
from localize.review.decisions import DecisionStore
from localize.review.export import export, render_html
from localize.review.queue import read_queue
from localize.serialize import record_to_dict

EVIL = '"><script>document.title="PWNED"</script><img src=x onerror="document.body.dataset.pwned=1">'


def write_queue(path: Path, shipped) -> Path:
    recs = [
        record("fr-FR", {"name": ("Tasse", "Tasse"), "description": (
            "Biologisch abbaubare Tasse " + EVIL, "=HYPERLINK(\"http://x\") Tasse biodégradable " + EVIL)},
            identifier="P1"),
        record("de-DE", {"name": "Butterflymesser \" onmouseover=\"alert(1)"}, identifier="P2"),
        record("en-GB", {"name": ("Messer", "Kitchen knife")}, categories=("knives",), identifier="P3"),
    ]
    return queue_of(recs, path, shipped)


def queue_of(recs: list, path: Path, shipped) -> Path:
    """A review queue file holding `recs`, each withheld with the shipped packs' findings."""
    lines = []
    for rec in recs:
        for f in findings(shipped, rec):
            rec.add_finding(f)
        rec.withheld = True
        lines.append(json.dumps(record_to_dict(rec), ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def queue_file(tmp_path: Path, shipped) -> Path:
    return write_queue(tmp_path / "review-queue.jsonl", shipped)


def test_queue_items_carry_keys_texts_and_sides(queue_file: Path) -> None:
    q = read_queue(queue_file)
    assert [(i.market, i.product, i.field, i.rule, i.side) for i in q.items] == [
        ("de-DE", "P2", "name", "de-prohibited-weapons", "source"),
        ("en-GB", "P3", "categories", "gb-knife-sales", "none"),
        ("fr-FR", "P1", "description", "fr-agec-banned-wording", "target"),
        # the source's `Biologisch abbaubare` is the same question as the target's `biodégradable`: asked once
        ("fr-FR", "P1", "description", "global-eu-green-claims", "target"),
    ]
    assert q.items[2].matched == "biodégradable" and q.items[2].text_field
    assert not q.items[1].text_field and q.items[1].source_text == "knives"


def test_broken_queue_lines_are_reported_and_skipped(queue_file: Path) -> None:
    with queue_file.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n[1, 2]\n")
    q = read_queue(queue_file)
    assert len(q.items) == 4
    assert q.problems == [f"{queue_file}:4: skipped: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
                          f"{queue_file}:5: skipped: not a feed line (needs identifier and market)"]


def test_html_escapes_untrusted_text_and_has_no_network(queue_file: Path) -> None:
    html = render_html(read_queue(queue_file))
    assert "<script>document.title" not in html
    assert "&lt;script&gt;document.title=&#34;PWNED&#34;&lt;/script&gt;" in html
    assert '" onmouseover="alert' not in html and "&#34; onmouseover=&#34;alert(1)" in html
    assert "<mark>biodégradable</mark>" in html and "<mark>Butterflymesser</mark>" in html
    for needle in ("http://", "https://"):
        assert needle not in html.replace('http://x', '').replace("http-equiv", "")
    assert "default-src 'none'" in html and html.count("<script>") == 1


def test_export_writes_all_files_and_neutralises_formulas(queue_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "review"
    written = export(read_queue(queue_file), out)
    assert [p.name for p in written] == ["review.html", "review.csv", "review.xlsx", "review.de-DE.xlf",
                                         "review.en-GB.xlf", "review.fr-FR.xlf"]
    rows = list(csv.DictReader((out / "review.csv").open(encoding="utf-8-sig")))
    assert len(rows) == 4
    fr = [r for r in rows if r["product"] == "P1" and r["locale"] == "fr-FR"][0]
    assert fr["target_text"].startswith("'=HYPERLINK(")
    ws = load_workbook(out / "review.xlsx")["Review"]
    header = [c.value for c in ws[1]]
    cells = [ws.cell(row=r, column=header.index("target_text") + 1) for r in range(2, ws.max_row + 1)]
    formula = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert formula and all(c.data_type == "s" and c.quotePrefix for c in formula)
    assert ws.data_validations.dataValidation[0].formula1 == '"approve,reject,edit"'


def test_single_market_gets_review_xlf(queue_file: Path, tmp_path: Path) -> None:
    from localize.review.queue import Queue

    q = read_queue(queue_file)
    only = Queue([i for i in q.items if i.market == "fr-FR"], [], q.path)
    names = [p.name for p in export(only, tmp_path / "one")]
    assert "review.xlf" in names
    text = (tmp_path / "one" / "review.xlf").read_text(encoding="utf-8")
    assert 'srcLang="de-DE"' in text and 'trgLang="fr-FR"' in text and 'version="2.0"' in text


def _csv_with(rows: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_apply_csv_reports_every_problem_and_stores_nothing(queue_file: Path, tmp_path: Path) -> None:
    q = read_queue(queue_file)
    out = tmp_path / "review"
    export(q, out)
    rows = list(csv.DictReader((out / "review.csv").open(encoding="utf-8-sig")))
    rows[0]["decision"] = "approve"  # block finding, no comment
    rows[1]["decision"] = "aprove"
    rows[2]["decision"] = "edit"
    rows[3]["decision"] = "reject"
    rows[3]["reviewer"] = ""
    rows.append(dict(rows[2], decision="edit", corrected_text="x", key="0" * 32))
    bad = _csv_with(rows, tmp_path / "bad.csv")
    with DecisionStore(tmp_path / "s.sqlite") as store:
        with pytest.raises(DecisionFileError) as err:
            apply_file(bad, q, store, reviewer=None)
        assert store.count() == 0
    assert err.value.problems == [
        f"{bad}:2: no reviewer; fill the reviewer column or pass --reviewer NAME",
        f"{bad}:2: approving the block finding de-prohibited-weapons on P2 needs a comment saying why it may be published",
        f"{bad}:3: decision 'aprove' is not one of approve, reject, edit (did you mean 'approve'?)",
        f"{bad}:4: no reviewer; fill the reviewer column or pass --reviewer NAME",
        f"{bad}:4: 'edit' needs the corrected text in corrected_text",
        f"{bad}:5: no reviewer; fill the reviewer column or pass --reviewer NAME",
        f"{bad}:6: key {'0' * 32} is not in the review queue ({queue_file}); the text changed or the item was resolved "
        "since the export - export again and review the new text",
    ]


def test_apply_csv_then_xlsx_then_xliff(queue_file: Path, tmp_path: Path) -> None:
    q = read_queue(queue_file)
    out = tmp_path / "review"
    export(q, out)
    rows = list(csv.DictReader((out / "review.csv").open(encoding="utf-8-sig")))
    rows[0].update(decision="approve", comment="collector's item, legal checked", reviewer="ana")
    rows[1].update(decision="reject", reviewer="ana")
    sheet = _csv_with(rows, tmp_path / "decisions.csv")
    with DecisionStore(tmp_path / "s.sqlite") as store:
        result = apply_file(sheet, q, store)
        assert result.to_dict()["by_decision"] == {"approve": 1, "reject": 1, "edit": 0}
        assert result.undecided == 2
        again = apply_file(sheet, q, store)
        assert (again.applied, again.unchanged) == (0, 2)

        wb = load_workbook(out / "review.xlsx")
        ws = wb["Review"]
        header = [c.value for c in ws[1]]
        col = {name: header.index(name) + 1 for name in header}
        ws.cell(row=4, column=col["decision"]).value = "edit"
        ws.cell(row=4, column=col["corrected_text"]).value = "Tasse en céramique"
        ws.cell(row=4, column=col["reviewer"]).value = "luc"
        wb.save(tmp_path / "edited.xlsx")
        result = apply_file(tmp_path / "edited.xlsx", q, store)
        assert result.by_decision["edit"] == 1
        key = ws.cell(row=4, column=col["key"]).value
        assert store.get(key).corrected == "Tasse en céramique"
        assert store.get(key).target_text.startswith("=HYPERLINK")

        xlf = out / "review.fr-FR.xlf"
        text = xlf.read_text(encoding="utf-8")
        start = text.index("<target>") + len("<target>")
        end = text.index("</target>")
        text = text[:start] + "Tasse compostable certifiée" + text[end:]
        xlf.write_text(text, encoding="utf-8")
        result = apply_file(xlf, q, store, reviewer="translator-fr")
        assert result.by_decision["edit"] == 2
        decisions = [store.get(i.key) for i in q.items if i.market == "fr-FR"]
        assert {(d.decision, d.corrected, d.reviewer) for d in decisions} == {
            ("edit", "Tasse compostable certifiée", "translator-fr")}


def test_queue_and_report_explain_each_finding(queue_file: Path, tmp_path: Path) -> None:
    q = read_queue(queue_file)
    knife = next(i for i in q.items if i.rule == "gb-knife-sales")
    assert knife.evidence == "category \u201cknives\u201d in categories"
    weapon = next(i for i in q.items if i.rule == "de-prohibited-weapons")
    assert weapon.evidence == "words \u201cButterflymesser\u201d in name (de, source copy)"
    export(q, tmp_path / "out")
    html = (tmp_path / "out" / "review.html").read_text(encoding="utf-8")
    assert "Evidence: words \u201cButterflymesser\u201d in name (de, source copy)" in html


@pytest.mark.parametrize("marker", [
    ' subState="mt"', ' subState="memoq:mt"', ' subState="machine-translation"',
    ' xmlns:its="http://www.w3.org/2005/11/its" its:mtConfidence="0.8"',
    ' xmlns:its="http://www.w3.org/2005/11/its" its:annotatorsRef="mt-confidence|https://mt.example"',
])
def test_a_machine_pre_translation_in_the_xliff_is_no_decision_until_confirmed(queue_file: Path, tmp_path: Path,
                                                                               marker: str) -> None:
    """h15: a CAT tool that pre-fills the targets with MT marks them (subState, ITS mtConfidence). Such a
    changed target was applied as a person's edit; now it waits until the translator confirms it."""
    q = read_queue(queue_file)
    out = tmp_path / "review"
    export(q, out)
    xlf = out / "review.fr-FR.xlf"
    text = xlf.read_text(encoding="utf-8")
    start, end = text.index("<target>") + len("<target>"), text.index("</target>")
    draft = text[:start] + "Tasse (MT)" + text[end:]
    draft = draft.replace('<segment id="s1" state="initial"', f'<segment id="s1" state="initial"{marker}', 1) \
        if "subState" in marker else draft.replace("<target>", f"<target{marker}>", 1)
    assert marker.split('=')[0].split(':')[-1] in draft
    xlf.write_text(draft, encoding="utf-8")
    with DecisionStore(tmp_path / "s.sqlite") as store:
        result = apply_file(xlf, q, store, reviewer="translator-fr")
        assert result.by_decision["edit"] == 0 and result.undecided >= 1
        confirmed = draft.replace('state="initial"', 'state="final"', 1)
        xlf.write_text(confirmed, encoding="utf-8")
        result = apply_file(xlf, q, store, reviewer="translator-fr")
        assert result.by_decision["edit"] >= 1  # the translator confirmed it: a person's text


CAT_TOOLS = {  # how each tool's bilingual files mark a target's origin, on our unit (XLIFF 2 allows any namespace)
    "memoq": (' xmlns:mq="MQXliff" mq:status="MachineTranslated"', True),
    "memoq-confirmed": (' xmlns:mq="MQXliff" mq:status="ManuallyConfirmed"', False),
    "memoq-edited": (' xmlns:mq="MQXliff" mq:status="PartiallyEdited"', False),
    "phrase": (' xmlns:m="http://www.memsource.com/mxlf/2.0" m:trans-origin="mt" m:confirmed="0" m:score="0.0"', True),
    "phrase-confirmed": (' xmlns:m="http://www.memsource.com/mxlf/2.0" m:trans-origin="mt" m:confirmed="1"', False),
    "phrase-tm": (' xmlns:m="http://www.memsource.com/mxlf/2.0" m:trans-origin="tm" m:confirmed="0"', False),
    "trados": (' xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" sdl:origin="mt" sdl:conf="Draft"', True),
    "trados-nmt": (' xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" sdl:origin="nmt"', True),
    "trados-confirmed": (' xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" sdl:origin="mt" sdl:conf="Translated"', False),
    "trados-post-edited": (' xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" sdl:origin="interactive"', False),
}


@pytest.mark.parametrize("tool", sorted(CAT_TOOLS))
def test_a_cat_tools_own_machine_marker_on_the_unit_is_no_decision(queue_file: Path, tmp_path: Path, tool: str) -> None:
    """h19: memoQ (`mq:status`), Phrase (`m:trans-origin` + `m:confirmed`) and Trados (`origin` + `conf`) say a
    target is an engine's draft in their own attributes (as in their MQXLIFF/MXLIFF/SDLXLIFF files); one on our
    unit made the changed target a person's edit. A draft waits for the translator; a confirmed or post-edited
    target, or one from a translation memory, is a person's decision as before."""
    marker, machine = CAT_TOOLS[tool]
    q = read_queue(queue_file)
    out = tmp_path / "review"
    export(q, out)
    xlf = out / "review.fr-FR.xlf"
    text = xlf.read_text(encoding="utf-8")
    start, end = text.index("<target>") + len("<target>"), text.index("</target>")
    unit = text.rindex("<unit ", 0, start)
    draft = text[:unit] + "<unit" + marker + text[unit + len("<unit"):start] + "Tasse (MT)" + text[end:]
    xlf.write_text(draft, encoding="utf-8")
    with DecisionStore(tmp_path / "s.sqlite") as store:
        result = apply_file(xlf, q, store, reviewer="translator-fr")
        assert (result.by_decision["edit"] == 0) is machine, result.to_dict()


def test_right_to_left_copy_is_laid_out_right_to_left_in_the_report(tmp_path: Path, shipped) -> None:
    """The report is an English (left-to-right) page: Hebrew and Arabic copy shown in it without its own
    direction puts a sentence's final full stop, its numbers and Latin words in the wrong places, and a
    matched Hebrew word runs into the English around it. Each text cell now says its language and
    direction, and PIM text inside English sentences is isolated (`<bdi>`)."""
    recs = [record("he-IL", {"name": ("Butterfly knife, 3 pcs.", "סכין פרפר, 3 יח'.")}, source_locale="en-US",
                   identifier="קוד-1"),
            record("ar-SA", {"name": ("Butterfly knife, 3 pcs.", "سكين الفراشة، 3 قطع.")}, source_locale="en-US",
                   identifier="P2")]
    queue = read_queue(queue_of(recs, tmp_path / "review-queue.jsonl", shipped))
    assert {i.market for i in queue.items} == {"he-IL", "ar-SA"}
    html = render_html(queue)
    rows = {i.market: html.split(f'id="item-{i.key}"', 1)[1].split("</tr>", 1)[0] for i in queue.items}
    assert '<td class="text" lang="he-IL" dir="rtl"><mark>סכין פרפר</mark>, 3 יח&#39;.</td>' in rows["he-IL"]
    assert '<td class="text" lang="ar-SA" dir="rtl">' in rows["ar-SA"] and "سكين الفراشة" in rows["ar-SA"]
    assert '<td class="text" lang="en-US" dir="ltr">Butterfly knife' in rows["he-IL"]
    assert "<td><bdi>קוד-1</bdi></td>" in rows["he-IL"] and "matched: <bdi>סכין פרפר</bdi>" in rows["he-IL"]
    assert "text-align:start" in html and "text-align:left" not in html  # a right-to-left cell starts on the right


def test_characters_a_run_never_publishes_are_shown_not_applied_in_the_report(tmp_path: Path, shipped) -> None:
    """h19: a translation memory's target holding a bidi override is withheld (`invisible-characters`); the
    report showed it raw: invisible, and it reversed the rest of the cell the reviewer reads. It is shown
    as `\\u202e` now, as on a terminal; balanced isolates in RTL copy (how a phone number keeps its order)
    are the copy as published and stay as they are."""
    rlo, lri, pdi = "\u202e", "\u2066", "\u2069"
    recs = [record("en-GB", {"name": ("Butterfly knife, 3 pcs.", f"Butterfly knife, 3 pcs.{rlo}txt.exe")},
                   source_locale="en-US", identifier="P1"),
            record("he-IL", {"name": ("Butterfly knife, 3 pcs.", f"סכין פרפר {lri}XK-200{pdi}")},
                   source_locale="en-US", identifier="P2")]
    queue = read_queue(queue_of(recs, tmp_path / "review-queue.jsonl", shipped))
    html = render_html(queue)
    assert rlo not in html and "3 pcs.\\u202etxt.exe" in html
    assert f"{lri}XK-200{pdi}" in html
