"""Portal: the current version, the history with change logs and change lists, the guides and
the 负面清单 with its review dates; drafts stay in the office; markup stays text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.inventories.models import InventoryVersion, Kind
from gongkai.inventories.services.guides import guide_save
from gongkai.inventories.services.versions import draft_start, entry_save, version_publish
from gongkai.inventories.tests.conftest import NOW, power, withheld
from gongkai.inventories.tests.test_services_guides import FULL
from gongkai.orgs.models import Organ

pytestmark = pytest.mark.django_db

XSS = "<img src=x onerror=alert(1)>"


def test_current_version_history_and_drafts(
    people: dict[str, Any], dept: Organ, publish: Callable[..., InventoryVersion]
) -> None:
    publish(Kind.POWERS, (power(), power("广告发布登记")))
    draft = draft_start(actor=people["editor"], organ=dept, kind=Kind.POWERS)
    entry_save(actor=people["editor"], version=draft, fields=power(f"计量检定{XSS}"))
    client = Client()
    url = reverse("inventories:inventory", args=[dept.pk, Kind.POWERS])
    assert "计量检定" not in client.get(url).content.decode()  # the draft is not public
    version_publish(actor=people["approver"], version=draft, change_log=f"新增{XSS}", now=NOW)
    text = client.get(url).content.decode()
    assert "第2版" in text and "计量检定" in text and XSS not in text and "&lt;img" in text
    history = client.get(reverse("inventories:history", args=[dept.pk, Kind.POWERS])).content
    text = history.decode()
    assert "第1版" in text and "第2版" in text and "新增：计量检定" in text and "首次发布" in text
    old = client.get(reverse("inventories:version", args=[dept.pk, Kind.POWERS, 1])).content
    assert "历史版本" in old.decode() and "计量检定" not in old.decode()
    assert (
        client.get(reverse("inventories:version", args=[dept.pk, Kind.POWERS, 3])).status_code
        == 404
    )
    index = client.get(reverse("inventories:index")).content.decode()
    assert dept.name in index and 'href="/inventories/"' in index  # the nav link
    organ_page = client.get(reverse("inventories:organ", args=[dept.pk])).content.decode()
    assert "权责清单" in organ_page and "第2版" in organ_page


def test_negative_list_shows_reasons_and_review_dates(
    people: dict[str, Any], dept: Organ, publish: Callable[..., InventoryVersion]
) -> None:
    from datetime import date

    from gongkai.inventories.services.reviews import review_record

    version = publish(Kind.NEGATIVE, (withheld(),))
    url = reverse("inventories:inventory", args=[dept.pk, Kind.NEGATIVE])
    page = Client().get(url).content.decode()
    assert "不予公开理由" in page and "条例第十五条" in page and "2026-12-31" in page
    review_record(
        actor=people["editor"],
        inventory=version.inventory,
        entry_key=version.entries.get().key,
        conclusion="keep",
        note="继续不予公开。",
        reviewed_on=date(2026, 3, 2),
        today=date(2026, 3, 2),
    )
    page = Client().get(url).content.decode()
    assert "2026-03-02（继续不予公开）" in page and "2027-03-02" in page
    assert "2026-12-31" not in page  # the review set the next date


def test_guide_page_and_a_list_linking_it(
    people: dict[str, Any], dept: Organ, publish: Callable[..., InventoryVersion]
) -> None:
    from gongkai.inventories.services.versions import EntryFields

    guide = guide_save(actor=people["editor"], organ=dept, fields=FULL)
    publish(
        Kind.SERVICES,
        (EntryFields(name="食品经营许可", basis="食品安全法", audience="企业", guide_id=guide.pk),),
    )
    client = Client()
    page = client.get(reverse("inventories:inventory", args=[dept.pk, Kind.SERVICES])).content
    assert reverse("inventories:guide", args=[guide.pk]) in page.decode()
    text = client.get(reverse("inventories:guide", args=[guide.pk])).content.decode()
    for label in (
        "设定依据",
        "办理条件",
        "申请材料",
        "办理流程",
        "办理时限",
        "收费标准",
        "办理地点",
        "咨询电话",
    ):
        assert label in text
    assert "0000-1234567" in text
    assert client.get(reverse("inventories:inventory", args=[dept.pk, "bogus"])).status_code == 404
    assert (
        client.get(reverse("inventories:inventory", args=[dept.pk, Kind.NEGATIVE])).status_code
        == 404
    )
