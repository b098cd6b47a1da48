"""Whether a text says something that holds in one country only, in the language it is written in.

A market that copies the PIM's copy of another country's locale of its language (`sibling_copy`: de_DE
copy for de-CH) must not publish Germany's price, law, VAT, hotline, shop domain, shipping or warranty
terms as Switzerland's: the tool cannot tell whether two countries' laws or terms agree. So each copied
value is read for them, by content, not by the attribute's name (a legal text sits in `notes` or in a
description as often as in `legal_text`).

What is looked for (the words per language are data: `localize/data/country_specific.yaml`, which
says why each list is there): a currency amount (a sign or any CLDR ISO code next to a number), a legal
reference (`§`, `Art. 5`, an EU directive number, a law's abbreviation or name), VAT or tax wording, a
phone number with a country prefix (`+49 …`, `0049 …`) or a national one after a phone word
(`Tel. 0800 …`), a web or mail address in a country's domain (`.de`, `.co.uk`), shipping or delivery
terms, a warranty duration, a company's legal notice (imprint, register numbers). Language-neutral
signs (currency, `§`, phone, domains, directive numbers) are looked for in every language; words in the
text's language (de, fr, it, en, es, nl, pt; another language gets the neutral signs only).

A web address cited as the source of a claim (`laut test.de`, a footnote `Based on independent tests, Dec 06.
www.lab.de/...`) is no contact of the country: it holds for every reader. Told by kind (`_cited`): a citing word
before it in the same line of copy and no word of contact or commerce between; a mail address is always contact
data (icecat: 5 of 26 hits were a test lab's `.de` address in footnotes; 21 hits after, all read as right).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from babel.core import Locale
from babel.numbers import list_currencies

from .memo import text_memoised

#: What each rule names in a finding.
RULES = {
    "currency": "a price",
    "legal": "a legal reference",
    "tax": "VAT or tax wording",
    "phone": "a phone number",
    "domain": "a country's web or mail domain",
    "shipping": "shipping or delivery terms",
    "warranty": "a warranty term",
    "imprint": "a company's legal notice",
}


@dataclass(frozen=True, slots=True)
class Found:
    """One country-specific thing in a text: the rule and the words that matched."""

    rule: str
    text: str

    def describe(self) -> str:
        return f"{RULES[self.rule]} ('{self.text}')"


#: Bump when what `country_specific` finds in some text changes other than through the data file
#: (whose content is part of `rules_version`): a nightly run's stored records were built under the rules then.
RULES_VERSION = "country-2"  # 2: a domain cited as a source (`_cited`)


@lru_cache(maxsize=1)
def _text() -> str:
    return resources.files("localize").joinpath("data/country_specific.yaml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(_text())
    return data


@lru_cache(maxsize=1)
def rules_version() -> str:
    """The rules and word lists in force: part of a copying market's fingerprint (`TranslateStage`), so
    records stored by a run under other lists are redone once (a copied value may now be kept)."""
    return RULES_VERSION + ":" + hashlib.sha256(_text().encode("utf-8")).hexdigest()[:12]


def _item(item: str) -> tuple[str, bool]:
    """The regex of one word or phrase of a list, and whether it matches in its own case only: an
    abbreviation (one word, two capitals or more: `BGB`, `MwSt`, `KvK`; `Bgb` is no law); other words
    match in any case. A phrase's inner spaces match any run of spaces; a word edge is asked only where
    the item ends with a word character (`zzgl.`)."""
    body = r"\s+".join(re.escape(part) for part in item.split())
    if item[-1:].isalnum():
        body += r"(?!\w)"
    return body, " " not in item and sum(c.isupper() for c in item) >= 2


def _alternation(items: list[str]) -> str:
    """The items as one alternation, longest first (`MwSt.` before `MwSt`), each in its case rule."""
    out = []
    for item in sorted(set(items), key=len, reverse=True):
        body, exact = _item(item)
        out.append(f"(?-i:{body})" if exact else body)
    return "|".join(out)


_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class _Matcher:
    """A language's rules: the signs (currency, `§`, phone, domain, warranty ...) as one regex, and the
    word lists as an index by first word: a text is split into words once and each word looked up, where
    an alternation of a few hundred words would be tried at every character (10-20 times slower)."""

    signs: re.Pattern[str]
    exact: dict[str, tuple[tuple[str, re.Pattern[str]], ...]]  # first word -> (rule, pattern), case as written
    folded: dict[str, tuple[tuple[str, re.Pattern[str]], ...]]  # casefolded first word -> (rule, pattern)
    codes: frozenset[str]  # currency ISO codes
    tlds: frozenset[str]  # the domains of countries
    cites: re.Pattern[str] | None  # words that cite a source (before a web address: `_cited`)
    contact: re.Pattern[str] | None  # words of contact or commerce (between them, the address is a contact)


@lru_cache(maxsize=16)
def _matcher(language: str) -> _Matcher:
    data = _data()
    language = language.lower()

    def per(section: Any) -> list[str]:
        return list(section.get(language) or ()) if isinstance(section, dict) else []

    codes = frozenset(set(list_currencies()) - set(data["currency_codes_not"]))
    all_signs = sorted(data["currency_signs"], key=len, reverse=True)
    signs = "|".join(re.escape(s) for s in all_signs)
    lettered = "|".join(re.escape(s) for s in all_signs if s[:1].isalnum())  # `Fr.`, `US$`, `zł`: at a word start
    symbols = "|".join(re.escape(s) for s in all_signs if not s[:1].isalnum())  # `€`, `$`
    amount = r"\d+(?:[.,' \u00a0\u202f]\d{3})*(?:[.,]\d{1,2}|[.,]-)?"
    legal_data = data["legal"]
    articles = "|".join(re.escape(a) for a in legal_data["article"])
    territories = {c.lower() for c in Locale("en").territories if len(c) == 2 and c.isalpha()} | {"uk", "eu"}
    country_tlds = sorted(territories - set(data["generic_tlds"]))
    # the two letters of a domain and the three of a currency code are checked against the country
    # domains and CLDR's codes after the match (alternations of 250 and 300 would be tried at every
    # character); a code in its own case only (`dem`, `sur`, `Std` are words)
    tld = r"(?:co\.|com\.|org\.|net\.|gov\.|ac\.)?"
    number = r"[\s./-]*(?:\(0\)[\s./-]*)?\d[\d\s./-]{5,16}\d"
    # What starts at a word start, behind one look-behind: a position inside a word fails once, not
    # once per rule (Python's regex engine tries every branch at every character). A rule's name
    # before `_` is the rule (`currency_s`: a currency amount led by a sign).
    at_word: dict[str, str] = {
        "currency": rf"(?:{lettered}|(?P<code>[A-Z]{{3}})\b)\s?{amount}",
        "currency_a": rf"(?<![.,]){amount}\s?(?:{signs}|(?P<code2>[A-Z]{{3}})\b)",
        "legal": rf"(?i:{articles})\s?\d{{1,3}}[a-z]?\b(?![.,]\d)|\d{{2,4}}/\d{{1,4}}/(?:EU|EG|EWG|EC|EEC|CE|CEE|UE)\b",
        "domain": (rf"(?:https?://|(?<!\.)www\.|(?<![.+-])[\w.+-]+@)[\w-]+(?:\.[\w-]+)*?\.{tld}(?P<tld>[a-z]{{2}})\b"
                   # a bare domain in lower case (`shop.de`; `totale.Au` is a sentence run together)
                   rf"|(?<![.@/])[a-z0-9][a-z0-9-]+\.{tld}(?P<tld2>[a-z]{{2}})(?=/|\s|$|[),;:!?]|\.(?:\s|$))"),
        "phone": rf"(?<!\+)00\d{{1,3}}(?=[\s./-]){number}",
    }
    warranty = data["warranty"]
    words, units = per(warranty["words"]), per(warranty["units"])
    if words and units:
        w, u = f"(?i:{_alternation(words)})", f"(?i:{_alternation(units)})"
        gap = r"(?:\W+\w+){0,3}?\W+"
        at_word["warranty"] = rf"{w}{gap}\d{{1,2}}[\s-]*{u}|\d{{1,2}}[\s-]*{u}{gap}{w}"
    elsewhere = {"currency_s": rf"(?:{symbols})\s?{amount}", "legal_s": "§", "phone_s": rf"(?<![\w+])\+\d{{1,3}}{number}"}
    # in the case written (matching in any case is slower at every character): the currency signs and
    # codes, `§`, domains and phone numbers have one; articles and warranty words ask for any case
    signs_pattern = re.compile(
        "(?<!\\w)(?:" + "|".join(f"(?P<{rule}>{body})" for rule, body in at_word.items()) + ")|"
        + "|".join(f"(?P<{rule}>{body})" for rule, body in elsewhere.items()))
    listed: list[tuple[str, str, str]] = [("legal", item, "") for item in per(legal_data["abbreviations"])]
    listed += [("legal", item, "") for item in per(legal_data["phrases"])]
    for rule in ("tax", "shipping", "imprint"):
        listed += [(rule, item, "") for item in per(data[rule])]
    # a national number after a phone word (`Tel. 0800 123 456`) is the country's too
    listed += [("phone", item, r"[:.]?\s*0\d[\d\s./-]{5,16}\d") for item in per(data["phone_words"])]
    exact: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    folded: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for rule, item, tail in sorted(listed, key=lambda x: -len(x[1])):
        first = _TOKEN.match(item)
        if first is None:
            raise ValueError(f"country_specific.yaml: {item!r} ({rule}, {language}) does not start with a word")
        body, is_exact = _item(item)
        compiled = re.compile(r"(?<!\w)" + body + tail, 0 if is_exact else re.IGNORECASE)
        if is_exact:
            exact.setdefault(first.group(), []).append((rule, compiled))
        else:
            folded.setdefault(first.group().casefold(), []).append((rule, compiled))
    cites = per(data["citation"])
    cited = re.compile(rf"(?<!\w)(?i:{_alternation(cites)})") if cites else None  # `_cited` gives it the line
    contact = per(data["contact"])
    contacts = re.compile(rf"(?<!\w)(?i:{_alternation(contact)})") if contact else None
    return _Matcher(signs_pattern, {k: tuple(v) for k, v in exact.items()}, {k: tuple(v) for k, v in folded.items()},
                    codes, frozenset(country_tlds), cited, contacts)


#: How far before a web address a citing word is looked for (a footnote's line: `Based on independent tests of
#: in-class scanners, Dec 06. www.lab.de/...` is 70 characters).
CITE_WINDOW = 160
#: Where a line of copy ends: a line break, Akeneo's escaped one, a tag (`<br />`, `<li>`, `<SUP>`).
_LINE_END = re.compile(r"\n|\\n|<[^<>]*>")


def _cited(text: str, start: int, matcher: _Matcher) -> bool:
    """Whether the web address at `start` is cited as a source: a citing word (`citation` in the data file)
    before it in the same line of copy, within `CITE_WINDOW` characters, and no word of contact or commerce
    (`contact`) after that word (`Selon vos besoins, commandez sur www.boutique.fr` is a shop)."""
    if matcher.cites is None:
        return False
    window = text[max(0, start - CITE_WINDOW):start]
    ends = list(_LINE_END.finditer(window))
    if ends:
        window = window[ends[-1].end():]
    cites = [m.end() for m in matcher.cites.finditer(window)]
    if not cites:
        return False
    return matcher.contact is None or matcher.contact.search(window, cites[-1]) is None


@text_memoised(4_096, 2_000_000)
def country_specific(text: str, language: str) -> tuple[Found, ...]:
    """What in `text` (written in `language`, an ISO 639 code) holds in one country only: one `Found`
    per rule, the first match of each, in the order found; () when nothing does. (Memoised: the same
    copy is copied for every market of its language.)"""
    matcher = _matcher(language)
    hits: list[tuple[int, str, str]] = []
    for match in matcher.signs.finditer(text):
        name = match.lastgroup
        if name is None:
            continue
        rule = name.split("_", 1)[0]
        if rule == "currency":
            code = match.group("code") or match.group("code2")
            if code is not None and code not in matcher.codes:
                continue
        elif rule == "domain":
            if (match.group("tld") or match.group("tld2")) not in matcher.tlds:
                continue
            if "@" not in match.group() and _cited(text, match.start(), matcher):
                continue  # a source cited (`laut test.de`), not a shop or contact of the country
        hits.append((match.start(), rule, match.group()))
    # the listed words: which first words the text has at all (a set of its words, made in C), then
    # only those words' patterns searched
    exact, folded = matcher.exact, matcher.folded
    for word in exact.keys() & set(_TOKEN.findall(text)):
        for rule, pattern in exact[word]:
            match = pattern.search(text)
            if match is not None:
                hits.append((match.start(), rule, match.group()))
    for word in folded.keys() & set(_TOKEN.findall(text.casefold())):
        for rule, pattern in folded[word]:
            match = pattern.search(text)
            if match is not None:
                hits.append((match.start(), rule, match.group()))
    found: dict[str, Found] = {}
    for _start, _longest, rule, matched in sorted((h[0], -len(h[2]), h[1], h[2]) for h in hits):
        if rule not in found:
            found[rule] = Found(rule, " ".join(matched.split()))
    return tuple(found.values())
