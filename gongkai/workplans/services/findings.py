"""督查 findings: the organiser raises a problem found in an inspected organ, with what it must
put right (整改要求) and by when (整改期限); the organ starts and submits its 整改 with evidence
(published items of this platform, uploaded files); the organiser verifies it or returns it.
The status is written only by `FINDING_MACHINE.fire` (audit row; `finding_transitioned` on
commit, whose receiver tells the inbox).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.files import sha256_of
from gongkai.core.actors import Actor, user_of
from gongkai.orgs.models import Organ
from gongkai.workplans import rules
from gongkai.workplans.models import (
    ChecklistLine,
    Evidence,
    Finding,
    FindingEvidence,
    InspectionRound,
    RoundStatus,
)
from gongkai.workplans.services.tasks import evidence_files, evidence_items
from gongkai.workplans.transitions import (
    FINDING_MACHINE,
    INSPECTOR,
    NOT_INSPECTOR,
    NOT_RECTIFIER,
    FindingEvent,
    finding_roles,
    round_roles,
)


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _text(value: str, *, label: str, limit: int = 5000) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"请填写{label}。")
    if len(value) > limit:
        raise ValidationError(f"{label}不能超过{limit}字。")
    return value


@transaction.atomic
def finding_raise(
    *,
    actor: Actor,
    round_: InspectionRound,
    organ: Organ,
    problem: str,
    requirement: str,
    deadline: date | None,
    line: ChecklistLine | None = None,
    on: date | None = None,
) -> Finding:
    """提出问题: a problem found in an inspected organ, with its 整改要求 and 整改期限."""
    round_ = InspectionRound.objects.select_for_update().select_related("organ").get(pk=round_.pk)
    if INSPECTOR not in round_roles(actor, round_):
        raise PermissionDenied(NOT_INSPECTOR)
    if round_.status != RoundStatus.IN_PROGRESS:
        raise ValidationError("督查进行中才能提出问题。")
    if not round_.organs.filter(organ=organ).exists():
        raise ValidationError(f"“{organ.name}”不是本次督查的被督查机关。")
    if line is not None and line.round_id != round_.pk:
        raise ValidationError("所选督查要点不属于本次督查。")
    problem_text = _text(problem, label="发现的问题")
    requirement_text = _text(requirement, label="整改要求")
    reason = rules.rectify_deadline_problem(deadline, today=_today(on))
    if reason or deadline is None:
        raise ValidationError(reason or "请填写整改期限。")
    finding = Finding(
        round=round_,
        organ=organ,
        line=line,
        problem=problem_text,
        requirement=requirement_text,
        deadline=deadline,
    )
    return FINDING_MACHINE.fire(
        actor=actor,
        obj=finding,
        event=FindingEvent.RAISE,
        data={"organ": organ.name, "deadline": deadline.isoformat()},
    )


@transaction.atomic
def finding_start(*, actor: Actor, finding: Finding) -> Finding:
    """开始整改: the organ acknowledges the finding and works on it."""
    finding = FINDING_MACHINE.lock(finding)
    return FINDING_MACHINE.fire(actor=actor, obj=finding, event=FindingEvent.START)


@transaction.atomic
def finding_submit(
    *,
    actor: Actor,
    finding: Finding,
    text: str,
    links: Sequence[str] = (),
    files: Sequence[tuple[str, bytes | File]] = (),
    on: date | None = None,
) -> Finding:
    """报送整改: what the organ put right, with evidence (published items only; files checked
    like the catalog's attachments); it waits for the organiser to verify it."""
    finding = FINDING_MACHINE.lock(finding)
    if not finding_roles(actor, finding) & FINDING_MACHINE.roles[FindingEvent.SUBMIT]:
        raise PermissionDenied(NOT_RECTIFIER)
    FINDING_MACHINE.check(actor, finding, FindingEvent.SUBMIT)
    report = _text(text, label="整改情况")
    if len(report) < 5:
        raise ValidationError("请填写整改情况（至少5个字）。")
    items = evidence_items(links)
    uploads = evidence_files(files)
    for item in items:
        FindingEvidence.objects.create(
            finding=finding, kind=Evidence.Kind.ITEM, item=item, name=item.title[:300]
        )
    for name, kind, upload in uploads:
        evidence = FindingEvidence(
            finding=finding,
            kind=Evidence.Kind.FILE,
            name=name,
            file_kind=kind,
            size=upload.size or 0,
            sha256=sha256_of(upload),
        )
        upload.seek(0)
        evidence.file.save(name, upload, save=False)
        evidence.save()
    finding.rectification = report
    finding.submitted_on = _today(on)
    finding.review_comment = ""
    return FINDING_MACHINE.fire(
        actor=actor,
        obj=finding,
        event=FindingEvent.SUBMIT,
        comment=report[:500],
        data={"items": [i.title for i in items], "files": [u[0] for u in uploads]},
    )


def _review(actor: Actor, finding: Finding, event: FindingEvent) -> Finding:
    finding = FINDING_MACHINE.lock(finding)
    if INSPECTOR not in finding_roles(actor, finding):
        raise PermissionDenied("只有组织督查的公开办管理员可以核验整改。")
    FINDING_MACHINE.check(actor, finding, event)
    return finding


@transaction.atomic
def finding_verify(
    *, actor: Actor, finding: Finding, comment: str = "", on: date | None = None
) -> Finding:
    """核验通过: the organiser agrees the problem is put right."""
    finding = _review(actor, finding, FindingEvent.VERIFY)
    comment = (comment or "").strip()[:500]
    finding.verified_on = _today(on)
    finding.verified_by = user_of(actor)
    finding.review_comment = comment
    return FINDING_MACHINE.fire(
        actor=actor, obj=finding, event=FindingEvent.VERIFY, comment=comment
    )


@transaction.atomic
def finding_return(
    *, actor: Actor, finding: Finding, comment: str, on: date | None = None
) -> Finding:
    """退回整改: the 整改 does not settle the problem; the organ reads why and submits again."""
    comment = _text(comment, label="退回意见", limit=500)
    finding = _review(actor, finding, FindingEvent.RETURN)
    finding.review_comment = comment
    return FINDING_MACHINE.fire(
        actor=actor, obj=finding, event=FindingEvent.RETURN, comment=comment
    )
