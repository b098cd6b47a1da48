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
"""

from __future__ import annotations

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


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("localize").joinpath("data/country_specific.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _words(items: list[str]) -> str:
    """An alternation of whole words or phrases, longest first (`MwSt.` before `MwSt`). A phrase's inner
    spaces match any run of spaces; an abbreviation (one word, two capitals or more: `BGB`, `MwSt`, `KvK`)
    matches in its own case only (`Bgb` is no law), other words in any case (the pattern ignores case)."""
    out = []
    for item in sorted(set(items), key=len, reverse=True):
        body = r"\s+".join(re.escape(part) for part in item.split())
        # a word edge only where the item starts or ends with a word character (`zzgl.`, `§`)
        body = (r"(?<!\w)" if item[:1].isalnum() else "") + body + (r"(?!\w)" if item[-1:].isalnum() else "")
        if " " not in item and sum(c.isupper() for c in item) >= 2:
            body = f"(?-i:{body})"
        out.append(body)
    return "|".join(out)


@lru_cache(maxsize=16)
def _pattern(language: str) -> re.Pattern[str]:
    """One pattern for a language, a named group per rule (one pass over a text)."""
    data = _data()
    language = language.lower()

    def per(section: Any) -> list[str]:
        return list(section.get(language) or ()) if isinstance(section, dict) else []

    codes = sorted(set(list_currencies()) - set(data["currency_codes_not"]))
    signs = "|".join(re.escape(s) for s in sorted(data["currency_signs"], key=len, reverse=True))
    money = rf"(?-i:{signs}|\b(?:{'|'.join(codes)})\b)"  # in their own case: `dem`, `sur`, `Std` are words
    amount = r"\d+(?:[.,' \u00a0\u202f]\d{3})*(?:[.,]\d{1,2}|[.,]-)?"
    currency = rf"{money}\s?{amount}|(?<![\w.,]){amount}\s?{money}"
    legal_data = data["legal"]
    articles = "|".join(re.escape(a) for a in legal_data["article"])
    legal = [r"§", rf"(?:{articles})\s?\d{{1,3}}[a-z]?\b(?![.,]\d)", r"\b\d{2,4}/\d{1,4}/(?:EU|EG|EWG|EC|EEC|CE|CEE|UE)\b"]
    abbreviations = per(legal_data["abbreviations"])
    if abbreviations:
        legal.append(_words(abbreviations))
    phrases = per(legal_data["phrases"])
    if phrases:
        legal.append(_words(phrases))
    territories = {c.lower() for c in Locale("en").territories if len(c) == 2 and c.isalpha()} | {"uk", "eu"}
    country_tlds = sorted(territories - set(data["generic_tlds"]))
    tld = rf"(?:co\.|com\.|org\.|net\.|gov\.|ac\.)?(?:{'|'.join(country_tlds)})"
    domain = (rf"(?:https?://|www\.|[\w.+-]+@)[\w-]+(?:\.[\w-]+)*\.{tld}\b"
              # a bare domain in lower case (`shop.de`; `totale.Au` is a sentence run together)
              rf"|(?-i:(?<![\w.@/])[a-z0-9][a-z0-9-]+\.{tld}(?=/|\s|$|[),;:!?]|\.(?:\s|$)))")
    phone_words = per(data["phone_words"])
    phone = r"(?<![\w+])(?:\+\d{1,3}|00\d{1,3}(?=[\s./-]))[\s./-]*(?:\(0\)[\s./-]*)?\d[\d\s./-]{5,16}\d"
    if phone_words:
        phone += rf"|(?:{_words(phone_words)})[:.]?\s*0\d[\d\s./-]{{5,16}}\d"
    rules: dict[str, list[str]] = {"currency": [currency], "legal": legal, "domain": [domain], "phone": [phone]}
    for rule in ("tax", "shipping", "imprint"):
        words = per(data[rule])
        if words:
            rules[rule] = [_words(words)]
    warranty = data["warranty"]
    words, units = per(warranty["words"]), per(warranty["units"])
    if words and units:
        w, u = f"(?:{_words(words)})", f"(?:{_words(units)})"
        gap = r"(?:\W+\w+){0,3}?\W+"
        rules["warranty"] = [rf"{w}{gap}\d{{1,2}}[\s-]*{u}", rf"\d{{1,2}}[\s-]*{u}{gap}{w}"]
    return re.compile("|".join(f"(?P<{rule}>{'|'.join(parts)})" for rule, parts in rules.items()), re.IGNORECASE)


@text_memoised(4_096, 2_000_000)
def country_specific(text: str, language: str) -> tuple[Found, ...]:
    """What in `text` (written in `language`, an ISO 639 code) holds in one country only: one `Found`
    per rule, the first match of each, in the order found; () when nothing does. (Memoised: the same
    copy is copied for every market of its language.)"""
    found: dict[str, Found] = {}
    for match in _pattern(language).finditer(text):
        rule = match.lastgroup
        if rule is not None and rule not in found:
            found[rule] = Found(rule, " ".join(match.group().split()))
    return tuple(found.values())
