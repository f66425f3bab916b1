"""The named figures an indicator's formula reads: one function per figure, (organ, year, ctx)
→ FigureValue, computed from the platform's own records through the other apps' models and
selectors. Each value carries its explanation and the records behind it (click-through).

A figure the platform cannot know (no records of that kind: no annual report, no monitored
site, no application in the year) is MISSING (value None), shown as 缺数据 and scored 待补 —
never 0. `empty=True` says the reason is that nothing happened (no letters, no tasks), which an
indicator may choose to score in full (`on_empty: full`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gongkai.applications.models import Application, AppStatus, LegalChallenge
from gongkai.catalog.models import Item, ItemKind
from gongkai.catalog.selectors import PUBLIC_ATTRIBUTES
from gongkai.core.conf import gongkai_settings
from gongkai.core.workcal.calendar import add_working_days, default_calendar, format_date
from gongkai.mailbox.deadlines import veto_date
from gongkai.mailbox.models import SCREENED_OUT, Letter
from gongkai.mailbox.models import Status as LetterStatus
from gongkai.monitor.models import Run
from gongkai.orgs.models import Organ
from gongkai.reports.deadlines import deadline_for
from gongkai.reports.models import AnnualReport, Scope
from gongkai.reports.selectors import report_check
from gongkai.workplans.models import Task
from gongkai.workplans.selectors import is_overdue, task_counts

#: Records kept with a result (the click-through page lists them; the count is always exact).
MAX_RECORDS = 300
FOUR = Decimal("0.0001")


@dataclass(frozen=True)
class Context:
    """What every figure reads besides the organ and year: the day the figures are taken as
    of (records after it do not count) and the scheme's parameters."""

    as_of: date
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class FigureValue:
    value: Decimal | None
    explanation: str
    records: list[dict[str, Any]] = field(default_factory=list)
    empty: bool = False

    @property
    def missing(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str  # "rate" (0..1, shown as %), "days", "count", "points", "flag"
    compute: Callable[[Organ, int, Context], FigureValue]


REGISTRY: dict[str, Figure] = {}


def figure(key: str, label: str, unit: str) -> Callable[..., Any]:
    def register(fn: Callable[[Organ, int, Context], FigureValue]) -> Any:
        REGISTRY[key] = Figure(key=key, label=label, unit=unit, compute=fn)
        return fn

    return register


def compute(key: str, organ: Organ, year: int, ctx: Context) -> FigureValue:
    """The figure `key`; an unknown key is MISSING with the reason (a formula's typo)."""
    found = REGISTRY.get(key)
    if found is None:
        return FigureValue(None, f"数据项“{key}”不存在，无法计算（缺数据）。")
    return found.compute(organ, year, ctx)


def show(value: Decimal | None, unit: str) -> str:
    """A figure as people read it: 缺数据 when missing, a rate as a percentage."""
    if value is None:
        return "缺数据"
    if unit == "rate":
        return f"{(value * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
    if unit == "days":
        return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}天"
    if unit == "points":
        return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}分"
    return f"{value.normalize():f}"


def _rate(good: int, total: int) -> Decimal:
    return (Decimal(good) / Decimal(total)).quantize(FOUR, rounding=ROUND_HALF_UP)


def _record(label: str, url: str, note: str, ok: bool | None = None) -> dict[str, Any]:
    return {"label": label[:200], "url": url, "note": note, "ok": ok}


def _local(moment: Any) -> date:
    return timezone.localtime(moment).date()


# ---- 主动公开 (Art. 26) and 政策解读 -------------------------------------------------------


def _published(organ: Organ, year: int, ctx: Context) -> Any:
    return (
        Item.objects.filter(
            organ=organ,
            published_at__year=year,
            attribute__in=PUBLIC_ATTRIBUTES,
            revision_of__isnull=True,  # a revision corrects what Art. 26 already counted
        )
        .exclude(published_at__date__gt=ctx.as_of)
        .order_by("published_at", "pk")
    )


