"""Reads of the work plans: permission-scoped plans and tasks, the matrix (tasks × organs), the
overdue list, and the figures per organ and year the 考核 scorecards read (`task_counts`); the
督查 rounds (matrix of results, summary per organ) and findings (whose, overdue)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_data_text, timeline_row
from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import organ_q, role_map, roles_for
from gongkai.workplans.models import (
    FINDING_OPEN,
    OPEN,
    ChecklistLine,
    Finding,
    FindingStatus,
    InspectionRound,
    Plan,
    Point,
    Result,
    Status,
    Task,
    Verdict,
)
from gongkai.workplans.transitions import (
    HANDLER_ROLES,
    INSPECTOR,
    finding_roles,
    round_roles,
    task_roles,
)

STATUS_LABELS = dict(Status.choices)


# ---- plans --------------------------------------------------------------------------------


def plans_for(user: Actor) -> QuerySet[Plan]:
    """Plans of the organs whose 公开办 the user is (a 公开办 above sees the plans below)."""
    return Plan.objects.filter(organ_q(user, role_map(user), Role.ORGAN_ADMIN)).select_related(
        "organ"
    )


def plan_for_office(user: Actor, pk: int) -> Plan:
    """The plan, for its 公开办 (and those above); 404 for anyone else."""
    plan = Plan.objects.select_related("organ").filter(pk=pk).first()
    if plan is None or Role.ORGAN_ADMIN not in roles_for(user, plan.organ):
        raise Http404("没有这份工作要点。")
    return plan


def point_for_office(user: Actor, pk: int) -> Point:
    point = Point.objects.select_related("plan__organ").filter(pk=pk).first()
    if point is None or Role.ORGAN_ADMIN not in roles_for(user, point.plan.organ):
        raise Http404("没有这个工作要点条目。")
    return point


def plan_points(plan: Plan) -> list[Point]:
    """The points in document order, each with its organs and top-level tasks."""
    return list(
        plan.points.prefetch_related("lead_organs", "co_organs")
        .prefetch_related("tasks__organ", "tasks__co_organs")
        .order_by("order")
    )


# ---- tasks ------------------------------------------------------------------------------


def visible_tasks(user: Actor) -> QuerySet[Task]:
    """Tasks the user handles (lead or co-organ) or whose assigning 公开办 the user is."""
    roles = role_map(user)
    handled = organ_q(user, roles, *HANDLER_ROLES)
    if getattr(user, "is_superuser", False):
        return Task.objects.select_related("organ", "plan", "point", "assigned_by")
    ids = [o for o, held in roles.items() if held & HANDLER_ROLES]
    offices = [o for o, held in roles.items() if Role.ORGAN_ADMIN in held]
    return (
        Task.objects.filter(handled | Q(co_organs__in=ids) | Q(assigned_by_id__in=offices))
        .distinct()
        .select_related("organ", "plan", "point", "assigned_by")
    )


def my_tasks(user: Actor) -> QuerySet[Task]:
    """Tasks of the organs where the user is 采编 or 公开办管理员 (lead organ), to report on."""
    return Task.objects.filter(organ_q(user, role_map(user), *HANDLER_ROLES)).select_related(
        "organ", "plan", "point", "assigned_by"
    )


def task_for_user(user: Actor, pk: int) -> tuple[Task, set[str]]:
    """The task and the user's task roles (OFFICE, HANDLER); co-organs' handlers read it. 404
    for anyone else (its existence is not confirmed)."""
    task = (
        Task.objects.select_related("organ", "assigned_by", "plan", "point", "parent")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404("没有这项任务。")
    roles = task_roles(user, task)
    if not roles and not any(roles_for(user, o) & HANDLER_ROLES for o in task.co_organs.all()):
        raise Http404("没有这项任务。")
    return task, roles


def is_overdue(task: Task, today: date) -> bool:
    if task.done_on is not None:
        return task.done_on > task.deadline
    return today > task.deadline


def overdue_tasks(user: Actor, *, today: date | None = None) -> QuerySet[Task]:
    today = today or timezone.localdate()
    return visible_tasks(user).filter(status__in=OPEN, deadline__lt=today).order_by("deadline")


def subtask_targets(task: Task) -> QuerySet[Organ]:
    """Organs a task may be broken down for: those below its organ."""
    return Organ.objects.filter(path__startswith=task.organ.path).exclude(pk=task.organ_id)


def assign_targets(plan: Plan) -> QuerySet[Organ]:
    return plan.organ.subtree().order_by("tree_key")


def timeline(task: Task) -> list[dict[str, Any]]:
    events = AuditEvent.objects.for_object(task).order_by("created_at", "pk")
    return [
        timeline_row(
            e, status_labels=STATUS_LABELS, detail=audit_data_text(e.data, action=e.action)
        )
        for e in events
    ]


# ---- the matrix (tasks × organs) ------------------------------------------------------------


@dataclass
class MatrixRow:
    task: Task
    point: Point
    cells: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Matrix:
    organs: list[Organ]
    rows: list[MatrixRow]
    #: Per column: the organ's tasks of this plan (top-level and sub-tasks it leads).
    totals: list[TaskCounts] = field(default_factory=list)


def matrix(plan: Plan, *, today: date | None = None) -> Matrix:
    """One row per top-level task; one column per organ that leads, helps or received a
    sub-task; each cell what that organ has to do with the task and how far it is."""
    today = today or timezone.localdate()
    tasks = list(
        plan.tasks.select_related("organ", "point", "parent")
        .prefetch_related("co_organs")
        .order_by("point__order", "pk")
    )
    top = [t for t in tasks if t.parent_id is None]
    below: dict[int, list[Task]] = {}
    root_of: dict[int, int] = {}
    for t in tasks:  # created in order: a parent's root is known before its children
        root_of[t.pk] = root_of.get(t.parent_id, t.parent_id) if t.parent_id else t.pk
        if t.parent_id:
            below.setdefault(root_of[t.pk], []).append(t)
    organs: dict[int, Organ] = {}
    for t in tasks:
        organs.setdefault(t.organ_id, t.organ)
        for o in t.co_organs.all():
            organs.setdefault(o.pk, o)
    columns = sorted(organs.values(), key=lambda o: o.tree_key)
    rows = []
    for t in top:
        cells = []
        subs = {s.organ_id: s for s in below.get(t.pk, [])}
        co = {o.pk for o in t.co_organs.all()}
        for organ in columns:
            owner = t if organ.pk == t.organ_id else subs.get(organ.pk)
            if owner is not None:
                cells.append(
                    {
                        "role": "牵头" if owner is t else "分解",
                        "status": owner.status,
                        "label": owner.get_status_display(),
                        "overdue": is_overdue(owner, today),
                        "task": owner,
                    }
                )
            elif organ.pk in co:
                cells.append({"role": "配合", "status": "", "label": "配合", "overdue": False})
            else:
                cells.append({})
        rows.append(MatrixRow(task=t, point=t.point, cells=cells))
    totals = []
    for organ in columns:
        led = [t for t in tasks if t.organ_id == organ.pk]
        done = sum(t.status == Status.DONE for t in led)
        late = sum(is_overdue(t, today) for t in led)
        totals.append(TaskCounts(total=len(led), done=done, overdue=late))
    return Matrix(organs=columns, rows=rows, totals=totals)


# ---- figures for the 考核 scorecards ------------------------------------------------------


@dataclass(frozen=True)
class TaskCounts:
    """Tasks of an organ (as lead) in a year: total, done (accepted), overdue (not done by the
    deadline, or done after it), open (not yet accepted)."""

    total: int = 0
    done: int = 0
    overdue: int = 0

    @property
    def open(self) -> int:
        return self.total - self.done


def _counted(today: date) -> dict[str, Any]:
    late = Q(status__in=OPEN, deadline__lt=today) | Q(status=Status.DONE, done_on__gt=F("deadline"))
    return {
        "total": Count("pk"),
        "done": Count("pk", filter=Q(status=Status.DONE)),
        "overdue": Count("pk", filter=late),
    }


def task_counts(
    organ: Organ, year: int, *, subtree: bool = False, today: date | None = None
) -> TaskCounts:
    """Tasks total / done / overdue of `organ` as lead organ in the plans of `year` (with
    `subtree`, of the organs below it too)."""
    today = today or timezone.localdate()
    where = Q(organ__path__startswith=organ.path) if subtree else Q(organ=organ)
    row = Task.objects.filter(where, plan__year=year).aggregate(**_counted(today))
    return TaskCounts(total=row["total"], done=row["done"], overdue=row["overdue"])


def task_counts_by_organ(
    year: int, *, organs: list[Organ] | None = None, today: date | None = None
) -> dict[int, TaskCounts]:
    """organ id → its TaskCounts for `year` (one query for a whole scorecard)."""
    today = today or timezone.localdate()
    qs = Task.objects.filter(plan__year=year)
    if organs is not None:
        qs = qs.filter(organ__in=organs)
    annotated: Any = qs.values("organ_id").annotate(**_counted(today))
    rows: list[dict[str, Any]] = list(annotated)
    return {
        r["organ_id"]: TaskCounts(total=r["total"], done=r["done"], overdue=r["overdue"])
        for r in rows
    }


def selfcheck_organs(user: Actor, plan: Plan) -> list[Organ]:
    """Organs whose 自查报告 on `plan` the user may draft: those leading a task of the plan
    where the user is 采编 or 公开办管理员 (a 公开办 above covers its subtree)."""
    ids = plan.tasks.values_list("organ_id", flat=True).distinct()
    organs = Organ.objects.filter(pk__in=ids).order_by("tree_key")
    return [o for o in organs if roles_for(user, o) & HANDLER_ROLES]


# ---- 督查 rounds and findings ----------------------------------------------------------------


def rounds_for(user: Actor) -> QuerySet[InspectionRound]:
    """Rounds organised by organs whose 公开办 the user is (a 公开办 above sees those below)."""
    return InspectionRound.objects.filter(
        organ_q(user, role_map(user), Role.ORGAN_ADMIN)
    ).select_related("organ")


def round_for_office(user: Actor, pk: int) -> InspectionRound:
    """The round, for its organiser's 公开办 (and those above); 404 for anyone else."""
    round_ = InspectionRound.objects.select_related("organ").filter(pk=pk).first()
    if round_ is None or INSPECTOR not in round_roles(user, round_):
        raise Http404("没有这次督查。")
    return round_


