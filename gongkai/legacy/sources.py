"""Where the pages of an old site come from: a saved archive folder, or the live site crawled
with the monitor's crawler (`gongkai/monitor/crawler.py`: bounded pages and depth, one host,
redirects followed by hand with loops detected, bodies capped, robots.txt respected).

Both give `SourcePage`s: the old address, the HTML (or why there is none) and a way to fetch an
attachment, bounded in size, from the same place.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import httpx

from gongkai.legacy.rules import is_calendar_url
from gongkai.monitor.crawler import CrawlConfig, Crawler, Fetched, crawl
from gongkai.monitor.detect.text import decode

#: Fetch an attachment: (bytes, "") or (b"", why not, in Chinese).
Fetch = Callable[[str, int], tuple[bytes, str]]

MAX_ARCHIVE_FILES = 20_000
MAX_PAGE_BYTES = 5_000_000


@dataclass
class SourcePage:
    url: str  # the old address (or archive:/relative/path)
    host: str
    path: str  # path and query, percent-encoded
    html: str = ""
    error: str = ""
    link_base: str = ""  # what its relative links resolve against (an archive: a stand-in host)

    @property
    def base(self) -> str:
        return self.link_base or self.url


@dataclass
class Source:
    pages: Iterator[SourcePage]
    fetch: Fetch
    notes: list[str]


# ---- an archive folder ----------------------------------------------------------------------


def archive_source(root: Path, *, base_url: str = "", max_pages: int = 2000) -> Source:
    """Every .html/.htm/.shtml file under `root`, in path order. Its old address is `base_url`
    + its relative path when the operator gives the site's address (a mirror keeps paths)."""
    root = root.resolve()
    notes: list[str] = []
    base = base_url.rstrip("/")

    def address(relative: str) -> tuple[str, str, str]:
        path = "/" + quote(relative, safe="/")
        if base:
            parts = urlsplit(base)
            return base + path, (parts.hostname or "").lower(), (parts.path.rstrip("/") + path)
        return f"archive:{path}", "", path

    def pages() -> Iterator[SourcePage]:
        files = sorted(
            p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in _HTML_SUFFIXES
        )
        if len(files) > max_pages:
            notes.append(f"文件夹中有 {len(files)} 个页面文件，按上限只读取前 {max_pages} 个。")
            files = files[:max_pages]
        for file in files:
            relative = file.relative_to(root).as_posix()
            url, host, path = address(relative)
            if file.stat().st_size > MAX_PAGE_BYTES:
                yield SourcePage(url, host, path, error="页面文件超过 5MB，未读取")
                continue
            text, _ = decode(file.read_bytes())
            link_base = url if base else ARCHIVE_HOST + path
            yield SourcePage(url, host, path, html=text, link_base=link_base)

    def fetch(href: str, max_bytes: int) -> tuple[bytes, str]:
        # The page's links were resolved against its archive:/ or base address: back to a file.
        path = unquote(urlsplit(href).path)
        if base:
            prefix = urlsplit(base).path.rstrip("/")
            path = path[len(prefix) :] if prefix and path.startswith(prefix) else path
        target = (root / path.lstrip("/")).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            return b"", "附件文件不在文件夹中"
        if target.stat().st_size > max_bytes:
            return b"", f"附件超过 {max_bytes // (1024 * 1024)}MB"
        return target.read_bytes(), ""

    return Source(pages=pages(), fetch=fetch, notes=notes)


_HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
#: Links of an archive page without a known address resolve against this stand-in.
ARCHIVE_HOST = "http://archive.invalid"


# ---- the live site ------------------------------------------------------------------------


class ImportCrawler(Crawler):
    """The monitor's crawler, without calendar links: an endless calendar (?date=… linking the
    next day) is cut by this URL rule, and anything else endless by the page and depth bounds."""

    skipped_calendar: int = 0

    def _enqueue_links(
        self, item: Fetched, work: asyncio.Queue[tuple[str, int, str, bool]]
    ) -> None:
        if item.doc is not None:
            kept = [link for link in item.doc.links if not is_calendar_url(link.href)]
            self.skipped_calendar += len(item.doc.links) - len(kept)
            item.doc.links = kept
        super()._enqueue_links(item, work)


def http_source(
    url: str,
    *,
    max_pages: int = 500,
    max_depth: int = 6,
    per_host_per_second: float | None = None,
    timeout_s: float = 15.0,
) -> Source:
    config = CrawlConfig.from_data(
        max_pages=max_pages,
        max_depth=max_depth,
        # Every article of a TRS site shares one URL shape (/art/N/N/N/art_N_N.html): the
        # monitor's per-shape cap would stop the import at a few articles, so the page bound and
        # the calendar rule do that work here.
        max_per_shape=max_pages,
        check_external=False,
        per_host_per_second=per_host_per_second,
        timeout_s=timeout_s,
    )
    crawler = ImportCrawler(url, config)
    notes: list[str] = []
    origin = crawler.origin

    def pages() -> Iterator[SourcePage]:
        for fetched in crawl(crawler):
            if fetched.external:
                continue
            parts = urlsplit(fetched.url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            host = (parts.hostname or "").lower()
            if fetched.error or not fetched.ok:
                error = fetched.error or f"HTTP {fetched.http_status}"
                yield SourcePage(fetched.url, host, path, error=error)
                continue
            yield SourcePage(fetched.url, host, path, html=fetched.text)
        if crawler.pages >= config.max_pages:
            notes.append(f"已达到抓取上限 {config.max_pages} 页，其余页面未抓取。")
        if crawler.skipped_calendar:
            notes.append(f"跳过日历类链接 {crawler.skipped_calendar} 个（无尽日历，不抓取）。")
        if crawler.gave_up:
            notes.append("连续连接失败，网站可能已无法访问，抓取中止。")

    def fetch(href: str, max_bytes: int) -> tuple[bytes, str]:
        absolute = urljoin(origin + "/", href)
        if not absolute.startswith(origin + "/"):
            return b"", "附件不在原网站上，未下载"
        try:
            with (
                httpx.Client(
                    timeout=timeout_s,
                    follow_redirects=True,
                    max_redirects=config.max_redirects,
                    headers={"User-Agent": config.user_agent},
                    verify=False,  # noqa: S501 - old government sites serve broken chains; we only read
                ) as client,
                client.stream("GET", absolute) as response,
            ):
                if response.status_code >= 400:
                    return b"", f"附件无法下载（HTTP {response.status_code}）"
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        return b"", f"附件超过 {max_bytes // (1024 * 1024)}MB"
                    chunks.append(chunk)
                return b"".join(chunks), ""
        except httpx.TooManyRedirects:
            return b"", "附件地址重定向过多"
        except httpx.HTTPError:
            return b"", "附件无法下载（连接失败）"

    return Source(pages=pages(), fetch=fetch, notes=notes)
