"""Who is told about a letter, and what, through the notification inbox (`inbox.services`).

- A new letter, or one returned to the 公开办: the handlers of the mailbox's organ (等我处理).
- A letter accepted, assigned or transferred: the handlers of the organ that now holds it.
- A reply waiting for approval: the organ's 签发; a reply sent back: the handlers (已退回).
- A reply rated 不满意: the handlers and the organ's 公开办 (通知).
- Reminders, overdue notices and the escalating alerts before the three-month veto come from
  the jobs (`services/jobs.py`), to the handlers and the 公开办 (then the offices above).
Every later transition settles the letter's open 等我处理 / 已退回 notices.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gongkai.inbox.models import NoticeKind
from gongkai.inbox.services import notice_send, notices_settle
from gongkai.mailbox.models import Letter, Satisfaction
from gongkai.mailbox.transitions import APPROVER_ROLES, HANDLER_ROLES, Event
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import users_with_role


def letter_link(letter: Letter) -> str:
    return reverse("office_mailbox:letter", args=[letter.pk])


def _holders(organ: Organ, roles: frozenset[str]) -> list[Any]:
    """The organ's own holders of `roles`; the 公开办 above only where it has none."""
    people = list(users_with_role(organ, roles, inherited=False))
    return people or list(users_with_role(organ, roles))


def handlers(organ: Organ) -> list[Any]:
    return _holders(organ, HANDLER_ROLES)


def office(organ: Organ) -> list[Any]:
    """The organ's 公开办: its 公开办管理员, else those of the nearest organ above with one."""
    for owner in [organ, *reversed(organ.ancestors())]:
        people = list(users_with_role(owner, {Role.ORGAN_ADMIN}, inherited=False))
        if people:
            return people
    return []


def offices_above(organ: Organ) -> list[Any]:
    """Every 公开办 from the organ up to the top of the tree (the last alert before the veto)."""
    people: list[Any] = []
    for owner in [organ, *organ.ancestors()]:
        people += list(users_with_role(owner, {Role.ORGAN_ADMIN}, inherited=False))
    return people


_WAITING = {
    Event.RECEIVE: ("新留言待审核", "channel"),
    Event.RETURN_TO_OFFICE: ("留言退回公开办，请协调确定办理机关", "channel"),
    Event.ACCEPT: ("留言待办理", "organ"),
    Event.ASSIGN: ("转办来的留言待办理", "organ"),
    Event.TRANSFER: ("转办来的留言待办理", "organ"),
}


def letter_notify(*, letter_id: int, event: str, actor_id: int | None) -> None:
    """Tell whoever the letter now waits for (called after the transition committed)."""
    letter = Letter.objects.select_related("organ", "channel__organ").filter(pk=letter_id).first()
    if letter is None:
        return
    notices_settle(subject=letter, kinds=[NoticeKind.WAITING, NoticeKind.RETURNED])
    name = f"留言 {letter.reference}"
    link = letter_link(letter)
    common: dict[str, Any] = {"link": link, "subject": letter, "exclude": [actor_id]}
    if event in _WAITING:
        what, where = _WAITING[Event(event)]
        organ = letter.channel.organ if where == "channel" else letter.organ
        notice_send(
            recipients=handlers(organ),
            kind=NoticeKind.WAITING,
            key=f"mailbox.letter:{letter.pk}:{event}:{organ.pk}:{letter.updated_at:%Y%m%d%H%M%S%f}",
            title=f"{what}：{name}",
            body=f"{letter.title}（{letter.get_letter_type_display()}）",
            organ=organ,
            **common,
        )
    elif event == Event.SUBMIT_REPLY:
        notice_send(
            recipients=_holders(letter.organ, APPROVER_ROLES),
            kind=NoticeKind.WAITING,
            key=f"mailbox.letter:{letter.pk}:approve:{letter.updated_at:%Y%m%d%H%M%S%f}",
            title=f"答复待审批：{name}",
            body=letter.title,
            organ=letter.organ,
            **common,
        )
    elif event == Event.RETURN_REPLY:
        notice_send(
            recipients=handlers(letter.organ),
            kind=NoticeKind.RETURNED,
            key=f"mailbox.letter:{letter.pk}:returned:{letter.updated_at:%Y%m%d%H%M%S%f}",
            title=f"答复被退回修改：{name}",
            body=letter.title,
            organ=letter.organ,
            **common,
        )
    elif event == Event.RATE and letter.satisfaction == Satisfaction.UNSATISFIED:
        notice_send(
            recipients=[*handlers(letter.organ), *office(letter.organ)],
            kind=NoticeKind.INFO,
            key=f"mailbox.letter:{letter.pk}:unsatisfied",
            title=f"留言人对答复不满意：{name}",
            body=letter.rating_comment or letter.title,
            organ=letter.organ,
            **common,
        )
    if event in (Event.APPROVE_REPLY, Event.REJECT, Event.MARK_DUPLICATE):
        notices_settle(subject=letter)  # nothing waits any more: reminders and alerts too
