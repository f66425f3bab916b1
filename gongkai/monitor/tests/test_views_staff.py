"""Back-office pages: dashboard, registry, site report, run report with evidence."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gongkai.monitor.models import Finding, Run, Site
from gongkai.monitor.services.sites import SiteFields, site_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(organ: Any, staff: dict[str, Any]) -> Site:
    return site_register(
        actor=staff["organ_admin"],
        organ=organ,
        fields=SiteFields(name="测试网站", base_url="http://www.test.gov.cn/"),
    )


def test_only_the_organ_admin_sees_the_monitor(
    login: Any, staff: dict[str, Any], site: Site
) -> None:
    client = login(staff["editor"])
    assert client.get(reverse("monitor:dashboard")).status_code == 403
    assert client.get(reverse("monitor:site", args=[site.pk])).status_code == 403
    assert client.get(reverse("monitor:site_create")).status_code == 403
    admin = login(staff["organ_admin"])
    page = admin.get(reverse("monitor:dashboard"))
    assert page.status_code == 200 and "测试网站" in page.content.decode()


def test_anonymous_is_sent_to_login(client: Any) -> None:
    response = client.get(reverse("monitor:dashboard"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_register_a_site_and_bad_input(login: Any, staff: dict[str, Any], organ: Any) -> None:
    client = login(staff["organ_admin"])
    data = {"organ": organ.pk, "name": "部门网站", "base_url": "mzj.test.gov.cn",
            "kind": "department", "platform": "external", "max_pages": 100,
            "active": "on"}  # fmt: skip
    bad = client.post(reverse("monitor:site_create"), data)
    assert bad.status_code == 400 and "应以 http:// 或 https:// 开头" in bad.content.decode()
    data["base_url"] = "https://mzj.test.gov.cn/"
    good = client.post(reverse("monitor:site_create"), data)
    site = Site.objects.get(name="部门网站")
    assert good.status_code == 302 and good["Location"] == reverse("monitor:site", args=[site.pk])


def test_columns_added_and_removed(login: Any, staff: dict[str, Any], site: Site) -> None:
    client = login(staff["organ_admin"])
    url = reverse("monitor:column_add", args=[site.pk])
    client.post(
        url, {"name": "要闻", "kind": "news", "url": "http://other.cn/x", "first_level": "on"}
    )
    assert not site.columns.exists()
    client.post(
        url,
        {"name": "要闻", "kind": "news", "url": "http://www.test.gov.cn/yw/", "first_level": "on"},
    )
    column = site.columns.get()
    page = client.get(reverse("monitor:site", args=[site.pk])).content.decode()
    assert "要闻" in page and "动态要闻" in page
    client.post(reverse("monitor:column_remove", args=[site.pk, column.pk]))
    assert not site.columns.exists()


def test_run_report_shows_verdicts_score_and_evidence(
    login: Any, staff: dict[str, Any], site: Site
) -> None:
    from django.utils import timezone

    run = Run.objects.create(
        site=site, trigger="schedule", started_at=timezone.now(), finished_at=timezone.now(),
        verdict="fail", single_veto=["安全、泄密事故等严重问题"],
        summary={"checks": {"tamper": {"label": "篡改与垃圾信息", "veto": "1个页面出现垃圾信息"}},
                 "verdict_text": "单项否决：安全、泄密事故等严重问题"},
    )  # fmt: skip
    Finding.objects.create(
        run=run, check_name="hidden_links", severity="high", indicator="安全、泄密事故等严重问题",
        url="http://www.test.gov.cn/a.html", evidence="隐藏元素中有2个指向其他网站的链接（暗链）",
        snippet="bet365", path="body > div#xkqzp",
    )  # fmt: skip
    client = login(staff["organ_admin"])
    page = client.get(reverse("monitor:run", args=[run.pk])).content.decode()
    assert "暗链" in page and "body &gt; div#xkqzp" in page and "不合格" in page
    site_page = client.get(reverse("monitor:site", args=[site.pk])).content.decode()
    assert "安全、泄密事故等严重问题" in site_page
    dash = client.get(reverse("monitor:dashboard")).content.decode()
    assert "1 个不合格" in dash
    assert (
        client.get(reverse("monitor:run", args=[run.pk]) + "?severity=nonsense").status_code == 200
    )


def test_run_now_is_queued_and_audited(
    login: Any, staff: dict[str, Any], site: Site, settings: Any
) -> None:
    from gongkai.core.audit import AuditEvent

    client = login(staff["organ_admin"])
    response = client.post(reverse("monitor:run_now", args=[site.pk]))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="monitor.run", object_id=str(site.pk)).exists()
    assert (
        login(staff["editor"]).post(reverse("monitor:run_now", args=[site.pk])).status_code == 403
    )


def test_office_menu_links_the_monitor(login: Any, staff: dict[str, Any]) -> None:
    page = login(staff["organ_admin"]).get(reverse("office:dashboard")).content.decode()
    assert reverse("monitor:dashboard") in page
