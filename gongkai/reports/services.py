"""Writes for annual reports and 季报. Each write is audited in its own transaction.

Who: the 公开办 (公开办管理员) of the organ, or of an organ above it, prepares the report. It is
published through the catalog workflow like any other information (Art. 49 requires it to be
published; 保密审查 and 签发 stay with the people holding those posts): `report_publish` checks the
report, freezes its figures, files it as an item in the organ's 政府信息公开年报 column and submits
it to 保密审查; when the item is 签发 it gets its 索引号 and the report becomes 已发布.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import audit_record
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import has_role
from gongkai.reports.builders import (
    SCOPE_SELF,
    SCOPE_SUBTREE,
    applications_table,
    challenges_table,
    data_to_json,
    manual_cells,
    organ_ids_for,
    parse_number,
    quarter_bounds,
)
from gongkai.reports.definitions import SECTION_KEYS, Finding, ReportData, format_for_year
from gongkai.reports.models import AnnualReport, QuarterlyStatistics
from gongkai.reports.narrative import draft_sections
from gongkai.reports.selectors import finding_key, previous_data, report_check, report_data

FIRST_YEAR = 2008  # the first 条例 (国务院令第492号) took effect on 1 May 2008
#: columns that may be negative (2019 format “本年增/减”: 减用负值表示)
SIGNED_COLUMNS = {"change"}
#: columns holding amounts (万元), where decimals are allowed
DECIMAL_COLUMNS = {"amount", "procurement_amount"}


class ReportBlocked(ValidationError):
    """Publication refused: the findings say which cells break which rule."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__([f"{f.rule}：{f.message}" for f in findings])


def _require_office(actor: Any, organ: Organ) -> None:
    if not has_role(actor, organ, Role.ORGAN_ADMIN):
        raise PermissionDenied("只有本机关或上级机关的公开办管理员可以编制年度报告。")


def _locked(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("organ").get(pk=report.pk)


def _require_draft(report: AnnualReport) -> None:
    if report.status != AnnualReport.Status.DRAFT:
        raise ValidationError(
            "年度报告已提交发布，不能再修改；如需修改，请在公开目录中退回该信息。"
        )


def _is_government(organ: Organ) -> bool:
    return organ.kind == Organ.Kind.GOVERNMENT


@transaction.atomic
def report_open(
    *, actor: Any, organ: Organ, year: int, scope: str = SCOPE_SELF, today: date | None = None
) -> AnnualReport:
    """The organ's report for `year`, created with drafted sections on first opening."""
    _require_office(actor, organ)
    today = today or timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationError(f"报告年度应在{FIRST_YEAR}年至{today.year}年之间。")
    if scope not in (SCOPE_SELF, SCOPE_SUBTREE):
        raise ValidationError("统计范围无效。")
    report, created = AnnualReport.objects.get_or_create(
        organ=organ, year=year, scope=scope, defaults={"created_by": actor}
    )
    if created:
        data = report_data(report)
        report.sections = draft_sections(
            data, previous=previous_data(report), organ_is_government=_is_government(organ)
        )
        report.save(update_fields=["sections", "updated_at"])
        audit_record(
            actor=actor,
            action="report.create",
            obj=report,
            organ_id=organ.pk,
            to_state=report.status,
            data={"year": year, "scope": scope},
        )
    return report


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
    *, actor: Any, report: AnnualReport, figures: Mapping[str, tuple[str, str]]
) -> AnnualReport:
    """Save manual figures `{cell: (value, source note)}`; a blank value removes the figure.

    Errors are raised per cell (ValidationError with a dict), and nothing is saved then.
    """
    report = _locked(report)
    _require_office(actor, report.organ)
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
        action="report.figures",
        obj=report,
        organ_id=report.organ_id,
        data={"changed": changed},
    )
    return report


@transaction.atomic
def report_save_sections(
    *, actor: Any, report: AnnualReport, sections: Mapping[str, str]
) -> AnnualReport:
    report = _locked(report)
    _require_office(actor, report.organ)
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
        action="report.sections",
        obj=report,
        organ_id=report.organ_id,
        data={"changed": changed},
    )
    return report


