"""Whole-site inspections of local test sites: the right single-veto verdicts (issue 17,
"Done means": stale columns, a blank column, dead links and an injected page)."""

from __future__ import annotations

import socket
from collections.abc import Callable
from datetime import date

import pytest

from gongkai.monitor.crawler import CrawlConfig
from gongkai.monitor.inspect import Inspection, SiteReport
from gongkai.monitor.services.runs import scan
from gongkai.monitor.tests.sites import LocalSite, Route, html

Start = Callable[..., LocalSite]
TODAY = date(2026, 6, 30)
NAV = (
    "<nav><ul><li><a href='/'>首页</a></li><li><a href='/news/'>要闻</a></li>"
    "<li><a href='/dept/'>部门动态</a></li><li><a href='/town/'>乡镇动态</a></li>"
    "<li><a href='/notice/'>通知公告</a></li><li><a href='/policy/'>政策文件</a></li>"
    "<li><a href='/work/'>工作动态</a></li><li><a href='/hd/'>互动交流</a></li></ul></nav>"
)


def listing(*entries: tuple[str, str, str]) -> str:
    rows = "".join(
        f"<li><a href='{href}'>{title}</a><span>{day}</span></li>" for href, title, day in entries
    )
    return f"{NAV}<ul class='list'>{rows}</ul>"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def inspect(url: str, **kw: object) -> SiteReport:
    config = CrawlConfig(per_host_per_second=0, timeout_s=5, concurrency=4, max_pages=100)
    return scan(url, inspection=Inspection(base_url=url, today=TODAY, **kw), config=config)  # type: ignore[arg-type]


def bad_site(start: Start) -> LocalSite:
    dead = closed_port()
    article = (
        f"{NAV}<h1>市政府召开常务会议</h1><p>发布时间：2026-05-01</p><p>会议研究了有关工作。"
        + "内容" * 80
        + "</p>"
        "<div style='position:absolute;left:-9999px'><a href='http://www.bet-365-casino.com/'>bet365</a>"
        "<a href='http://zhibo.example.com/'>NBA直播</a></div>"
    )
    return start(
        {
            "/": html(
                listing(
                    ("/news/1.html", "市政府召开常务会议", "2026-06-25"),
                    ("/news/2.html", "旧闻", "2026-06-20"),
                )
            ),
            "/news/": html(listing(("/news/1.html", "市政府召开常务会议", "2026-05-01"))),
            "/dept/": html(listing(("/dept/1.html", "部门动态一", "2026-04-01"))),
            "/town/": html(listing(("/town/1.html", "乡镇动态一", "2026-03-01"))),
            "/notice/": html(listing(("/notice/1.html", "通知一", "2025-10-01"))),
            "/policy/": html(
                listing(
                    ("/policy/1.html", "文件一", "2025-09-01"),
                    (f"http://127.0.0.1:{dead}/x", "外链", "2025-09-01"),
                )
            ),
            "/work/": html(f"{NAV}<p>暂无信息</p>"),
            "/hd/": html(
                f"{NAV}<table><tr><th>标题</th><th>留言时间</th><th>状态</th></tr>"
                "<tr><td>关于停车难的咨询</td><td>2026-01-05</td><td>未回复</td></tr>"
                "<tr><td>关于办证的咨询</td><td>2026-06-01</td><td>已回复</td></tr></table>"
            ),
            "/news/1.html": html(article, title="市政府召开常务会议"),
        }
    )


def test_bad_site_gets_the_right_single_veto_verdicts(local_site: Start) -> None:
    site = bad_site(local_site)
    report = inspect(site.url)
    assert report.single_veto == ["安全、泄密事故等严重问题", "栏目不更新", "互动回应差"]
    assert report.verdict == "fail" and report.score is None
    checks = {f.check for f in report.findings}
    assert {"hidden_links", "column_stale", "column_blank", "dead_link", "interaction"} <= checks
    columns = report.checks["columns"]
    assert columns["stale"] == 5 and columns["blank"] == 1
    # dead links are a deduction, not a veto; the injected page's evidence names the element
    assert report.checks["dead_links"]["dead"] >= 2
    hidden = next(f for f in report.findings if f.check == "hidden_links")
    assert hidden.url.endswith("/news/1.html") and "div" in hidden.path
    assert "dead_links" in report.deductions
    assert report.checks["homepage_update"]["newest"] == "2026-06-25"
    assert "veto" not in report.checks["availability"]


