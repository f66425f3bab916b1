"""The demo city's 工作要点 for the current year, broken into tasks with mixed progress.

Built only through the services (import → confirm → assign → cascade → report → accept/return →
the overdue job), as an official would: the city's 公开办 imports the plan text written below
(our own words, in the shape such plans take), its organ phrases are matched to the demo tree,
each point goes to the organs it names, the counties break their tasks down for their own
departments, and the departments report with links to their published items. Deadlines before
today are mostly met, some met late, some missed (the overdue list and the inbox show them);
deadlines still ahead are partly reported, one report returned.

One 督查 of the city's 公开办 over three of the organs that lead tasks (`build_inspection`):
its checklist drawn from their tasks and from the template, results for two of them, and two
findings, one put right and verified, one still open past its 整改期限.

Call it after the organs, staff and published items exist (`gongkai.demo.generate`):

    from gongkai.workplans.demo import build_workplans
    counts.update({f"workplans.{k}": n for k, n in build_workplans(rng=rng).items()})
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from gongkai.catalog.selectors import public_items
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import users_with_role
from gongkai.workplans.models import InspectionRound, LineSource, Plan, Point, Status, Task
from gongkai.workplans.services.findings import finding_raise, finding_submit, finding_verify
from gongkai.workplans.services.inspection import (
    ResultInput,
    RoundFields,
    checklist_from_tasks,
    checklist_from_template,
    results_record,
    round_create,
    round_start,
)
from gongkai.workplans.services.jobs import findings_mark_overdue, workplans_mark_overdue
from gongkai.workplans.services.plans import plan_import
from gongkai.workplans.services.tasks import (
    TaskFields,
    task_accept,
    task_assign,
    task_report,
    task_return,
)

#: The plan, written for the demo. {place}: the city's name; {year}: this year.
PLAN_TEXT = """{place}{year}年政务公开工作要点
为深入推进政务公开标准化规范化，结合本市实际，提出本年度工作要点如下。
一、围绕重点领域深化主动公开
（一）完善主动公开基本目录
对照国家和省级标准梳理本级主动公开事项，动态更新基本目录，做到目录内事项应公开尽公开。（市政府办公室牵头，各县区政府负责）
（二）做好财政预决算公开
按时公开政府预决算和部门预决算，细化到功能分类项级科目，同步公开“三公”经费。（市财政局牵头，市直各单位配合）
（三）加强重点民生领域信息公开
一是推进教育领域公开。及时公开招生入学政策、划片范围和学生资助信息。（市教育局）
二是推进社会救助领域公开。按季度公开低保、特困供养对象数量和资金发放情况。（市民政局）
三是推进就业创业领域公开。集中公开就业补贴政策、申领流程和发放结果。（市人社局）
四是推进保障性住房领域公开。公开保障性租赁住房筹集、分配和退出信息。（市住建局）
二、围绕政策落地强化解读回应
（一）落实政策解读“三同步”
以本级政府和部门名义印发的政策文件，解读材料与文件同步起草、同步审签、同步发布。（市发改委、市教育局、市民政局）
（二）及时回应社会关切
对网民留言和咨询按期答复，热点问题在规定时间内作出回应。（市政府办公室）
三、围绕平台建设提升公开质量
（一）推进政府网站集约化
县区政府网站迁入全市集约化平台，统一栏目规范和检索服务。（各县区政府）
（二）规范政务新媒体管理
开展政务新媒体检查，关停整合功能重复、更新缓慢的账号。（市生态环境局、市卫健委）
"""

#: Deadline of each point's tasks, as (month, day) of the year, by the point's title.
DEADLINES = {
    "完善主动公开基本目录": (4, 30),
    "做好财政预决算公开": (3, 31),
    "推进教育领域公开": (6, 30),
    "推进社会救助领域公开": (9, 30),
    "推进就业创业领域公开": (8, 31),
    "推进保障性住房领域公开": (11, 30),
    "落实政策解读“三同步”": (12, 20),
    "及时回应社会关切": (10, 31),
    "推进政府网站集约化": (7, 31),
    "规范政务新媒体管理": (5, 31),
}
OUTPUTS = {
    "完善主动公开基本目录": ("更新后的主动公开基本目录", "目录在网站“政府信息公开”专栏发布"),
    "做好财政预决算公开": ("预决算公开专栏", "预决算文件发布日期在批准后20日内"),
}
REPORTS = (
    "已按要求完成，相关信息已在政府信息公开专栏发布。",
    "已组织专人梳理，完成信息发布并同步更新目录。",
    "已完成阶段性工作，主要成果见所附链接。",
)
RETURN_COMMENT = "佐证材料不足：请补充已发布信息的链接。"


def _city() -> Organ | None:
    return (
        Organ.objects.filter(parent__isnull=True, kind=Organ.Kind.GOVERNMENT)
        .order_by("tree_key")
        .first()
    )


def _place(city: Organ) -> str:
    name = city.name
    return name[: name.index("市") + 1] if "市" in name else name.removesuffix("人民政府")


def _person(organ: Organ, *roles: str) -> Any:
    return (
        users_with_role(organ, set(roles), inherited=False).first()
        or users_with_role(organ, set(roles)).first()
    )


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _report(task: Task, *, on: date, rng: random.Random, with_file: bool = False) -> None:
    handler = _person(task.organ, Role.EDITOR, Role.ORGAN_ADMIN)
    items = list(public_items().filter(organ=task.organ).order_by("-published_at")[:3])
    links = [f"/item/{item.pk}/" for item in items[: rng.randint(1, 2)]] if items else []
    files = [("工作落实情况说明.docx", _docx(f"{task.organ.name}：{task.title}落实情况。"))]
    task_report(
        actor=handler,
        task=task,
        text=rng.choice(REPORTS),
        links=links,
        files=files if with_file else [],
        on=on,
    )


#: What becomes of the n-th task, by whether its deadline has passed (a fixed pattern, so
#: every state shows whatever the date; the dates within each come from the random source).
PAST = ("on_time", "on_time", "late", "waiting", "on_time", "missed", "returned", "on_time")
AHEAD = ("assigned", "reported", "early", "returned", "assigned", "reported")


def _progress(task: Task, *, today: date, assigned: date, rng: random.Random, n: int) -> str:
    """Walk one task to a state fitting its deadline; the state reached."""
    office = _person(task.assigned_by, Role.ORGAN_ADMIN)
    fate = PAST[n % len(PAST)] if task.deadline < today else AHEAD[n % len(AHEAD)]
    if fate in ("on_time", "late", "early") and task.subtasks.exclude(status=Status.DONE).exists():
        fate = "waiting"  # accepted only when its sub-tasks are
    if fate == "on_time":
        on = max(assigned, task.deadline - timedelta(days=rng.randint(1, 10)))
        _report(task, on=on, rng=rng, with_file=n % 3 == 0)
        task_accept(actor=office, task=task, comment="同意，已完成。", on=on)
    elif fate == "late":
        on = min(today, task.deadline + timedelta(days=rng.randint(3, 20)))
        _report(task, on=on, rng=rng)
        task_accept(actor=office, task=task, comment="已完成，但超过时限。", on=on)
    elif fate in ("waiting", "reported"):
        _report(task, on=today, rng=rng)
    elif fate == "early":
        _report(task, on=today, rng=rng, with_file=True)
        task_accept(actor=office, task=task, comment="同意。", on=today)
    elif fate == "returned":
        _report(task, on=today, rng=rng)
        task_return(actor=office, task=task, comment=RETURN_COMMENT, on=today)
    task.refresh_from_db()
    return str(task.status)


def build_workplans(
    *, rng: random.Random | None = None, today: date | None = None
) -> dict[str, int]:
    """Create this year's plan of the demo city with its tasks; counts by what was made."""
    rng = rng or random.Random(2018)  # noqa: S311 - demo data, not security
    today = today or timezone.localdate()
    city = _city()
    office = _person(city, Role.ORGAN_ADMIN) if city else None
    if city is None or office is None:
        return {}
    place, year = _place(city), today.year
    title = f"{place}{year}年政务公开工作要点"
    if Plan.objects.filter(organ=city, year=year, title=title).exists():
        return {}
    plan = plan_import(
        actor=office, organ=city, year=year, title=title,
        text=PLAN_TEXT.format(place=place, year=year), doc_number=f"{place[:1]}政办发〔{year}〕8号",
    )  # fmt: skip
    assigned = min(today, date(year, 2, 20))
    counts: dict[str, int] = {"plans": 1, "points": plan.points.count()}
    points = [p for p in plan.points.order_by("order") if p.title in DEADLINES]
    for point in points:
        month, day = DEADLINES[point.title]
        deadline = max(date(year, month, day), assigned)
        organs = _lead_organs(point)
        outputs, indicator = OUTPUTS.get(point.title, ("相关信息在网站发布", "已发布信息的链接"))
        co = list(point.co_organs.order_by("tree_key")[:3])
        for organ in organs[:3]:
            task = task_assign(
                actor=office,
                point=point,
                fields=TaskFields(
                    title=f"{point.title}（{organ.display_name}）",
                    organ=organ,
                    deadline=deadline,
                    co_organs=[o for o in co if o != organ],
                    outputs=outputs,
                    indicator=indicator,
                ),
                on=assigned,
            )
            _cascade(task, today=today, assigned=assigned, rng=rng, counts=counts)
            counts["n"] = counts.get("n", 0) + 1
            state = _progress(task, today=today, assigned=assigned, rng=rng, n=counts["n"])
            counts[f"task.{state}"] = counts.get(f"task.{state}", 0) + 1
    counts.pop("n", None)
    counts["tasks"] = Task.objects.filter(plan=plan).count()
    counts["overdue_notices"] = len(workplans_mark_overdue(today=today))
    counts.update({f"inspection.{k}": n for k, n in build_inspection(plan, today=today).items()})
    return counts


