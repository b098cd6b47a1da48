"""The lifecycle the local test servers share: one `ThreadingHTTPServer` on 127.0.0.1 on a free port.

`with Server() as server:` or `server.start()` / `server.stop()`; `server.url` is the base URL. A
subclass names its request handler class (`handler`, which reaches the server as `self.owner`) and
the path its API lives under (`url_path`).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar


class LocalHTTPServer:
    handler: ClassVar[type[BaseHTTPRequestHandler]]
    url_path: ClassVar[str] = ""

    def __init__(self) -> None:
        self._stopping = threading.Event()  # set by stop(): a handler waiting on purpose (latency, hang) returns
        self._httpd: ThreadingHTTPServer | None = None

    def start(self) -> Any:
        handler = type("Handler", (self.handler,), {"owner": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> Any:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}{self.url_path}"