@dataclass
class RoundMatrix:
    """Rows: the checklist; columns: the inspected organs; cells: the result, if any, and for a
    line drawn from the 工作要点 the organ's task under that point (a hint for the inspector)."""

    organs: list[Organ]
    lines: list[ChecklistLine]
    cells: dict[tuple[int, int], Result]
    tasks: dict[tuple[int, int], Task]
    filled: int = 0

    @property
    def wanted(self) -> int:
        return len(self.organs) * len(self.lines)

    def rows(self) -> list[tuple[ChecklistLine, list[dict[str, Any]]]]:
        return [
            (
                line,
                [
                    {
                        "organ": organ,
                        "result": self.cells.get((line.pk, organ.pk)),
                        "task": self.tasks.get((line.point_id or 0, organ.pk)),
                        "name": f"{line.pk}_{organ.pk}",
                    }
                    for organ in self.organs
                ],
            )
            for line in self.lines
        ]


def round_matrix(round_: InspectionRound) -> RoundMatrix:
    organs = [ro.organ for ro in round_.organs.select_related("organ").order_by("organ__tree_key")]
    lines = list(round_.lines.select_related("point").order_by("order", "pk"))
    cells = {(r.line_id, r.organ_id): r for r in Result.objects.filter(line__round=round_)}
    points = [line.point_id for line in lines if line.point_id]
    tasks: dict[tuple[int, int], Task] = {}
    for task in Task.objects.filter(point_id__in=points, organ__in=organs).order_by("pk"):
        tasks.setdefault((task.point_id, task.organ_id), task)
    return RoundMatrix(organs=organs, lines=lines, cells=cells, tasks=tasks, filled=len(cells))


