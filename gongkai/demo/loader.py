"""Turn demo plans into items through the catalog services (audit log and 索引号 are real).

Dating the past. The services stamp "now"; the demo afterwards moves 发布日期, 创建/修改时间 and
撤回时间 into the past with a queryset `.update()` of those date columns only (never `status`).
The 索引号 must carry the publication year, so before 签发 the loader reserves the number itself
with `next_index_number(on=<planned publication day>)` — the same locked, gap-free serial the
workflow uses — and stores it on the item; `_make_public` keeps an index number already present.
Items are published in chronological order, so serials rise with publication dates. The audit
log is left as written: it truthfully records that the demo loader did this today.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.models import Column, Genre, Item, Topic
from gongkai.catalog.services import workflow
from gongkai.catalog.services.index_numbers import next_index_number
from gongkai.catalog.services.items import ItemFields, attachment_add, item_create, item_update
from gongkai.demo import infographic
from gongkai.demo.content import Plan
from gongkai.demo.files import attachment_for
from gongkai.orgs.models import Role


class Lookups:
    def __init__(self) -> None:
        self.topics = {
            (t.parent.name if t.parent else "", t.name): t
            for t in Topic.objects.select_related("parent")
        }
        self.genres = {g.name: g for g in Genre.objects.all()}
        self.columns = {(c.organ_id, c.code): c for c in Column.objects.all()}


def _create(plan: Plan, look: Lookups, rng: random.Random) -> Item:
    demo = plan.demo
    fields: dict[str, Any] = {
        "title": plan.title,
        "kind": plan.kind,
        "doc_number": plan.doc_number,
        "written_on": plan.written_on,
        "formed_on": plan.formed_on,
        "topic": look.topics.get(plan.topic) or look.topics.get((plan.topic[0], "其他")),
        "genre": look.genres.get(plan.genre),
        "keywords": plan.keywords,
        "summary": plan.summary,
        "body": plan.body,
        "interprets": plan.interprets.item if plan.interprets else None,
    }
    # A policy starts valid; a later 有效性 change is made after publication (load_history).
    later = {"scheduled_for", "validity", "validity_changed_on", "validity_note"}
    fields.update({k: v for k, v in plan.extra.items() if k not in later})
    editor = demo.users[Role.EDITOR]
    column = look.columns[(demo.organ.pk, plan.column)]
    item = item_create(
        actor=editor, organ=demo.organ, column=column, fields=ItemFields(**fields)
    ).item
    for kind in plan.attachments:
        name, data = attachment_for(kind, plan.title, rng)
        attachment_add(actor=editor, item=item, name=name, data=data)
    if plan.figure is not None:
        item = _add_figure(plan, item, editor)
    return item


def _add_figure(plan: Plan, item: Item, editor: Any) -> Item:
    """A 一图读懂: the drawn image as an attachment, shown at the top of the body.

    Without a CJK font no image is drawn; the points are then published as text.
    """
    if plan.figure is None:
        return item
    png = infographic.draw(plan.figure)
    if png is None:
        head = infographic.points_html(plan.figure)
    else:
        picture = attachment_add(actor=editor, item=item, name=f"{plan.title[:60]}.png", data=png)
        src = reverse("portal:attachment", args=[picture.pk])
        head = infographic.figure_html(plan.figure, src=src)
    return item_update(actor=editor, item=item, fields=ItemFields(body=head + plan.body)).item


def _submit(users: dict[str, Any], item: Item) -> Item:
    """提交, and where the organ has the 审核 step, 审核通过: the item waits for 保密审查."""
    item = workflow.item_submit(actor=users[Role.EDITOR], item=item)
    if item.organ.review_step:
        item = workflow.item_approve_review(actor=users[Role.REVIEWER], item=item)
    return item


def _to_approval(plan: Plan, item: Item) -> Item:
    users = plan.demo.users
    item = _submit(users, item)
    for finding in item.findings.all():
        workflow.finding_acknowledge(actor=users[Role.SECRECY], finding=finding)
    return workflow.item_pass_secrecy(
        actor=users[Role.SECRECY],
        item=item,
        opinion="经审查，不涉及国家秘密、工作秘密和个人隐私，同意公开。",
    )


def _publish_dated(plan: Plan, item: Item) -> Item:
    if plan.published_at is None:
        raise ValueError("a published plan needs its publication time")
    approver = plan.demo.users[Role.APPROVER]
    with transaction.atomic():
        day = timezone.localtime(plan.published_at).date()
        number = next_index_number(organ=plan.demo.organ, on=day)
        Item.objects.filter(pk=item.pk).update(index_number=number)
        item = workflow.item_publish(actor=approver, item=item)
    Item.objects.filter(pk=item.pk).update(
        published_at=plan.published_at,
        created_at=_created_moment(plan),
        updated_at=plan.published_at,
    )
    item.published_at = plan.published_at
    return item


def _created_moment(plan: Plan) -> datetime:
    tz = timezone.get_current_timezone()
    return datetime.combine(plan.formed_on, datetime.min.time(), tz) + timedelta(hours=10)


def load_history(plans: list[Plan], rng: random.Random) -> None:
    """Published, withdrawn and filed items, in the order they happened."""
    look = Lookups()
    ordered = sorted(plans, key=lambda p: p.published_at or timezone.now())
    for plan in ordered:
        item = _create(plan, look, rng)
        item = _to_approval(plan, item)
        users = plan.demo.users
        if plan.state == "filed":
            item = workflow.item_publish(actor=users[Role.APPROVER], item=item)
            Item.objects.filter(pk=item.pk).update(
                created_at=_created_moment(plan), updated_at=plan.published_at
            )
        else:
            item = _publish_dated(plan, item)
        plan.item = item
        if plan.extra.get("validity") in {"repealed", "amended"}:
            # The change is made through the service (audited); its date is the plan's.
            item = workflow.item_set_validity(
                actor=users[Role.APPROVER],
                item=item,
                validity=plan.extra["validity"],
                changed_on=plan.extra["validity_changed_on"],
                note=plan.extra["validity_note"],
            )
        if plan.state == "withdrawn":
            workflow.item_withdraw(
                actor=users[Role.ORGAN_ADMIN], item=item, reason=plan.withdraw_reason
            )
            when = min(
                (item.published_at or timezone.now()) + timedelta(days=rng.randint(1, 20)),
                timezone.now() - timedelta(days=1),
            )
            Item.objects.filter(pk=item.pk).update(withdrawn_at=when, updated_at=when)


def load_workflow(plans: list[Plan], rng: random.Random) -> None:
    """Drafts left at each step of the workflow, so every back-office queue has work."""
    look = Lookups()
    for plan in plans:
        users = plan.demo.users
        item = _create(plan, look, rng)
        if plan.state == "draft":
            pass
        elif plan.state == "returned":
            item = _submit(users, item)
            workflow.item_return(
                actor=users[Role.SECRECY],
                item=item,
                comment="正文部分表述需与上级文件保持一致，请修改后重新提交。",
            )
        elif plan.state == "secrecy_review":
            _submit(users, item)
        else:
            item = _to_approval(plan, item)
            if plan.state == "scheduled":
                workflow.item_publish(
                    actor=users[Role.APPROVER], item=item, at=plan.extra["scheduled_for"]
                )
        plan.item = item
