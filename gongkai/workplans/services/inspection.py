"""督查 rounds: the 公开办 plans a round (scope, period, the organs below it to inspect), builds
its checklist from the year's 工作要点 tasks of those organs and from the template
(`checklist.py`), starts it, records a result per organ and line, and concludes it. Each service
is one transaction; the round's status is written only by `ROUND_MACHINE.fire` (which records
the audit row), the other writes record their own audit row (`WorkplansAudit`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.orgs.models import Organ
from gongkai.workplans import rules
from gongkai.workplans.audit import WorkplansAudit
from gongkai.workplans.checklist import template_line
from gongkai.workplans.models import (
    ChecklistLine,
    InspectionRound,
    LineSource,
    Point,
    Result,
    RoundOrgan,
    RoundStatus,
    Task,
    Verdict,
)
from gongkai.workplans.services.tasks import evidence_items, item_from_link
from gongkai.workplans.transitions import (
    INSPECTOR,
    NOT_INSPECTOR,
    ROUND_MACHINE,
    RoundEvent,
    round_roles,
)

MAX_ORGANS = 200
MAX_LINES = 100
_URL = re.compile(r"^(https?://\S+|/\S*)$")


@dataclass(frozen=True)
class RoundFields:
    title: str
    year: int
    starts_on: date | None
    ends_on: date | None
    scope: str = ""


@dataclass(frozen=True)
class ResultInput:
    """One cell of the matrix as typed: an empty `verdict` leaves the cell as it was."""

    organ: Organ
    line: ChecklistLine
    verdict: str
    note: str = ""
    evidence_link: str = ""


def _inspector(actor: Actor, round_: InspectionRound) -> None:
    if INSPECTOR not in round_roles(actor, round_):
        raise PermissionDenied(NOT_INSPECTOR)


def _editable(round_: InspectionRound) -> None:
    if round_.status == RoundStatus.CONCLUDED:
        raise ValidationError("督查已结束，不能再修改。")


def _check_organs(organiser: Organ, organs: Sequence[Organ]) -> list[Organ]:
    unique = list(dict.fromkeys(organs))
    if not unique:
        raise ValidationError("请至少选择一个被督查机关。")
    if len(unique) > MAX_ORGANS:
        raise ValidationError(f"一次督查最多 {MAX_ORGANS} 个机关。")
    for organ in unique:
        reason = rules.inspected_organ(organiser, organ)
        if reason:
            raise ValidationError(reason)
    return unique


@transaction.atomic
def round_create(
    *, actor: Actor, organ: Organ, fields: RoundFields, organs: Sequence[Organ]
) -> InspectionRound:
    """制定督查: the 公开办 of `organ` plans a round over organs of its subtree."""
    round_ = InspectionRound(
        organ=organ,
        year=fields.year,
        title=(fields.title or "").strip(),
        scope=(fields.scope or "").strip(),
        created_by=user_of(actor),
    )
    _inspector(actor, round_)
    if not round_.title:
        raise ValidationError("请填写督查名称。")
    if len(round_.title) > 200 or len(round_.scope) > 5000:
        raise ValidationError("督查名称不能超过200字，督查范围不能超过5000字。")
    if not 2000 <= fields.year <= 2100:
        raise ValidationError("年度应在2000至2100之间。")
    problem = rules.round_period_problem(fields.starts_on, fields.ends_on)
    if problem or fields.starts_on is None or fields.ends_on is None:
        raise ValidationError(problem or "请填写督查的开始日期和结束日期。")
    round_.starts_on, round_.ends_on = fields.starts_on, fields.ends_on
    chosen = _check_organs(organ, organs)
    ROUND_MACHINE.fire(
        actor=actor,
        obj=round_,
        event=RoundEvent.PLAN,
        data={
            "organs": [o.name for o in chosen],
            "period": f"{fields.starts_on.isoformat()}—{fields.ends_on.isoformat()}",
        },
    )
    RoundOrgan.objects.bulk_create([RoundOrgan(round=round_, organ=o) for o in chosen])
    return round_


@transaction.atomic
def round_set_organs(
    *, actor: Actor, round_: InspectionRound, organs: Sequence[Organ]
) -> InspectionRound:
    """Change the organs inspected, while the round is still planned (no results yet)."""
    round_ = ROUND_MACHINE.lock(round_)
    _inspector(actor, round_)
    if round_.status != RoundStatus.PLANNED:
        raise ValidationError("督查已经开始，不能再调整被督查机关。")
    chosen = _check_organs(round_.organ, organs)
    round_.organs.exclude(organ__in=chosen).delete()
    have = set(round_.organs.values_list("organ_id", flat=True))
    RoundOrgan.objects.bulk_create(
        [RoundOrgan(round=round_, organ=o) for o in chosen if o.pk not in have]
    )
    audit_record(
        actor=actor, action=WorkplansAudit.ROUND_ORGANS, obj=round_, organ_id=round_.organ_id,
        data={"organs": [o.name for o in chosen]},
    )  # fmt: skip
    return round_


def _add_lines(actor: Actor, round_: InspectionRound, lines: list[ChecklistLine]) -> int:
    if round_.lines.count() + len(lines) > MAX_LINES:
        raise ValidationError(f"督查清单最多 {MAX_LINES} 项。")
    start = (round_.lines.aggregate(m=Max("order"))["m"] or 0) + 1
    for n, line in enumerate(lines):
        line.round, line.order = round_, start + n
    ChecklistLine.objects.bulk_create(lines)
    if lines:
        audit_record(
            actor=actor, action=WorkplansAudit.ROUND_CHECKLIST, obj=round_,
            organ_id=round_.organ_id, data={"added": [line.text for line in lines]},
        )  # fmt: skip
    return len(lines)


def task_points(round_: InspectionRound) -> list[Point]:
    """The points of the round's year whose tasks (or sub-tasks) the inspected organs lead."""
    ids = (
        Task.objects.filter(plan__year=round_.year, organ__in=round_.organs.values("organ"))
        .values_list("point_id", flat=True)
        .distinct()
    )
    return list(
        Point.objects.filter(pk__in=list(ids))
        .select_related("plan")
        .order_by("plan__organ__tree_key", "plan_id", "order")
    )