@dataclass(frozen=True)
class OrganSummary:
    organ: Organ
    counts: dict[str, int]
    findings: int
    open_findings: int


def round_summary(round_: InspectionRound) -> list[OrganSummary]:
    """Per inspected organ: results by verdict, findings raised and still open."""
    rows: Any = (
        Result.objects.filter(line__round=round_)
        .values("organ_id", "verdict")
        .annotate(n=Count("pk"))
    )
    by_organ: dict[int, dict[str, int]] = {}
    for row in rows:
        by_organ.setdefault(row["organ_id"], {})[row["verdict"]] = row["n"]
    found: Any = round_.findings.values("organ_id").annotate(
        n=Count("pk"), open=Count("pk", filter=~Q(status=FindingStatus.VERIFIED))
    )
    findings = {row["organ_id"]: (row["n"], row["open"]) for row in found}
    organs = [ro.organ for ro in round_.organs.select_related("organ").order_by("organ__tree_key")]
    return [
        OrganSummary(
            organ=o,
            counts={v: by_organ.get(o.pk, {}).get(v, 0) for v in Verdict.values},
            findings=findings.get(o.pk, (0, 0))[0],
            open_findings=findings.get(o.pk, (0, 0))[1],
        )
        for o in organs
    ]


def visible_findings(user: Actor) -> QuerySet[Finding]:
    """Findings of the rounds the user's 公开办 organised, and of the organs where the user is
    采编 or 公开办管理员 (the inspected organ sees its own)."""
    qs = Finding.objects.select_related("organ", "round", "round__organ", "line")
    if getattr(user, "is_superuser", False):
        return qs
    roles = role_map(user)
    offices = [o for o, held in roles.items() if Role.ORGAN_ADMIN in held]
    handled = [o for o, held in roles.items() if held & HANDLER_ROLES]
    return qs.filter(Q(round__organ_id__in=offices) | Q(organ_id__in=handled))


