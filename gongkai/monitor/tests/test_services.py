"""The registry, stored runs (resumable), the tamper alert (inbox + e-mail, once), probes and
the daily job."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.core.audit import AuditEvent
from gongkai.inbox.models import Notice
from gongkai.monitor.crawler import CrawlConfig
from gongkai.monitor.models import Page, Probe, Run, Site
from gongkai.monitor.services import runs
from gongkai.monitor.services.sites import ColumnFields, SiteFields, column_save, site_register
from gongkai.monitor.tests.sites import LocalSite
from gongkai.monitor.tests.test_scan import TODAY, bad_site, clean_site

pytestmark = pytest.mark.django_db
Start = Callable[..., LocalSite]
FAST = CrawlConfig(per_host_per_second=0, timeout_s=5, concurrency=4, max_pages=100)


def register(organ: Any, admin: Any, url: str, **kw: Any) -> Site:
    fields = SiteFields(name=kw.pop("name", "测试市人民政府网站"), base_url=url, **kw)
    return site_register(actor=admin, organ=organ, fields=fields)


def test_register_needs_the_organ_admin(organ: Any, staff: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        register(organ, staff["editor"], "http://www.example.gov.cn/")
    site = register(organ, staff["organ_admin"], "HTTP://WWW.Example.gov.cn")
    assert site.base_url == "http://www.example.gov.cn/"
    assert AuditEvent.objects.filter(
        action="monitor.site_register", object_id=str(site.pk)
    ).exists()


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"url": "www.example.gov.cn"}, "应以 http:// 或 https:// 开头"),
        ({"url": "ftp://example.gov.cn/"}, "应以 http:// 或 https:// 开头"),
        ({"url": "http://"}, "不是有效的网址"),
        ({"url": "http://a.gov.cn/", "id_code": "12ab"}, "标识码应为10位数字"),
        ({"url": "http://a.gov.cn/", "max_pages": 0}, "每次最多抓取页数"),
        ({"url": "http://a.gov.cn/", "alert_emails": "office@x.cn, 不是邮箱"}, "告警邮箱"),
        ({"url": "http://a.gov.cn/", "name": "  "}, "请填写网站名称"),
    ],
)
def test_bad_registrations_say_why(
    organ: Any, staff: dict[str, Any], kw: dict[str, Any], message: str
) -> None:
    url = kw.pop("url")
    with pytest.raises(ValidationError) as exc:
        register(organ, staff["organ_admin"], url, **kw)
    assert message in exc.value.messages[0]
    assert not Site.objects.exists()


def test_duplicate_site_and_foreign_column(organ: Any, staff: dict[str, Any]) -> None:
    site = register(organ, staff["organ_admin"], "http://www.example.gov.cn/")
    with pytest.raises(ValidationError, match="已经登记"):
        register(organ, staff["organ_admin"], "http://www.example.gov.cn")
    with pytest.raises(ValidationError, match="应为该网站的网址"):
        column_save(
            actor=staff["organ_admin"],
            site=site,
            fields=ColumnFields(name="要闻", kind="news", url="http://other.gov.cn/news/"),
        )
    col = column_save(
        actor=staff["organ_admin"],
        site=site,
        fields=ColumnFields(name="要闻", kind="news", url="http://www.example.gov.cn/news/"),
    )
    assert col.kind == "news"


def test_stored_run_alerts_once_and_keeps_the_report(
    local_site: Start, organ: Any, staff: dict[str, Any], settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    web = bad_site(local_site)
    site = register(organ, staff["organ_admin"], web.url, alert_emails="gkb@example.gov.cn")
    with django_capture_on_commit():
        run, report = runs.run_site(site=site, today=TODAY, config=FAST)
    assert run.finished_at and run.verdict == "fail"
    assert run.single_veto == report.single_veto and "栏目不更新" in run.single_veto
    assert run.pages == Page.objects.filter(run=run, external=False).count() > 5
    assert run.findings.filter(check_name="hidden_links", severity="high").exists()
    alert = Notice.objects.get(recipient=staff["organ_admin"], key__startswith="monitor.tamper:")
    assert "疑似被篡改" in alert.title and "/news/1.html" in alert.body
    assert any("gkb@example.gov.cn" in m.to for m in mail.outbox)
    assert Notice.objects.filter(
        recipient=staff["organ_admin"], key__startswith="monitor.veto:"
    ).exists()
    # the next day the same injected page is seen again: no second alert
    sent = len(mail.outbox)
    with django_capture_on_commit():
        runs.run_site(site=site, today=TODAY + timedelta(days=1), config=FAST)
    assert Notice.objects.filter(key__startswith="monitor.tamper:").count() == 1
    assert len(mail.outbox) == sent


class django_capture_on_commit:  # noqa: N801 - used as a context manager
    """Run on-commit callbacks at the end of the block (tests run inside one transaction)."""

    def __enter__(self) -> None:
        from django.db import connection

        self._start = len(connection.run_on_commit)

    def __exit__(self, *exc: object) -> None:
        from django.db import connection

        callbacks = connection.run_on_commit[self._start :]
        connection.run_on_commit[self._start :] = []
        for callback in callbacks:
            callback[1]()


def test_an_interrupted_run_is_resumed(
    local_site: Start, organ: Any, staff: dict[str, Any]
) -> None:
    web = clean_site(local_site)
    site = register(organ, staff["organ_admin"], web.url)
    partial = Run.objects.create(site=site, trigger="schedule", started_at=timezone.now())
    # the first session stored the home page, then the process died
    home_url = web.url
    from gongkai.monitor.crawler import url_hash

    Page.objects.create(
        run=partial,
        url=home_url,
        url_hash=url_hash(home_url),
        depth=0,
        fetched_at=timezone.now(),
        http_status=200,
        links=[web.url + "news/", web.url + "hd/"],
        facts={
            "nav": [["要闻", web.url + "news/"], ["互动交流", web.url + "hd/"]],
            "content_links": [],
        },
        newest_date=TODAY,
        verdict="clean",
    )
    run, report = runs.run_site(site=site, today=TODAY, config=FAST)
    assert run.pk == partial.pk and run.finished_at is not None
    assert "/" not in web.requests  # the home page was not fetched again
    assert web.requests.count("/news/") == 1
    assert report.single_veto == []


def test_probes_are_spread_and_idempotent(
    local_site: Start, organ: Any, staff: dict[str, Any]
) -> None:
    web = clean_site(local_site)
    site = register(organ, staff["organ_admin"], web.url)
    now = datetime(2026, 6, 30, 8, 0, tzinfo=UTC)
    assert runs.probe_due_sites(now=now)
    Probe.objects.update(at=now)
    assert runs.probe_due_sites(now=now + timedelta(minutes=1)) == []
    assert runs.probe_due_sites(now=now + timedelta(minutes=61))
    assert Probe.objects.filter(site=site, ok=True).count() == 2
    # sites are offset within the hour: their slots turn at different minutes
    turns = set()
    for pk in range(1, 50):
        first = runs.probe_slot(pk, now, minutes=60)
        turns.add(
            next(
                m
                for m in range(1, 61)
                if runs.probe_slot(pk, now + timedelta(minutes=m), minutes=60) != first
            )
        )
    assert len(turns) >= 10


def test_failed_probes_make_the_site_unreachable(
    local_site: Start, organ: Any, staff: dict[str, Any]
) -> None:
    web = clean_site(local_site)
    site = register(organ, staff["organ_admin"], web.url)
    now = timezone.now()
    Probe.objects.bulk_create(
        [
            Probe(site=site, at=now - timedelta(hours=h), ok=h % 10 != 0, elapsed_ms=100)
            for h in range(140)
        ]
    )
    _run, report = runs.run_site(site=site, today=TODAY, config=FAST)
    assert "站点无法访问" in report.single_veto  # 14 of 141 failed: ≥5%


def test_daily_job_runs_each_site_once_a_day(
    local_site: Start, organ: Any, staff: dict[str, Any]
) -> None:
    web = clean_site(local_site)
    register(organ, staff["organ_admin"], web.url)
    first = runs.run_due_sites(today=timezone.localdate())
    assert len(first) == 1
    assert runs.run_due_sites(today=timezone.localdate()) == []
