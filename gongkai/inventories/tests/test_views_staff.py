"""Back office: a list drafted, filled, published and revised through the pages; the guide
flag; the review; another organ's staff gets 403; typed markup stays text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.inventories.models import (
    InventoryVersion,
    Kind,
    NegativeReview,
    ServiceGuide,
    VersionStatus,
)
from gongkai.inventories.tests.conftest import withheld
from gongkai.orgs.models import Organ

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_draft_fill_publish_and_revise_through_the_pages(
    people: dict[str, Any], dept: Organ
) -> None:
    editor, approver = _as(people["editor"]), _as(people["approver"])
    assert editor.get(reverse("office_inventories:index")).status_code == 200
    start = reverse("office_inventories:draft_start", args=[dept.pk, Kind.POWERS])
    response = editor.post(start)
    draft = InventoryVersion.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/versions/{draft.pk}/")
    add = reverse("office_inventories:entry_new", args=[draft.pk])
    page = editor.post(add, {"name": "食品经营许可", "power_type": "行政许可", "basis": ""})
    assert page.status_code == 200 and "请填写实施依据" in page.content.decode()
    editor.post(
        add,
        {
            "name": "食品经营许可",
            "power_type": "行政许可",
            "basis": "《食品安全法》第三十五条",
            "duties": "受理、审查",
        },
    )
    assert draft.entries.count() == 1
    publish = reverse("office_inventories:publish", args=[draft.pk])
    approver.post(publish, {"change_log": ""})
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    # Version 2: a change without a change log comes back with the message.
    editor.post(start)
    v2 = InventoryVersion.objects.get(number=2)
    entry = v2.entries.get()
    editor.post(
        reverse("office_inventories:entry", args=[entry.pk]),
        {
            "name": "食品经营许可（含仅销售预包装食品备案）",
            "power_type": "行政许可",
            "basis": "同上",
        },
    )
    page = approver.post(reverse("office_inventories:publish", args=[v2.pk]), follow=True)
    assert "请填写修订说明" in page.content.decode()
    approver.post(reverse("office_inventories:publish", args=[v2.pk]), {"change_log": "并入备案。"})
    v2.refresh_from_db()
    assert v2.status == VersionStatus.PUBLISHED
    page = editor.get(reverse("office_inventories:inventory", args=[dept.pk, Kind.POWERS]))
    assert "第2版" in page.content.decode() and "并入备案。" in page.content.decode()


def test_another_organs_staff_gets_403(
    people: dict[str, Any], dept: Organ, publish: Callable[..., InventoryVersion]
) -> None:
    version = publish()
    other = _as(people["other"])
    urls = [
        reverse("office_inventories:organ", args=[dept.pk]),
        reverse("office_inventories:inventory", args=[dept.pk, Kind.POWERS]),
        reverse("office_inventories:version", args=[version.pk]),
        reverse("office_inventories:guide_new", args=[dept.pk]),
    ]
    for url in urls:
        assert other.get(url).status_code == 403, url
    entry = version.entries.get()
    for url in (
        reverse("office_inventories:entry", args=[entry.pk]),
        reverse("office_inventories:entry_new", args=[version.pk]),
    ):
        assert other.get(url).status_code == 403, url
        # The approver of the organ reads the lists but does not edit them.
        assert _as(people["approver"]).get(url).status_code == 403, url
    assert (
        other.post(reverse("office_inventories:entry_remove", args=[entry.pk])).status_code == 403
    )
    start = reverse("office_inventories:draft_start", args=[dept.pk, Kind.POWERS])
    assert other.post(start).status_code == 403
    assert InventoryVersion.objects.count() == 1
    # Their own index lists only their own organ.
    assert dept.display_name not in other.get(reverse("office_inventories:index")).content.decode()


def test_the_guide_flag_shows_and_markup_stays_text(people: dict[str, Any], dept: Organ) -> None:
    editor = _as(people["editor"])
    data = {
        "title": f"广告发布登记{XSS}",
        "basis": "《广告法》",
        "conditions": "具有广告发布能力",
        "materials": "申请表",
        "process": "申请—审查—决定",
        "time_limit": "10个工作日",
        "fees": "不收费",
        "location": "政务服务中心",
        "phone": "",
    }
    response = editor.post(reverse("office_inventories:guide_new", args=[dept.pk]), data)
    guide = ServiceGuide.objects.get()
    assert response.status_code == 302
    text = editor.get(reverse("office_inventories:guide", args=[guide.pk])).content.decode()
    assert "服务不实用" in text and "缺少咨询电话" in text
    assert XSS not in text and "&lt;script&gt;" in text
    flagged = editor.get(reverse("office_inventories:flagged")).content.decode()
    assert "广告发布登记" in flagged and "咨询电话" in flagged
    # A revision without its note is refused on the page.
    again = editor.post(
        reverse("office_inventories:guide", args=[guide.pk]), {**data, "phone": "0000-1"}
    )
    assert "请填写修订说明" in again.content.decode()


def test_review_through_the_page(
    people: dict[str, Any], dept: Organ, publish: Callable[..., InventoryVersion]
) -> None:
    from datetime import date

    version = publish(Kind.NEGATIVE, (withheld(next_review_on=date(2020, 1, 1)),))
    editor = _as(people["editor"])
    due = editor.get(reverse("office_inventories:reviews")).content.decode()
    assert "执法案卷中的举报人信息" in due
    url = reverse("office_inventories:review", args=[version.entries.get().pk])
    page = editor.post(url, {"conclusion": "keep", "note": "", "reviewed_on": "2020-01-02"})
    assert page.status_code == 200 and not NegativeReview.objects.exists()
    editor.post(url, {"conclusion": "keep", "note": f"继续{XSS}", "reviewed_on": "2020-01-02"})
    review = NegativeReview.objects.get()
    assert review.next_review_on == date(2021, 1, 2)
    text = editor.get(url).content.decode()
    assert XSS not in text and "&lt;script&gt;" in text
