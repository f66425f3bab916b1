"""The crawler against local test sites on 127.0.0.1 (never the internet): charsets, endless
calendars and redirect loops (bounded), huge pages (capped), hosts that hang (timeouts), a
site that disappears mid-crawl, robots.txt, redirects recorded, resuming."""

from __future__ import annotations

from collections.abc import Callable

from gongkai.monitor.crawler import CrawlConfig, Crawler, Fetched, crawl, normalise_url, shape
from gongkai.monitor.tests.sites import LocalSite, Route, html, redirect

Start = Callable[..., LocalSite]


def fast(**kw: object) -> CrawlConfig:
    values: dict[str, object] = {
        "per_host_per_second": 0,
        "timeout_s": 5.0,
        "concurrency": 4,
        "max_external_links": 10,
    }
    values.update(kw)
    return CrawlConfig(**values)  # type: ignore[arg-type]


def run(url: str, config: CrawlConfig, **kw: object) -> tuple[Crawler, dict[str, Fetched]]:
    crawler = Crawler(url, config, **kw)  # type: ignore[arg-type]
    return crawler, {f.url: f for f in crawl(crawler)}


def test_pages_links_and_status(local_site: Start) -> None:
    site = local_site(
        {
            "/": html(
                "<a href='/a.html'>甲</a><a href='/missing.html'>乙</a><a href='/doc.pdf'>附件</a>"
            ),
            "/a.html": html("<p>2024-05-06</p><a href='/'>首页</a>"),
            "/doc.pdf": Route(b"%PDF-1.4", headers={"Content-Type": "application/pdf"}),
        }
    )
    _crawler, fetched = run(site.url, fast())
    assert fetched[site.url].ok and fetched[site.url].content_hash
    assert fetched[site.url + "a.html"].ok
    assert fetched[site.url + "missing.html"].http_status == 404
    pdf = fetched[site.url + "doc.pdf"]
    assert pdf.external and pdf.ok  # checked (HEAD), not parsed
    assert site.requests.count("/doc.pdf") == 1


def test_gbk_page_without_charset_header(local_site: Start) -> None:
    body = (
        "<html><head><title>县人民政府</title></head><body>"
        "<p>通知公告：关于开展政务公开工作的通知，2024年5月6日。</p></body></html>"
    )
    site = local_site({"/": Route(body.encode("gbk"), headers={"Content-Type": "text/html"})})
    _crawler, fetched = run(site.url, fast())
    page = fetched[site.url]
    assert page.encoding == "gb18030"
    assert page.doc is not None and "关于开展政务公开工作的通知" in page.doc.text


def test_endless_calendar_is_bounded(local_site: Start) -> None:
    site = local_site({"/": html("<a href='/cal?y=2024&m=1'>日历</a>")})

    def month(path: str) -> Route:
        n = int(path.rsplit("=", 1)[1])
        return html(f"<a href='/cal?y=2024&m={n + 1}'>下月</a><a href='/cal?y=2023&m={n}'>去年</a>")

    site.dynamic.append((lambda p: p.startswith("/cal?"), month))
    _crawler, fetched = run(site.url, fast(max_per_shape=15, max_depth=50))
    calendar = [u for u in fetched if "/cal?" in u]
    assert len(calendar) == 15


def test_redirect_loop_is_bounded_and_recorded(local_site: Start) -> None:
    site = local_site(
        {
            "/": html("<a href='/loop1'>环</a><a href='/moved'>迁</a><a href='/chain0'>链</a>"),
            "/loop1": redirect("/loop2"),
            "/loop2": redirect("/loop1"),
            "/moved": redirect("/new.html", 301),
            "/new.html": html("<p>新页面</p>"),
        }
    )
    for n in range(10):
        site.routes[f"/chain{n}"] = redirect(f"/chain{n + 1}")
    _crawler, fetched = run(site.url, fast(max_redirects=5))
    loop = fetched[site.url + "loop1"]
    assert loop.error == "重定向循环" and len(loop.redirects) == 2
    moved = fetched[site.url + "moved"]
    assert moved.ok and moved.redirects == [[301, site.url + "new.html"]]
    assert moved.final_url == site.url + "new.html"
    assert fetched[site.url + "chain0"].error == "重定向超过5次"


