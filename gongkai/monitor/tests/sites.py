"""Local test sites for the crawler: a threading http.server on 127.0.0.1, never the internet.

A route is a path (with query) → `Route` (status, headers, body bytes, delay). Unknown paths
are 404. `hang` routes sleep longer than any crawler timeout; `stop_after` makes the site
disappear (connections refused) after that many requests.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(
        default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"}
    )
    delay: float = 0.0


def html(
    body: str, *, title: str = "测试市人民政府", charset: str = "utf-8", head: str = ""
) -> Route:
    page = (
        f"<!doctype html><html><head><meta charset='{charset}'><title>{title}</title>{head}"
        f"</head><body>{body}</body></html>"
    )
    return Route(page.encode(charset))


def redirect(to: str, status: int = 302) -> Route:
    return Route(b"", status, {"Location": to})


class LocalSite:
    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.dynamic: list[tuple[Callable[[str], bool], Callable[[str], Route]]] = []
        self.requests: list[str] = []
        self.stop_after: int | None = None
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _serve(self, with_body: bool) -> None:
                site.requests.append(self.path)
                if site.stop_after is not None and len(site.requests) > site.stop_after:
                    self.close_connection = True
                    self.connection.close()
                    return
                route = site.routes.get(self.path)
                if route is None:
                    for match, make in site.dynamic:
                        if match(self.path):
                            route = make(self.path)
                            break
                if route is None:
                    route = Route(b"not found", 404, {"Content-Type": "text/plain"})
                if route.delay:
                    time.sleep(route.delay)
                try:
                    self.send_response(route.status)
                    for key, value in route.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    if with_body:
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self) -> None:
                self._serve(True)

            def do_HEAD(self) -> None:
                self._serve(False)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        port = self.server.server_address[1]
        return f"http://127.0.0.1:{port}/"

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