@transaction.atomic
def report_redraft_section(*, actor: Any, report: AnnualReport, key: str) -> AnnualReport:
    """Replace one section with a fresh draft from the current figures."""
    if key not in SECTION_KEYS:
        raise ValidationError("未知的报告部分。")
    data = report_data(report)
    draft = draft_sections(
        data, previous=previous_data(report), organ_is_government=_is_government(report.organ)
    )
    return report_save_sections(actor=actor, report=report, sections={key: draft[key]})


@transaction.atomic
def report_acknowledge(*, actor: Any, report: AnnualReport, key: str) -> AnnualReport:
    """Acknowledge a warning (not an error): the 公开办 has checked it and keeps the figure."""
    report = _locked(report)
    _require_office(actor, report.organ)
    _require_draft(report)
    check = report_check(report)
    warning = next((f for f in check.warnings if finding_key(f) == key), None)
    if warning is None:
        raise ValidationError("该提示已不存在或不是可以确认的提示（错误必须改正，不能确认）。")
    if key not in check.acknowledged:
        label = actor.get_full_name() or actor.get_username()
        entry = {"key": key, "by": label, "at": timezone.now().isoformat()}
        report.acknowledged = [*(report.acknowledged or []), entry]
        report.save(update_fields=["acknowledged", "updated_at"])
        audit_record(
            actor=actor,
            action="report.acknowledge",
            obj=report,
            organ_id=report.organ_id,
            data={"rule": warning.rule, "cells": warning.cells},
        )
    return report


def _annual_report_column(organ: Organ) -> Any:
    from gongkai.catalog.models import Column

    column = (
        Column.objects.filter(organ=organ, kind=Column.Kind.ANNUAL_REPORT, is_active=True)
        .order_by("sort_order", "pk")
        .first()
    )
    if column is None:
        raise ValidationError(
            "本机关的公开目录没有启用“政府信息公开年报”栏目，请先在目录栏目中启用。"
        )
    return column


def _file_item(*, actor: Any, report: AnnualReport, data: ReportData) -> Any:
    """Create (or refresh a returned) catalog item for the report, with the DOCX attached."""
    from gongkai.catalog.models import Genre, Status, Topic
    from gongkai.catalog.services.items import (
        attachment_add,
        attachment_remove,
        item_create,
        item_update,
    )
    from gongkai.reports.writers import export
    from gongkai.reports.writers.html import body_html

    today = timezone.localdate()
    fields: dict[str, Any] = {
        "title": report.title,
        "formed_on": today,
        "written_on": today,
        "summary": f"{report.title}（《条例》第五十条）。",
        "body": body_html(data),
        # Catalog facets as published reports carry them: 综合政务\政务公开, 体裁 报告.
        "topic": Topic.objects.filter(parent__name="综合政务", name="政务公开").first(),
        "genre": Genre.objects.filter(name="报告").first(),
        "keywords": "政府信息公开 年度报告",
    }
    item = report.item
    if item is not None and item.status == Status.DRAFT:
        item = item_update(actor=actor, item=item, **fields).item
        for attachment in list(item.attachments.all()):
            attachment_remove(actor=actor, attachment=attachment)
    else:
        item = item_create(
            actor=actor, organ=report.organ, column=_annual_report_column(report.organ), **fields
        ).item
    attachment_add(actor=actor, item=item, name=f"{report.title}.docx", data=export(data, "docx"))
    return item


@transaction.atomic
def report_publish(*, actor: Any, report: AnnualReport) -> AnnualReport:
    """提交发布: refused with the blocking findings; else frozen, filed in the catalog and sent
    to 保密审查."""
    from gongkai.catalog.services.workflow import item_submit

    report = _locked(report)
    _require_office(actor, report.organ)
    _require_draft(report)
    data = report_data(report)
    check = report_check(report, data)
    if not check.can_publish:
        raise ReportBlocked(check.errors + check.open_warnings)
    item = _file_item(actor=actor, report=report, data=data)
    item = item_submit(actor=actor, item=item, comment="年度报告提交发布")
    report.data = data_to_json(data)
    report.item = item
    report.status = AnnualReport.Status.IN_REVIEW
    report.save(update_fields=["data", "item", "status", "updated_at"])
    audit_record(
        actor=actor,
        action="report.submit_publication",
        obj=report,
        organ_id=report.organ_id,
        from_state=AnnualReport.Status.DRAFT,
        to_state=report.status,
        data={"item": item.pk},
    )
    return report