def test_huge_page_is_capped(local_site: Start) -> None:
    big = ("<p>" + "政务公开" * 5000 + "</p>") * 60  # about 3.6 MB
    site = local_site({"/": html(big)})
    _crawler, fetched = run(site.url, fast(max_bytes=200_000))
    page = fetched[site.url]
    assert page.truncated and page.size == 200_000
    assert page.doc is not None


def test_host_that_hangs_times_out(local_site: Start) -> None:
    site = local_site({"/": html("<a href='/slow'>慢</a>"), "/slow": Route(b"x", delay=3)})
    _crawler, fetched = run(site.url, fast(timeout_s=1))
    assert fetched[site.url + "slow"].error.startswith("超过1秒")
    assert fetched[site.url + "slow"].dead


def test_site_that_disappears_mid_crawl(local_site: Start) -> None:
    links = "".join(f"<a href='/p{n}.html'>{n}</a>" for n in range(60))
    site = local_site({"/": html(links)})
    for n in range(60):
        site.routes[f"/p{n}.html"] = html(f"<p>第{n}页</p>")
    site.stop_after = 6  # robots.txt, home, then a few pages; afterwards connections drop
    crawler, fetched = run(site.url, fast(give_up_after_errors=5, concurrency=1))
    assert crawler.gave_up
    assert len(fetched) < 61
    assert len([f for f in fetched.values() if f.error]) >= 5


def test_robots_txt_is_respected(local_site: Start) -> None:
    site = local_site(
        {
            "/robots.txt": Route(
                b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}
            ),
            "/": html("<a href='/private/x.html'>私</a><a href='/open.html'>公</a>"),
            "/open.html": html("<p>公开</p>"),
            "/private/x.html": html("<p>不应抓取</p>"),
        }
    )
    _crawler, fetched = run(site.url, fast())
    assert site.url + "open.html" in fetched
    assert site.url + "private/x.html" not in fetched
    assert "/private/x.html" not in site.requests


def test_max_pages_and_depth(local_site: Start) -> None:
    site = local_site({"/": html("".join(f"<a href='/p{n}'>{n}</a>" for n in range(30)))})
    site.dynamic.append(
        (lambda p: p.startswith("/p"), lambda p: html(f"<a href='{p}/deeper'>更深</a>"))
    )
    _crawler, fetched = run(site.url, fast(max_pages=10))
    assert len(fetched) == 10
    _crawler, fetched = run(site.url, fast(max_depth=1))
    assert not any("deeper" in u for u in fetched)


def test_resume_from_what_was_stored(local_site: Start) -> None:
    site = local_site(
        {"/": html("<a href='/a'>a</a><a href='/b'>b</a>"), "/a": html("a"), "/b": html("b")}
    )
    # an earlier session fetched / and /a; /b was found but not fetched
    _crawler, fetched = run(
        site.url,
        fast(),
        seen={site.url, site.url + "a"},
        frontier=[(site.url + "b", 1, site.url)],
    )
    assert list(fetched) == [site.url + "b"]
    assert "/a" not in site.requests


def test_url_helpers() -> None:
    assert normalise_url("HTTP://Example.gov.cn:80/a#x") == "http://example.gov.cn/a"
    assert shape("http://h/cal?y=2024&m=5") == shape("http://h/cal?m=12&y=1999")


def test_run_async_works_where_an_event_loop_is_already_running() -> None:
    """`gongkai monitor` services are synchronous; under a running loop (a browser driver's, an
    async server's) `asyncio.run` would refuse, so the coroutine gets a thread of its own."""
    import asyncio

    from gongkai.monitor.crawler import run_async

    async def answer() -> int:
        await asyncio.sleep(0)
        return 42

    async def outer() -> int:
        return run_async(answer())  # called from sync code inside a running loop

    assert run_async(answer()) == 42
    # The outer coroutine runs a loop (as a browser driver's would), and calls in from inside.
    assert run_async(outer()) == 42
