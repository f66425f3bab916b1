"""Tasks: the 公开办 breaks a point into tasks for the organs of its subtree; a receiving organ
breaks its task down for the organs below it; the lead organ reports progress with evidence; the
assigning 公开办 accepts or returns it. Each service is one transaction; the status is written
only by `TASK_MACHINE.fire`, which records the audit row and sends `task_transitioned` on commit
(notices: receivers.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.files import as_file, check_upload, safe_name, sha256_of
from gongkai.catalog.models import Item
from gongkai.catalog.selectors import public_items
from gongkai.core.actors import Actor, user_of
from gongkai.core.conf import gongkai_settings
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import require_roles
from gongkai.workplans import rules
from gongkai.workplans.models import Evidence, Point, Progress, Status, Task
from gongkai.workplans.transitions import TASK_MACHINE, Event

MAX_FILES = 10
MAX_ITEMS = 20
NOT_OFFICE = "只有分派机关的公开办管理员可以分解任务。"
_ITEM_LINK = re.compile(r"(?:^|/)item/(\d+)/?(?:[?#].*)?$")


@dataclass(frozen=True)
class TaskFields:
    title: str
    organ: Organ
    deadline: date
    co_organs: Sequence[Organ] = field(default_factory=tuple)
    description: str = ""
    outputs: str = ""
    indicator: str = ""


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _check_fields(assigner: Organ, fields: TaskFields, *, parent: Task | None, on: date) -> None:
    if not fields.title.strip():
        raise ValidationError("请填写任务内容。")
    if len(fields.title) > 300:
        raise ValidationError("任务内容不能超过300字。")
    cascade = parent is not None
    for organ in [fields.organ, *fields.co_organs]:
        reason = rules.outside_subtree(assigner, organ, cascade=cascade)
        if reason:
            raise ValidationError(reason)
    if fields.organ in fields.co_organs:
        raise ValidationError("牵头单位不能同时作为配合单位。")
    problem = rules.deadline_problem(
        fields.deadline, parent_deadline=parent.deadline if parent else None, today=on
    )
    if problem:
        raise ValidationError(problem)


@transaction.atomic
def task_assign(
    *,
    actor: Actor,
    point: Point,
    fields: TaskFields,
    parent: Task | None = None,
    on: date | None = None,
) -> Task:
    """分派: the 公开办 of the plan's organ gives a point's task to an organ of its subtree; or
    (`parent`) the receiving organ's 公开办 breaks its task down for the organs below it."""
    if parent is not None:
        parent = TASK_MACHINE.lock(parent)
        point = parent.point
        assigner = parent.organ
        if parent.status == Status.DONE:
            raise ValidationError("该任务已完成验收，不能再分解。")
    else:
        assigner = point.plan.organ
    require_roles(actor, assigner, {Role.ORGAN_ADMIN}, message=NOT_OFFICE)
    day = _today(on)
    _check_fields(assigner, fields, parent=parent, on=day)
    task = Task(
        plan=point.plan,
        point=point,
        parent=parent,
        assigned_by=assigner,
        organ=fields.organ,
        title=fields.title.strip(),
        description=fields.description.strip(),
        deadline=fields.deadline,
        outputs=fields.outputs.strip(),
        indicator=fields.indicator.strip()[:300],
        created_by=user_of(actor),
    )
    TASK_MACHINE.fire(
        actor=actor,
        obj=task,
        event=Event.ASSIGN,
        data={
            "organ": fields.organ.name,
            "co_organs": [o.name for o in fields.co_organs],
            "deadline": fields.deadline.isoformat(),
            "parent": parent.title if parent else "",
        },
    )
    if fields.co_organs:
        task.co_organs.set(fields.co_organs)
    return task


def item_from_link(link: str) -> int | None:
    """The catalog item a link names: “/item/12/”, “https://…/item/12/” or “12”."""
    link = (link or "").strip()
    if link.isdigit():
        return int(link)
    m = _ITEM_LINK.search(link)
    return int(m.group(1)) if m else None


