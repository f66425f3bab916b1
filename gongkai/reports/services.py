"""Writes for annual reports and 季报. Each write locks its row and is audited in its transaction.

Who: the 公开办 (公开办管理员) of the organ, or of an organ above it, prepares the report. It is
published through the catalog workflow like any other information (Art. 50 requires it to be
published; 保密审查 and 签发 stay with the people holding those posts): `report_publish` checks the
report, freezes its figures, files it as an item in the organ's 政府信息公开年报 column and submits
it to 保密审查. From then on the report follows its item (`report_follow_item`, called by
`gongkai.reports.receivers` when the item's writer announces a transition on commit): 签发 → 已发布,
退回 → 草稿, 撤回 → 已撤回. The status has one writer, `REPORT_MACHINE.fire`
(`gongkai.reports.transitions`). Reads are in `gongkai.reports.selectors`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import require_roles
from gongkai.reports.audit import ReportAudit
from gongkai.reports.builders import (
    SCOPE_SELF,
    SCOPE_SUBTREE,
    data_to_json,
    manual_cells,
    parse_number,
    quarter_bounds,
)
from gongkai.reports.deadlines import quarter_not_ended, report_year_not_ended
from gongkai.reports.definitions import SECTION_KEYS, Finding, ReportData, format_for_year
from gongkai.reports.models import AnnualReport, QuarterlyStatistics
from gongkai.reports.narrative import draft_sections, report_workforce
from gongkai.reports.selectors import (
    annual_report_column,
    finding_key,
    previous_data,
    published_report_items,
    quarterly_tables,
    report_check,
    report_data,
)
from gongkai.reports.transitions import FOLLOWS_ITEM, REPORT_MACHINE, Event

if TYPE_CHECKING:
    from gongkai.catalog.models import Item

FIRST_YEAR = 2008  # the first 条例 (国务院令第492号) took effect on 1 May 2008
#: columns that may be negative (2019 format “本年增/减”: 减用负值表示)
SIGNED_COLUMNS = {"change"}
#: columns holding amounts (万元), where decimals are allowed
DECIMAL_COLUMNS = {"amount", "procurement_amount"}
#: The refusal of every report write to anyone but the 公开办 (a 403).
OFFICE_ONLY = "只有本机关或上级机关的公开办管理员可以编制年度报告。"

#: Why a report that is not a draft cannot be changed, by state (a refusal on the report page).
NOT_A_DRAFT: dict[str, str] = {
    AnnualReport.Status.IN_REVIEW: (
        "年度报告已提交发布，不能再修改；如需修改，请在公开目录中退回该信息。"
    ),
    AnnualReport.Status.PUBLISHED: (
        "年度报告已发布，不能再修改；如需更正，请在公开目录中撤回该信息，再重新编制。"
    ),
    AnnualReport.Status.WITHDRAWN: "年度报告已撤回；如需发布更正后的报告，请先重新编制。",
}


class ReportBlocked(ValidationError):
    """Publication refused: the findings say which cells break which rule."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__([f"{f.rule}：{f.message}" for f in findings])


def _require_draft(report: AnnualReport) -> None:
    if report.status != AnnualReport.Status.DRAFT:
        raise ValidationError(
            NOT_A_DRAFT.get(report.status, NOT_A_DRAFT[AnnualReport.Status.IN_REVIEW])
        )


def _is_government(organ: Organ) -> bool:
    return organ.kind == Organ.Kind.GOVERNMENT


def _actor_label(actor: Actor) -> str:
    if actor is None:
        return "系统"
    full: str = getattr(actor, "get_full_name", lambda: "")()
    return full or actor.get_username()


@transaction.atomic
def report_open(
    *, actor: Actor, organ: Organ, year: int, scope: str = SCOPE_SELF, today: date | None = None
) -> AnnualReport:
    """The organ's report for `year`, created (the table's CREATE event) with drafted sections
    on first opening."""
    require_roles(actor, organ, {Role.ORGAN_ADMIN}, message=OFFICE_ONLY)
    today = today or timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationError(f"报告年度应在{FIRST_YEAR}年至{today.year}年之间。")
    if scope not in (SCOPE_SELF, SCOPE_SUBTREE):
        raise ValidationError("统计范围无效。")
    existing = AnnualReport.objects.filter(organ=organ, year=year, scope=scope).first()
    if existing is not None:
        return existing
    report = AnnualReport(organ=organ, year=year, scope=scope, created_by=user_of(actor))
    report.sections = draft_sections(
        report_data(report),
        previous=previous_data(report),
        organ_is_government=_is_government(organ),
        workforce=report_workforce(report),
    )
    try:
        with transaction.atomic():  # a savepoint: two first openings at once create one report
            return REPORT_MACHINE.fire(
                actor=actor, obj=report, event=Event.CREATE, data={"year": year, "scope": scope}
            )
    except IntegrityError:
        return AnnualReport.objects.get(organ=organ, year=year, scope=scope)


