"""The state machines of the registers (`gongkai/core/fsm.py`).

规范性文件登记: 已登记 → 已签发 (合法性审核 and 集体审议 recorded first: the service checks) →
已备案; 已签发/已备案 → 已失效 on its date (the system), unless 延续 (RENEW, state kept) first.
清理: 清理中 → 已公布. 双随机: 已公告 → 已抽取 → 已公开检查结果.
"""

from __future__ import annotations

from django.db import models

from gongkai.core.actors import Actor
from gongkai.core.fsm import SYSTEM, StateMachine
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import roles_for
from gongkai.registers.models import (
    Campaign,
    CampaignStatus,
    Draw,
    DrawStatus,
    EntryStatus,
    RegisterEntry,
)
from gongkai.registers.signals import (
    campaign_transitioned,
    draw_transitioned,
    entry_transitioned,
)

#: Who keeps an organ's register (登记, 审核审议 records, 备案).
KEEPERS = frozenset({Role.EDITOR, Role.ORGAN_ADMIN})


class EntryEvent(models.TextChoices):
    REGISTER = "register", "登记编号"
    SIGN = "sign", "签发"
    FILE = "file", "备案"
    RENEW = "renew", "延续有效期"
    LAPSE = "lapse", "有效期届满失效"


ENTRY_MACHINE: StateMachine[EntryStatus, EntryEvent] = StateMachine(
    name="norm_entry",
    status=EntryStatus,
    events=EntryEvent,
    transitions={
        (None, EntryEvent.REGISTER): EntryStatus.REGISTERED,
        (EntryStatus.REGISTERED, EntryEvent.SIGN): EntryStatus.SIGNED,
        (EntryStatus.SIGNED, EntryEvent.FILE): EntryStatus.FILED,
        (EntryStatus.SIGNED, EntryEvent.RENEW): EntryStatus.SIGNED,
        (EntryStatus.FILED, EntryEvent.RENEW): EntryStatus.FILED,
        (EntryStatus.SIGNED, EntryEvent.LAPSE): EntryStatus.LAPSED,
        (EntryStatus.FILED, EntryEvent.LAPSE): EntryStatus.LAPSED,
    },
    roles={
        EntryEvent.REGISTER: KEEPERS,
        EntryEvent.SIGN: {Role.APPROVER},
        EntryEvent.FILE: KEEPERS,
        EntryEvent.RENEW: {Role.APPROVER},
        EntryEvent.LAPSE: SYSTEM,
    },
    roles_of=lambda actor, entry: roles_for(actor, entry.organ),
    subject="规范性文件登记",
    signal=entry_transitioned,
)


class CampaignEvent(models.TextChoices):
    OPEN = "open", "发起清理"
    PUBLISH = "publish", "公布清理结果"


CAMPAIGN_MACHINE: StateMachine[CampaignStatus, CampaignEvent] = StateMachine(
    name="norm_campaign",
    status=CampaignStatus,
    events=CampaignEvent,
    transitions={
        (None, CampaignEvent.OPEN): CampaignStatus.OPEN,
        (CampaignStatus.OPEN, CampaignEvent.PUBLISH): CampaignStatus.PUBLISHED,
    },
    roles={CampaignEvent.OPEN: {Role.ORGAN_ADMIN}, CampaignEvent.PUBLISH: {Role.ORGAN_ADMIN}},
    roles_of=lambda actor, campaign: roles_for(actor, campaign.organ),
    subject="清理",
    signal=campaign_transitioned,
)


class DrawEvent(models.TextChoices):
    ANNOUNCE = "announce", "公告抽查"
    DRAW = "draw", "抽取"
    CONCLUDE = "conclude", "公开检查结果"


def _draw_roles(actor: Actor, draw: Draw) -> set[str]:
    return roles_for(actor, draw.organ)


DRAW_MACHINE: StateMachine[DrawStatus, DrawEvent] = StateMachine(
    name="inspection_draw",
    status=DrawStatus,
    events=DrawEvent,
    transitions={
        (None, DrawEvent.ANNOUNCE): DrawStatus.ANNOUNCED,
        (DrawStatus.ANNOUNCED, DrawEvent.DRAW): DrawStatus.DRAWN,
        (DrawStatus.DRAWN, DrawEvent.CONCLUDE): DrawStatus.CONCLUDED,
    },
    roles={
        DrawEvent.ANNOUNCE: KEEPERS,
        DrawEvent.DRAW: KEEPERS,
        DrawEvent.CONCLUDE: KEEPERS,
    },
    roles_of=_draw_roles,
    subject="抽查",
    signal=draw_transitioned,
)

__all__ = [
    "CAMPAIGN_MACHINE",
    "DRAW_MACHINE",
    "ENTRY_MACHINE",
    "Campaign",
    "CampaignEvent",
    "DrawEvent",
    "EntryEvent",
    "RegisterEntry",
]
