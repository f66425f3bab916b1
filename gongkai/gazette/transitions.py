"""The state machine of a 公报 issue (`gongkai/core/fsm.py`).

编辑中 → 已出版 (the contents are fixed; the items' pages carry the 标准文本 statement) →
已撤回 (an issue printed in error: its page says so, the statements disappear). Editing the
目录 happens only while 编辑中 (the services check).
"""

from __future__ import annotations

from django.db import models

from gongkai.core.fsm import StateMachine
from gongkai.gazette.models import GazetteIssue, IssueStatus
from gongkai.gazette.signals import issue_transitioned
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import roles_for

#: Who edits and publishes an organ's 公报: its 公开办管理员 (also of the organs above) and 审核.
EDITORS = frozenset({Role.ORGAN_ADMIN, Role.REVIEWER})


class IssueEvent(models.TextChoices):
    CREATE = "create", "新建公报期次"
    PUBLISH = "publish", "出版公报"
    WITHDRAW = "withdraw", "撤回公报"


ISSUE_MACHINE: StateMachine[IssueStatus, IssueEvent] = StateMachine(
    name="gazette_issue",
    status=IssueStatus,
    events=IssueEvent,
    transitions={
        (None, IssueEvent.CREATE): IssueStatus.DRAFT,
        (IssueStatus.DRAFT, IssueEvent.PUBLISH): IssueStatus.PUBLISHED,
        (IssueStatus.PUBLISHED, IssueEvent.WITHDRAW): IssueStatus.WITHDRAWN,
    },
    roles={
        IssueEvent.CREATE: EDITORS,
        IssueEvent.PUBLISH: EDITORS,
        IssueEvent.WITHDRAW: {Role.ORGAN_ADMIN},
    },
    roles_of=lambda actor, issue: roles_for(actor, issue.organ),
    subject="公报",
    signal=issue_transitioned,
)

__all__ = ["EDITORS", "ISSUE_MACHINE", "GazetteIssue", "IssueEvent"]