@figure("proactive.on_time_rate", "主动公开及时率（第二十六条）", "rate")
def proactive_on_time(organ: Organ, year: int, ctx: Context) -> FigureValue:
    """Art. 26: 主动公开 information is published within 20 working days of its formation or
    change (`formed_on`); the share of the year's published items that were."""
    cal = default_calendar()
    days = gongkai_settings().PUBLICATION_DEADLINE_WORKING_DAYS
    rows, good = [], 0
    for item in _published(organ, year, ctx):
        due = add_working_days(item.formed_on, days, cal)
        published = _local(item.published_at)
        ok = published <= due
        good += ok
        note = f"形成{format_date(item.formed_on)}，应于{format_date(due)}前公开，"
        note += f"{format_date(published)}公开" + ("" if ok else "（超期）")
        rows.append(_record(item.title, reverse("office:item", args=[item.pk]), note, ok))
    if not rows:
        return FigureValue(None, f"{year}年本机关没有发布主动公开信息。", empty=True)
    text = f"{year}年发布主动公开信息{len(rows)}条，{good}条在形成之日起{days}个工作日内公开。"
    return FigureValue(_rate(good, len(rows)), text, rows[:MAX_RECORDS])


@figure("proactive.late_count", "超期公开信息数", "count")
def proactive_late(organ: Organ, year: int, ctx: Context) -> FigureValue:
    found = proactive_on_time(organ, year, ctx)
    if found.value is None:
        return FigureValue(None, found.explanation, empty=found.empty)
    late = [r for r in found.records if r["ok"] is False]
    return FigureValue(Decimal(len(late)), f"超过第二十六条时限公开{len(late)}条。", late)


def interpretation_days(ctx: Context) -> int:
    """N of “政策解读 within N working days” (三同步): the scheme's, else the setting."""
    value = ctx.params.get("interpretation_days")
    return int(value) if value else gongkai_settings().INTERPRETATION_WITHIN_WORKING_DAYS


@figure("interpretation.on_time_rate", "政策解读同步率（三同步）", "rate")
def interpretation_on_time(organ: Organ, year: int, ctx: Context) -> FigureValue:
    """三同步: a policy's 政策解读 is published with it, at the latest N working days after."""
    n = interpretation_days(ctx)
    cal = default_calendar()
    policies = _published(organ, year, ctx).filter(kind=ItemKind.POLICY)
    rows, good = [], 0
    for policy in policies.prefetch_related("interpretations"):
        published = _local(policy.published_at)
        due = add_working_days(published, n, cal)
        dates = sorted(
            _local(i.published_at)
            for i in policy.interpretations.all()
            if i.kind == ItemKind.INTERPRETATION and i.published_at is not None
        )
        first = dates[0] if dates and dates[0] <= ctx.as_of else None
        ok = first is not None and first <= due
        good += ok
        if first is None:
            note = f"{format_date(published)}发布，至今未发布解读"
        else:
            note = f"{format_date(published)}发布，解读{format_date(first)}发布"
            note += "" if ok else f"（晚于{n}个工作日）"
        rows.append(_record(policy.title, reverse("office:item", args=[policy.pk]), note, ok))
    if not rows:
        return FigureValue(None, f"{year}年本机关没有发布政策文件。", empty=True)
    text = f"{year}年发布政策文件{len(rows)}件，{good}件在{n}个工作日内发布了解读。"
    return FigureValue(_rate(good, len(rows)), text, rows[:MAX_RECORDS])


# ---- 依申请公开 -------------------------------------------------------------------------------


@figure("applications.on_time_rate", "依申请公开按期答复率", "rate")
def applications_on_time(organ: Organ, year: int, ctx: Context) -> FigureValue:
    """Art. 33: answered by the due date (extended, or Art. 35's delayed date where set). The
    year's cases: those answered in it, and those whose due date passed in it unanswered."""
    end = min(date(year, 12, 31), ctx.as_of)
    qs = (
        Application.objects.filter(organ=organ)
        .exclude(status=AppStatus.WITHDRAWN)
        .filter(due_date__isnull=False)
        .order_by("due_date", "pk")
    )
    rows, good = [], 0
    for app in qs:
        due = app.delayed_due_date or app.due_date
        if due is None:  # filtered out above; the type checker does not know
            continue
        answered = app.answered_on if app.answered_on and app.answered_on <= end else None
        if answered is not None and answered.year == year:
            ok = answered <= due
            note = f"应于{format_date(due)}前答复，{format_date(answered)}答复"
        elif answered is None and due.year == year and due < end:
            ok, note = False, f"应于{format_date(due)}前答复，逾期未答复"
        else:
            continue
        good += ok
        label = app.reference or f"申请 {app.pk}"
        rows.append(_record(label, reverse("office_apps:case", args=[app.pk]), note, ok))
    if not rows:
        return FigureValue(None, f"{year}年本机关没有到期的政府信息公开申请。", empty=True)
    text = f"{year}年应答复申请{len(rows)}件，按期答复{good}件。"
    return FigureValue(_rate(good, len(rows)), text, rows[:MAX_RECORDS])