def clean_site(start: Start) -> LocalSite:
    fresh = ("/news/1.html", "市政府召开常务会议", "2026-06-25")
    article = (
        f"{NAV}<h1>市政府召开常务会议</h1><p>发布时间：2026-06-25</p><p>"
        + "会议内容。" * 60
        + "</p>"
    )
    return start(
        {
            "/": html(listing(fresh)),
            "/news/": html(listing(fresh)),
            "/dept/": html(listing(("/dept/1.html", "部门动态", "2026-06-28"))),
            "/town/": html(listing(("/town/1.html", "乡镇动态", "2026-06-27"))),
            "/notice/": html(listing(("/notice/1.html", "通知", "2026-03-01"))),
            "/policy/": html(listing(("/policy/1.html", "文件", "2026-02-01"))),
            "/work/": html(listing(("/work/1.html", "工作", "2026-06-29"))),
            "/hd/": html(
                f"{NAV}<table><tr><td>关于办证的咨询</td><td>2026-06-01</td><td>已回复</td></tr></table>"
            ),
            "/news/1.html": html(article),
            "/dept/1.html": html(article),
            "/town/1.html": html(article),
            "/notice/1.html": html(article),
            "/policy/1.html": html(article),
            "/work/1.html": html(article),
        }
    )


def test_clean_site_passes_with_a_score(local_site: Start) -> None:
    report = inspect(clean_site(local_site).url)
    assert report.single_veto == []
    assert report.verdict == "pass" and report.score == 100.0
    assert [f for f in report.findings if f.severity in ("high", "medium")] == []


def test_unreachable_site(local_site: Start) -> None:
    url = f"http://127.0.0.1:{closed_port()}/"
    report = inspect(url)
    assert report.single_veto == ["站点无法访问"]
    assert report.checks["availability"]["probes"] == 3  # the home fetch and two more probes
    assert report.checks["homepage_update"]["skipped"]


def test_home_page_without_dates_is_not_updated(local_site: Start) -> None:
    site = clean_site(local_site)
    site.routes["/"] = html(f"{NAV}<p>欢迎访问</p>")  # entrances only, and…
    for path in ("/news/", "/dept/", "/town/", "/notice/", "/policy/", "/work/", "/hd/"):
        site.routes[path] = html(
            f"{NAV}<ul><li><a href='{path}1.html'>信息</a></li></ul>"
        )  # …no dates
    report = inspect(site.url)
    assert "首页不更新" in report.single_veto
    assert "未注明发布时间" in next(
        f.evidence for f in report.findings if f.check == "homepage_update"
    )


def test_navigation_home_page_reads_the_second_level_pages(local_site: Start) -> None:
    site = clean_site(local_site)
    site.routes["/"] = html(f"{NAV}<p>欢迎访问</p>")
    report = inspect(site.url)
    assert "首页不更新" not in report.single_veto
    assert report.checks["homepage_update"]["source"] == "二级页面"


def test_no_interaction_channel_fails_the_indicator(local_site: Start) -> None:
    site = clean_site(local_site)
    site.routes["/"] = html(
        listing(("/news/1.html", "会议", "2026-06-25")).replace("互动交流", "联系我们")
    )
    report = inspect(site.url)
    assert "互动回应差" in report.single_veto
    assert "未提供网上有效咨询建言渠道" in report.checks["interaction"]["veto"]


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_on_the_home_page(local_site: Start, status: int) -> None:
    site = local_site({"/": Route(b"error", status)})
    assert inspect(site.url).single_veto == ["站点无法访问"]