@transaction.atomic
def checklist_from_tasks(*, actor: Actor, round_: InspectionRound) -> int:
    """Draw lines from the 工作要点: one per point the inspected organs have tasks under (a
    point already on the checklist is not added twice). The number of lines added."""
    round_ = ROUND_MACHINE.lock(round_)
    _inspector(actor, round_)
    _editable(round_)
    have = set(round_.lines.exclude(point=None).values_list("point_id", flat=True))
    lines = [
        ChecklistLine(
            source=LineSource.TASK,
            point=p,
            text=p.title[:300],
            basis=f"《{p.plan.title}》{p.number}"[:300],
        )
        for p in task_points(round_)
        if p.pk not in have
    ]
    if not lines and not have:
        raise ValidationError(f"被督查机关在{round_.year}年的工作要点中没有承担任务。")
    return _add_lines(actor, round_, lines)


@transaction.atomic
def checklist_from_template(*, actor: Actor, round_: InspectionRound, codes: Sequence[str]) -> int:
    """Add the template's lines named by `codes` (one already on the checklist is skipped)."""
    round_ = ROUND_MACHINE.lock(round_)
    _inspector(actor, round_)
    _editable(round_)
    if not codes:
        raise ValidationError("请选择要加入清单的督查要点。")
    have = set(round_.lines.exclude(code="").values_list("code", flat=True))
    lines = []
    for code in dict.fromkeys(codes):
        entry = template_line(code)
        if entry is None:
            raise ValidationError(f"督查要点模板中没有“{code[:40]}”。")
        if code not in have:
            lines.append(
                ChecklistLine(
                    source=LineSource.TEMPLATE, code=code, text=entry.text, basis=entry.basis
                )
            )
    return _add_lines(actor, round_, lines)


@transaction.atomic
def checklist_add(
    *, actor: Actor, round_: InspectionRound, text: str, basis: str = ""
) -> ChecklistLine:
    """A line typed in by the organiser."""
    round_ = ROUND_MACHINE.lock(round_)
    _inspector(actor, round_)
    _editable(round_)
    text, basis = (text or "").strip(), (basis or "").strip()
    if not text:
        raise ValidationError("请填写督查内容。")
    if len(text) > 300 or len(basis) > 300:
        raise ValidationError("督查内容和依据均不能超过300字。")
    line = ChecklistLine(source=LineSource.CUSTOM, text=text, basis=basis)
    _add_lines(actor, round_, [line])
    return line