def evidence_items(links: Sequence[str]) -> list[Item]:
    """The published items the links name; an item not published (a draft, one awaiting
    签发, withdrawn, or 不公开) is refused: only what the public can read proves a task."""
    items: list[Item] = []
    for link in [x for x in links if x.strip()]:
        pk = item_from_link(link)
        if pk is None:
            raise ValidationError(f"“{link[:80]}”不是本平台信息的链接（应形如 /item/123/）。")
        item = public_items().filter(pk=pk).first()
        if item is None:
            raw = Item.objects.filter(pk=pk).only("title").first()
            what = f"“{raw.title}”" if raw else f"编号为 {pk} 的信息"
            raise ValidationError(f"{what}尚未公开发布，不能作为佐证材料。")
        if item not in items:
            items.append(item)
    if len(items) > MAX_ITEMS:
        raise ValidationError(f"佐证信息最多 {MAX_ITEMS} 条。")
    return items


def evidence_files(files: Sequence[tuple[str, bytes | File]]) -> list[tuple[str, str, File]]:
    """(safe name, kind, file) of each upload, checked like the catalog's attachments."""
    if len(files) > MAX_FILES:
        raise ValidationError(f"佐证文件最多 {MAX_FILES} 个。")
    max_bytes = gongkai_settings().MAX_UPLOAD_MB * 1024 * 1024
    checked = []
    for raw_name, data in files:
        name = safe_name(raw_name)
        upload = as_file(data)
        kind = check_upload(name, upload, max_bytes)
        checked.append((name, kind, upload))
    return checked


@transaction.atomic
def task_report(
    *,
    actor: Actor,
    task: Task,
    text: str,
    links: Sequence[str] = (),
    files: Sequence[tuple[str, bytes | File]] = (),
    on: date | None = None,
) -> Progress:
    """报送进展: the lead organ reports what it did, with links to published items of this
    platform and uploaded files; the task waits for the assigning 公开办 to accept it."""
    task = TASK_MACHINE.lock(task)
    TASK_MACHINE.check(actor, task, Event.REPORT)
    text = (text or "").strip()
    if len(text) < 5:
        raise ValidationError("请填写进展情况（至少5个字）。")
    if len(text) > 5000:
        raise ValidationError("进展情况不能超过5000字。")
    items = evidence_items(links)
    uploads = evidence_files(files)
    day = _today(on)
    progress = Progress.objects.create(
        task=task, text=text, reported_by=user_of(actor), reported_on=day
    )
    for item in items:
        Evidence.objects.create(
            progress=progress, kind=Evidence.Kind.ITEM, item=item, name=item.title[:300]
        )
    for name, kind, upload in uploads:
        digest = sha256_of(upload)
        evidence = Evidence(
            progress=progress,
            kind=Evidence.Kind.FILE,
            name=name,
            file_kind=kind,
            size=upload.size or 0,
            sha256=digest,
        )
        upload.seek(0)
        evidence.file.save(name, upload, save=False)
        evidence.save()
    task.reported_on = day
    task.return_comment = ""
    TASK_MACHINE.fire(
        actor=actor,
        obj=task,
        event=Event.REPORT,
        comment=text[:500],
        data={"items": [i.title for i in items], "files": [u[0] for u in uploads]},
    )
    return progress


def _pending(task: Task) -> Progress | None:
    return task.progress.filter(decision="").order_by("-pk").first()


@transaction.atomic
def task_accept(*, actor: Actor, task: Task, comment: str = "", on: date | None = None) -> Task:
    """通过验收: the assigning 公开办 agrees the task is done."""
    task = TASK_MACHINE.lock(task)
    TASK_MACHINE.check(actor, task, Event.ACCEPT)
    day = _today(on)
    comment = (comment or "").strip()[:500]
    progress = _pending(task)
    if progress is not None:
        progress.decision = Progress.Decision.ACCEPTED
        progress.decision_comment = comment
        progress.decided_by = user_of(actor)
        progress.decided_on = day
        progress.save()
    task.done_on = day
    return TASK_MACHINE.fire(actor=actor, obj=task, event=Event.ACCEPT, comment=comment)


@transaction.atomic
def task_return(*, actor: Actor, task: Task, comment: str, on: date | None = None) -> Task:
    """退回: the report does not prove the task; the organ reads why and reports again."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("请填写退回意见。")
    if len(comment) > 500:
        raise ValidationError("退回意见不能超过500字。")
    task = TASK_MACHINE.lock(task)
    TASK_MACHINE.check(actor, task, Event.RETURN)
    progress = _pending(task)
    if progress is not None:
        progress.decision = Progress.Decision.RETURNED
        progress.decision_comment = comment
        progress.decided_by = user_of(actor)
        progress.decided_on = _today(on)
        progress.save()
    task.return_comment = comment
    return TASK_MACHINE.fire(actor=actor, obj=task, event=Event.RETURN, comment=comment)