def _check_figure(key: str, raw: str) -> str | None:
    """An error message for one typed figure, or None when it is acceptable."""
    column = key.rsplit(".", 1)[-1]
    try:
        value = parse_number(raw)
    except ValueError:
        return "请填写数字（没有的填0）。"
    if value is None:
        return None
    if value < 0 and column not in SIGNED_COLUMNS:
        return "不能为负数。"
    if isinstance(value, Decimal) and column not in DECIMAL_COLUMNS:
        return "应为整数。"
    return None


@transaction.atomic
def report_save_figures(
    *, actor: Actor, report: AnnualReport, figures: Mapping[str, tuple[str, str]]
) -> AnnualReport:
    """Save manual figures `{cell: (value, source note)}`; a blank value removes the figure.

    Errors are raised per cell (ValidationError with a dict), and nothing is saved then.
    """
    report = REPORT_MACHINE.lock(report)
    require_roles(actor, report.organ, {Role.ORGAN_ADMIN}, message=OFFICE_ONLY)
    _require_draft(report)
    allowed = set(manual_cells(format_for_year(report.year)))
    errors: dict[str, str] = {}
    stored = dict(report.manual_figures or {})
    for key, (raw, source) in figures.items():
        if key not in allowed:
            errors[key] = "该单元格不能人工填报。"
            continue
        raw, source = (raw or "").strip(), (source or "").strip()
        problem = _check_figure(key, raw)
        if problem:
            errors[key] = problem
        elif raw and not source:
            errors[key] = "请注明数据来源（例如：行政许可系统年度统计、财务部门提供）。"
        elif raw:
            stored[key] = {"value": raw, "source": source[:200]}
        else:
            stored.pop(key, None)
    if errors:
        raise ValidationError(errors)
    changed = sorted(
        k
        for k in set(stored) | set(report.manual_figures or {})
        if stored.get(k) != (report.manual_figures or {}).get(k)
    )
    report.manual_figures = stored
    report.save(update_fields=["manual_figures", "updated_at"])
    audit_record(
        actor=actor,
        action=ReportAudit.FIGURES,
        obj=report,
        organ_id=report.organ_id,
        data={"changed": changed},
    )
    return report


@transaction.atomic
def report_save_sections(
    *, actor: Actor, report: AnnualReport, sections: Mapping[str, str]
) -> AnnualReport:
    report = REPORT_MACHINE.lock(report)
    require_roles(actor, report.organ, {Role.ORGAN_ADMIN}, message=OFFICE_ONLY)
    _require_draft(report)
    unknown = set(sections) - set(SECTION_KEYS)
    if unknown:
        raise ValidationError(f"未知的报告部分：{'、'.join(sorted(unknown))}")
    merged = dict(report.sections or {})
    merged.update({k: (v or "").replace("\r\n", "\n").strip() for k, v in sections.items()})
    changed = sorted(k for k in sections if merged.get(k) != (report.sections or {}).get(k))
    report.sections = merged
    report.save(update_fields=["sections", "updated_at"])
    audit_record(
        actor=actor,
        action=ReportAudit.SECTIONS,
        obj=report,
        organ_id=report.organ_id,
        data={"changed": changed},
    )
    return report


@transaction.atomic
def report_redraft_section(*, actor: Actor, report: AnnualReport, key: str) -> AnnualReport:
    """Replace one section with a fresh draft from the current figures."""
    if key not in SECTION_KEYS:
        raise ValidationError("未知的报告部分。")
    data = report_data(report)
    draft = draft_sections(
        data,
        previous=previous_data(report),
        organ_is_government=_is_government(report.organ),
        workforce=report_workforce(report),
    )
    return report_save_sections(actor=actor, report=report, sections={key: draft[key]})


@transaction.atomic
def report_acknowledge(*, actor: Actor, report: AnnualReport, key: str) -> AnnualReport:
    """Acknowledge a warning (not an error): the 公开办 has checked it and keeps the figure."""
    report = REPORT_MACHINE.lock(report)
    require_roles(actor, report.organ, {Role.ORGAN_ADMIN}, message=OFFICE_ONLY)
    _require_draft(report)
    check = report_check(report)
    warning = next((f for f in check.warnings if finding_key(f) == key), None)
    if warning is None:
        raise ValidationError("该提示已不存在或不是可以确认的提示（错误必须改正，不能确认）。")
    if key not in check.acknowledged:
        entry = {"key": key, "by": _actor_label(actor), "at": timezone.now().isoformat()}
        report.acknowledged = [*(report.acknowledged or []), entry]
        report.save(update_fields=["acknowledged", "updated_at"])
        audit_record(
            actor=actor,
            action=ReportAudit.ACKNOWLEDGE,
            obj=report,
            organ_id=report.organ_id,
            data={"rule": warning.rule, "cells": warning.cells},
        )
    return report