@figure("applications.corrected_rate", "行政复议、诉讼被纠错率", "rate")
def applications_corrected(organ: Organ, year: int, ctx: Context) -> FigureValue:
    """Annual-report table 四: of the 复议/诉讼 decided in the year, the share 结果纠正."""
    qs = (
        LegalChallenge.objects.filter(
            application__organ=organ, decided_on__year=year, decided_on__lte=ctx.as_of
        )
        .exclude(result=LegalChallenge.Result.PENDING)
        .select_related("application")
        .order_by("decided_on", "pk")
    )
    rows, corrected = [], 0
    for c in qs:
        bad = c.result == LegalChallenge.Result.CORRECTED
        corrected += bad
        decided = format_date(c.decided_on) if c.decided_on else ""
        note = f"{c.get_kind_display()}，{decided}审结：{c.get_result_display()}"
        label = c.application.reference or f"申请 {c.application_id}"
        url = reverse("office_apps:case", args=[c.application_id])
        rows.append(_record(label, url, note, not bad))
    if not rows:
        return FigureValue(None, f"{year}年本机关没有审结的行政复议或诉讼。", empty=True)
    text = f"{year}年审结行政复议、诉讼{len(rows)}件，结果纠正{corrected}件。"
    return FigureValue(_rate(corrected, len(rows)), text, rows)


# ---- 年度报告 (Art. 49) ----------------------------------------------------------------------


def report_year(year: int, ctx: Context) -> int:
    """Which annual report an assessment of `year` reads: by default the one published during
    that year, on the year before (Art. 49); a scheme may read the report on the year itself
    (published early the next year) with `report_year_offset: 0`."""
    return year + int(ctx.params.get("report_year_offset", -1))


def _report(organ: Organ, year: int, ctx: Context) -> AnnualReport | None:
    on = report_year(year, ctx)
    return AnnualReport.objects.filter(organ=organ, year=on, scope=Scope.SELF).first()


@figure("report.on_time", "年度报告按时发布", "flag")
def report_on_time(organ: Organ, year: int, ctx: Context) -> FigureValue:
    """Art. 49: the report (on the year before, `report_year`) is published by 31 January
    (departments) or 31 March (governments) of the year after the one it covers
    (`reports.deadlines.deadline_for`). 1 on time, 0 late or not published once the deadline
    has passed; missing while it has not."""
    on = report_year(year, ctx)
    deadline = deadline_for(organ, on)
    report = _report(organ, year, ctx)
    published = None
    if report is not None and report.published_at is not None:
        published = _local(report.published_at)
        if published > ctx.as_of or report.status != AnnualReport.Status.PUBLISHED:
            published = None
    rows = []
    if report is not None:
        note = f"期限{format_date(deadline)}" + (
            f"，{format_date(published)}发布" if published else "，未发布"
        )
        ok = published is not None and published <= deadline
        rows.append(_record(report.title, reverse("reports:detail", args=[report.pk]), note, ok))
    if published is not None:
        ok = published <= deadline
        text = f"{on}年度报告{format_date(published)}发布，期限{format_date(deadline)}"
        return FigureValue(Decimal(int(ok)), text + ("，按时。" if ok else "，逾期。"), rows)
    if ctx.as_of > deadline:
        text = f"{on}年度报告至{format_date(ctx.as_of)}未发布（期限{format_date(deadline)}）。"
        return FigureValue(Decimal(0), text, rows)
    return FigureValue(None, f"{on}年度报告尚未发布，发布期限未到。", rows)


