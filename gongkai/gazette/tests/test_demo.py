"""The demo 公报: one issue per month that published documents, each published, its items
sectioned and carrying the statement; the newest with its PDF."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client

from gongkai.catalog.models import Item
from gongkai.gazette.demo import build_gazette
from gongkai.gazette.models import IssueStatus

pytestmark = pytest.mark.django_db


def test_a_year_of_issues(people: dict[str, Any], city: Any, make_item: Callable[..., Any]) -> None:
    made = {
        (1, "岚山市人民政府关于印发2025年重点工作的通知", "岚政发〔2025〕1号", city),
        (1, "岚山市财政局关于做好预算公开工作的通知", "岚财〔2025〕3号", None),
        (3, "岚山市人民政府办公室关于春耕生产的通知", "岚政办发〔2025〕7号", city),
        (3, "岚山市人民政府关于张三等同志职务任免的通知", "岚政任〔2025〕2号", city),
        (7, "岚山市政府投资项目管理办法", "岚山市人民政府令〔2025〕1号", city),
    }
    for month, title, number, organ in sorted(made, key=lambda row: (row[0], row[1])):
        item = make_item(title, doc_number=number, organ=organ)
        when = datetime(2025, month, 10, 1, 0, tzinfo=UTC)  # 9:00 in 北京时间
        Item.objects.filter(pk=item.pk).update(published_at=when)
    make_item("岚山市财政局无文号的消息", doc_number="")  # no 文号: not a document to print
    result = build_gazette(organ=city, office=people["office"], year=2025)
    assert [(i.number, i.issued_on.month) for i in result.issues] == [(1, 1), (2, 3), (3, 7)]
    assert result.entries == 5
    assert all(i.status == IssueStatus.PUBLISHED for i in result.issues)
    assert result.issues[0].total_number == 181
    sections = {
        e.item.title: e.section.name
        for i in result.issues
        for e in i.entries.select_related("item", "section")
    }
    assert sections == {
        "岚山市人民政府关于印发2025年重点工作的通知": "市政府文件",
        "岚山市财政局关于做好预算公开工作的通知": "部门文件",
        "岚山市人民政府办公室关于春耕生产的通知": "市政府办公室文件",
        "岚山市人民政府关于张三等同志职务任免的通知": "人事任免",
        "岚山市政府投资项目管理办法": "规章",
    }
    newest = result.issues[-1]
    from gongkai.gazette.pdf import cjk_font_installed

    if cjk_font_installed():
        assert newest.pdf and newest.pdf_pages
    assert not result.issues[0].pdf
    item = newest.entries.get().item
    assert "本文已刊登于" in Client().get(item.get_absolute_url()).content.decode()
    # Run again: nothing is carried twice (the items are already in an issue).
    assert build_gazette(organ=city, office=people["office"], year=2025).issues == []


def test_the_audit_rows_read_in_chinese(
    people: dict[str, Any], city: Any, make_item: Callable[..., Any], pdf_bytes: bytes
) -> None:
    import re

    from gongkai.core.audit import audit_data_text
    from gongkai.core.models import AuditEvent
    from gongkai.gazette.models import Section
    from gongkai.gazette.services import issues

    item = make_item()
    Item.objects.filter(pk=item.pk).update(published_at=datetime(2025, 5, 5, 2, tzinfo=UTC))
    made = build_gazette(organ=city, office=people["office"], year=2025, pdfs=0).issues[0]
    issues.issue_withdraw(actor=people["office"], issue=made, reason="期号有误。")
    draft = issues.issue_create(
        actor=people["office"],
        organ=city,
        year=2025,
        number=9,
        issued_on=made.issued_on,
        today=made.issued_on,
    )
    issues.original_upload(actor=people["office"], issue=draft, name="原版.pdf", data=pdf_bytes)
    entry = issues.entry_add(
        actor=people["office"], issue=draft, item=item, section=Section.objects.get(name="其他")
    )
    other = make_item("岚山市财政局另一份通知", doc_number="岚财〔2026〕8号")
    issues.entry_add(
        actor=people["office"], issue=draft, item=other, section=Section.objects.get(name="其他")
    )
    issues.entry_move(actor=people["office"], entry=entry, direction="down")
    events = AuditEvent.objects.filter(action__startswith="gazette_issue.")
    actions = set(events.values_list("action", flat=True))
    assert {"gazette_issue.create", "gazette_issue.publish", "gazette_issue.withdraw"} <= actions
    assert {"gazette_issue.original", "gazette_issue.entry_move"} <= actions
    for event in events:
        text = audit_data_text(event.data, action=event.action)
        raw = re.findall(r"(?:^|；)([a-z_]+)：", text)
        assert not raw, f"{event.action}: {text}"
