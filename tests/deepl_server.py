"""A DeepL-compatible HTTP server for tests and benchmarks (stdlib only, 127.0.0.1, random port).

It speaks the wire format of `../shared/data/deepl/openapi.yaml` closely enough for the
official `deepl` client: `POST /v2/translate` (JSON or form, `billed_characters`),
`GET /v2/usage`, `GET /v2/languages?type=source|target`, and the multilingual glossary
endpoints `/v3/glossaries` (create, list, get, patch, delete, entries, dictionaries).
Auth is the `Authorization: DeepL-Auth-Key <key>` header; a wrong key gets 403.

Translation is deterministic: text is upper-cased and prefixed with `[TARGET] ` (plus
`formal`/`informal` when formality applies), glossary terms are replaced by their target
terms, and tags, entities and the content of `ignore_tags` elements (and `translate="no"`
elements in HTML mode) are kept verbatim, as the real service does.

Every request is logged (`server.log`), and faults are injected on demand:
`fail(status, times)` (429, 5xx ...), `hang(times)` (no answer until the client gives up),
`quota_after(chars)` (456 once the quota would be exceeded), `mangle(times)` (drop a protected
span from the output), `latency` (seconds added to every translate request).

Reusable: the fault tests of the nightly-operations work use the same server.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from local_http import LocalHTTPServer

MAX_TEXTS = 50
MAX_BODY = 128 * 1024

SOURCE_LANGUAGES = [
    ("BG", "Bulgarian"), ("CS", "Czech"), ("DA", "Danish"), ("DE", "German"), ("EL", "Greek"), ("EN", "English"),
    ("ES", "Spanish"), ("ET", "Estonian"), ("FI", "Finnish"), ("FR", "French"), ("HU", "Hungarian"),
    ("ID", "Indonesian"), ("IT", "Italian"), ("JA", "Japanese"), ("KO", "Korean"), ("LT", "Lithuanian"),
    ("LV", "Latvian"), ("NB", "Norwegian"), ("NL", "Dutch"), ("PL", "Polish"), ("PT", "Portuguese"),
    ("RO", "Romanian"), ("RU", "Russian"), ("SK", "Slovak"), ("SL", "Slovenian"), ("SV", "Swedish"),
    ("TR", "Turkish"), ("UK", "Ukrainian"), ("ZH", "Chinese"),
]
# (code, name, supports_formality)
TARGET_LANGUAGES = [
    ("BG", "Bulgarian", False), ("CS", "Czech", False), ("DA", "Danish", False), ("DE", "German", True),
    ("EL", "Greek", False), ("EN-GB", "English (British)", False), ("EN-US", "English (American)", False),
    ("ES", "Spanish", True), ("ET", "Estonian", False), ("FI", "Finnish", False), ("FR", "French", True),
    ("HU", "Hungarian", False), ("ID", "Indonesian", False), ("IT", "Italian", True), ("JA", "Japanese", True),
    ("KO", "Korean", False), ("LT", "Lithuanian", False), ("LV", "Latvian", False), ("NB", "Norwegian", False),
    ("NL", "Dutch", True), ("PL", "Polish", True), ("PT-BR", "Portuguese (Brazilian)", True),
    ("PT-PT", "Portuguese (European)", True), ("RO", "Romanian", False), ("RU", "Russian", True),
    ("SK", "Slovak", False), ("SL", "Slovenian", False), ("SV", "Swedish", False), ("TR", "Turkish", False),
    ("UK", "Ukrainian", False), ("ZH-HANS", "Chinese (simplified)", False), ("ZH-HANT", "Chinese (traditional)", False),
]
_FORMALITY = {code for code, _, formal in TARGET_LANGUAGES if formal}
_TARGETS = {code for code, _, _ in TARGET_LANGUAGES}


@dataclass
class LoggedRequest:
    """One request as the server saw it (the auth key is not kept, only whether it matched)."""

    method: str
    path: str
    params: dict[str, Any]
    status: int = 0
    body_bytes: int = 0
    auth_ok: bool = False
    time: float = 0.0
    user_agent: str = ""

    @property
    def texts(self) -> list[str]:
        value = self.params.get("text", [])
        return value if isinstance(value, list) else [value]


@dataclass
class _Fault:
    kind: str  # fail | hang | mangle | malform | reset
    times: int
    status: int = 500
    path: str = "/v2/translate"
    seconds: float = 30.0


@dataclass
class Glossary:
    glossary_id: str
    name: str
    created: str
    dictionaries: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def info(self) -> dict[str, Any]:
        return {
            "glossary_id": self.glossary_id,
            "name": self.name,
            "creation_time": self.created,
            "dictionaries": [
                {"source_lang": s, "target_lang": t, "entry_count": len(e)} for (s, t), e in sorted(self.dictionaries.items())
            ],
        }


class DeepLServer(LocalHTTPServer):
    """Start with `with DeepLServer() as server:` or `server.start()`; `server.url` is the base URL."""

    def __init__(self, auth_key: str = "test-key-0123456789:fx", *, character_limit: int = 10**9,
                 latency: float = 0.0) -> None:
        super().__init__()
        self.auth_key = auth_key
        self.character_limit = character_limit
        self.character_count = 0
        self.latency = latency
        self.log: list[LoggedRequest] = []
        self.glossaries: dict[str, Glossary] = {}
        self._faults: list[_Fault] = []
        self._lock = threading.Lock()
        self.active = 0  # translate requests being answered right now
        self.max_active = 0  # the most translate requests answered at the same time

    # --- faults ---------------------------------------------------------------------------

    def fail(self, status: int, times: int = 1, path: str = "/v2/translate") -> None:
        """Answer the next `times` requests to `path` with `status` (429, 500, 503, 456, 403 ...)."""
        with self._lock:
            self._faults.append(_Fault("fail", times, status=status, path=path))

    def hang(self, times: int = 1, seconds: float = 30.0, path: str = "/v2/translate") -> None:
        """Do not answer the next `times` requests for `seconds` (the client times out).
        The characters are billed before the hang, as when a response is lost on the way."""
        with self._lock:
            self._faults.append(_Fault("hang", times, path=path, seconds=seconds))

    def mangle(self, times: int = 1) -> None:
        """Drop the first protected (`ignore_tags`) element from the next `times` translated texts."""
        with self._lock:
            self._faults.append(_Fault("mangle", times))

    def malform(self, what: str, times: int = 1) -> None:
        """Answer the next `times` translate requests with a broken body: `no-billed` (no
        `billed_characters`) or `null-text` (`"text": null`)."""
        with self._lock:
            self._faults.append(_Fault("malform", times, path=what))

    def reset(self, times: int = 1, path: str = "/v2/translate") -> None:
        """Close the connection of the next `times` requests to `path` without answering."""
        with self._lock:
            self._faults.append(_Fault("reset", times, path=path))

    def quota_after(self, characters: int) -> None:
        """Allow `characters` more billed characters; then answer 456 (Quota exceeded)."""
        with self._lock:
            self.character_limit = self.character_count + characters

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def _take_fault(self, kind: str, path: str) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.kind == kind and fault.times > 0 and (kind in ("mangle", "malform") or fault.path == path):
                    fault.times -= 1
                    return fault
        return None

    # --- assertions helpers ---------------------------------------------------------------

    def requests(self, path: str = "/v2/translate", *, status: int | None = None) -> list[LoggedRequest]:
        with self._lock:
            return [r for r in self.log if r.path == path and (status is None or r.status == status)]

    def translated_texts(self) -> list[str]:
        """Every text the server translated successfully, in arrival order."""
        return [t for r in self.requests("/v2/translate", status=200) for t in r.texts]

    def reset_log(self) -> None:
        with self._lock:
            self.log.clear()

    # --- translation ------------------------------------------------------------------------

    def translate_text(self, text: str, params: dict[str, Any], glossary: dict[str, str] | None) -> str:
        target = str(params["target_lang"]).upper()
        tag_handling = params.get("tag_handling")
        ignore = set(_as_list(params.get("ignore_tags")))
        formality = params.get("formality") or "default"
        marker = target
        base_formal = target in _FORMALITY
        if base_formal and formality in ("more", "prefer_more"):
            marker += " formal"
        elif base_formal and formality in ("less", "prefer_less"):
            marker += " informal"
        # `split_sentences` (openapi.yaml, SplitSentencesOption): "1", the default unless tag_handling is html,
        # splits on punctuation and on newlines; "nonewlines", the default with tag_handling=html, ignores
        # newlines, and "0" treats the whole input as one sentence. A line break that is not a sentence split
        # does not survive a sentence's translation: this server writes it as a space, as one sentence has none.
        split = str(params.get("split_sentences") or ("nonewlines" if tag_handling == "html" else "1"))
        keep_newlines = split == "1"
        if tag_handling in ("xml", "html"):
            out = _translate_markup(text, ignore, tag_handling == "html", glossary, keep_newlines)
        else:
            out = _translate_plain(text, glossary, keep_newlines)
        return f"[{marker}] {out}"


class _Handler(BaseHTTPRequestHandler):
    owner: DeepLServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm and the
    # client's delayed ACK add ~40 ms to every keep-alive request (the real service has no such stall).
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    # --- plumbing -------------------------------------------------------------------------

    def _dispatch(self, method: str) -> None:
        server = self.owner
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/") or "/"
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        params: dict[str, Any] = {k: (v if len(v) > 1 else v[0]) for k, v in parse_qs(parts.query).items()}
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        try:
            if body and ctype == "application/json":
                params.update(json.loads(body.decode("utf-8")))
            elif body:
                for key, values in parse_qs(body.decode("utf-8"), keep_blank_values=True).items():
                    params[key] = values if key in ("text", "ignore_tags", "glossary_ids") or len(values) > 1 else values[0]
        except (ValueError, UnicodeDecodeError):
            self._send(400, {"message": "Invalid request body"})
            return
        auth = self.headers.get("Authorization") or ""
        entry = LoggedRequest(method, path, params, body_bytes=len(body), auth_ok=auth == f"DeepL-Auth-Key {server.auth_key}",
                              time=time.time(), user_agent=self.headers.get("User-Agent", ""))
        with server._lock:
            server.log.append(entry)
        if server._take_fault("reset", path) is not None:
            import socket

            self.close_connection = True
            try:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        status, payload = self._route(method, path, params, entry, len(body))
        entry.status = status
        self._send(status, payload)

    def _send(self, status: int, payload: Any) -> None:
        data = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            if payload is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Trace-ID", uuid.uuid4().hex)
            self.end_headers()
            if data:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _route(self, method: str, path: str, params: dict[str, Any], entry: LoggedRequest, size: int) -> tuple[int, Any]:
        server = self.owner
        fault = server._take_fault("fail", path)
        if fault is not None:
            return fault.status, {"message": f"injected fault {fault.status}"}
        if not entry.auth_ok:
            return 403, {"message": "Wrong endpoint or invalid authentication key"}
        if path == "/v2/translate" and method == "POST":
            return self._translate(params, size)
        if path == "/v2/usage" and method == "GET":
            return 200, {"character_count": server.character_count, "character_limit": server.character_limit}
        if path == "/v2/languages" and method == "GET":
            if params.get("type") == "target":
                return 200, [{"language": c, "name": n, "supports_formality": f} for c, n, f in TARGET_LANGUAGES]
            return 200, [{"language": c, "name": n} for c, n in SOURCE_LANGUAGES]
        if path.startswith("/v3/glossaries"):
            return self._glossaries(method, path, params)
        return 404, {"message": f"Not found: {method} {path}"}

    def _translate(self, params: dict[str, Any], size: int) -> tuple[int, Any]:
        server = self.owner
        texts = params.get("text")
        if isinstance(texts, str):
            texts = [texts]
        if not texts or not isinstance(texts, list):
            return 400, {"message": "Parameter 'text' not specified."}
        if len(texts) > MAX_TEXTS:
            return 413, {"message": f"Too many texts: {len(texts)} > {MAX_TEXTS}"}
        if size > MAX_BODY:
            return 413, {"message": f"Request size {size} exceeds the limit of {MAX_BODY} bytes"}
        target = str(params.get("target_lang") or "").upper()
        if target not in _TARGETS:
            return 400, {"message": f"Value for 'target_lang' not supported: {target}"}
        formality = params.get("formality")
        if formality in ("more", "less") and target not in _FORMALITY:
            return 400, {"message": f"'formality' is not supported for given 'target_lang': {target}"}
        glossary_entries = None
        gid = params.get("glossary_id")
        if gid:
            source = str(params.get("source_lang") or "").upper()
            if not source:
                return 400, {"message": "Use of a glossary requires the 'source_lang' parameter to be specified"}
            glossary = server.glossaries.get(gid)
            if glossary is None:
                return 404, {"message": "Glossary not found"}
            glossary_entries = glossary.dictionaries.get((source.lower(), target.split("-")[0].lower()))
            if glossary_entries is None:
                return 400, {"message": "Glossary does not have a dictionary for the language pair"}
        billed = [len(t) for t in texts]
        with server._lock:
            if server.character_count + sum(billed) > server.character_limit:
                return 456, {"message": "Quota Exceeded"}
            server.character_count += sum(billed)
            server.active += 1
            server.max_active = max(server.max_active, server.active)
        try:
            hang = server._take_fault("hang", "/v2/translate")
            if hang is not None:
                server._stopping.wait(hang.seconds)
            if server.latency:
                server._stopping.wait(server.latency)
        finally:
            with server._lock:
                server.active -= 1
        translations = []
        for text, count in zip(texts, billed, strict=True):
            out = server.translate_text(text, params, glossary_entries)
            if server._take_fault("mangle", "") is not None:
                out = _drop_first_ignored(out, set(_as_list(params.get("ignore_tags"))))
            item: dict[str, Any] = {"detected_source_language": str(params.get("source_lang") or "DE").upper(), "text": out}
            if params.get("show_billed_characters") in (True, "1", "true"):
                item["billed_characters"] = count
            translations.append(item)
        malform = server._take_fault("malform", "")
        if malform is not None:
            if malform.path == "no-billed":
                for item in translations:
                    item.pop("billed_characters", None)
            else:
                translations[0]["text"] = None
        return 200, {"translations": translations}

    def _glossaries(self, method: str, path: str, params: dict[str, Any]) -> tuple[int, Any]:
        server = self.owner
        parts = path.split("/")[3:]  # after /v3/glossaries
        if not parts:
            if method == "POST":
                name = params.get("name")
                dicts = params.get("dictionaries") or []
                if not name or not dicts:
                    return 400, {"message": "Invalid glossary", "detail": "name and dictionaries are required"}
                glossary = Glossary(uuid.uuid4().hex, str(name), time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()))
                for d in dicts:
                    try:
                        glossary.dictionaries[_pair(d)] = _parse_entries(d.get("entries", ""), d.get("entries_format", "tsv"))
                    except ValueError as exc:
                        return 400, {"message": "Invalid glossary entries provided", "detail": str(exc)}
                with server._lock:
                    server.glossaries[glossary.glossary_id] = glossary
                return 201, glossary.info()
            if method == "GET":
                return 200, {"glossaries": [g.info() for g in server.glossaries.values()]}
            return 405, {"message": "Method not allowed"}
        glossary = server.glossaries.get(parts[0])
        if glossary is None:
            return 404, {"message": "Glossary not found"}
        rest = parts[1:]
        if not rest:
            if method == "GET":
                return 200, glossary.info()
            if method == "DELETE":
                with server._lock:
                    server.glossaries.pop(glossary.glossary_id, None)
                return 204, None
            if method == "PATCH":
                if params.get("name"):
                    glossary.name = str(params["name"])
                for d in params.get("dictionaries") or []:
                    glossary.dictionaries.setdefault(_pair(d), {}).update(_parse_entries(d.get("entries", ""), d.get("entries_format", "tsv")))
                return 200, glossary.info()
        elif rest == ["entries"] and method == "GET":
            pair = _pair(params)
            entries = glossary.dictionaries.get(pair)
            if entries is None:
                return 404, {"message": "Dictionary not found"}
            tsv = "\n".join(f"{k}\t{v}" for k, v in entries.items())
            return 200, {"dictionaries": [{"source_lang": pair[0], "target_lang": pair[1], "entries": tsv, "entries_format": "tsv"}]}
        elif rest == ["dictionaries"]:
            pair = _pair(params)
            if method == "PUT":
                glossary.dictionaries[pair] = _parse_entries(params.get("entries", ""), params.get("entries_format", "tsv"))
                return 200, {"source_lang": pair[0], "target_lang": pair[1], "entry_count": len(glossary.dictionaries[pair])}
            if method == "DELETE":
                if glossary.dictionaries.pop(pair, None) is None:
                    return 404, {"message": "Dictionary not found"}
                return 204, None
        return 405, {"message": "Method not allowed"}


# --- deterministic "translation" --------------------------------------------------------------

_MARKUP = re.compile(r"(<!--.*?-->|<[^>]*>|&#?\w+;)", re.S)
_OPEN = re.compile(r"<\s*([A-Za-z][\w:.-]*)([^>]*?)(/?)\s*>")


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [t.strip() for item in items for t in str(item).split(",") if t.strip()]


def _pair(d: dict[str, Any]) -> tuple[str, str]:
    return str(d.get("source_lang", "")).lower().split("-")[0], str(d.get("target_lang", "")).lower().split("-")[0]


def _parse_entries(entries: str, fmt: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(entries)))
    else:
        rows = [line.split("\t") for line in entries.splitlines() if line.strip()]
    for index, row in enumerate(rows):
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise ValueError(f"Entry {index} is not a pair of source and target terms")
        if row[0] in out:
            raise ValueError(f"Key with the index {index} duplicates an earlier key")
        out[row[0]] = row[1]
    return out


def _translate_words(text: str, glossary: dict[str, str] | None, keep_newlines: bool = True) -> str:
    if not keep_newlines and text.strip():  # (whitespace between two tags is no sentence's)
        text = re.sub(r"[ \t]*(?:\r\n|\n|\r)[ \t]*", " ", text)  # one sentence: no line break inside
    if not glossary:
        return text.upper()
    terms = sorted(glossary, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(t) for t in terms) + r")(?!\w)")
    pieces = []
    pos = 0
    for m in pattern.finditer(text):
        pieces.append(text[pos:m.start()].upper())
        pieces.append(glossary[m.group(1)])
        pos = m.end()
    pieces.append(text[pos:].upper())
    return "".join(pieces)


def _translate_plain(text: str, glossary: dict[str, str] | None, keep_newlines: bool = True) -> str:
    return _translate_words(text, glossary, keep_newlines)


def _translate_markup(text: str, ignore: set[str], html: bool, glossary: dict[str, str] | None,
                      keep_newlines: bool = True) -> str:
    """Translate text nodes; keep tags, entities and ignored elements (with their content)."""
    out: list[str] = []
    pos = 0
    skip_depth = 0
    skip_name: str | None = None
    for m in _MARKUP.finditer(text):
        piece = text[pos:m.start()]
        out.append(piece if skip_depth else _translate_words(piece, glossary, keep_newlines))
        token = m.group(0)
        opened = _OPEN.fullmatch(token)
        if opened and not token.startswith("</"):
            name, attrs, selfclose = opened.group(1), opened.group(2), opened.group(3)
            ignored = name in ignore or (html and re.search(r'translate\s*=\s*"no"', attrs))
            if not selfclose and (skip_depth and name == skip_name):
                skip_depth += 1
            elif ignored and not selfclose and not skip_depth:
                skip_depth, skip_name = 1, name
        elif token.startswith("</") and skip_depth:
            name = token[2:-1].strip()
            if name == skip_name:
                skip_depth -= 1
        out.append(token)
        pos = m.end()
    out.append(text[pos:] if skip_depth else _translate_words(text[pos:], glossary, keep_newlines))
    return "".join(out)


def _drop_first_ignored(text: str, ignore: set[str]) -> str:
    for name in ignore or {"lz"}:
        new = re.sub(rf"<{re.escape(name)}\b[^>]*?(?:/>|>.*?</{re.escape(name)}\s*>)", "", text, count=1, flags=re.S)
        if new != text:
            return new
    return text


DeepLServer.handler = _Handler  # the handler is defined below the server it answers for
