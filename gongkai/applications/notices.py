"""Who is told about a case, and what, through the inbox (issue 13 §6, §8).

- A new case: the organ's handlers (等我处理), except whoever registered it; an assigned case: its
  new 承办人.
- A state that waits for a post other than the handler's (an answer waiting for 审核 or 签发):
  the holders of that post, read off the transition table like the catalog's 待… states; an
  answer sent back from there: its handler (已退回).
- Reminders before the due date and the overdue notice (`services/reminders.py`): the case's
  承办人 if assigned, else the organ's handlers, and the organ's 公开办 (公开办管理员).
Every later transition settles the case's open 等我处理 / 已退回 notices; closing it settles all.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gongkai.applications.models import OPEN_STATUSES, Application, AppStatus
from gongkai.applications.transitions import APP_MACHINE, HANDLER_ROLES, AppEvent
from gongkai.core.fsm import SYSTEM
from gongkai.core.models import AuditEvent
from gongkai.core.workcal.calendar import format_date
from gongkai.inbox.models import NoticeKind
from gongkai.inbox.services import notice_send, notices_settle
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import users_with_role

ROLE_LABELS = dict(Role.choices)
STATUS_LABELS = dict(AppStatus.choices)
REGISTER_EVENTS = {AppEvent.REGISTER, AppEvent.REGISTER_UNCONFIRMED}


def case_link(app: Application) -> str:
    return reverse("office_apps:case", args=[app.pk])


def waiting_roles(status: str) -> frozenset[str]:
    """The posts other than the handler's that a case in `status` waits for (empty: the
    handler's own work, or the applicant's): the roles of the events that leave it."""
    roles: set[str] = set()
    for (before, event), _after in APP_MACHINE.transitions.items():
        needed = APP_MACHINE.roles[event]
        if before == status and needed not in (SYSTEM, HANDLER_ROLES):
            roles |= needed
    return frozenset(roles)


def handlers(organ: Organ) -> list[Any]:
    """Who handles the organ's applications (its own posts; the 公开办 above only if none)."""
    people = list(users_with_role(organ, HANDLER_ROLES, inherited=False))
    return people or list(users_with_role(organ, HANDLER_ROLES))


def organ_admins(organ: Organ) -> list[Any]:
    """The organ's 公开办: its 公开办管理员, else those of the nearest organ above that has one."""
    for owner in [organ, *reversed(organ.ancestors())]:
        people = list(users_with_role(owner, {Role.ORGAN_ADMIN}, inherited=False))
        if people:
            return people
    return []


def reminder_recipients(app: Application) -> list[Any]:
    """The handler (承办人 if assigned, else the organ's handlers) and the 公开办."""
    handler = [app.assignee] if app.assignee is not None else handlers(app.organ)
    return [*handler, *organ_admins(app.organ)]


def _holders(organ: Organ, roles: frozenset[str]) -> list[Any]:
    people = list(users_with_role(organ, roles, inherited=False))
    return people or list(users_with_role(organ, roles))


def _name(app: Application) -> str:
    return f"申请 {app.reference or app.pk}"


def application_notify(
    *, app_id: int, event: str, from_state: str, to_state: str, actor_id: int | None
) -> None:
    """After a transition committed: settle what no longer waits, tell who the case waits for."""
    app = Application.objects.select_related("organ", "assignee").filter(pk=app_id).first()
    if app is None:
        return
    if to_state in OPEN_STATUSES:
        notices_settle(subject=app, kinds=[NoticeKind.WAITING, NoticeKind.RETURNED])
    else:
        notices_settle(subject=app)  # answered, withdrawn, archived: nothing waits any more
    step = AuditEvent.objects.for_object(app).order_by("-id").first()
    key = f"applications.application:{app.pk}:{step.pk if step else to_state}"
    common: dict[str, Any] = {"link": case_link(app), "organ": app.organ, "subject": app}
    if event in REGISTER_EVENTS:
        due = (
            f"答复期限：{format_date(app.due_date)}。"
            if app.due_date
            else "待确认收到后起算答复期限。"
        )
        notice_send(
            recipients=handlers(app.organ),
            kind=NoticeKind.WAITING,
            key=key,
            title=f"新的政府信息公开申请 {app.reference or app.pk}",
            body=f"{app.organ.name}收到{app.get_channel_display()}申请，"
            f"当前状态：{STATUS_LABELS.get(to_state, to_state)}。{due}",
            exclude=[actor_id],
            **common,
        )
        return
    roles = waiting_roles(to_state)
    if roles:
        posts = "、".join(sorted(str(ROLE_LABELS.get(r, r)) for r in roles))
        notice_send(
            recipients=_holders(app.organ, roles),
            kind=NoticeKind.WAITING,
            key=key,
            title=f"{_name(app)}：{STATUS_LABELS.get(to_state, to_state)}",
            body=f"{app.organ.name}的{_name(app)}拟定的答复等待{posts}。",
            exclude=[actor_id],
            **common,
        )
    elif waiting_roles(from_state) and to_state in OPEN_STATUSES:
        comment = step.comment.strip() if step else ""
        body = f"{_name(app)}的答复在“{STATUS_LABELS.get(from_state, from_state)}”环节被退回。"
        if comment:
            body += f"\n退回意见：{comment}"
        notice_send(
            recipients=[app.assignee] if app.assignee else [_submitter(app, from_state)],
            kind=NoticeKind.RETURNED,
            key=key,
            title=f"已退回：{_name(app)}的答复",
            body=body,
            exclude=[actor_id],
            **common,
        )


def assigned_notify(app: Application, *, assignee: Any, actor: Any, occasion: int) -> None:
    """The new 承办人 is told the case now waits for them (in the assignment's transaction)."""
    due = f"答复期限：{format_date(app.due_date)}。" if app.due_date else ""
    notice_send(
        recipients=[assignee],
        kind=NoticeKind.WAITING,
        key=f"applications.application:{app.pk}:assigned:{occasion}",
        title=f"请您承办：{_name(app)}",
        body=f"{app.organ.name}的{_name(app)}（{STATUS_LABELS.get(app.status, app.status)}）"
        f"已指定您为承办人。{due}",
        link=case_link(app),
        organ=app.organ,
        subject=app,
        exclude=[getattr(actor, "pk", None)],
    )


def _submitter(app: Application, state: str) -> Any:
    """Who sent the case into `state` (the handler who submitted the draft answer)."""
    step = (
        AuditEvent.objects.for_object(app)
        .filter(to_state=state)
        .select_related("actor")
        .order_by("-id")
        .first()
    )
    return step.actor if step else None