@transaction.atomic
def report_mark_published(*, item_id: int) -> AnnualReport | None:
    """The report's item was 签发 (called when the catalog announces a public change)."""
    from gongkai.catalog.models import Status

    report = (
        AnnualReport.objects.select_for_update()
        .select_related("item")
        .filter(item_id=item_id, status=AnnualReport.Status.IN_REVIEW)
        .first()
    )
    if report is None or report.item is None or report.item.status != Status.PUBLISHED:
        return None
    report.status = AnnualReport.Status.PUBLISHED
    report.published_at = report.item.published_at
    report.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        actor=None,
        action="report.published",
        obj=report,
        organ_id=report.organ_id,
        from_state=AnnualReport.Status.IN_REVIEW,
        to_state=report.status,
        data={"index_number": report.item.index_number},
    )
    return report


@transaction.atomic
def report_sync(*, report: AnnualReport) -> AnnualReport:
    """Follow the catalog item: published → 已发布; returned to its drafter → the report is a
    draft again (its figures are recomputed and may be corrected)."""
    from gongkai.catalog.models import Status

    if report.status != AnnualReport.Status.IN_REVIEW or report.item_id is None:
        return report
    report = _locked(report)
    item = report.item
    if item is None:
        return report
    if item.status == Status.PUBLISHED:
        return report_mark_published(item_id=item.pk) or report
    if item.status == Status.DRAFT:
        report.status = AnnualReport.Status.DRAFT
        report.data = {}
        report.save(update_fields=["status", "data", "updated_at"])
        audit_record(
            actor=None,
            action="report.returned",
            obj=report,
            organ_id=report.organ_id,
            from_state=AnnualReport.Status.IN_REVIEW,
            to_state=report.status,
        )
    return report


@transaction.atomic
def report_submit_upward(
    *, actor: Any, report: AnnualReport, on: date | None = None
) -> AnnualReport:
    """Art. 49: departments submit their report to the 政府信息公开工作主管部门 of their government.

    The statistics then count in the parent's 汇总 report (manual figures are summed upward).
    """
    report = _locked(report)
    _require_office(actor, report.organ)
    if report.organ.parent_id is None:
        raise ValidationError("本机关没有上级机关，无需报送。")
    # The statistics go up, not the text: only errors in the figures block the submission.
    errors = [f for f in report_check(report).errors if f.rule != "N1"]
    if errors:
        raise ReportBlocked(errors)
    report.submitted_to_parent = True
    report.submitted_on = on or timezone.localdate()
    report.save(update_fields=["submitted_to_parent", "submitted_on", "updated_at"])
    audit_record(
        actor=actor,
        action="report.submit_upward",
        obj=report,
        organ_id=report.organ_id,
        data={"parent": report.organ.parent_id, "on": report.submitted_on.isoformat()},
    )
    return report


def quarterly_tables(organ: Organ, year: int, quarter: int, scope: str) -> dict[str, Any]:
    start, end = quarter_bounds(year, quarter)
    fmt = format_for_year(year)
    ids = organ_ids_for(organ, scope)
    data = ReportData(
        format=fmt.name,
        year=year,
        organ=organ.name,
        tables={
            "table3": applications_table(fmt, ids, start, end),
            "table4": challenges_table(ids, start, end),
        },
    )
    payload = data_to_json(data)
    payload["period"] = {"start": start.isoformat(), "end": end.isoformat(), "quarter": quarter}
    return payload


@transaction.atomic
def quarterly_submit(
    *, actor: Any, organ: Organ, year: int, quarter: int, scope: str = SCOPE_SELF
) -> QuarterlyStatistics:
    """季报: compute tables 三 and 四 for a finished quarter and report them upward."""
    _require_office(actor, organ)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError("季度应为1至4。")
    _start, end = quarter_bounds(year, quarter)
    if end >= timezone.localdate():
        raise ValidationError("该季度尚未结束，季度结束后才能报送。")
    stats, created = QuarterlyStatistics.objects.update_or_create(
        organ=organ,
        year=year,
        quarter=quarter,
        scope=scope,
        defaults={
            "data": quarterly_tables(organ, year, quarter, scope),
            "submitted_at": timezone.now(),
            "submitted_by": actor,
        },
    )
    audit_record(
        actor=actor,
        action="report.quarterly_submit" if created else "report.quarterly_resubmit",
        obj=stats,
        organ_id=organ.pk,
        data={"year": year, "quarter": quarter, "scope": scope},
    )
    return stats
