"""Fixtures of the 公报 tests: a city government with a department below it and an unrelated
organ, the people of each post, a way to publish an item, and uploads kept in a temporary
directory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gongkai.catalog.models import Column, Item
from gongkai.catalog.services import workflow
from gongkai.catalog.services.items import ItemFields, item_create
from gongkai.gazette.models import GazetteIssue, Section
from gongkai.gazette.services import issues
from gongkai.orgs.models import Organ


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def city(make_organ: Callable[..., Organ]) -> Organ:
    return make_organ("岚山市人民政府", kind=Organ.Kind.GOVERNMENT, level=Organ.Level.CITY)


@pytest.fixture
def dept(make_organ: Callable[..., Organ], city: Organ) -> Organ:
    return make_organ("岚山市财政局", parent=city)


@pytest.fixture
def other(make_organ: Callable[..., Organ]) -> Organ:
    return make_organ("青川县人民政府", kind=Organ.Kind.GOVERNMENT, level=Organ.Level.COUNTY)


@pytest.fixture
def people(make_user: Callable[..., Any], city: Organ, dept: Organ, other: Organ) -> dict[str, Any]:
    return {
        "office": make_user("gz-office", organ=city, roles=("organ_admin",)),
        "reviewer": make_user("gz-reviewer", organ=city, roles=("reviewer",)),
        "editor": make_user("gz-editor", organ=dept, roles=("editor",)),
        "secrecy": make_user("gz-secrecy", organ=dept, roles=("secrecy",)),
        "approver": make_user("gz-approver", organ=dept, roles=("approver",)),
        "city_editor": make_user("gz-city-editor", organ=city, roles=("editor",)),
        "city_secrecy": make_user("gz-city-secrecy", organ=city, roles=("secrecy",)),
        "city_approver": make_user("gz-city-approver", organ=city, roles=("approver",)),
        "stranger": make_user("gz-stranger", organ=other, roles=("organ_admin",)),
        "other_editor": make_user("gz-other-editor", organ=other, roles=("editor",)),
        "other_secrecy": make_user("gz-other-secrecy", organ=other, roles=("secrecy",)),
        "other_approver": make_user("gz-other-approver", organ=other, roles=("approver",)),
    }


@pytest.fixture
def make_item(people: dict[str, Any], city: Organ, dept: Organ) -> Callable[..., Item]:
    """A 政策文件 of an organ (the department by default), published unless `published=False`."""

    def make(
        title: str = "岚山市财政局关于做好预算公开工作的通知",
        *,
        organ: Organ | None = None,
        doc_number: str = "岚财〔2026〕3号",
        published: bool = True,
    ) -> Item:
        organ = organ or dept
        who = {city.pk: "city_", dept.pk: ""}.get(organ.pk, "other_")
        column = Column.objects.get(organ=organ, code="policy")
        fields = ItemFields(
            title=title,
            formed_on=date(2026, 3, 2),
            doc_number=doc_number,
            body="<p>第一条 为做好预算公开工作，通知如下。</p>"
            "<p>第二条 本通知自印发之日起施行。</p>",
        )
        item = item_create(
            actor=people[f"{who}editor"], organ=organ, column=column, fields=fields
        ).item
        if not published:
            return item
        item = workflow.item_submit(actor=people[f"{who}editor"], item=item)
        for finding in item.findings.all():
            workflow.finding_acknowledge(actor=people[f"{who}secrecy"], finding=finding)
        item = workflow.item_pass_secrecy(
            actor=people[f"{who}secrecy"], item=item, opinion="同意公开。"
        )
        return workflow.item_publish(actor=people[f"{who}approver"], item=item)

    return make


@pytest.fixture
def section() -> Section:
    return Section.objects.get(name="部门文件")


@pytest.fixture
def issue(people: dict[str, Any], city: Organ) -> GazetteIssue:
    return issues.issue_create(
        actor=people["office"],
        organ=city,
        year=2026,
        number=3,
        total_number=45,
        issued_on=date(2026, 3, 15),
        today=date(2026, 3, 10),
    )


@pytest.fixture
def pdf_bytes() -> bytes:
    """A small, whole PDF (one A4 page), made here rather than read from anywhere."""
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
