"""The crawler: async httpx, bounded concurrency, a per-host rate limit, robots.txt, timeouts,
redirects followed by hand (recorded, loops bounded), bodies capped, charsets detected.

`crawl()` runs the event loop in a thread of its own and yields each fetch to the caller's
(synchronous) thread as it completes, so the caller can store it at once: a crawl that stops
half-way (a crash, a deploy) is resumed from what was stored (`seen` + `frontier`).

Bounded against bad sites: max pages, max depth, at most `max_per_shape` URLs of one shape
(an endless calendar ?y=2024&m=5 …), redirect chains of at most `max_redirects`, bodies of at
most `max_bytes`, every request within `timeout_s` (a host that hangs), and the crawl stops after
`give_up_after_errors` connection failures in a row (a site that disappears mid-crawl).
"""

from __future__ import annotations

import asyncio
import hashlib
import queue
import re
import threading
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

from gongkai.monitor.data import crawler_defaults
from gongkai.monitor.detect.html import PageDoc, looks_like_html, parse
from gongkai.monitor.detect.text import decode

T = TypeVar("T")

#: Links to these are checked (dead or alive) but not parsed.
RESOURCE = re.compile(
    r"\.(pdf|docx?|xlsx?|pptx?|wps|et|ofd|zip|rar|7z|jpe?g|png|gif|bmp|svg|webp|mp[34]|avi|flv|"
    r"css|js|ico|xml|txt|csv)$",
    re.I,
)
_HTML_TYPES = ("text/html", "application/xhtml", "text/plain", "")


@dataclass
class CrawlConfig:
    max_pages: int = 300
    max_depth: int = 4
    concurrency: int = 8
    per_host_per_second: float = 10.0
    timeout_s: float = 15.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    max_per_shape: int = 20
    give_up_after_errors: int = 20
    max_external_links: int = 100
    user_agent: str = "gongkai-monitor/1.0"
    respect_robots: bool = True
    check_external: bool = True

    @classmethod
    def from_data(cls, **overrides: Any) -> CrawlConfig:
        values = {k: v for k, v in crawler_defaults().items() if k in cls.__dataclass_fields__}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


@dataclass
class Fetched:
    url: str
    depth: int
    referrer: str
    external: bool  # a link checked for being alive, not a page of the site
    fetched_at: datetime
    final_url: str = ""
    http_status: int | None = None
    elapsed_ms: int = 0
    content_type: str = ""
    encoding: str = ""
    size: int = 0
    truncated: bool = False
    redirects: list[list[Any]] = field(default_factory=list)
    error: str = ""
    text: str = ""
    content_hash: str = ""
    doc: PageDoc | None = None
    links: list[str] = field(default_factory=list)  # internal page links found on it

    @property
    def ok(self) -> bool:
        return not self.error and self.http_status is not None and self.http_status < 400

    @property
    def dead(self) -> bool:
        return not self.ok


