"""The annual report's states (Art. 49–50): 草稿 → 已提交发布 → 已发布 (→ 已撤回 → 草稿).

Built on `gongkai.core.fsm`: `REPORT_MACHINE.fire` is the only writer of `AnnualReport.status`.
The report is published as a catalog item (Art. 50 requires publication; 保密审查 and 签发 stay
with the people holding those posts), so after 提交发布 the report follows its item: the
`item_transitioned` signal (`gongkai.reports.receivers`) fires the events of `FOLLOWS_ITEM`.

Those events are `SYSTEM` events, fired with `actor=None`: the report does not decide anything
then, the 签发/退回/撤回 was decided — and audited under the person's name — on the item; the
report's audit row records the item and that person's id in its data. Firing them with the
item's actor would make the 签发 approver (or 保密审查 officer) the author of a report change
they hold no report role for, and would need the role check switched off.

What a withdrawn report is: a state of its own, 已撤回, not 草稿. The public saw the report and
now sees the item's withdrawal notice; the frozen figures stay as the record of what was
published, but a withdrawn report no longer counts as published anywhere (R8's previous year,
the history charts, the deadline oversight). Whether a corrected report follows is the 公开办's
decision: 重新编制 (`REOPEN`) makes it a draft again, and its next 提交发布 files a new item.

Submitting the statistics upward (`submitted_to_parent`) and the quarterly statistics are not
states: the former is a repeatable fact beside the publication state (a department may report
its figures to the government before or after publishing), the latter are records replaced on
each 报送.
"""

from __future__ import annotations

from typing import TypeAlias

from django.db import models

from gongkai.catalog.transitions import Event as ItemEvent
from gongkai.core.actors import Actor
from gongkai.core.fsm import SYSTEM, InvalidTransition, StateMachine
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import roles_for
from gongkai.reports.models import AnnualReport

__all__ = [
    "FOLLOWS_ITEM",
    "REPORT_MACHINE",
    "Event",
    "InvalidTransition",
    "Status",
]

Status: TypeAlias = AnnualReport.Status


class Event(models.TextChoices):
    # Values are the old audit strings' verbs ("report.create", "report.published" …): the
    # derived actions ("report.<event>") keep the meaning of audit rows written before the table.
    CREATE = "create", "新建年度报告"  # the 公开办 opens the year's report: the first state
    SUBMIT_PUBLICATION = "submit_publication", "提交发布"  # frozen, filed as an item, to 保密审查
    PUBLISHED = "published", "公开目录中签发发布"  # the item was published (now or as scheduled)
    RETURNED = "returned", "公开目录中退回"  # the item was 退回 to its drafter
    WITHDRAWN = "withdrawn", "公开目录中撤回"  # the published item was 撤回
    REOPEN = "reopen", "重新编制"  # the 公开办 prepares a corrected report after a withdrawal


TRANSITIONS: dict[tuple[Status | None, Event], Status] = {
    (None, Event.CREATE): Status.DRAFT,
    (Status.DRAFT, Event.SUBMIT_PUBLICATION): Status.IN_REVIEW,
    (Status.IN_REVIEW, Event.PUBLISHED): Status.PUBLISHED,
    (Status.IN_REVIEW, Event.RETURNED): Status.DRAFT,
    (Status.PUBLISHED, Event.WITHDRAWN): Status.WITHDRAWN,
    # The item was restored (恢复发布 → 签发, same 索引号): the report is published again.
    (Status.WITHDRAWN, Event.PUBLISHED): Status.PUBLISHED,
    (Status.WITHDRAWN, Event.REOPEN): Status.DRAFT,
}

#: The 公开办 (公开办管理员 of the organ or of one above it) prepares the report; the item's
#: workflow drives the rest.
OFFICE: frozenset[str] = frozenset({Role.ORGAN_ADMIN})

EVENT_ROLES: dict[Event, frozenset[str]] = {
    Event.CREATE: OFFICE,
    Event.SUBMIT_PUBLICATION: OFFICE,
    Event.PUBLISHED: SYSTEM,
    Event.RETURNED: SYSTEM,
    Event.WITHDRAWN: SYSTEM,
    Event.REOPEN: OFFICE,
}

#: Item event (`gongkai.catalog.transitions.Event`) → the report event it drives. Other item
#: events (submit, pass_secrecy, schedule, file, validity …) leave the report as it is: a
#: scheduled item is still 已提交发布 until it is released.
FOLLOWS_ITEM: dict[str, Event] = {
    ItemEvent.PUBLISH.value: Event.PUBLISHED,
    ItemEvent.RELEASE.value: Event.PUBLISHED,
    ItemEvent.RETURN.value: Event.RETURNED,
    ItemEvent.WITHDRAW.value: Event.WITHDRAWN,
}


def _report_roles(actor: Actor, report: AnnualReport) -> set[str]:
    return roles_for(actor, report.organ)


REPORT_MACHINE: StateMachine[AnnualReport.Status, Event] = StateMachine(
    name="report",
    status=AnnualReport.Status,
    events=Event,
    transitions=TRANSITIONS,
    roles=EVENT_ROLES,
    roles_of=_report_roles,
    subject="年度报告",
)
