"""`restore` skips its counting and regex passes when nothing was protected or every span came back
in order, and the service restores each engine answer once per (submission, locale) instead of
checking it once more first. Both must give exactly what the full check gives: the same text, or the
same `ProtectionError` (missing and unexpected spans), over hostile engine answers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import unescape as _xml_unescape

from hypothesis import given, settings
from hypothesis import strategies as st

from localize.translate import segments, service
from localize.translate.engine import Translation, Translator
from localize.translate.memory import Memory
from localize.translate.segments import Protected, ProtectionError, protect, restore
from localize.translate.service import Job, TranslationService

_WRAPPED = re.compile(r"<lz(?:\s[^>]*)?>(.*?)</lz\s*>", re.S)
_ANY_TAG_REST = re.compile(r"</?lz\b[^>]*>")


def reference(translated: str, segment: Protected, rewrite: Callable[[str], str] | None = None) -> str:
    """`restore` (not opaque) before the shortcut: every span counted, every regex pass run."""
    put = rewrite or (lambda span: span)
    unescape = (lambda s: s) if segment.html else (lambda s: _xml_unescape(s, {"&quot;": '"', "&apos;": "'"}))
    returned = [unescape(m.group(1)) for m in _WRAPPED.finditer(translated)]
    want, got = Counter(segment.spans), Counter(returned)
    if want != got:
        raise ProtectionError(sorted((want - got).elements()), sorted((got - want).elements()))
    if rewrite is None:
        body = _WRAPPED.sub(lambda m: "\x00" + m.group(1) + "\x00", translated)
    else:
        reescape = (lambda s: s) if segment.html else _xml_escape
        body = _WRAPPED.sub(lambda m: "\x00" + reescape(put(unescape(m.group(1)))) + "\x00", translated)
    if _ANY_TAG_REST.search(body):
        raise ProtectionError([], ["a damaged <lz> tag"])
    body = unescape(body).replace("\x00", "")
    return segment.lead + body.strip() + segment.trail


def outcome(fn: Callable[..., str], *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except ProtectionError as error:
        return ("error", error.missing, error.extra)


SOURCES = st.lists(st.sampled_from([
    "Gewicht", " 2,5 kg", " SKU-12A", " {name}", " %s", " https://x.example/a?b=1", " a@b.example", " &", " <",
    " \\n", " <b>fett</b>", " 4006381333931", " Tasse", "\x00", " ", "\n", " 10 x 20 cm", "€ 24,90"]),
    min_size=0, max_size=6).map("".join)
PIECES = st.sampled_from(["Ŵéîĝĥţ", " ", "<lz>2,5 kg</lz>", "<lz>", "</lz>", "<lz translate=\"no\">x</lz>", "&amp;", "&lt;",
                          "\x00", "<b>", "</b>", "<lz/>", "</lz >", "lz", "<lz i=\"0\"/>", "\n", "ok"])


@settings(max_examples=1500, deadline=None)
@given(source=SOURCES, html=st.one_of(st.none(), st.booleans()), mode=st.integers(0, 3),
       extra=st.lists(PIECES, max_size=5), rewrite=st.booleans())
def test_restore_equals_the_full_check(source: str, html: bool | None, mode: int, extra: list[str],
                                        rewrite: bool) -> None:
    segment = protect(source, html=html)
    wire = segment.wire
    if mode == 1:  # spans reordered
        wrapped = _WRAPPED.findall(wire)
        wire = _WRAPPED.sub("<lz>#</lz>", wire) + "".join(f"<lz>{w}</lz>" for w in reversed(wrapped))
    elif mode == 2:  # a span dropped
        wire = _WRAPPED.sub("", wire, count=1)
    translated = "".join(extra[: len(extra) // 2]) + wire + "".join(extra[len(extra) // 2:])
    put = (lambda span: span.replace(",", ".")) if rewrite else None
    assert outcome(restore, translated, segment, rewrite=put) == outcome(reference, translated, segment, put)


class _Echo(Translator):
    """Gives the protected text back (spans intact); counts what it was sent."""

    name = "echo"
    billable = False

    def translate(self, texts: list[str], options: Any) -> list[Translation]:
        return [Translation(f"[{t}]", 0) for t in texts]


def test_each_engine_answer_is_restored_once_per_locale(tmp_path: Any, monkeypatch: Any) -> None:
    calls: list[str] = []
    real = segments.restore

    def counted(translated: str, segment: Protected, **kwargs: Any) -> str:
        calls.append(translated)
        return real(translated, segment, **kwargs)

    monkeypatch.setattr(service, "restore", counted)
    svc = TranslationService(_Echo(), Memory(tmp_path / "memory.sqlite"), "de-DE")
    texts = ["Gewicht 2,5 kg", "Tasse", "Becher 0,3 l und SKU-12A", "Tasse"]
    jobs = [Job(text=t, target_locale=loc, market=loc) for t in texts for loc in ("en-US", "en-GB", "fr-FR", "fr-CH")]
    svc.translate(jobs)
    assert [j.status for j in jobs] == ["machine"] * len(jobs)
    assert next(j.result for j in jobs if j.target_locale == "en-US" and j.text.startswith("Gewicht")) == \
        "[Gewicht 2.5 kg]"
    # distinct texts × engine targets (EN-US, EN-GB, FR) answers; fr-CH shares FR's answer, restored for its locale
    assert len(calls) == 3 * 4


def test_request_options_are_built_once_per_distinct_set(tmp_path: Any, monkeypatch: Any) -> None:
    """Every field of every product asks with one of a few option sets: built once each, and the same
    requests (grouped by equal options) as one built per job."""
    built: list[Any] = []
    real = service.RequestOptions

    def counted(**kwargs: Any) -> Any:
        built.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(service, "RequestOptions", counted)
    sent: list[tuple[Any, int]] = []

    class _Recording(_Echo):
        def translate(self, texts: list[str], options: Any) -> list[Translation]:
            sent.append((options, len(texts)))
            return super().translate(texts, options)

    svc = TranslationService(_Recording(), Memory(tmp_path / "memory.sqlite"), "de-DE")
    jobs = [Job(text=f"Tasse {chr(65 + i % 26)}{i}", target_locale=loc, market=loc, formality=form, title=title,
                context=ctx)
            for i in range(60) for loc in ("en-US", "fr-FR") for form in (None, "prefer_less")
            for title in (False, True) for ctx in (None, "Becher")]
    svc.translate(jobs)
    assert all(j.status == "machine" for j in jobs)
    distinct = {(j.target_locale, j.formality, j.title, j.context) for j in jobs}
    assert len(built) == len(distinct) == 16
    assert Counter((o.target_lang, o.formality, o.split_sentences, o.context, n) for o, n in sent) == Counter(
        (t, f, "0" if title else None, c, 50 if k == 0 else 10) for t in ("EN-US", "FR-FR") for f in (None, "prefer_less")
        for title in (False, True) for c in (None, "Becher") for k in range(2))
