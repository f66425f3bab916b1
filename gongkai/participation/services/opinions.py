"""政务舆情回应: a 舆情 recorded with its level and the time it was noticed; its response time
limits follow from the level (`deadlines.opinion_due`, 国办发〔2016〕61号); the response is
recorded with its link (an item of the 回应关切 column, or an address)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.models import Item
from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.conf import gongkai_settings
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import require_roles
from gongkai.participation import deadlines
from gongkai.participation.audit import ParticipationAudit
from gongkai.participation.models import Opinion, OpinionLevel
from gongkai.participation.transitions import HANDLER_ROLES, NOT_HANDLER


@transaction.atomic
def opinion_register(
    *,
    actor: Actor,
    organ: Organ,
    topic: str,
    source: str,
    level: str,
    noticed_at: datetime,
    now: datetime | None = None,
) -> Opinion:
    require_roles(actor, organ, HANDLER_ROLES, message=NOT_HANDLER)
    problems: dict[str, str] = {}
    if not topic.strip():
        problems["topic"] = "请填写舆情事项。"
    if not source.strip():
        problems["source"] = "请填写舆情来源。"
    if level not in OpinionLevel.values:
        problems["level"] = "请选择舆情级别。"
    if noticed_at > (now or timezone.now()):
        problems["noticed_at"] = "发现时间不能晚于现在。"
    if problems:
        raise ValidationError(problems)
    conf = gongkai_settings()
    due = deadlines.opinion_due(
        noticed_at,
        level,
        response_hours=conf.PARTICIPATION_OPINION_RESPONSE_HOURS,
        press_hours=conf.PARTICIPATION_OPINION_PRESS_HOURS,
    )
    opinion = Opinion.objects.create(
        organ=organ,
        topic=topic.strip()[:200],
        source=source.strip()[:200],
        level=level,
        noticed_at=noticed_at,
        response_due=due.response,
        press_due=due.press,
    )
    audit_record(
        actor=actor,
        action=ParticipationAudit.OPINION_REGISTER,
        obj=opinion,
        organ_id=organ.pk,
        data={"level": level, "due": timezone.localtime(due.response).strftime("%Y-%m-%d %H:%M")},
    )
    return opinion


@transaction.atomic
def opinion_respond(
    *,
    actor: Actor,
    opinion: Opinion,
    responded_at: datetime,
    item: Item | None = None,
    url: str = "",
    note: str = "",
    press_at: datetime | None = None,
) -> Opinion:
    """登记回应: when, where (a 回应关切 item or an address) and, for 特别重大/重大, the press
    conference. A response before the 舆情 was noticed is refused."""
    require_roles(actor, opinion.organ, HANDLER_ROLES, message=NOT_HANDLER)
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if responded_at < opinion.noticed_at:
        raise ValidationError({"responded_at": "回应时间不能早于发现时间。"})
    if press_at is not None and press_at < opinion.noticed_at:
        raise ValidationError({"press_at": "新闻发布会时间不能早于发现时间。"})
    if item is None and not url.strip():
        raise ValidationError({"url": "请关联回应关切栏目中的回应文章，或填写回应链接。"})
    if item is not None and not item.is_public:
        raise ValidationError({"item": "只能关联已公开发布的回应文章。"})
    opinion.responded_at = responded_at
    opinion.press_at = press_at
    opinion.response_item = item
    opinion.response_url = url.strip()
    opinion.response_note = note.strip()[:300]
    opinion.save()
    audit_record(
        actor=actor,
        action=ParticipationAudit.OPINION_RESPOND,
        obj=opinion,
        organ_id=opinion.organ_id,
    )
    return opinion