@transaction.atomic
def checklist_remove(*, actor: Actor, round_: InspectionRound, line: ChecklistLine) -> None:
    """Drop a line before the round starts (once results exist, the line stays)."""
    round_ = ROUND_MACHINE.lock(round_)
    _inspector(actor, round_)
    if round_.status != RoundStatus.PLANNED or line.round_id != round_.pk:
        raise ValidationError("督查已经开始，不能再删除督查要点。")
    text = line.text
    line.delete()
    audit_record(
        actor=actor, action=WorkplansAudit.ROUND_CHECKLIST, obj=round_,
        organ_id=round_.organ_id, data={"removed": [text]},
    )  # fmt: skip


@transaction.atomic
def round_start(*, actor: Actor, round_: InspectionRound, comment: str = "") -> InspectionRound:
    """开始督查: the inspected organs are told (receivers.py); results may be recorded."""
    round_ = ROUND_MACHINE.lock(round_)
    return ROUND_MACHINE.fire(actor=actor, obj=round_, event=RoundEvent.START, comment=comment)


@transaction.atomic
def round_conclude(*, actor: Actor, round_: InspectionRound, comment: str = "") -> InspectionRound:
    """结束督查: every organ has a result on every line (the machine's guard)."""
    round_ = ROUND_MACHINE.lock(round_)
    return ROUND_MACHINE.fire(actor=actor, obj=round_, event=RoundEvent.CONCLUDE, comment=comment)


def check_evidence_link(link: str) -> str:
    """A result's evidence: a link of this platform (an item must be published, as for task
    evidence) or a web address. The link as kept, or `ValidationError`."""
    link = (link or "").strip()
    if not link:
        return ""
    if len(link) > 500 or not _URL.match(link):
        raise ValidationError(f"“{link[:80]}”不是有效的链接（应以 http://、https:// 或 / 开头）。")
    if item_from_link(link) is not None and "/item/" in link:
        evidence_items([link])
    return link


def _cell_problem(cell: ResultInput) -> str | None:
    if cell.verdict not in Verdict.values:
        return "结论无效。"
    if len(cell.note) > 500:
        return "说明不能超过500字。"
    return rules.result_note_problem(cell.verdict, cell.note)


@transaction.atomic
def results_record(*, actor: Actor, round_: InspectionRound, cells: Sequence[ResultInput]) -> int:
    """填写督查结果: the matrix as submitted, all or nothing (a bad cell names its organ and
    line). Cells without a verdict are left as they were. The number of results changed."""
    round_ = ROUND_MACHINE.lock(round_)
    _inspector(actor, round_)
    if round_.status != RoundStatus.IN_PROGRESS:
        raise ValidationError("督查进行中才能填写督查结果。")
    organ_ids = set(round_.organs.values_list("organ_id", flat=True))
    existing = {(r.line_id, r.organ_id): r for r in Result.objects.filter(line__round=round_)}
    errors, changed = [], []
    for cell in [c for c in cells if c.verdict]:
        where = f"{cell.organ.name}“{cell.line.text[:20]}”"
        if cell.organ.pk not in organ_ids or cell.line.round_id != round_.pk:
            errors.append(f"{where}不属于本次督查。")
            continue
        note = cell.note.strip()
        problem = _cell_problem(ResultInput(cell.organ, cell.line, cell.verdict, note))
        try:
            link = check_evidence_link(cell.evidence_link)
        except ValidationError as exc:
            problem = problem or "；".join(exc.messages)
        if problem:
            errors.append(f"{where}：{problem}")
            continue
        old = existing.get((cell.line.pk, cell.organ.pk))
        if old and (old.verdict, old.note, old.evidence_link) == (cell.verdict, note, link):
            continue
        result = old or Result(line=cell.line, organ=cell.organ)
        result.verdict, result.note, result.evidence_link = cell.verdict, note, link
        result.recorded_by = user_of(actor)
        changed.append((result, where))
    if errors:
        raise ValidationError(errors)
    for result, _where in changed:
        result.save()
    if changed:
        audit_record(
            actor=actor, action=WorkplansAudit.ROUND_RESULTS, obj=round_,
            organ_id=round_.organ_id,
            data={"changed": [f"{w}：{r.get_verdict_display()}" for r, w in changed][:50]},
        )  # fmt: skip
    return len(changed)
