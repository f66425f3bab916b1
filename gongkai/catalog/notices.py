"""Who the publishing workflow tells, and what (issue 13 §8: 等我处理, 已退回), through the inbox.

Read off the one transition table, so a step added to it (待审核) needs no change here: a state
whose name starts with 待 waits for whoever may move the item on from it, i.e. the roles of its
forward events (not 退回 to the draft, not the 有效性 change that keeps the state, not the
system's timed release). An item sent back from such a state to 草稿 is returned to its drafter.
Called from `receivers.py` on `item_transitioned`, after the change committed.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.catalog.models import Item, Status
from gongkai.catalog.transitions import ITEM_MACHINE
from gongkai.core.models import AuditEvent
from gongkai.inbox.models import NoticeKind
from gongkai.inbox.services import notice_send, notices_settle
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import users_with_role

ROLE_LABELS = dict(Role.choices)
STATUS_LABELS = dict(Status.choices)


def waiting_roles(status: str) -> frozenset[str]:
    """The roles an item in `status` waits for (empty: it waits for nobody but its drafter)."""
    if not str(STATUS_LABELS.get(status, "")).startswith("待"):
        return frozenset()
    roles: set[str] = set()
    for (before, event), after in ITEM_MACHINE.transitions.items():
        if before != status or after in (Status.DRAFT, before):
            continue
        roles |= ITEM_MACHINE.roles[event]  # SYSTEM is empty: adds nobody
    return frozenset(roles)


def _holders(item: Item, roles: frozenset[str]) -> list[object]:
    """Holders of `roles` in the item's organ; the 公开办管理员 above only when nobody there
    holds them, so an item never waits for no one."""
    people = list(users_with_role(item.organ, roles, inherited=False))
    return people or list(users_with_role(item.organ, roles))


def item_notify(*, item_id: int, from_state: str, to_state: str, actor_id: int | None) -> None:
    """Settle the item's open notices, then tell whoever it now waits for, or its drafter."""
    item = Item.objects.select_related("organ", "created_by").filter(pk=item_id).first()
    if item is None:
        return
    notices_settle(subject=item, kinds=[NoticeKind.WAITING, NoticeKind.RETURNED])
    step = AuditEvent.objects.for_object(item).order_by("-id").first()
    key = f"catalog.item:{item.pk}:{step.pk if step else to_state}"
    link = reverse("office:item", args=[item.pk])
    state = STATUS_LABELS.get(to_state, to_state)
    roles = waiting_roles(to_state)
    if roles:
        posts = "、".join(sorted(str(ROLE_LABELS.get(r, r)) for r in roles))
        notice_send(
            recipients=_holders(item, roles),
            kind=NoticeKind.WAITING,
            key=key,
            title=f"{state}：{item.title}",
            body=f"{item.organ.name}的信息“{item.title}”{state}，等待{posts}办理。",
            link=link,
            organ=item.organ,
            subject=item,
            exclude=[actor_id],
        )
    elif to_state == Status.DRAFT and waiting_roles(from_state) and item.created_by_id:
        who = step.actor_label if step else ""
        where = STATUS_LABELS.get(from_state, from_state)
        comment = step.comment.strip() if step else ""
        body = f"“{item.title}”在{where}环节被{who}退回。"
        if comment:
            body += f"\n退回意见：{comment}"
        drafter = get_user_model().objects.filter(pk=item.created_by_id).first()
        notice_send(
            recipients=[drafter],
            kind=NoticeKind.RETURNED,
            key=key,
            title=f"已退回：{item.title}",
            body=body,
            link=link,
            organ=item.organ,
            subject=item,
            exclude=[actor_id],
        )
