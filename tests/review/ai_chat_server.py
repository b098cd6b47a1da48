"""A local OpenAI-compatible chat-completions server for tests (stdlib http.server on 127.0.0.1).

It answers from a table of (market, word) -> risks, checks the bearer key, and records every
request, so tests can see what the client sent (model, JSON schema) and how often it asked."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeOpenAI:
    def __init__(self, key: str, answers: dict[tuple[str, str], list[dict[str, Any]]], *, reply: str | None = None,
                 status: int = 200) -> None:
        self.key = key
        self.answers = answers
        self.reply = reply  # a raw content to send instead (to test invalid answers)
        self.status = status
        self.requests: list[dict[str, Any]] = []
        self.auth: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                server.requests.append(body)
                server.auth.append(self.headers.get("Authorization", ""))
                if self.headers.get("Authorization") != f"Bearer {server.key}":
                    return self._send(401, {"error": {"message": "bad key", "type": "invalid_request_error"}})
                if not self.path.endswith("/chat/completions"):
                    return self._send(404, {"error": {"message": "not found"}})
                if server.status != 200:
                    return self._send(server.status, {"error": {"message": "overloaded"}})
                prompt = body["messages"][-1]["content"]
                market = prompt.split("\n", 1)[0].split(" ")[1]
                risks = [r for (m, word), rs in server.answers.items() if m == market and word in prompt for r in rs]
                content = server.reply if server.reply is not None else json.dumps({"risks": risks})
                self._send(200, {"id": "cmpl-1", "object": "chat.completion", "created": 0, "model": body["model"],
                                 "choices": [{"index": 0, "finish_reason": "stop",
                                              "message": {"role": "assistant", "content": content}}],
                                 "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})

            def _send(self, status: int, data: dict[str, Any]) -> None:
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
