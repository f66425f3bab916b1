"""督查 findings: raised with a 整改期限 (refused without), 整改 submitted with evidence by the
inspected organ, verified or returned by the organiser only (403 for anyone else); reminders
before the 整改期限 and the overdue notice after it, each once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.fsm import InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.inbox.models import Notice
from gongkai.orgs.models import Organ
from gongkai.workplans.models import Finding, FindingStatus, InspectionRound
from gongkai.workplans.services.findings import (
    finding_raise,
    finding_return,
    finding_start,
    finding_submit,
    finding_verify,
)
from gongkai.workplans.services.jobs import findings_mark_overdue, findings_remind_due
from gongkai.workplans.tests.conftest import TODAY, png_bytes

pytestmark = pytest.mark.django_db


def _raise(round_: InspectionRound, organ: Organ, actor: Any, **kw: Any) -> Finding:
    args = {"problem": "年度报告逾期公布", "requirement": "说明原因并按时公布",
            "deadline": TODAY + timedelta(days=14), "on": TODAY, **kw}  # fmt: skip
    return finding_raise(actor=actor, round_=round_, organ=organ, **args)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"deadline": None}, "请填写整改期限"),
        ({"deadline": TODAY - timedelta(days=1)}, "整改期限不能早于今天"),
        ({"problem": "  "}, "请填写发现的问题"),
        ({"requirement": ""}, "请填写整改要求"),
    ],
)
def test_bad_findings_are_refused(
    kw: dict[str, Any], message: str, make_round: Callable[..., InspectionRound],
    finance: Organ, people: dict[str, Any],
) -> None:  # fmt: skip
    round_ = make_round(finance)
    with pytest.raises(ValidationError, match=message):
        _raise(round_, finance, people["office"], **kw)
    assert not Finding.objects.exists()


def test_findings_only_for_inspected_organs_of_a_running_round(
    make_round: Callable[..., InspectionRound], finance: Organ, housing: Organ,
    people: dict[str, Any],
) -> None:  # fmt: skip
    round_ = make_round(finance)
    with pytest.raises(ValidationError, match="“测试市住房和城乡建设局”不是本次督查的被督查机关"):
        _raise(round_, housing, people["office"])
    with pytest.raises(PermissionDenied, match="只有组织督查的公开办管理员"):
        _raise(round_, finance, people["finance_admin"])
    planned = make_round(finance, start=False)
    with pytest.raises(ValidationError, match="督查进行中才能提出问题"):
        _raise(planned, finance, people["office"])


def test_rectify_submit_return_submit_verify(
    make_round: Callable[..., InspectionRound], finance: Organ, people: dict[str, Any],
    settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    round_ = make_round(finance)
    office, dept = people["office"], people["finance"]
    with django_capture_on_commit_callbacks(execute=True):
        finding = _raise(round_, finance, office, line=round_.lines.first())
    assert finding.status == FindingStatus.OPEN
    assert Notice.objects.filter(recipient=dept, kind="waiting").exists()
    with pytest.raises(PermissionDenied):
        finding_start(actor=people["housing"], finding=finding)
    finding_start(actor=dept, finding=finding)
    with pytest.raises(ValidationError, match="尚未公开发布"):
        finding_submit(actor=dept, finding=finding, text="已补充公布年度报告。",
                       links=["/item/424242/"], on=TODAY)  # fmt: skip
    with pytest.raises(PermissionDenied, match="只有被督查机关的采编或公开办管理员"):
        finding_submit(actor=people["housing"], finding=finding, text="已经整改完成。")
    with django_capture_on_commit_callbacks(execute=True):
        finding_submit(actor=dept, finding=finding, text="已补充公布年度报告。",
                       files=[("公布截图.png", png_bytes())], on=TODAY)  # fmt: skip
    finding.refresh_from_db()
    assert finding.status == FindingStatus.SUBMITTED and finding.evidence.get().file_kind == "png"
    assert Notice.objects.filter(
        recipient=office, kind="waiting", title__contains="待核验"
    ).exists()
    # Verify by anyone but the organiser: 403 (the inspected organ's own 公开办 included).
    for who in ("finance", "finance_admin", "housing", "county_office"):
        with pytest.raises(PermissionDenied, match="只有组织督查的公开办管理员可以核验整改"):
            finding_verify(actor=people[who], finding=finding)
    with pytest.raises(ValidationError, match="请填写退回意见"):
        finding_return(actor=office, finding=finding, comment=" ")
    with django_capture_on_commit_callbacks(execute=True):
        finding_return(actor=office, finding=finding, comment="截图看不出发布日期")
    assert Notice.objects.filter(recipient=dept, kind="returned").exists()
    finding.refresh_from_db()
    with pytest.raises(InvalidTransition, match="问题当前状态为“已退回”"):
        finding_verify(actor=office, finding=finding)
    finding_submit(actor=dept, finding=finding, text="已重新公布并附网址。", on=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        finding_verify(actor=office, finding=finding, comment="已整改", on=TODAY)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.VERIFIED and finding.verified_on == TODAY
    actions = list(AuditEvent.objects.for_object(finding).values_list("action", flat=True))
    assert actions == [f"work_finding.{e}" for e in
                       ("raise", "start", "submit", "return", "submit", "verify")]  # fmt: skip
    assert not Notice.objects.filter(settled_at__isnull=True, kind="waiting",
                                     recipient=office).exists()  # fmt: skip


def test_reminders_then_overdue_once(
    make_round: Callable[..., InspectionRound], finance: Organ, housing: Organ,
    people: dict[str, Any],
) -> None:  # fmt: skip
    round_ = make_round(finance, housing)
    late = _raise(round_, finance, people["office"], deadline=TODAY + timedelta(days=10))
    done = _raise(round_, housing, people["office"], deadline=TODAY + timedelta(days=10))
    finding_submit(actor=people["housing"], finding=done, text="已经整改完成。", on=TODAY)
    assert findings_remind_due(today=TODAY) == []  # 10 days left
    week = TODAY + timedelta(days=4)
    assert findings_remind_due(today=week) == [late.pk]  # the submitted one is not reminded
    assert findings_remind_due(today=week) == []
    assert "还剩 6 天" in Notice.objects.get(recipient=people["finance"], kind="due_soon").title
    assert findings_mark_overdue(today=late.deadline) == []
    after = late.deadline + timedelta(days=1)
    assert findings_mark_overdue(today=after) == [late.pk]
    assert findings_mark_overdue(today=after + timedelta(days=3)) == []
    told = {n.recipient for n in Notice.objects.filter(kind="overdue")}
    assert told == {people["finance"], people["finance_admin"], people["office"]}
    assert AuditEvent.objects.filter(action="work_finding.overdue").count() == 1


def test_the_job_is_scheduled_and_runs_by_hand() -> None:
    from io import StringIO

    from django.core.management import call_command

    from gongkai.core.schedule import scheduled_tasks
    from gongkai.workplans import tasks

    assert "gongkai.workplans.tasks.findings_due" in {e.path for e in scheduled_tasks()}
    out = StringIO()
    call_command("workplans", "findings", stdout=out)
    assert "督查问题：到期提醒 0 项，超期提醒 0 项。" in out.getvalue()
    assert tasks.findings_due.call() == {"reminded": [], "overdue": []}