def _lead_organs(point: Point) -> list[Organ]:
    """The organs the point names, departments before governments (tree order within)."""
    organs = list(point.lead_organs.order_by("tree_key"))
    return sorted(organs, key=lambda o: (o.kind == Organ.Kind.GOVERNMENT, o.tree_key))


def _cascade(
    task: Task, *, today: date, assigned: date, rng: random.Random, counts: dict[str, int]
) -> None:
    """A county government breaks its task down for its own departments (the first two)."""
    if task.organ.kind != Organ.Kind.GOVERNMENT or task.organ.parent_id is None:
        return
    county_office = _person(task.organ, Role.ORGAN_ADMIN)
    below = list(task.organ.children.order_by("tree_key")[:2])
    if county_office is None or not below:
        return
    for organ in below:
        sub = task_assign(
            actor=county_office,
            point=task.point,
            parent=task,
            fields=TaskFields(
                title=f"{task.point.title}（{organ.display_name}）",
                organ=organ,
                deadline=max(assigned, task.deadline - timedelta(days=10)),
                outputs="本单位落实情况及已发布信息链接",
                indicator="已发布信息的链接",
            ),
            on=assigned,
        )
        counts["n"] = counts.get("n", 0) + 1
        state = _progress(sub, today=today, assigned=assigned, rng=rng, n=counts["n"])
        counts[f"subtask.{state}"] = counts.get(f"subtask.{state}", 0) + 1