@figure("report.findings", "年度报告差错数", "count")
def report_findings(organ: Organ, year: int, ctx: Context) -> FigureValue:
    """The published report's findings under the platform's checks (R1–R8 and drafting
    checks of `reports.selectors.report_check`), on the figures frozen at publication."""
    on = report_year(year, ctx)
    report = _report(organ, year, ctx)
    if report is None or report.status != AnnualReport.Status.PUBLISHED:
        return FigureValue(None, f"没有已发布的{on}年度报告，无法检查差错。")
    findings = report_check(report).findings
    url = reverse("reports:detail", args=[report.pk])
    rows = [_record(f"{f.rule} {f.message}", url, "、".join(f.cells), False) for f in findings]
    text = f"{on}年度报告经平台校验发现差错{len(findings)}处。"
    return FigureValue(
        Decimal(len(findings)), text, rows or [_record(report.title, url, "无差错", True)]
    )


# ---- 网站监管 ---------------------------------------------------------------------------------


def _last_run(organ: Organ, year: int, ctx: Context) -> Run | None:
    return (
        Run.objects.filter(
            site__organ=organ,
            finished_at__isnull=False,
            started_at__year=year,
            started_at__date__lte=ctx.as_of,
        )
        .select_related("site")
        .order_by("-started_at", "-pk")
        .first()
    )


@figure("monitor.score", "网站检查得分", "points")
def monitor_score(organ: Organ, year: int, ctx: Context) -> FigureValue:
    """The score of the last finished inspection run of the organ's site in the year."""
    run = _last_run(organ, year, ctx)
    if run is None or run.score is None:
        return FigureValue(None, f"{year}年没有本机关网站的检查记录。")
    day = _local(run.started_at)
    rows = [_record(run.site.name, reverse("monitor:run", args=[run.pk]), format_date(day))]
    text = f"{run.site.name}{format_date(day)}检查得分{run.score}。"
    return FigureValue(Decimal(run.score), text, rows)


@figure("monitor.vetoes", "网站检查单项否决项数", "count")
def monitor_vetoes(organ: Organ, year: int, ctx: Context) -> FigureValue:
    run = _last_run(organ, year, ctx)
    if run is None:
        return FigureValue(None, f"{year}年没有本机关网站的检查记录。")
    url = reverse("monitor:run", args=[run.pk])
    vetoes = [str(v) for v in run.single_veto or []]
    rows = [_record(v, url, run.site.name, False) for v in vetoes]
    day = format_date(_local(run.started_at))
    text = f"{run.site.name}{day}检查单项否决{len(vetoes)}项" + (
        "：" + "；".join(vetoes) + "。" if vetoes else "。"
    )
    return FigureValue(
        Decimal(len(vetoes)), text, rows or [_record(run.site.name, url, "无单项否决", True)]
    )


# ---- 政务信箱 ---------------------------------------------------------------------------------


def _letters(organ: Organ, year: int, ctx: Context) -> Any:
    return (
        Letter.objects.filter(organ=organ, submitted_on__year=year, submitted_on__lte=ctx.as_of)
        .exclude(status__in=[*SCREENED_OUT, LetterStatus.SCREENING])
        .order_by("submitted_on", "pk")
    )


def _answered(letter: Letter, ctx: Context) -> date | None:
    return letter.replied_on if letter.replied_on and letter.replied_on <= ctx.as_of else None


@figure("mailbox.answer_rate", "留言按期答复率", "rate")
def mailbox_answer_rate(organ: Organ, year: int, ctx: Context) -> FigureValue:
    """Valid letters of the year answered by their due date."""
    rows, good = [], 0
    for letter in _letters(organ, year, ctx):
        answered = _answered(letter, ctx)
        ok = answered is not None and (letter.due_date is None or answered <= letter.due_date)
        good += ok
        note = f"{format_date(letter.submitted_on)}留言，" + (
            f"{format_date(answered)}答复" if answered else "未答复"
        )
        url = reverse("office_mailbox:letter", args=[letter.pk])
        rows.append(_record(f"{letter.reference} {letter.title}", url, note, ok))
    if not rows:
        return FigureValue(None, f"{year}年本机关没有有效留言。", empty=True)
    text = f"{year}年有效留言{len(rows)}件，按期答复{good}件。"
    return FigureValue(_rate(good, len(rows)), text, rows[:MAX_RECORDS])