def _file_item(*, actor: Actor, report: AnnualReport, data: ReportData) -> Item:
    """Create (or refresh a returned) catalog item for the report, with the DOCX attached.

    A withdrawn item is never reused: a corrected report is a new item, and the withdrawn one
    keeps its page saying it was withdrawn.
    """
    from gongkai.catalog.models import Genre, Status, Topic
    from gongkai.catalog.services.items import (
        ItemFields,
        attachment_add,
        attachment_remove,
        item_create,
        item_update,
    )
    from gongkai.reports.writers import export
    from gongkai.reports.writers.html import body_html

    today = timezone.localdate()
    fields = ItemFields(
        title=report.title,
        formed_on=today,
        written_on=today,
        summary=f"{report.title}（《条例》第五十条）。",
        body=body_html(data),
        # Catalog facets as published reports carry them: 综合政务\政务公开, 体裁 报告.
        topic=Topic.objects.filter(parent__name="综合政务", name="政务公开").first(),
        genre=Genre.objects.filter(name="报告").first(),
        keywords="政府信息公开 年度报告",
    )
    item = report.item
    if item is not None and item.status == Status.DRAFT:
        item = item_update(actor=actor, item=item, fields=fields).item
        for attachment in list(item.attachments.all()):
            attachment_remove(actor=actor, attachment=attachment)
    else:
        column = annual_report_column(report.organ)
        if column is None:
            raise ValidationError(
                "本机关的公开目录没有启用“政府信息公开年报”栏目，请先在目录栏目中启用。"
            )
        item = item_create(actor=actor, organ=report.organ, column=column, fields=fields).item
    attachment_add(actor=actor, item=item, name=f"{report.title}.docx", data=export(data, "docx"))
    return item


def _require_year_ended(report: AnnualReport, today: date | None, action: str) -> None:
    """Art. 49: the report is on a year that has ended (`deadlines.report_year_not_ended`)."""
    reason = report_year_not_ended(
        year=report.year, today=today or timezone.localdate(), action=action
    )
    if reason:
        raise ValidationError(reason)


def _require_no_other_published(report: AnnualReport) -> None:
    """One annual report per organ and year (Art. 49–50): the table's unique constraint holds
    for reports written here; this refuses when the year's report is already public as an
    item of the 年报 column (published before the platform, or by hand)."""
    others = published_report_items(report)
    if others:
        other = others[0]
        number = f"，索引号{other.index_number}" if other.index_number else ""
        raise ValidationError(
            f"{report.organ.name}{report.year}年度的政府信息公开工作年度报告已在公开目录中发布"
            f"（《{other.title}》{number}），每个机关每年只发布一份年度报告。"
            "如需以本报告更正，请先在公开目录中撤回已发布的信息，再提交发布。"
        )


@transaction.atomic
def report_publish(
    *, actor: Actor, report: AnnualReport, today: date | None = None
) -> AnnualReport:
    """提交发布: refused for a year not yet ended (Art. 49), when the year's report is already
    published in the catalog, or with the blocking findings; else frozen, filed in the catalog
    and sent to 保密审查."""
    from gongkai.catalog.services.workflow import item_submit

    report = REPORT_MACHINE.lock(report)
    require_roles(actor, report.organ, {Role.ORGAN_ADMIN}, message=OFFICE_ONLY)
    _require_draft(report)
    _require_year_ended(report, today, "提交发布")
    _require_no_other_published(report)
    data = report_data(report)
    check = report_check(report, data)
    if not check.can_publish:
        raise ReportBlocked(check.errors + check.open_warnings)
    item = _file_item(actor=actor, report=report, data=data)
    item = item_submit(actor=actor, item=item, comment="年度报告提交发布")

    def freeze(r: AnnualReport) -> None:
        r.data = data_to_json(data)
        r.item = item

    return REPORT_MACHINE.fire(
        actor=actor,
        obj=report,
        event=Event.SUBMIT_PUBLICATION,
        data={"item": item.pk},
        before_save=freeze,
    )