#: Template lines the demo round checks beside the lines drawn from the tasks.
DEMO_CODES = (
    "catalog_complete",
    "annual_report_on_time",
    "requests_on_time",
    "interpretation_sync",
)


def build_inspection(plan: Plan, *, today: date) -> dict[str, int]:
    """One 督查 of the plan's 公开办 over three departments that lead its tasks: checklist from
    their tasks and the template, results for two of them (the third not yet inspected), a
    finding put right and verified, and one still open past its 整改期限 (the overdue job has
    told the organ and the 公开办)."""
    city = plan.organ
    office = _person(city, Role.ORGAN_ADMIN)
    leads = Organ.objects.filter(work_tasks__plan=plan, kind=Organ.Kind.DEPARTMENT).exclude(
        pk=city.pk
    )
    organs = list(leads.distinct().order_by("tree_key")[:3])
    if office is None or len(organs) < 2:
        return {}
    start = today - timedelta(days=25)
    round_ = round_create(
        actor=office,
        organ=city,
        organs=organs,
        fields=RoundFields(
            title=f"{plan.year}年政务公开工作专项督查",
            year=plan.year,
            starts_on=start,
            ends_on=today + timedelta(days=5),
            scope="对照本年度工作要点任务分解和政务公开常见督查要点，"
            "采取查阅网站、调阅台账、抽查依申请公开办理件等方式开展督查。",
        ),
    )
    checklist_from_tasks(actor=office, round_=round_)
    checklist_from_template(actor=office, round_=round_, codes=list(DEMO_CODES))
    round_start(actor=office, round_=round_)
    lines = list(round_.lines.order_by("order"))
    report = next(x for x in lines if x.code == "annual_report_on_time")
    catalog = next(x for x in lines if x.code == "catalog_complete")
    first, second = organs[0], organs[1]
    cells = [ResultInput(o, x, "conform") for o in (first, second) for x in lines]
    cells += [
        ResultInput(first, report, "fail", note="上一年度政府信息公开工作年度报告逾期公布。"),
        ResultInput(second, catalog, "mostly", note="部分主动公开目录事项未及时更新。"),
    ]
    for line in [x for x in lines if x.source == LineSource.TASK]:
        for organ in (first, second):  # a point the organ has no task under does not apply
            if not Task.objects.filter(point=line.point, organ=organ).exists():
                cells.append(ResultInput(organ, line, "na"))
    last = {(c.organ.pk, c.line.pk): c for c in cells}  # the later cell of a pair wins
    results_record(actor=office, round_=round_, cells=list(last.values()))
    raised = today - timedelta(days=20)
    put_right = finding_raise(
        actor=office, round_=round_, organ=first, line=report, on=raised,
        problem="上一年度政府信息公开工作年度报告未在1月31日前公布。",
        requirement="查明原因，完善年度报告编制和审核流程，确保今后按时公布。",
        deadline=today - timedelta(days=8),
    )  # fmt: skip
    handler = _person(first, Role.EDITOR, Role.ORGAN_ADMIN)
    items = list(public_items().filter(organ=first).order_by("-published_at")[:1])
    finding_submit(
        actor=handler, finding=put_right, on=today - timedelta(days=10),
        text="已制定年度报告编制工作规程，明确起草、审核、发布时限，并在网站公开。",
        links=[f"/item/{item.pk}/" for item in items],
    )  # fmt: skip
    finding_verify(
        actor=office, finding=put_right, comment="整改到位。", on=today - timedelta(days=9)
    )
    finding_raise(
        actor=office, round_=round_, organ=second, line=catalog, on=raised,
        problem="主动公开基本目录中部分事项未及时更新。",
        requirement="逐项核对主动公开基本目录，补充更新缺失事项。",
        deadline=today - timedelta(days=3),
    )  # fmt: skip
    return {
        "rounds": InspectionRound.objects.filter(pk=round_.pk).count(),
        "lines": len(lines),
        "findings": round_.findings.count(),
        "overdue_notices": len(findings_mark_overdue(today=today)),
    }
