"""Unsafe markup from the PIM never reaches a feed as markup.

Product copy in a PIM is HTML written by many hands (and pasted from anywhere): a `<script>`, an
`onclick=` handler, a `javascript:` link, an `<iframe>` or a `<style>` in a description would run
in every shop that renders the feed. Every string a run publishes goes through `sanitize` with an
allow list (`MarkupPolicy`): tags, attributes per tag and URL schemes. The cleaning itself is
done by nh3 (Python bindings of the Rust `ammonia` crate: an html5ever parser, so malformed and
nested tricks are parsed as a browser would); this module only decides the policy and reports,
in words a reviewer reads, what was removed.

What was removed is found by comparing the elements and attributes of the input with those of
nh3's output, so whatever nh3 removes is reported. Text that nh3 does not change in structure is
kept byte for byte (nh3 would re-escape `Tom & Jerry` as `Tom &amp; Jerry`). Markup hidden behind
character references (`&lt;script&gt;`, `&amp;lt;script&amp;gt;`) turns into markup as soon as a
consumer decodes it (Google's plain-text fields, a CSV opened in a shop backend), so each decoded
level is checked too, and cleaned when it holds unsafe markup.

Terminal escape sequences (ESC, CSI) are removed too, as unsafe: they act on the terminal of
whoever reads a CSV sheet with `cat` or `less -R`.

A value that is as a whole a `javascript:`, `vbscript:` or `data:<type>` URL (an image or link
attribute holding one) is removed too: a shop puts such a value into an `src` or `href`.

`unsafe` removals (script, style, frames, objects, forms, SVG/MathML, event handlers, URLs with
schemes such as `javascript:` or `data:`) are `unsafe-markup` findings (review); tags that are
merely not on the allow list (`<font>`) are `markup-removed` (info).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, NamedTuple
from urllib.parse import unquote

import nh3

from .memo import TextMemo

#: Tags product copy uses: structure, lists, emphasis, tables, links and images.
DEFAULT_TAGS = frozenset({
    "p", "br", "hr", "div", "span", "ul", "ol", "li", "dl", "dt", "dd", "strong", "b", "em", "i", "u", "s",
    "small", "sup", "sub", "mark", "abbr", "code", "pre", "blockquote", "q", "cite",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "colgroup", "col", "a", "img", "figure", "figcaption",
})
DEFAULT_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"title", "lang", "dir", "class", "style"}),
    "a": frozenset({"href", "hreflang", "target"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope"}),
    "col": frozenset({"span"}),
    "ol": frozenset({"start", "type"}),
}
DEFAULT_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: CSS properties kept in `style` attributes (PIM copy styles text; other properties are dropped).
DEFAULT_STYLE_PROPERTIES = frozenset({
    "color", "background-color", "font-size", "font-weight", "font-style", "font-family", "text-decoration",
    "text-align", "vertical-align", "width", "height", "max-width", "margin", "margin-left", "margin-right",
    "margin-top", "margin-bottom", "padding", "padding-left", "padding-right", "padding-top", "padding-bottom",
    "list-style-type", "border", "border-collapse", "line-height", "white-space",
})
_STYLE_THREATS = ("expression", "url(", "javascript", "vbscript", "behavior", "binding", "@import", "\\")
#: Elements removed with everything inside them (their content is code, not copy).
CONTENT_TAGS = frozenset({"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg",
                          "math", "noscript", "template", "noembed", "noframes", "xmp", "title", "textarea",
                          "select", "head"})
#: Removing one of these is a security finding (review), not a matter of style.
UNSAFE_TAGS = CONTENT_TAGS | frozenset({"form", "input", "button", "link", "meta", "base", "option", "html",
                                        "body", "portal", "dialog", "image", "use", "animate", "set"})
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "background", "poster",
                             "srcset", "data", "codebase", "cite", "longdesc", "lowsrc", "dynsrc"})
_UNSAFE_ATTRIBUTES = frozenset({"srcdoc", "formaction", "xlink:href", "http-equiv", "srcset"})
_MAX_LEVELS = 3


@dataclass(frozen=True)
class MarkupPolicy:
    """An allow list: tags, attributes per tag (`*` for every tag) and URL schemes."""

    tags: frozenset[str] = DEFAULT_TAGS
    attributes: Mapping[str, frozenset[str]] = field(default_factory=lambda: dict(DEFAULT_ATTRIBUTES))
    url_schemes: frozenset[str] = DEFAULT_URL_SCHEMES
    style_properties: frozenset[str] = DEFAULT_STYLE_PROPERTIES

    def key(self) -> tuple[Any, ...]:
        return (tuple(sorted(self.tags)), tuple(sorted((k, tuple(sorted(v))) for k, v in self.attributes.items())),
                tuple(sorted(self.url_schemes)), tuple(sorted(self.style_properties)))


class Sanitized(NamedTuple):
    text: str
    removed: tuple[str, ...]  # what was removed, as a reviewer reads it (`<script>`, `onclick=`)
    unsafe: bool  # some removal is a security matter

    @property
    def changed(self) -> bool:
        return bool(self.removed)


_NOT_SEEN = Sanitized("", (), False)


def policy_from_config(section: Mapping[str, Any] | None, base: MarkupPolicy | None = None) -> MarkupPolicy:
    """`outputs.markup` (or one format's entry under `outputs.markup.formats`): `tags`,
    `attributes` ({tag: [names]}) and `url_schemes`; each replaces the base's list when given,
    `allow_tags`/`deny_tags` add to or take from it."""
    base = base or MarkupPolicy()
    section = section or {}
    tags = frozenset(t.lower() for t in section["tags"]) if "tags" in section else base.tags
    tags = (tags | frozenset(t.lower() for t in section.get("allow_tags") or ())) - frozenset(
        t.lower() for t in section.get("deny_tags") or ())
    tags -= CONTENT_TAGS  # never allowed, whatever the config says
    if "attributes" in section:
        attributes = {k.lower(): frozenset(a.lower() for a in v) for k, v in (section["attributes"] or {}).items()}
    else:
        attributes = dict(base.attributes)
    attributes = {k: frozenset(a for a in v if not a.startswith("on") and a not in _UNSAFE_ATTRIBUTES)
                  for k, v in attributes.items()}
    schemes = frozenset(s.lower().rstrip(":") for s in section["url_schemes"]) if "url_schemes" in section \
        else base.url_schemes
    schemes -= {"javascript", "vbscript", "data", "file"}
    styles = frozenset(p.lower() for p in section["style_properties"]) if "style_properties" in section \
        else base.style_properties
    return MarkupPolicy(tags, attributes, schemes, styles)


class Cleaner:
    """`sanitize` under one policy, once per distinct text with markup.

    Copy repeats across products, markets and stages (the markup stages before and after
    translation, the QA check of the published values): each distinct text is judged once,
    remembered by a digest (the text itself may be long), and only what changed something is
    kept in full. Bounded: cleared when `size` texts are remembered or the changed texts kept
    reach `chars` characters (long copy).
    """

    def __init__(self, policy: MarkupPolicy, size: int = 100_000, chars: int = 8_000_000) -> None:
        self.policy = policy
        self.size = size
        # digest -> the cleaned text when it changed, else None; weight: what the entry keeps alive
        self._seen: TextMemo[Sanitized | None] = TextMemo(size, chars)
        # In front of it, the texts themselves (their hash is kept by the string): the same copy is
        # cleaned by both markup stages and QA, for every market, within a batch. Small and bounded
        # by characters, so only recent texts are kept alive; a miss falls back to the digest memo.
        self._recent: TextMemo[Sanitized] = TextMemo(8_192, 4_000_000)

    def __len__(self) -> int:
        return len(self._seen)

    def clean(self, text: str) -> Sanitized:
        if not may_change(text):
            return Sanitized(text, (), False)  # nothing to clean (sanitize's own first answer)
        recent = self._recent.get(text)
        if recent is not None:
            return recent
        key = hashlib.blake2b(text.encode(), digest_size=16).digest()
        seen = self._seen
        hit = seen.lookup(key, _NOT_SEEN)
        if hit is _NOT_SEEN:
            result = sanitize(text, self.policy)
            hit = result if result.removed or result.unsafe else None
            seen.put(key, hit, 16 + (len(result.text) + sum(map(len, result.removed)) if hit is not None else 0))
        answer = hit if hit is not None else Sanitized(text, (), False)
        self._recent.put(text, answer, len(text) + (len(answer.text) if hit is not None else 0))
        return answer


def cleaner(policy: MarkupPolicy) -> Cleaner:
    """The run-wide `Cleaner` of a policy (equal policies share one)."""
    key = policy.key()
    found = _CLEANERS.get(key)
    if found is None:
        found = _CLEANERS.put(key, Cleaner(policy), 1)
    return found


_CLEANERS: TextMemo[Cleaner] = TextMemo(16, 16)  # a run has a policy or two: bounded by entries


def sanitize(text: str, policy: MarkupPolicy) -> Sanitized:
    """`text` with everything `policy` does not allow removed, and what was removed.

    Removing an element joins the text around it: `<scr<script>…</script>ipt>` leaves `&lt;script&gt;`,
    which is a `<script>` for any consumer that decodes the text once more (Google's plain-text
    fields, a shop that stores decoded copy). What the cleaning published is therefore cleaned again
    until nothing changes, and a bare tag in it is read as the author's mention of an element only
    when the author wrote that mention (`explains &lt;script&gt; elements`), not when the removal
    made it."""
    result = _sanitize(text, policy, None)
    mentions: frozenset[str] | None = None
    for _ in range(_MAX_LEVELS):
        current, added = result.text, None
        if result.removed and may_change(current):
            mentions = _mentions(text) if mentions is None else mentions
            again = _sanitize(current, policy, mentions)
            if again.removed:
                added = (*(("markup the removal joined into a tag",) if again.unsafe else ()), *again.removed)
                current = again.text
        if added is None and _may_become_tag(current):
            tagless = html.unescape(_TAGLESS(current))
            if "<" in tagless or "&" in tagless:
                mentions = _mentions(text) if mentions is None else mentions
                inner = _sanitize(_mentioned_elements(tagless, mentions), policy, mentions)  # a decoded level
                if inner.unsafe:
                    added = ("text that becomes a tag once the tags around it are removed", *inner.removed)
                    current = html.escape(inner.text, quote=False)
        if added is None:
            break
        result = Sanitized(current, tuple(dict.fromkeys((*result.removed, *added))), True)
    return result


# Text that a consumer stripping the tags (Google's plain-text fields, a shop's meta description)
# turns into a tag: `&lt;scr<b>ipt&gt;`, `<<b>img src=x onerror=…>` or `&l<b></b>t;script>` shows no
# element in a browser but becomes `<script>` / `<img onerror=…>` once `<b>` is dropped. Only a text
# with an escaped `<`, a `<` that starts no tag or a tag inside a character reference can do that (one
# search each, starting with a literal, which re scans for fast: one alternation was ~10x slower on
# long descriptions; nh3 reads the rest).
_TEXT_LT = re.compile(r"<(?![A-Za-z/!?])")
_REF_LT = re.compile(r"&(?:[lL][tT]|#0*60|#[xX]0*3[cC]|[#A-Za-z0-9]*<)")


def _may_become_tag(text: str) -> bool:
    return _TEXT_LT.search(text) is not None or ("&" in text and _REF_LT.search(text) is not None)
_TAGLESS = nh3.Cleaner(tags=set(), attributes={}, strip_comments=True).clean if hasattr(nh3, "Cleaner") \
    else (lambda text: nh3.clean(text, tags=set(), attributes={}))


def _mentions(text: str) -> frozenset[str]:
    """The element names `text` mentions as bare start tags with no end tag, at any decoded level."""
    found: set[str] = set()
    for _ in range(_MAX_LEVELS + 1):
        for match in _BARE_START.finditer(text):
            if not re.search(rf"</\s*{re.escape(match.group(1))}\b", text[match.end():], re.I):
                found.add(match.group(1).lower())
        if "&" not in text:
            break
        text = html.unescape(text)
    return frozenset(found)


def _sanitize(text: str, policy: MarkupPolicy, mentions: frozenset[str] | None) -> Sanitized:
    """One cleaning pass (`mentions`: the bare tags read as prose; None: every bare tag)."""
    if "\x1b" in text or "\x9b" in text:
        inner = _sanitize(_TERMINAL_SEQUENCE.sub("", text), policy, mentions)
        return Sanitized(inner.text, ("a terminal escape sequence (ESC)", *inner.removed), True)
    if ":" in text and _is_script_url(text):
        return _script_url_value(text, "")
    if "<" not in text and "&" not in text:
        return Sanitized(text, (), False)
    removed: list[str] = []
    unsafe = False
    current = text
    if "<" in current:
        closed = closed_names(current)
        current = _LITERAL_LT.sub(lambda m: _escape_literal(m, closed), current)
        if current != text:
            removed.append("“<” used as text (escaped)")
        current, items, bad = _clean_level(current, policy)
        removed += items
        unsafe |= bad
    decoded = current
    for _ in range(_MAX_LEVELS):
        if "&" not in decoded:
            break
        previous, decoded = decoded, html.unescape(decoded)
        if decoded == previous:
            break
        if ":" in decoded and _is_script_url(decoded):  # `&#106;avascript:…`, `javascript:&#32;…`
            return _script_url_value(decoded, " (written as character references)")
        decoded = _LITERAL_LT.sub(_escape_literal, decoded)  # `&lt;US$600` stays text one level down
        decoded = _mentioned_elements(decoded, mentions)  # `explains &lt;script&gt; elements`: prose about HTML
        if "<" not in decoded:
            continue  # `&amp;lt;` decodes to `&lt;`: look one level further
        cleaned, items, bad = _clean_level(decoded, policy)
        if not bad:
            break  # `&lt;3` or an encoded `<b>`: harmless text
        removed += [f"{item} (written as character references)" for item in items]
        unsafe = True
        current = cleaned
    return Sanitized(current if removed else text, tuple(dict.fromkeys(removed)), unsafe)


def _letters(word: str) -> str:
    return "".join(f"[{c}{c.upper()}][\t\n\r]*" for c in word)


# A value that is as a whole a URL that runs script or carries a document, as a browser reads it (the
# WHATWG URL parser drops leading spaces and C0 controls and ignores tabs and line breaks anywhere; a
# `javascript:` URL's body is percent-decoded and run as a script, whose leading whitespace, a space
# after the colon too, means nothing): an image or link attribute `javascript:alert(1)` or
# `javascript: alert(1)` ends up in an `src`/`href` of every shop that renders it. `data:` only with a
# media type (`data:text/html,…`, also `data: text/html,…`: the media type is trimmed; `Data: 5 GB` is
# copy). What follows `javascript:` and a space is prose only when it cannot run (`_PROSE`).
_SCRIPT_URL = re.compile("[\x00-\x20\x7f]*(?:(?:(" + _letters("javascript") + ")|" + _letters("vbscript") + "):|"
                         + _letters("data") + ":(?:[\t\n\r]*[A-Za-z]+/[A-Za-z0-9.+-]+|\\s+[A-Za-z]+/[A-Za-z0-9.+-]+\\s*[;,]))")

# `JavaScript: The Good Parts`, `JavaScript: kurz erklärt`: two words with only spaces between them (no
# line break, so no automatic semicolon) at the start of a script are a syntax error in every browser
# unless the first is a keyword (`new Image`, `void 0`, `typeof x`): a script that does not parse runs
# nothing, so such a value is a title, not a URL. Anything else after `javascript:` (a call, an
# assignment, one word, a line break) may run. VBScript (`msgbox 1` is a call) has no such reading.
_PROSE = re.compile(r"[\s\ufeff]*([^\W\d_]+)[ \t\u00a0]+[^\W\d_]")
_JS_KEYWORDS = frozenset(
    "await async break case catch class const continue debugger default delete do else enum export extends "
    "false finally for function get if implements import in instanceof interface let new null of package "
    "private protected public return set static super switch this throw true try typeof var void while "
    "with yield".split())


def _is_script_url(text: str) -> bool:
    """True when `text` as a whole is a URL a browser runs as a script or opens as a document."""
    found = _SCRIPT_URL.match(text)
    if found is None:
        return False
    if found.group(1) is None:
        return True  # vbscript: or data:<type>
    rest = text[found.end():]
    if not rest or not (rest[0].isspace() or rest[0] == "\ufeff" or rest[0] == "%"):
        return True  # `javascript:alert(1)`: no copy is written that way
    prose = _PROSE.match(unquote(rest))
    return prose is None or prose.group(1) in _JS_KEYWORDS


# ESC (U+001B) and its one-character form CSI (U+009B) start the sequences a terminal acts on
# (colours, cursor moves, clearing the screen, OSC 8 hyperlinks, window titles): copy that holds one
# reaches whoever `cat`s a CSV sheet or a shop import file. No product copy needs them; each
# sequence is removed whole (CSI with its parameters, OSC up to its terminator, else ESC and the
# character after it).
_TERMINAL_SEQUENCE = re.compile("(?:\x1b\\[|\x9b)[0-?]*[ -/]*[@-~]?|\x1b\\][^\x07\x1b]*(?:\x07|\x1b\\\\)?|\x1b[ -~]?")



def may_change(text: str) -> bool:
    """True when `sanitize` may change `text`: it holds `<` or `&`, a terminal escape (ESC, CSI), or is
    as a whole a script URL. Every stage and check asks this before cleaning (most copy holds none of
    them: a few substring tests, no regex unless there is a colon)."""
    return ("<" in text or "&" in text or "\x1b" in text or "\x9b" in text
            or (":" in text and _SCRIPT_URL.match(text) is not None))  # may: `_is_script_url` decides


def _script_url_value(text: str, how: str) -> Sanitized:
    """A whole value that is a script URL: removed (nothing of it is copy)."""
    scheme = "".join(ch for ch in text[:40] if ch > " " and ch != "\x7f").split(":", 1)[0].lower()
    return Sanitized("", (f'a "{scheme}:" URL as the whole value{how}',), True)


# `<US$600`, `<USD600 (<USD700 in India)`: a `<` a browser would read as the start of a tag that
# no HTML element has and that carries no attributes: the author meant the character.
_LITERAL_LT = re.compile(r"<(?=([A-Za-z][^\s/>]*)([^>]*))")
_ELEMENT_NAME = re.compile(r"[a-z][a-z0-9]*(?:[-:][a-z0-9]+)*")


# A bare start tag (no attributes) with no end tag after it: `Chapter 3 explains <script> and
# <iframe> elements.` Only decoded levels (text written as character references) are read this
# way: such a tag loads nothing (no src, no handler) and no content of its own follows it, so a
# consumer that decodes the text shows the words; a tag with attributes or with its end tag
# (`&lt;script&gt;alert(1)&lt;/script&gt;`) is still markup and still cleaned.
_BARE_START = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\s*>")


def _mentioned_elements(text: str, mentions: frozenset[str] | None = None) -> str:
    def mention(match: re.Match[str]) -> str:
        if mentions is not None and match.group(1).lower() not in mentions:
            return match.group(0)  # made by a removal, not written by the author: markup
        end = re.compile(rf"</\s*{re.escape(match.group(1))}\b", re.I)
        return match.group(0) if end.search(text, match.end()) else "&lt;" + match.group(0)[1:]
    return _BARE_START.sub(mention, text)


def written_as_text(name: str, rest: str, closed: Collection[str] | None = None) -> bool:
    """Whether `<` + `name` + `rest` (up to the next `>`) is text its author wrote (`Größe <XL>`, `<US$600`,
    `<USD600 (<USD700 in India)`), not markup: no element HTML knows, no attribute, no custom element's
    name (`<b>`, Word's `<o:p>`, `<x$ onerror=...>` are markup). The one reading of a bare `<` + letter: the
    sanitizer escapes such text, QA's tag and number views read it as text. `closed`: the element names the
    text has an end tag of (None: not known); a bare start tag written in capitals of a phrasing element that
    only its end tag closes (`<S>`, `<B>`, `<I>`: `_NEEDS_END`) with none in the text is text too (`Größe <S>`,
    `Sizes <S>, <M>, <L>`, grade `<B>`): as markup it would strike through or embolden all the rest of the copy,
    which no author means. In lower case (`<b>` left open in a cut description) it stays markup."""
    written, name = name, name.lower()
    if name in _KNOWN_HTML:
        return closed is not None and written.isupper() and name in _NEEDS_END and not rest.strip() \
            and name not in closed
    return not ("=" in rest or ((":" in name or "-" in name) and _ELEMENT_NAME.fullmatch(name)))


def may_hold_text_tag(text: str) -> bool:
    """False when no `<` + letter in `text` can be `written_as_text`: every one starts an element HTML knows
    (`<p>`, `<B>`, `</li>`) and each phrasing one (`_NEEDS_END`) has an end tag. One scan in C (copy with
    markup is mostly such tags), so readers of markup call `written_as_text` per tag only for a text that has
    another name (`Größe <XL>`, Word's `<o:p>`) or an unclosed `<S>`: the names are found in C, each distinct
    one looked up once."""
    if "<" not in text:
        return False
    names = set(_START_NAME.findall(text))
    if any(name.lower() not in _KNOWN_HTML for name in names):
        return True
    capitals = {name.lower() for name in names if name.isupper()} & _NEEDS_END
    return bool(capitals) and bool(capitals - closed_names(text))


def closed_names(text: str) -> frozenset[str]:
    """The element names `text` has an end tag of (`</b>`, `</ S>`), lower case."""
    return frozenset(name.lower() for name in _END_NAME.findall(text)) if "</" in text else frozenset()


def _escape_literal(match: re.Match[str], closed: frozenset[str] | None = None) -> str:
    if not written_as_text(match.group(1), match.group(2), closed):
        return "<"  # an element (`<b>`, Word's `<o:p>`), or a tag with attributes (`<x$ onerror=...>`)
    return "&lt;"  # `<US$600`, `<USD600 (<USD700 in India)`, `Größe <S>`: text


def _nh3_options(policy: MarkupPolicy) -> dict[str, Any]:
    """What nh3 (ammonia) is told for `policy`."""
    return {
        "tags": set(policy.tags),
        "clean_content_tags": set(CONTENT_TAGS),
        "attributes": {k: set(v) for k, v in policy.attributes.items()},
        "attribute_filter": _drop_threatening_style,
        "filter_style_properties": set(policy.style_properties),
        "url_schemes": set(policy.url_schemes),
        "link_rel": None,
        "strip_comments": True,
    }


def _nh3_clean(policy: MarkupPolicy) -> Any:
    """`nh3.clean` with `policy`'s options, as one `nh3.Cleaner` built once per policy: `nh3.clean`
    builds its sanitizer anew on every call (~300 µs, most of a typical product description's
    cleaning; the built one cleans it in ~40 µs). nh3 before `Cleaner` (0.2.18): `nh3.clean`."""
    found = _NH3_CLEANERS.get(id(policy))
    if found is not None and found[0] is policy:
        return found[1]
    options = _nh3_options(policy)
    built = getattr(nh3, "Cleaner", None)
    if built is not None:
        clean = built(**options).clean
    else:  # pragma: no cover - older nh3

        def clean(text: str) -> str:
            return nh3.clean(text, **options)  # type: ignore[no-any-return]

    if len(_NH3_CLEANERS) >= 16:
        _NH3_CLEANERS.clear()
    _NH3_CLEANERS[id(policy)] = (policy, clean)
    return clean


#: id(policy) -> (policy, its cleaning function); the policy is kept so its id is not reused meanwhile
_NH3_CLEANERS: dict[int, tuple[MarkupPolicy, Any]] = {}


def _clean_level(text: str, policy: MarkupPolicy) -> tuple[str, list[str], bool]:
    cleaned = _nh3_clean(policy)(text)
    if cleaned == text:
        return text, [], False  # nh3 kept every byte: nothing removed (the common case; no parse needed)
    try:
        before, after = _structure(text), _structure(cleaned)
    except AssertionError:
        # Python's HTMLParser gives up on some declarations a browser reads as a bogus comment
        # (`<![ 5 ]`, `<![<`): it raised out of the run (a bug exit). nh3 parsed it as a browser
        # does: its output stands, and the text is named as markup that could not be parsed.
        return cleaned, ["markup that could not be parsed as written"], True
    if before == after:
        return text, [], False
    removed: list[str] = []
    unsafe = False
    gone_tags = before.tags - after.tags
    for tag in sorted(gone_tags):
        removed.append(f"<{tag}>" + (" with its content" if tag in CONTENT_TAGS else ""))
        unsafe |= tag in UNSAFE_TAGS or tag not in _KNOWN_HTML
    for tag, name, value in sorted(before.attributes - after.attributes):
        if tag in gone_tags:
            continue
        scheme = _scheme(value) if name in _URL_ATTRIBUTES else None
        if scheme and scheme not in policy.url_schemes:
            removed.append(f'{name}="{scheme}:…" on <{tag}>')
            unsafe = True
        elif name == "style":
            if _style_threat(value):
                removed.append(f"style= with {_style_threat(value)} on <{tag}>")
                unsafe = True
            elif not any(t == tag and n == "style" for t, n, _ in after.attributes):
                removed.append(f"style= on <{tag}>")
            else:
                removed.append(f"CSS properties of style= on <{tag}>")
        else:
            removed.append(f"{name}= on <{tag}>")
            unsafe |= name.startswith("on") or name in _UNSAFE_ATTRIBUTES
    if before.comments > after.comments:
        removed.append("HTML comment")
    if not removed:
        if before.text != after.text:
            removed.append("markup that could not be parsed as written")
            unsafe = True
        else:
            removed.append("markup the allow list does not keep")
    return cleaned, removed, unsafe


def _style_threat(value: str) -> str | None:
    squeezed = "".join(value.lower().split())
    return next((t for t in _STYLE_THREATS if t in squeezed), None)


def _drop_threatening_style(element: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: a style that loads or runs anything (`url(`, `expression(`) goes."""
    if attribute == "style" and _style_threat(html.unescape(value)):
        return None
    return value


def _scheme(value: str) -> str | None:
    """The URL scheme as a browser reads it (control characters and spaces are ignored)."""
    squeezed = "".join(ch for ch in value if ch > " " and ch != "\x7f").lower()
    head, sep, _ = squeezed.partition(":")
    if not sep or "/" in head or "?" in head or "#" in head:
        return None
    return head


class _Structure(NamedTuple):
    tags: Counter[str]
    attributes: Counter[tuple[str, str, str]]
    comments: int
    text: str


def _structure(text: str) -> _Structure:
    parser = _Scanner()
    parser.feed(text)
    parser.close()
    return _Structure(parser.tags, parser.attributes, parser.comments, " ".join("".join(parser.text).split()))


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: Counter[tuple[str, str, str]] = Counter()
        self.comments = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            value = value or ""
            if name == "style":  # nh3 writes declarations without spaces: compare them that way
                value = ";".join(d for d in "".join(value.split()).split(";") if d)
            self.attributes[(tag, name, value)] += 1

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments += 1


# HTML's own elements: an unknown element name (`<xss>`) is treated as unsafe.
_KNOWN_HTML = DEFAULT_TAGS | UNSAFE_TAGS | frozenset({
    "font", "center", "big", "strike", "tt", "ins", "del", "nav", "header", "footer", "section", "article", "aside",
    "main", "address", "time", "data", "var", "samp", "kbd", "dfn", "bdi", "bdo", "ruby", "rt", "rp", "wbr",
    "details", "summary", "map", "area", "picture", "source", "video", "audio", "track", "canvas", "label",
    "fieldset", "legend", "optgroup", "datalist", "output", "progress", "meter", "hgroup", "acronym", "nobr",
    "marquee", "blink", "o:p",
})
#: the name after each `<` + letter (`o` of `<o:p>`)
_START_NAME = re.compile(r"<([A-Za-z][A-Za-z0-9]*)")
_END_NAME = re.compile(r"</\s*([A-Za-z][A-Za-z0-9]*)")
#: Phrasing elements only their end tag closes (no optional end tag, not void): see `written_as_text`
_NEEDS_END = frozenset({"s", "b", "i", "u", "q", "em", "strong", "small", "big", "sub", "sup", "code", "mark", "span",
                        "a", "abbr", "cite", "dfn", "kbd", "samp", "var", "tt", "font", "strike", "del", "ins"})



def markup_in_code(code: str) -> str | None:
    """What makes a code (an identifier, a family, parent or category code) unsafe to publish, or None.

    Copy can be cleaned, a code cannot: it is the key a shop, the PIM's import and the review
    decisions match on, and every feed and sheet carries it as it is. A code that holds unsafe
    markup (`SKU<script>…`, `x"><img src=x onerror=…>`) is therefore set aside with this reason
    rather than published or changed. Markup that is merely not on the allow list (`<b>`) and a
    `<` used as text (`A<B`) are not unsafe and pass."""
    if "<" not in code and "&" not in code and ":" not in code:
        return None
    result = sanitize(code, _CODE_POLICY)
    return result.removed[0] if result.unsafe else None


_CODE_POLICY = MarkupPolicy()

