"""The mailboxes of an organ. Every organ gets a working one when it is created (`receivers.py`),
so no site built on gongkai lacks a consultation channel (the website inspection's veto,
legal-rules §4.1: "未提供网上有效咨询建言渠道")."""

from __future__ import annotations

from django.db import transaction

from gongkai.core.audit import audit_record
from gongkai.mailbox.audit import MailboxAudit
from gongkai.mailbox.models import Channel, ChannelKind, LetterType
from gongkai.orgs.models import Organ

ALL_TYPES = [t.value for t in LetterType]
RULES = (
    "1. 请如实填写姓名和联系电话，以便办理单位联系核实；个人信息依法保密。\n"
    "2. 请一事一信，写明事情的时间、地点、经过和诉求；不得含有违法、侮辱他人的内容。\n"
    "3. 涉及信访、诉讼、仲裁、行政复议等法定途径的事项，请按相应途径办理。\n"
    "4. 提交后请保存查询码，凭查询码和手机号码后四位查询办理情况、评价答复。"
)
#: 省/市/县/镇/乡 … → the leader's title in the mailbox's name (市长信箱).
_LEADER = {"省": "省长信箱", "市": "市长信箱", "县": "县长信箱", "区": "区长信箱", "镇": "镇长信箱",
           "乡": "乡长信箱", "街道": "街道主任信箱"}  # fmt: skip


def leader_mailbox_name(organ: Organ) -> str:
    """岚川市人民政府 → 市长信箱; 鹭溪县人民政府 → 县长信箱; otherwise 领导信箱."""
    stem = organ.name.removesuffix("人民政府").removesuffix("办事处")
    for suffix in sorted(_LEADER, key=len, reverse=True):
        if stem.endswith(suffix):
            return _LEADER[suffix]
    return "领导信箱"


def default_channels(organ: Organ) -> list[Channel]:
    """A government: its leader's mailbox and 在线咨询; a department or unit: its mailbox."""
    if organ.kind == Organ.Kind.GOVERNMENT:
        return [
            Channel(organ=organ, kind=ChannelKind.LEADER, name=leader_mailbox_name(organ),
                    types=ALL_TYPES, rules=RULES, sort_order=10),
            Channel(organ=organ, kind=ChannelKind.CONSULT, name="在线咨询",
                    types=[LetterType.CONSULT.value], rules=RULES, sort_order=20),
        ]  # fmt: skip
    return [
        Channel(organ=organ, kind=ChannelKind.DEPARTMENT, name="部门信箱", types=ALL_TYPES,
                rules=RULES, sort_order=10),
    ]  # fmt: skip


@transaction.atomic
def channels_create_default(*, organ: Organ) -> list[Channel]:
    """The organ's standard mailboxes (those it lacks); returns the ones created now."""
    have = set(Channel.objects.filter(organ=organ).values_list("kind", flat=True))
    created = []
    for channel in default_channels(organ):
        if channel.kind in have:
            continue
        channel.save()
        audit_record(
            actor=None, action=MailboxAudit.CHANNEL_CREATE, obj=channel, organ_id=organ.pk,
            data={"channel": channel.name},
        )  # fmt: skip
        created.append(channel)
    return created
