"""Sites served by gongkai itself: self-inspection (issue 17 §8) and integrity (§4)."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.monitor import own
from gongkai.monitor.crawler import CrawlConfig, Fetched, _now
from gongkai.monitor.detect.html import parse
from gongkai.monitor.inspect import Inspection
from gongkai.monitor.models import ApprovedText
from gongkai.monitor.services.runs import scan

INJECTED = "澳门葡京娱乐城真人真钱，注册送彩金。"


@pytest.fixture
def published(make_draft: Any, publish: Any, django_capture_on_commit_callbacks: Any) -> Any:
    with django_capture_on_commit_callbacks(execute=True):
        item = publish(
            make_draft(
                body="<p>各有关单位：现就就业补贴申领工作通知如下。</p><p>一、申领对象。</p>"
            )
        )
    return item


@pytest.mark.django_db
def test_publication_keeps_the_approved_text(published: Any) -> None:
    snap = ApprovedText.objects.get(item=published)
    assert snap.title == published.title
    assert "一、申领对象。" in snap.text and len(snap.sha256) == 64


@pytest.mark.django_db
def test_served_page_equals_the_approved_version_until_injected(
    published: Any, client: Any
) -> None:
    html = client.get(published.get_absolute_url()).content.decode()
    assert own.compare(published.pk, parse(html)) is None
    tampered = html.replace("一、申领对象。", f"一、申领对象。{INJECTED}")
    diff = own.compare(published.pk, parse(tampered))
    assert diff is not None and diff.baseline_kept
    assert any(INJECTED in s for s in diff.inserted) and diff.removed == []
    # through the inspection: a HIGH finding with its diff, under the security veto
    insp = Inspection(
        base_url="http://testserver/", today=published.published_at.date(), own_site=True
    )
    url = "http://testserver" + published.get_absolute_url()
    fetched = Fetched(
        url=url, depth=2, referrer="", external=False, fetched_at=_now(), http_status=200
    )
    fetched.doc = parse(tampered, url)
    _record, findings = insp.add(fetched)
    integrity = next(f for f in findings if f.check == "integrity")
    assert integrity.severity == "high" and INJECTED in integrity.snippet
    assert integrity.indicator == "安全、泄密事故等严重问题"


@pytest.mark.django_db
def test_items_published_before_the_monitor_compare_with_the_database(
    published: Any, client: Any
) -> None:
    ApprovedText.objects.all().delete()
    html = client.get(published.get_absolute_url()).content.decode()
    assert own.compare(published.pk, parse(html)) is None
    diff = own.compare(published.pk, parse(html.replace("一、申领对象。", "一、申领对象已变更。")))
    assert diff is not None and not diff.baseline_kept and diff.removed == ["一、申领对象。"]


# One request at a time: the live server shares its SQLite connection between threads.
FAST = CrawlConfig(
    per_host_per_second=0, timeout_s=10, concurrency=1, max_pages=60, check_external=False
)


def _columns_in_use(item: Any) -> None:
    """The organ keeps the columns it publishes in (the others switched off in 指南与栏目):
    a column that never held anything is a 空白栏目 to the inspectors."""
    from gongkai.catalog.models import Column

    Column.objects.filter(organ=item.organ).exclude(pk=item.column_id).exclude(kind="guide").update(
        is_active=False
    )


@pytest.mark.django_db(transaction=True)
def test_self_inspection_passes_every_single_veto(
    live_server: Any, published: Any, staff: Any
) -> None:
    from django.utils import timezone

    _columns_in_use(published)
    report = scan(
        live_server.url + "/",
        inspection=Inspection(base_url=live_server.url + "/", today=timezone.localdate()),
        config=FAST,
    )
    assert report.own
    assert report.single_veto == [], [f.evidence for f in report.findings if f.indicator]
    assert report.score is not None and report.score >= 60
    assert report.checks["interaction"]["source"] == "本平台互动交流"
    assert (
        report.checks["integrity"]["compared"] >= 1 and report.checks["integrity"]["changed"] == 0
    )


@pytest.mark.django_db(transaction=True)
def test_without_the_mailbox_the_interaction_indicator_fails(
    live_server: Any, published: Any, staff: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.apps import apps
    from django.utils import timezone

    _columns_in_use(published)
    installed = apps.is_installed
    monkeypatch.setattr(
        own.apps, "is_installed", lambda name: name != "gongkai.mailbox" and installed(name)
    )
    report = scan(
        live_server.url + "/",
        inspection=Inspection(base_url=live_server.url + "/", today=timezone.localdate()),
        config=FAST,
    )
    assert report.single_veto == ["互动回应差"]
    assert report.checks["interaction"]["source"] == "未安装互动交流功能"


@pytest.mark.django_db(transaction=True)
def test_blank_template_columns_count_as_the_inspectors_count_them(
    live_server: Any, published: Any, staff: Any
) -> None:
    from django.utils import timezone

    report = scan(
        live_server.url + "/",
        inspection=Inspection(base_url=live_server.url + "/", today=timezone.localdate()),
        config=FAST,
    )
    assert report.single_veto == ["栏目不更新"]
    assert report.checks["columns"]["blank"] >= 5