def normalise_url(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    netloc = (
        host if parts.port in (None, 80 if scheme == "http" else 443) else f"{host}:{parts.port}"
    )
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def shape(url: str) -> str:
    """The URL with its numbers replaced: /cal?y=2024&m=5 and /cal?y=1999&m=12 share a shape."""
    parts = urlsplit(url)
    path = re.sub(r"\d+", "N", parts.path)
    query = "&".join(sorted(f"{k}={re.sub(r'[0-9]+', 'N', v)}" for k, v in parse_qsl(parts.query)))
    return f"{parts.netloc}{path}?{query}"


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class _RateLimit:
    def __init__(self, per_second: float) -> None:
        self.gap = 1.0 / per_second if per_second > 0 else 0.0
        self.next: dict[str, float] = {}
        self.lock = asyncio.Lock()

    async def wait(self, host: str) -> None:
        if not self.gap:
            return
        async with self.lock:
            now = time.monotonic()
            at = max(self.next.get(host, now), now)
            self.next[host] = at + self.gap
        if at > now:
            await asyncio.sleep(at - now)


class Crawler:
    def __init__(
        self,
        start_url: str,
        config: CrawlConfig,
        *,
        seen: set[str] | None = None,
        frontier: list[tuple[str, int, str]] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.start = normalise_url(start_url)
        self.origin = origin(self.start)
        self.config = config
        self.seen: set[str] = set(seen or ())
        self.frontier = list(frontier or [])
        if not self.seen and not self.frontier:
            self.frontier = [(self.start, 0, "")]
        self.shapes: dict[str, int] = {}
        self.pages = len({u for u in self.seen if u.startswith(self.origin)})
        self.external_checked = 0
        self.errors_in_row = 0
        self.gave_up = False
        self.robots: RobotFileParser | None = None
        self.transport = transport

    # ---- fetching ----------------------------------------------------------------------------

    async def _fetch(
        self, client: httpx.AsyncClient, limit: _RateLimit, url: str, *, body: bool
    ) -> Fetched:
        item = Fetched(url=url, depth=0, referrer="", external=not body, fetched_at=_now())
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.config.timeout_s):
                await self._follow(client, limit, item, body=body)
        except TimeoutError:
            item.error = f"超过{self.config.timeout_s:g}秒未打开"
        except httpx.HTTPError as exc:
            item.error = _error_text(exc)
        item.elapsed_ms = int((time.monotonic() - started) * 1000)
        return item

    async def _follow(
        self, client: httpx.AsyncClient, limit: _RateLimit, item: Fetched, *, body: bool
    ) -> None:
        current = item.url
        visited = {current}
        for _ in range(self.config.max_redirects + 1):
            await limit.wait(urlsplit(current).netloc)
            method = "GET" if body else "HEAD"
            async with client.stream(method, current) as response:
                if (
                    response.status_code in (301, 302, 303, 307, 308)
                    and "location" in response.headers
                ):
                    target = normalise_url(str(response.url.join(response.headers["location"])))
                    item.redirects.append([response.status_code, target])
                    if target in visited:
                        item.http_status = response.status_code
                        item.error = "重定向循环"
                        return
                    visited.add(target)
                    current = target
                    continue
                if not body and response.status_code in (405, 501):
                    body = True  # HEAD refused: ask again with GET, reading nothing
                    continue
                item.http_status = response.status_code
                item.final_url = current
                item.content_type = response.headers.get("content-type", "").split(";")[0].strip()
                if body and response.status_code < 400:
                    await self._read(response, item)
                return
        item.error = f"重定向超过{self.config.max_redirects}次"

    async def _read(self, response: httpx.Response, item: Fetched) -> None:
        chunks = []
        size = 0
        async for chunk in response.aiter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size >= self.config.max_bytes:
                item.truncated = True
                break
        raw = b"".join(chunks)[: self.config.max_bytes]
        item.size = len(raw)
        item.content_hash = hashlib.sha256(raw).hexdigest()
        if not item.content_type.startswith(_HTML_TYPES):
            return
        charset = response.charset_encoding or ""
        item.text, item.encoding = decode(raw, header_charset=charset)

    # ---- the crawl ---------------------------------------------------------------------------

    async def _robots(self, client: httpx.AsyncClient, limit: _RateLimit) -> None:
        if not self.config.respect_robots:
            return
        fetched = await self._fetch(client, limit, self.origin + "/robots.txt", body=True)
        parser = RobotFileParser()
        if fetched.http_status == 200 and fetched.text:
            parser.parse(fetched.text.splitlines())
        else:
            parser.parse([])  # no robots.txt: everything allowed
        self.robots = parser

    def _allowed(self, url: str) -> bool:
        return self.robots is None or self.robots.can_fetch(self.config.user_agent, url)

    def _enqueue_links(
        self, item: Fetched, work: asyncio.Queue[tuple[str, int, str, bool]]
    ) -> None:
        if item.doc is None:
            return
        internal: list[str] = []
        for link in item.doc.links:
            url = normalise_url(link.href)
            if not url.startswith(("http://", "https://")):
                continue
            inside = url.startswith(self.origin + "/")
            if inside and not RESOURCE.search(urlsplit(url).path):
                internal.append(url)
                if url in self.seen or item.depth + 1 > self.config.max_depth:
                    continue
                key = shape(url)
                if self.shapes.get(key, 0) >= self.config.max_per_shape:
                    continue
                if self.pages >= self.config.max_pages or not self._allowed(url):
                    continue
                self.shapes[key] = self.shapes.get(key, 0) + 1
                self.seen.add(url)
                self.pages += 1
                work.put_nowait((url, item.depth + 1, item.url, True))
            elif self.config.check_external and url not in self.seen:
                if self.external_checked >= self.config.max_external_links:
                    continue
                self.seen.add(url)
                self.external_checked += 1
                work.put_nowait((url, item.depth + 1, item.url, False))
        item.links = sorted(set(internal))

    async def run(self, emit: Any) -> None:
        limits = httpx.Limits(max_connections=self.config.concurrency * 2)
        headers = {"User-Agent": self.config.user_agent}
        async with httpx.AsyncClient(
            headers=headers,
            limits=limits,
            timeout=httpx.Timeout(self.config.timeout_s),
            follow_redirects=False,
            verify=False,  # noqa: S501 - many government sites serve broken chains; we only read
            transport=self.transport,
        ) as client:
            limit = _RateLimit(self.config.per_host_per_second)
            await self._robots(client, limit)
            work: asyncio.Queue[tuple[str, int, str, bool]] = asyncio.Queue()
            for url, depth, referrer in self.frontier:
                url = normalise_url(url)
                page = url.startswith(self.origin + "/")
                if page and url not in self.seen:
                    self.pages += 1
                self.seen.add(url)
                work.put_nowait((url, depth, referrer, page))

            async def worker() -> None:
                while True:
                    url, depth, referrer, page = await work.get()
                    try:
                        if self.gave_up:
                            continue
                        item = await self._fetch(client, limit, url, body=page)
                        item.depth, item.referrer, item.external = depth, referrer, not page
                        if page:
                            self._after_page(item)
                            self._enqueue_links(item, work)
                        await emit(item)
                    finally:
                        work.task_done()

            workers = [asyncio.create_task(worker()) for _ in range(self.config.concurrency)]
            await work.join()
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    def _after_page(self, item: Fetched) -> None:
        if item.error and item.http_status is None:
            self.errors_in_row += 1
            if self.errors_in_row >= self.config.give_up_after_errors:
                self.gave_up = True
        else:
            self.errors_in_row = 0
        if item.text and (looks_like_html(item.text) or item.content_type.startswith("text/html")):
            item.doc = parse(item.text, item.final_url or item.url)


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to completion from synchronous code. In a thread where an event loop is
    already running (a test runner, an async server, a browser driver), `asyncio.run` refuses,
    so the coroutine gets a thread and a loop of its own there."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="monitor-async") as pool:
        return pool.submit(asyncio.run, coro).result()


def crawl(crawler: Crawler) -> Iterator[Fetched]:
    """Run `crawler` in a thread of its own; yield each fetch as it completes."""
    out: queue.Queue[Any] = queue.Queue(maxsize=256)
    done = object()
    failure: list[BaseException] = []

    def runner() -> None:
        loop = asyncio.new_event_loop()

        async def emit(item: Fetched) -> None:
            await loop.run_in_executor(None, out.put, item)

        try:
            loop.run_until_complete(crawler.run(emit))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            failure.append(exc)
        finally:
            loop.close()
            out.put(done)

    thread = threading.Thread(target=runner, name="monitor-crawl", daemon=True)
    thread.start()
    while True:
        item = out.get()
        if item is done:
            break
        yield item
    thread.join()
    if failure:
        raise failure[0]


def _now() -> datetime:
    return datetime.now(tz=UTC)


def _error_text(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "连接超时"
    if isinstance(exc, httpx.ConnectError):
        return "无法连接"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "连接中断"
    return f"请求失败：{type(exc).__name__}"


async def probe(url: str, *, timeout_s: float, user_agent: str) -> Fetched:
    """One availability probe of a home page (GET, body not kept)."""
    config = CrawlConfig(timeout_s=timeout_s, user_agent=user_agent, respect_robots=False)
    crawler = Crawler(url, config)
    async with httpx.AsyncClient(
        headers={"User-Agent": user_agent},
        timeout=httpx.Timeout(timeout_s),
        verify=False,  # noqa: S501
    ) as client:
        return await crawler._fetch(client, _RateLimit(0), crawler.start, body=True)
