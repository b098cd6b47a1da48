"""An OpenAI-compatible chat-completions server for tests and benchmarks (stdlib only, 127.0.0.1).

It speaks enough of the wire format for the official `openai` client (`base_url=server.url`):
`POST /v1/chat/completions` with `response_format` `json_schema`, and `GET /v1/models`.
Auth is `Authorization: Bearer <key>`; a wrong key gets 401 with the received key quoted in the
message (as real providers partly do), so a test can prove the engine never shows it.

"Translation" is deterministic and reads the request as the `llm` engine writes it: the user
message is a JSON array of segments; the system prompt names the target (`into fr-FR`), the
markup (`HTML fragments`), glossary lines (`  term => translation`) and formality. Each segment
becomes `[fr-FR] SEGMENT IN CAPITALS` with tags, entities and `<lz>` elements kept verbatim
(the DeepL test server's rules, `deepl_server._translate_markup`). Usage counts ~4 bytes per token.

Faults on demand: `fail(status, times)` (429/500 ..., with `retry-after-ms: 1` so the client's
own retries are quick), `quota(times)` (429 insufficient_quota), `drop_span(times)` (drop the
first `<lz>` element of every segment that has one), `malformed(times)` (content that is not
JSON), `wrong_count(times)` (one translation too few), `truncate(times)` (finish_reason length).
"""

from __future__ import annotations

import json
import math
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from deepl_server import _drop_first_ignored, _translate_markup
from local_http import LocalHTTPServer

_TARGET = re.compile(r"\binto ([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)")
_GLOSSARY = re.compile(r"^  (.+?) => (.+)$", re.M)


def tokens(text: str) -> int:
    """~4 bytes of UTF-8 per token (the engine's budgeting rule of thumb; a stand-in for BPE)."""
    return math.ceil(len(text.encode()) / 4)


@dataclass
class Call:
    """One chat-completions request as the server saw it (never the key)."""

    body: dict[str, Any]
    status: int = 0
    auth_ok: bool = False
    prompt_tokens: int = 0
    completion_tokens: int = 0
    translations: list[str] = field(default_factory=list)

    @property
    def segments(self) -> list[str]:
        try:
            return list(json.loads(self.body["messages"][-1]["content"]))
        except (ValueError, KeyError, IndexError, TypeError):
            return []

    @property
    def system(self) -> str:
        return str(self.body.get("messages", [{}])[0].get("content", ""))


class OpenAIServer(LocalHTTPServer):
    """`with OpenAIServer() as server:`; `server.url` is the base URL (ends in /v1)."""

    url_path = "/v1"

    def __init__(self, api_key: str = "sk-test-0123456789abcdef") -> None:
        super().__init__()
        self.api_key = api_key
        self.calls: list[Call] = []
        self.models_requests = 0
        self._faults: dict[str, list[int]] = {}  # kind -> [times, status]
        self._lock = threading.Lock()

    # --- faults ---------------------------------------------------------------------------

    def _add(self, kind: str, times: int, status: int = 0) -> None:
        with self._lock:
            self._faults[kind] = [times, status]

    def fail(self, status: int, times: int = 1) -> None:
        self._add("fail", times, status)

    def quota(self, times: int = 1) -> None:
        self._add("quota", times, 429)

    def drop_span(self, times: int = 1) -> None:
        self._add("drop_span", times)

    def malformed(self, times: int = 1) -> None:
        self._add("malformed", times)

    def wrong_count(self, times: int = 1) -> None:
        self._add("wrong_count", times)

    def truncate(self, times: int = 1) -> None:
        self._add("truncate", times)

    def _take(self, kind: str) -> int | None:
        with self._lock:
            fault = self._faults.get(kind)
            if fault and fault[0] > 0:
                fault[0] -= 1
                return fault[1]
        return None

    def ok_calls(self) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.status == 200]

    # --- answering ------------------------------------------------------------------------

    def complete(self, call: Call) -> tuple[int, Any]:
        body = call.body
        messages = body.get("messages") or []
        schema = (body.get("response_format") or {}).get("json_schema") or {}
        if not schema.get("strict") or len(messages) < 2:
            return 400, {"error": {"message": "expected a strict json_schema response_format and two messages"}}
        system = str(messages[0].get("content", ""))
        target = (_TARGET.search(system) or [None, "??"])[1]
        glossary = dict(_GLOSSARY.findall(system)) or None
        html = "HTML fragments" in system
        segments = call.segments
        drop = self._take("drop_span") is not None
        out = []
        for text in segments:
            translated = f"[{target}] " + _translate_markup(text, {"lz"}, html, glossary)
            out.append(_drop_first_ignored(translated, {"lz"}) if drop else translated)
        if self._take("wrong_count") is not None:
            out = out[:-1]
        call.translations = out
        content = json.dumps({"translations": out}, ensure_ascii=False)
        if self._take("malformed") is not None:
            content = content[: len(content) // 2]
        finish = "length" if self._take("truncate") is not None else "stop"
        call.prompt_tokens = sum(tokens(str(m.get("content", ""))) + 4 for m in messages)
        call.completion_tokens = tokens(content)
        return 200, {
            "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": body.get("model"),
            "choices": [{"index": 0, "finish_reason": finish,
                         "message": {"role": "assistant", "content": content, "refusal": None}}],
            "usage": {"prompt_tokens": call.prompt_tokens, "completion_tokens": call.completion_tokens,
                      "total_tokens": call.prompt_tokens + call.completion_tokens},
        }


class _Handler(BaseHTTPRequestHandler):
    owner: OpenAIServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        server = self.owner
        if not self._auth():
            return
        if self.path.rstrip("/") == "/v1/models":
            server.models_requests += 1
            self._send(200, {"object": "list", "data": [{"id": "test-model", "object": "model", "owned_by": "test"}]})
        else:
            self._send(404, {"error": {"message": f"not found: {self.path}"}})

    def do_POST(self) -> None:
        server = self.owner
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            self._send(400, {"error": {"message": "invalid JSON body"}})
            return
        call = Call(body)
        with server._lock:
            server.calls.append(call)
        call.auth_ok = self._auth()
        if not call.auth_ok:
            call.status = 401
            return
        if self.path.rstrip("/") != "/v1/chat/completions":
            call.status = 404
            self._send(404, {"error": {"message": f"not found: {self.path}"}})
            return
        status = server._take("fail")
        if status is not None:
            call.status = status
            self._send(status, {"error": {"message": f"injected fault {status}", "type": "server_error"}})
            return
        if server._take("quota") is not None:
            call.status = 429
            self._send(429, {"error": {"message": "You exceeded your current quota", "type": "insufficient_quota",
                                       "code": "insufficient_quota"}})
            return
        call.status, payload = server.complete(call)
        self._send(call.status, payload)

    def _auth(self) -> bool:
        given = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        if given == self.owner.api_key:
            return True
        self._send(401, {"error": {"message": f"Incorrect API key provided: {given}", "type": "invalid_request_error",
                                   "code": "invalid_api_key"}})
        return False

    def _send(self, status: int, payload: Any) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if status == 429 or status >= 500:
                self.send_header("retry-after-ms", "1")
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


OpenAIServer.handler = _Handler  # the handler is defined below the server it answers for