@transaction.atomic
def report_follow_item(
    *, item_id: int, item_event: str, item_actor_id: int | None = None
) -> AnnualReport | None:
    """The report filed as item `item_id` follows the item's transition `item_event`.

    Called by `gongkai.reports.receivers` on the item's `item_transitioned` signal (on commit).
    Item events that drive nothing, items that are no report's, and a signal the report has
    already followed (the table does not allow the event in its state) change nothing: None.
    The event is the system's (`actor=None`); the person who decided it on the item is recorded
    in the audit data (see `gongkai.reports.transitions`).
    """
    event = FOLLOWS_ITEM.get(str(item_event))
    if event is None:
        return None
    report = (
        # Lock the report row only: PostgreSQL refuses FOR UPDATE on the nullable (item) side
        # of an outer join.
        AnnualReport.objects.select_for_update(of=("self",))
        .select_related("organ", "item")
        .filter(item_id=item_id)
        .first()
    )
    if report is None or report.item is None:
        return None
    if event not in REPORT_MACHINE.allowed_events(report.status):
        return None
    item = report.item
    audit = {"item": item_id, "item_event": str(item_event), "item_actor": item_actor_id}
    if event == Event.PUBLISHED:
        audit["index_number"] = item.index_number

    def follow(r: AnnualReport) -> None:
        if event == Event.PUBLISHED:
            r.published_at = item.published_at
        elif event == Event.RETURNED:
            r.data = {}  # a draft again: its figures are recomputed and may be corrected

    return REPORT_MACHINE.fire(actor=None, obj=report, event=event, data=audit, before_save=follow)


@transaction.atomic
def report_reopen(*, actor: Actor, report: AnnualReport) -> AnnualReport:
    """重新编制: after its item was withdrawn, the report becomes a draft again, to be corrected
    and submitted as a new item. The withdrawn item keeps its page."""
    report = REPORT_MACHINE.lock(report)
    require_roles(actor, report.organ, {Role.ORGAN_ADMIN}, message=OFFICE_ONLY)

    def reset(r: AnnualReport) -> None:
        r.data = {}
        r.published_at = None

    return REPORT_MACHINE.fire(
        actor=actor,
        obj=report,
        event=Event.REOPEN,
        data={"withdrawn_item": report.item_id},
        before_save=reset,
    )


@transaction.atomic
def report_submit_upward(
    *, actor: Actor, report: AnnualReport, on: date | None = None
) -> AnnualReport:
    """Art. 49: departments submit their report to the 政府信息公开工作主管部门 of their government.

    The statistics then count in the parent's 汇总 report (manual figures are summed upward).
    Like publication, only for a year that has ended.
    """
    report = REPORT_MACHINE.lock(report)
    require_roles(actor, report.organ, {Role.ORGAN_ADMIN}, message=OFFICE_ONLY)
    if report.organ.parent_id is None:
        raise ValidationError("本机关没有上级机关，无需报送。")
    _require_year_ended(report, on, "报送上级机关")
    # The statistics go up, not the text: only errors in the figures block the submission.
    errors = [f for f in report_check(report).errors if f.rule != "N1"]
    if errors:
        raise ReportBlocked(errors)
    report.submitted_to_parent = True
    report.submitted_on = on or timezone.localdate()
    report.save(update_fields=["submitted_to_parent", "submitted_on", "updated_at"])
    audit_record(
        actor=actor,
        action=ReportAudit.SUBMIT_UPWARD,
        obj=report,
        organ_id=report.organ_id,
        data={"parent": report.organ.parent_id, "on": report.submitted_on.isoformat()},
    )
    return report


@transaction.atomic
def quarterly_submit(
    *,
    actor: Actor,
    organ: Organ,
    year: int,
    quarter: int,
    scope: str = SCOPE_SELF,
    today: date | None = None,
) -> QuarterlyStatistics:
    """季报: compute tables 三 and 四 for a finished quarter and report them upward."""
    require_roles(actor, organ, {Role.ORGAN_ADMIN}, message=OFFICE_ONLY)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError("季度应为1至4。")
    _start, end = quarter_bounds(year, quarter)
    reason = quarter_not_ended(
        year=year, quarter=quarter, end=end, today=today or timezone.localdate()
    )
    if reason:
        raise ValidationError(reason)
    stats, created = QuarterlyStatistics.objects.update_or_create(
        organ=organ,
        year=year,
        quarter=quarter,
        scope=scope,
        defaults={
            "data": quarterly_tables(organ, year, quarter, scope),
            "submitted_at": timezone.now(),
            "submitted_by": user_of(actor),
        },
    )
    audit_record(
        actor=actor,
        action=ReportAudit.QUARTERLY_SUBMIT if created else ReportAudit.QUARTERLY_RESUBMIT,
        obj=stats,
        organ_id=organ.pk,
        data={"year": year, "quarter": quarter, "scope": scope},
    )
    return stats
