"""The back-office pages: the scorecard, click-through to the records, refusals in Chinese, the
XLSX opened back, permissions (404 for anyone but the assessing 公开办), the public page."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.urls import reverse

from gongkai.assessment import services
from gongkai.assessment.models import Adjustment, Kind, Result, Scheme, Status
from gongkai.assessment.tests.conftest import AS_OF
from gongkai.orgs.models import Organ


def _computed(scheme: Scheme, office: Any) -> Scheme:
    services.assessment_compute(actor=office, scheme=scheme, today=AS_OF)
    return scheme


def test_index_creates_a_scheme(client: Any, office: Any, city: Organ, organ: Organ) -> None:
    client.force_login(office)
    page = client.get(reverse("assessment:index"))
    assert page.status_code == 200 and "制定考核方案" in page.content.decode()
    response = client.post(reverse("assessment:index"), {"organ": city.pk, "year": 2025})
    scheme = Scheme.objects.get(organ=city, year=2025)
    assert response.status_code == 302 and response.url == reverse(
        "assessment:scheme", args=[scheme.pk]
    )
    again = client.post(reverse("assessment:index"), {"organ": city.pk, "year": 2025})
    assert again.status_code == 400 and "已经存在" in again.content.decode()


def test_scorecard_and_click_through(
    client: Any, office: Any, scheme: Scheme, organ: Organ, published_item: Callable[..., Any]
) -> None:
    item = published_item(title="超期公开的通知", formed=date(2025, 1, 2), on=date(2025, 6, 2))
    client.force_login(office)
    response = client.post(reverse("assessment:step", args=[scheme.pk, "compute"]))
    assert response.status_code == 302
    page = client.get(reverse("assessment:scheme", args=[scheme.pk])).content.decode()
    assert 'id="scorecard"' in page and "待补" in page and organ.name in page
    a1 = Result.objects.get(scheme=scheme, organ=organ, indicator__code="A1")
    assert reverse("assessment:result", args=[a1.pk]) in page
    detail = client.get(reverse("assessment:result", args=[a1.pk])).content.decode()
    assert "超期公开的通知" in detail and reverse("office:item", args=[item.pk]) in detail
    assert "0.0%" in detail  # one item, late: the rate is a real 0, with its record
    card = client.get(
        reverse("assessment:organ", args=[scheme.pk]) + f"?organ={organ.pk}"
    ).content.decode()
    assert "A1 主动公开信息" in card and "缺数据" in card


def test_refusals_are_chinese_and_write_nothing(
    client: Any, office: Any, scheme: Scheme, organ: Organ
) -> None:
    _computed(scheme, office)
    client.force_login(office)
    r = Result.objects.get(scheme=scheme, organ=organ, indicator__code="B1")
    response = client.post(reverse("assessment:adjust", args=[r.pk]), {"delta": "-1", "reason": ""})
    assert response.status_code == 400 and "调整理由" in response.content.decode()
    assert not Adjustment.objects.exists()
    manual = Result.objects.get(scheme=scheme, organ=organ, indicator__kind=Kind.MANUAL)
    response = client.post(
        reverse("assessment:enter", args=[manual.pk]), {"value": "4", "evidence": ""}
    )
    assert response.status_code == 400 and "佐证材料" in response.content.decode()
    response = client.post(reverse("assessment:step", args=[scheme.pk, "publish"]))
    assert response.status_code == 409 and "不能执行" in response.content.decode()
    response = client.post(
        reverse("assessment:indicator", args=[scheme.pk, "A1"]),
        {
            "code": "A1",
            "name": "x",
            "max_points": "5",
            "kind": "auto",
            "formula": "open('x')",
            "rule": "ratio",
        },
    )
    assert response.status_code == 400 and "不允许" in response.content.decode()


def test_editing_a_published_scheme_through_the_page_makes_a_new_version(
    client: Any, office: Any, scheme: Scheme
) -> None:
    _computed(scheme, office)
    for r in Result.objects.filter(scheme=scheme, score__isnull=True):
        services.result_enter(actor=office, result=r, value=Decimal(0), evidence="检查记录")
    services.scheme_submit(actor=office, scheme=scheme)
    services.scheme_publish(actor=office, scheme=scheme)
    client.force_login(office)
    response = client.post(
        reverse("assessment:indicator", args=[scheme.pk, "D2"]),
        {"code": "D2", "name": "政府网站单项否决", "max_points": "8", "kind": "auto",
         "formula": "monitor.vetoes", "rule": "veto", "on_empty": "missing"},
    )  # fmt: skip
    new = Scheme.objects.get(organ=scheme.organ, year=scheme.year, version=2)
    assert response.status_code == 302 and response.url == reverse(
        "assessment:scheme", args=[new.pk]
    )
    scheme.refresh_from_db()
    assert scheme.status == Status.PUBLISHED
    assert scheme.indicators.get(code="D2").max_points == Decimal(5)
    assert new.indicators.get(code="D2").max_points == Decimal(8)
    public = client.get(reverse("assessment_public:scheme", args=[scheme.pk]))
    assert public.status_code == 200 and scheme.title in public.content.decode()
    assert client.get(reverse("assessment_public:scheme", args=[new.pk])).status_code == 404


def test_xlsx_export_opens_back(client: Any, office: Any, scheme: Scheme, organ: Organ) -> None:
    from openpyxl import load_workbook

    _computed(scheme, office)
    r = Result.objects.get(scheme=scheme, organ=organ, indicator__code="B1")
    services.adjustment_add(actor=office, result=r, delta=Decimal(-2), reason="=被通报批评一次")
    client.force_login(office)
    response = client.get(reverse("assessment:export", args=[scheme.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["考核结果", "考核指标", "计算明细", "分值调整"]
    rows = list(book["考核结果"].iter_rows(values_only=True))
    assert rows[1][1] == "考核对象" and rows[1][2].startswith("A1 ")
    names = {row[1] for row in rows[2:]}
    assert organ.name in names
    assert any(v == "待补" for row in rows[2:] for v in row)
    detail = list(book["计算明细"].iter_rows(values_only=True))
    assert any(
        row[0] == organ.name and row[1].startswith("B1") and row[4] == -2 for row in detail[1:]
    )
    adjust = list(book["分值调整"].iter_rows(values_only=True))
    assert adjust[1][3] == "'=被通报批评一次"  # never a formula


def test_others_see_nothing(
    client: Any, outsider: Any, scheme: Scheme, office: Any, organ: Organ
) -> None:
    _computed(scheme, office)
    r = Result.objects.filter(scheme=scheme).first()
    assert r is not None
    client.force_login(outsider)
    for url in (
        reverse("assessment:scheme", args=[scheme.pk]),
        reverse("assessment:result", args=[r.pk]),
        reverse("assessment:export", args=[scheme.pk]),
        reverse("assessment:organ", args=[scheme.pk]) + f"?organ={organ.pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("assessment:step", args=[scheme.pk, "compute"])).status_code == 404
    assert client.get(reverse("assessment_public:scheme", args=[scheme.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("assessment:index")).status_code == 302