def finding_for_user(user: Actor, pk: int) -> tuple[Finding, set[str]]:
    """The finding and the user's roles on it (INSPECTOR, HANDLER); 404 for anyone else."""
    finding = Finding.objects.select_related("organ", "round__organ", "line").filter(pk=pk).first()
    roles = finding_roles(user, finding) if finding is not None else set()
    if finding is None or not roles:
        raise Http404("没有这个督查问题。")
    return finding, roles


def finding_overdue(finding: Finding, today: date) -> bool:
    """Not yet submitted by its 整改期限 (a 整改 submitted late counts too)."""
    if finding.submitted_on is not None and finding.status not in FINDING_OPEN:
        return finding.submitted_on > finding.deadline
    return today > finding.deadline


def overdue_findings(user: Actor, *, today: date | None = None) -> QuerySet[Finding]:
    today = today or timezone.localdate()
    return visible_findings(user).filter(status__in=FINDING_OPEN, deadline__lt=today)


def finding_timeline(finding: Finding) -> list[dict[str, Any]]:
    labels = dict(FindingStatus.choices)
    events = AuditEvent.objects.for_object(finding).order_by("created_at", "pk")
    return [
        timeline_row(e, status_labels=labels, detail=audit_data_text(e.data, action=e.action))
        for e in events
    ]


def organ_findings(organ: Organ, year: int) -> list[Finding]:
    """The organ's findings in the rounds of `year` (for its 自查报告)."""
    return list(
        Finding.objects.filter(organ=organ, round__year=year)
        .select_related("round")
        .order_by("deadline", "pk")
    )
