"""Fixtures of the 公众参与 tests: a city government with a department, a person in each post,
a published catalog item (the final policy, a 办理复文) and consultations in each stage."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from gongkai.catalog.models import Column, Item
from gongkai.catalog.services import workflow
from gongkai.catalog.services.items import ItemFields, item_create
from gongkai.orgs.models import Organ
from gongkai.participation.models import Consultation
from gongkai.participation.services import consultations as svc


@pytest.fixture
def city(make_organ: Callable[..., Organ]) -> Organ:
    return make_organ("测试市人民政府", kind=Organ.Kind.GOVERNMENT)


@pytest.fixture
def dept(make_organ: Callable[..., Organ], city: Organ) -> Organ:
    return make_organ("测试市住房和城乡建设局", parent=city)


@pytest.fixture
def other(make_organ: Callable[..., Organ]) -> Organ:
    return make_organ("另一个市的财政局")


@pytest.fixture
def people(make_user: Callable[..., Any], city: Organ, dept: Organ, other: Organ) -> dict[str, Any]:
    return {
        "office": make_user("pp-office", organ=city, roles=("organ_admin",)),
        "editor": make_user("pp-editor", organ=dept, roles=("editor",)),
        "secrecy": make_user("pp-secrecy", organ=dept, roles=("secrecy",)),
        "approver": make_user("pp-approver", organ=dept, roles=("approver",)),
        "stranger": make_user("pp-stranger", organ=other, roles=("editor",)),
        "outsider": make_user("pp-outsider"),
    }


@pytest.fixture
def publish_item(dept: Organ, people: dict[str, Any]) -> Callable[..., Item]:
    def make(title: str = "测试市住房租赁管理办法", *, publish: bool = True) -> Item:
        column = Column.objects.get(organ=dept, code="policy")
        fields = ItemFields(title=title, formed_on=date(2026, 3, 2), body="<p>正文。</p>")
        item = item_create(actor=people["editor"], organ=dept, column=column, fields=fields).item
        if not publish:
            return item
        item = workflow.item_submit(actor=people["editor"], item=item)
        item = workflow.item_pass_secrecy(actor=people["secrecy"], item=item, opinion="同意公开。")
        return workflow.item_publish(actor=people["approver"], item=item)

    return make


def fields(**over: Any) -> svc.ConsultationFields:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "kind": "other",
        "title": "关于《测试市住房租赁管理办法（征求意见稿）》公开征求意见的公告",
        "explanation": "为规范住房租赁市场，起草了本办法。",
        "draft_text": "第一条 为了规范住房租赁活动，制定本办法。",
        "starts_on": today,
        "ends_on": today + timedelta(days=29),
    }
    values.update(over)
    return svc.ConsultationFields(**values)


@pytest.fixture
def make_consultation(dept: Organ, people: dict[str, Any]) -> Callable[..., Consultation]:
    def make(*, open_it: bool = True, **over: Any) -> Consultation:
        c = svc.consultation_create(actor=people["editor"], organ=dept, fields=fields(**over))
        if open_it:
            c = svc.consultation_open(actor=people["editor"], consultation=c)
        return c

    return make


def end_period(c: Consultation) -> Consultation:
    """Move the period into the past (the period itself is what the tests are about, never the
    clock): 30 days ending yesterday."""
    today = timezone.localdate()
    Consultation.objects.filter(pk=c.pk).update(
        starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=1)
    )
    c.refresh_from_db()
    return c