@figure("mailbox.average_days", "留言平均答复天数", "days")
def mailbox_average_days(organ: Organ, year: int, ctx: Context) -> FigureValue:
    """Calendar days from the letter to its answer, averaged over the year's answered letters."""
    rows, total = [], 0
    for letter in _letters(organ, year, ctx):
        answered = _answered(letter, ctx)
        if answered is None:
            continue
        days = (answered - letter.submitted_on).days
        total += days
        url = reverse("office_mailbox:letter", args=[letter.pk])
        rows.append(_record(f"{letter.reference} {letter.title}", url, f"{days}天答复"))
    if not rows:
        return FigureValue(None, f"{year}年本机关没有已答复的留言。", empty=True)
    value = (Decimal(total) / Decimal(len(rows))).quantize(FOUR, rounding=ROUND_HALF_UP)
    return FigureValue(value, f"已答复留言{len(rows)}件，共{total}天。", rows[:MAX_RECORDS])


@figure("mailbox.backlog_3m", "超过3个月未答复的留言数", "count")
def mailbox_backlog(organ: Organ, year: int, ctx: Context) -> FigureValue:
    """legal-rules §4.1 (互动回应差): valid letters that waited more than three months for an
    answer during the year (answered late, or still waiting at the year's end / as-of day)."""
    end = min(date(year, 12, 31), ctx.as_of)
    qs = (
        Letter.objects.filter(organ=organ, submitted_on__lte=end)
        .exclude(status__in=[*SCREENED_OUT, LetterStatus.SCREENING])
        .order_by("submitted_on", "pk")
    )
    rows = []
    for letter in qs:
        last = veto_date(letter.submitted_on).day
        answered = _answered(letter, ctx)
        if last.year != year or last >= end:
            continue
        if answered is not None and answered <= last:
            continue
        note = f"{format_date(letter.submitted_on)}留言，最迟应于{format_date(last)}答复，"
        note += f"{format_date(answered)}答复" if answered else "仍未答复"
        url = reverse("office_mailbox:letter", args=[letter.pk])
        rows.append(_record(f"{letter.reference} {letter.title}", url, note, False))
    return FigureValue(Decimal(len(rows)), f"{year}年超过3个月未答复的留言{len(rows)}件。", rows)


# ---- 工作要点 ---------------------------------------------------------------------------------


@figure("workplans.done_rate", "工作要点任务完成率", "rate")
def workplans_done(organ: Organ, year: int, ctx: Context) -> FigureValue:
    """The organ's tasks (as lead) in the year's 工作要点: the share accepted as done."""
    counts = task_counts(organ, year, today=ctx.as_of)
    tasks = Task.objects.filter(organ=organ, plan__year=year).select_related("plan", "point")
    rows = []
    for task in tasks.order_by("deadline", "pk"):
        note = f"{task.get_status_display()}，完成时限{format_date(task.deadline)}"
        if is_overdue(task, ctx.as_of):
            note += "（超期）"
        done = task.status == "done"
        rows.append(_record(task.title, reverse("workplans:task", args=[task.pk]), note, done))
    if counts.total == 0:
        return FigureValue(None, f"{year}年工作要点中本机关没有牵头任务。", empty=True)
    text = f"{year}年牵头任务{counts.total}项，通过验收{counts.done}项，超期{counts.overdue}项。"
    return FigureValue(_rate(counts.done, counts.total), text, rows[:MAX_RECORDS])


@figure("workplans.overdue", "工作要点超期任务数", "count")
def workplans_overdue(organ: Organ, year: int, ctx: Context) -> FigureValue:
    found = workplans_done(organ, year, ctx)
    if found.value is None:
        return FigureValue(None, found.explanation, empty=found.empty)
    late = [r for r in found.records if "超期" in r["note"]]
    return FigureValue(Decimal(len(late)), f"超期任务{len(late)}项。", late)
