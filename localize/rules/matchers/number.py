"""`number`: numbers with a meaning in a market (4 in Chinese, Japanese and Korean sounds
like "death"; 13; 666), where customers see them as counts or prices.

Looks in: counts in text (`4-piece set`, `Set of 4`, `4er-Pack`, `4個セット`, `四件套`), count
attributes (pack size), prices in the market's currency (`4.44`, `13.99`), and, with
`in: [text]`, any standalone occurrence. A `4` inside `14`, `4.5` or a model number `i4`
is not the number 4.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fnmatch import fnmatchcase

from ...memo import TextMemo
from ...model import Finding, format_decimal
from ..folding import Folded, fold, folded, is_spaceless
from ..packs import Rule
from .base import INFLECTIONS, FieldView, Matcher, RecordView, make_finding, words_by_lang

# Words after a number that make it a count of items (folded), per language.
COUNT_AFTER: dict[str, tuple[str, ...]] = {
    "*": ("pcs", "pc", "pieces", "piece", "pack", "set", "count", "ct", "er"),
    "en": ("pcs", "pc", "pieces", "piece", "pack", "packs", "set", "sets", "count", "ct", "pairs", "pair",
           "units", "items", "ply", "bottles", "cans", "capsules", "pods", "tablets"),
    "de": ("stuck", "stk", "teilig", "tlg", "er", "paar", "packung", "pack", "set", "flaschen", "dosen", "kapseln"),
    "fr": ("pieces", "piece", "pcs", "paires", "unites", "bouteilles", "capsules", "set"),
    "es": ("piezas", "unidades", "uds", "pares", "pack"),
    "it": ("pezzi", "pz", "paia", "unita"),
    "zh": ("件套", "件", "个", "個", "只", "支", "套", "盒", "包", "片", "张", "張", "瓶", "双", "雙", "枚", "本", "入", "装", "裝", "粒", "条", "條", "块", "塊",
           "把", "朵", "枝", "束", "对", "對", "碗", "盘", "盤"),
    "ja": ("個入り", "個入", "個", "枚入り", "枚", "本入り", "本", "点", "組", "入り", "入", "箱", "袋", "足", "セット", "パック", "ピース", "粒", "缶", "錠", "p",
           # counters of the goods sold as gift sets: cups and bowls (客), chairs (脚), chopsticks and
           # meal sets (膳), garments (着), books (冊), bunches (束) and dishes (品); not 輪, which also
           # counts wheels (四輪ワゴン)
           "客", "脚", "膳", "着", "冊", "束", "品"),
    "ko": ("개입", "개", "세트", "팩", "매", "장", "병", "켤레", "피스", "입", "구", "p",
           # sets of cutlery or clothes (벌), flowers (송이), bowls (그릇), pens and knives (자루); Korean and
           # Japanese catalogues abbreviate "pieces" to a Latin P (`머그컵 4P 세트`, `4Pセット`)
           "벌", "송이", "그릇", "자루"),
}
# Classifiers that count anything (Chinese 个, Korean 개, Japanese 個): `4个HDMI接口`, `HDMI 단자 4개`
# count a product's ports, not the items sold. Outside the product's name they make a count only
# when a set word follows (`4个装`, `4個セット`, `4개입 세트`); in the name they always do.
GENERIC_COUNTERS = frozenset({"个", "個", "개"})
SET_WORDS = ("装", "裝", "套", "盒", "入", "セット", "組", "パック", "세트", "입", "팩", "set", "pack")
TITLE_FIELDS = frozenset({"name", "title"})
# Words before a number that make it a count (folded).
COUNT_BEFORE: dict[str, tuple[str, ...]] = {
    "*": (),
    "en": ("set of", "pack of", "box of", "case of", "lot of", "bundle of", "pair of", "kit of"),
    "de": ("set mit", "packung mit", "satz", "karton mit", "set aus"),
    "fr": ("lot de", "set de", "boite de", "paquet de", "coffret de", "pack de"),
    "es": ("paquete de", "juego de", "set de", "caja de", "pack de"),
    "it": ("confezione da", "set da", "pacco da", "kit da"),
}
COUNT_ATTRIBUTES = ("pack_size", "*pack_size*", "*packsize*", "pieces", "*_pieces", "number_of_*", "*_count",
                    "count", "set_size", "*units_per*", "*quantity_per*", "pack_quantity", "pieces_per_*")
DEFAULT_IN = ("count", "price", "attribute")


@dataclass
class NumberState:
    numbers: tuple[int, ...]
    where: frozenset[str]
    price_match: tuple[str, ...]
    count_attributes: tuple[str, ...]
    numerals: dict[str, list[str]]
    extra_words: dict[str, list[str]]
    text_re: re.Pattern[str]
    count_re: dict[str, re.Pattern[str]] = field(default_factory=dict)
    count_reach: dict[str, int] = field(default_factory=dict)  # how far before its number a count match may start
    # whether no count match has a digit, `.` or `,` right before its number (see `finditer_near`)
    count_alone: dict[str, bool] = field(default_factory=dict)

    # per text and language; bounded by characters too (long copy), see `localize.memo`
    cache: TextMemo[list[tuple[int, int]]] = field(default_factory=lambda: TextMemo(20_000, 2_000_000))
    literal_cache: dict[str, list[str]] = field(default_factory=dict)
    counted: TextMemo[bool] = field(default_factory=lambda: TextMemo(10_000, 1_000_000))  # attribute code -> a count attribute?
    priced: TextMemo[bool] = field(default_factory=lambda: TextMemo(10_000, 10_000))  # amount -> `_price_matches` (see `price_reads`)

    def price_reads(self, amount: Decimal) -> bool:
        """`_price_matches`, once per distinct amount: a catalogue has a few thousand price points and
        every record of every market asks (a function of the amount's value alone)."""
        if not amount.is_finite():
            return _price_matches(amount, self)
        hit = self.priced.get(amount)
        if hit is None:
            hit = self.priced.put(amount, _price_matches(amount, self), 1)
        return hit

    def counts(self, code: str) -> bool:
        """Whether an attribute code matches one of `count_attributes`, once per code: every
        record of a catalogue asks for each of its number fields."""
        hit = self.counted.get(code)
        if hit is None:
            hit = self.counted.put(code, any(fnmatchcase(code, p) for p in self.count_attributes))
        return hit

    def spans(self, ftext: Folded, lang: str, title: bool = True) -> list[tuple[int, int]]:
        """Original-text spans of the rule's numbers in `ftext` (memoised per text, language and
        whether the text is the product's name: see `GENERIC_COUNTERS`)."""
        key = (ftext.text, lang, title)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        spans: list[tuple[int, int]] = []
        low = ftext.folded
        if "text" in self.where:
            spans.extend(m.span() for m in finditer_near(self.text_re, low, self.literals(lang), 0, True, True))
        if "count" in self.where:
            regex = self.count_regex(lang)
            for m in finditer_near(regex, low, self.literals(lang), self.count_reach.get(lang, -1),
                                   self.count_alone.get(lang, False), True):
                post = m.group("post")
                if post is not None and not _tail_ok(post, m.group("tail"), lang):
                    continue
                if (not title and post in GENERIC_COUNTERS
                        and not m.group("tail").lstrip().startswith(SET_WORDS)):
                    continue  # 4个HDMI接口: a feature counted in the description
                if post is not None and is_spaceless(post[-1]):
                    spans.append((m.start(), m.start("tail")))  # 4枚 in 4枚セット: the count, not the next word
                else:
                    spans.append(m.span())
        out: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            o_start, o_end = ftext.span(start, end)
            if any(s <= o_start and o_end <= e for s, e in out):
                continue
            out.append((o_start, o_end))
        return self.cache.put(key, out, len(ftext.text) + 1)

    def literals(self, lang: str) -> list[str]:
        lits = self.literal_cache.get(lang)
        if lits is None:
            lits = [str(n) for n in self.numbers] + [fold(w) for w in self.numerals.get(lang, []) + self.numerals.get("*", [])]
            self.literal_cache[lang] = lits
        return lits

    def count_regex(self, lang: str) -> re.Pattern[str]:
        regex = self.count_re.get(lang)
        if regex is None:
            regex, self.count_reach[lang], self.count_alone[lang] = _count_regex(self, lang)
            self.count_re[lang] = regex
        return regex


def finditer_near(regex: re.Pattern[str], text: str, literals: Sequence[str], reach: int,
                  alone_before: bool = False, alone_after: bool = False) -> Iterator[re.Match[str]]:
    """`regex.finditer(text)` for a regex every match of which contains one of `literals` (a
    rule's numbers and numerals) starting at most `reach` characters after the match's own start:
    only those positions are tried (Python's `re` cannot skip ahead over a leading lookbehind,
    so `finditer` tries every position of a long description). Same matches, in the same order;
    `reach` < 0 (unknown), an empty literal or a text dense with literals uses `finditer`.

    `alone_before` / `alone_after`: in every match, that literal has no digit, `.` or `,` right
    before it / no digit nor `.`/`,` and a digit right after it (the number rules' regexes
    say so), so an occurrence inside a longer number (the 4 of `model-12345`) is no place to try."""
    if reach < 0 or not all(literals):
        yield from regex.finditer(text)
        return
    starts: set[int] = set()
    n = len(text)
    for lit in literals:
        k = text.find(lit)
        while k >= 0:
            if alone_before and k and (text[k - 1] in ".," or text[k - 1].isdecimal()):
                k = text.find(lit, k + 1)
                continue
            e = k + len(lit)
            if alone_after and e < n and (text[e].isdecimal() or (text[e] in ".," and e + 1 < n and text[e + 1].isdecimal())):
                k = text.find(lit, k + 1)
                continue
            starts.update(range(max(0, k - reach), k + 1))
            k = text.find(lit, k + 1)
    if not starts:
        return
    if len(starts) * 4 > len(text):
        yield from regex.finditer(text)
        return
    end = 0
    for pos in sorted(starts):
        if pos < end:
            continue
        m = regex.match(text, pos)
        if m is not None and m.end() > pos:  # the regexes here never match empty text
            yield m
            end = m.end()


def _count_regex(state: NumberState, lang: str) -> tuple[re.Pattern[str], int, bool]:
    """The count regex of a language, how far before its number a match may start, and whether
    its number never follows a digit, `.` or `,` (`(?<![\\d.,])` after a number, and count
    words before it that end in a letter)."""
    nums = [str(n) for n in state.numbers] + [fold(w) for w in state.numerals.get(lang, []) + state.numerals.get("*", [])]
    num = "|".join(re.escape(n) for n in sorted(set(nums), key=len, reverse=True))
    after = set(COUNT_AFTER["*"]) | set(COUNT_AFTER.get(lang, ())) | {
        fold(w) for w in state.extra_words.get(lang, []) + state.extra_words.get("*", [])}
    before = set(COUNT_BEFORE["*"]) | set(COUNT_BEFORE.get(lang, ()))
    after_alt = "|".join(re.escape(w) for w in sorted(after, key=len, reverse=True))
    before_alt = "|".join(re.escape(w) for w in sorted(before, key=len, reverse=True))
    post = rf"(?:(?<![\d.,])(?P<n2>{num})(?![\d]|[.,]\d)\s?[-\u2010]?\s?(?P<post>{after_alt})(?P<tail>\w*))"
    if not before_alt:
        return re.compile(post), 0, True
    # a match starts at its number, or at a count word before it (`set of 4`): the word and one space
    reach = max(len(w) for w in before) + 1
    alone = all(not (w[-1] in ".," or w[-1].isdecimal()) for w in before)
    return re.compile(rf"(?:(?<![^\W\d_])(?:{before_alt})\s?(?P<n1>{num})(?![\d]|[.,]\d))|" + post), reach, alone


class NumberMatcher(Matcher):
    kind = "number"
    code = "sensitive-number"

    def prepare(self, rule: Rule) -> NumberState:
        numbers = tuple(rule.spec["numbers"])
        alt = "|".join(str(n) for n in sorted(numbers, key=lambda n: -len(str(n))))
        return NumberState(
            numbers=numbers,
            where=frozenset(rule.spec.get("in", DEFAULT_IN)),
            price_match=tuple(rule.spec.get("price_match", ("whole", "repeated"))),
            count_attributes=tuple(rule.spec.get("count_attributes", COUNT_ATTRIBUTES)),
            numerals=_by_lang(rule.spec.get("numerals")),
            extra_words=_by_lang(rule.spec.get("count_words")),
            text_re=re.compile(rf"(?<![\d.,])(?:{alt})(?![\d]|[.,]\d)"),
        )

    def scan_text(self, rule: Rule, state: NumberState, text: str, lang: str, fv: FieldView,
                  view: RecordView, locale: str) -> Sequence[Finding]:
        if not text:
            return ()
        ftext = folded(text)
        low = ftext.folded
        if not any(lit in low for lit in state.literals(lang)):
            return ()
        return [make_finding(rule, self.code, view, field_code=fv.code, locale=locale, matched=text[start:end],
                             span=(start, end)) for start, end in state.spans(ftext, lang, fv.code in TITLE_FIELDS)]

    def check_record(self, rule: Rule, state: NumberState, view: RecordView) -> Iterable[Finding]:
        currency = view.market.currency
        for code, fv in view.fields.items():
            if not fv.prices and fv.number is None:
                continue  # text: `scan_text` looks at it
            if not rule.applies_to_field(code) and not fv.prices:
                continue
            if "price" in state.where:
                for money in fv.prices:
                    if money.currency == currency and state.price_reads(money.amount):
                        yield make_finding(rule, self.code, view, field_code=code, locale=None,
                                           matched=f"{format_decimal(money.amount)} {money.currency}")
            if "attribute" in state.where and fv.number is not None:
                if state.counts(code) and fv.number in state.numbers:
                    yield make_finding(rule, self.code, view, field_code=code, locale=None,
                                       matched=format_decimal(fv.number))


def _tail_ok(post: str, tail: str, lang: str) -> bool:
    if not tail or is_spaceless(post[-1]):
        return True
    if lang in ("de", "nl", "sv", "da", "nb", "fi"):
        return True  # 4er-Pack, 4erpack, 4-teiliges
    return tail in INFLECTIONS.get(lang, ("s", "es"))


def _price_matches(amount: Decimal, state: NumberState) -> bool:
    """Does a price read as the number? Digits as a customer sees them: 6.66 and 666.00 read as 666,
    44.00 and 4.44 as 4s; 66.60 does not read as 666."""
    whole = int(amount)
    cents = int((abs(amount) * 100) % 100)
    plain = str(abs(whole)) if cents == 0 else f"{abs(whole)}{cents:02d}".lstrip("0")
    for n in state.numbers:
        s = str(n)
        if "whole" in state.price_match and whole == n:
            return True
        if "repeated" in state.price_match and plain and len(plain) % len(s) == 0 and plain == s * (len(plain) // len(s)):
            return True
        if "contains" in state.price_match and s in plain:
            return True
    return False


def _by_lang(words: object) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for lang, word in words_by_lang(words):
        out.setdefault(lang, []).append(word)
    return out
