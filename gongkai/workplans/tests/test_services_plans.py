"""Importing a 工作要点: text and DOCX, confirmed organs, and the bad inputs refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Organ
from gongkai.workplans.models import Plan, Point
from gongkai.workplans.services.plans import plan_import, plan_preview, text_from_upload
from gongkai.workplans.tests.conftest import PLAN_TEXT, docx_bytes, png_bytes

pytestmark = pytest.mark.django_db


def test_import_saves_points_and_matched_organs(
    city: Organ, finance: Organ, housing: Organ, county: Organ, people: dict[str, Any]
) -> None:
    plan = plan_import(actor=people["office"], organ=city, year=2026, title="", text=PLAN_TEXT)
    assert plan.title == "测试市2026年政务公开工作要点"
    assert plan.preamble == "全面推进政务公开，现提出如下要点。"
    points = list(plan.points.order_by("order"))
    assert [p.heading for p in points] == [
        "一、以政务公开助推法治政府建设", "（一）全面推行主动公开基本目录制度",
        "（二）做好财政预决算公开", "二、加强政务公开平台建设", "（一）推进政府网站集约化",
        "（二）开展新媒体管理",
    ]  # fmt: skip
    assert points[1].parent == points[0] and points[4].parent == points[3]
    assert set(points[1].lead_organs.all()) == {city, county}
    assert list(points[2].lead_organs.all()) == [finance]
    assert list(points[2].co_organs.all()) == [housing]
    assert points[5].unmatched == ["市网信办"] and not points[5].lead_organs.exists()
    event = AuditEvent.objects.get(action="work_plan.import")
    assert event.data["points"] == 6 and event.data["unmatched"] == ["市网信办"]


def test_person_chooses_unmatched_organs_within_the_subtree(
    city: Organ, housing: Organ, elsewhere: Organ, people: dict[str, Any]
) -> None:
    preview = plan_preview(actor=people["office"], organ=city, text=PLAN_TEXT)
    assert [m.phrase for m in preview.unmatched] == ["市网信办"]
    with pytest.raises(ValidationError, match="不在测试市人民政府的管辖范围内"):
        plan_import(actor=people["office"], organ=city, year=2026, title="要点", text=PLAN_TEXT,
                    choices={"市网信办": elsewhere})  # fmt: skip
    assert not Plan.objects.exists() and not Point.objects.exists()
    plan = plan_import(actor=people["office"], organ=city, year=2026, title="要点",
                       text=PLAN_TEXT, choices={"市网信办": housing})  # fmt: skip
    point = plan.points.get(title="开展新媒体管理")
    assert list(point.lead_organs.all()) == [housing] and point.unmatched == []


def test_empty_import_is_refused(city: Organ, people: dict[str, Any]) -> None:
    for text in ("", "   \n  "):
        with pytest.raises(ValidationError, match="导入内容为空"):
            plan_import(actor=people["office"], organ=city, year=2026, title="要点", text=text)
    with pytest.raises(ValidationError, match="未能识别出任何工作要点条目"):
        plan_import(actor=people["office"], organ=city, year=2026, title="要点",
                    text="通知正文，没有条目。")  # fmt: skip
    assert not Plan.objects.exists()


def test_only_the_office_imports(city: Organ, people: dict[str, Any]) -> None:
    for who in ("finance", "county_office", "outsider"):
        with pytest.raises(PermissionDenied):
            plan_import(actor=people[who], organ=city, year=2026, title="要点", text=PLAN_TEXT)


def test_the_same_plan_twice_is_refused(city: Organ, people: dict[str, Any]) -> None:
    plan_import(actor=people["office"], organ=city, year=2026, title="要点", text=PLAN_TEXT)
    with pytest.raises(ValidationError, match="请勿重复导入"):
        plan_import(actor=people["office"], organ=city, year=2026, title="要点", text=PLAN_TEXT)


def test_docx_import_reads_its_paragraphs(city: Organ, people: dict[str, Any]) -> None:
    data = docx_bytes(*PLAN_TEXT.splitlines())
    text = text_from_upload("工作要点.docx", data)
    plan = plan_import(actor=people["office"], organ=city, year=2026, title="", text=text)
    assert plan.points.count() == 6


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("工作要点.docx", "一、这是文本冒充的文档".encode(), "不是有效的 Word（DOCX）文档"),
        ("工作要点.docx", png_bytes(), "不是有效的 Word（DOCX）文档"),
        ("工作要点.docx", b"PK\x03\x04broken-zip", "不是有效的 Word（DOCX）文档"),
        ("工作要点.docx", b"", "不是有效的 Word（DOCX）文档"),
        ("工作要点.pdf", b"%PDF-1.4", "不是 Word（DOCX）文档或纯文本"),
        ("工作要点.txt", b"", "是空文件"),
        ("工作要点.txt", b"\x00\x01binary", "不是纯文本文件"),
    ],
)
def test_a_docx_that_is_not_a_docx_is_refused(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        text_from_upload(name, data)


def test_plain_text_files_in_utf8_and_gb18030() -> None:
    assert text_from_upload("a.txt", "一、要点".encode()) == "一、要点"
    assert text_from_upload("a.txt", "一、要点".encode("gb18030")) == "一、要点"
