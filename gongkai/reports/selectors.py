"""Reads for annual reports: the report as data, its history, its findings, the quarterly
statistics, and where a report is filed in the catalog. Writes are in `services`."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.safestring import SafeString

from gongkai.orgs.models import Organ
from gongkai.reports.builders import (
    SCOPE_SELF,
    applications_table,
    build_report_data,
    challenges_table,
    data_from_json,
    data_to_json,
    manual_values,
    organ_ids_for,
    quarter_bounds,
)
from gongkai.reports.definitions import (
    SECTION_HEADINGS,
    SECTION_KEYS,
    Finding,
    ReportData,
    format_for_year,
)
from gongkai.reports.models import AnnualReport, QuarterlyStatistics
from gongkai.reports.narrative import unfinished_sections

if TYPE_CHECKING:
    from gongkai.catalog.models import Column, Item


def report_data(report: AnnualReport) -> ReportData:
    """Frozen figures once submitted for publication; live figures while a draft."""
    if report.data and report.status != AnnualReport.Status.DRAFT:
        return data_from_json(report.data)
    return build_report_data(
        report.organ,
        report.year,
        scope=report.scope,
        manual=manual_values(report.manual_figures or {}),
        sections=report.sections or {},
    )


def imported_data(organ: Organ, year: int) -> ReportData | None:
    """The newest imported copy of the organ's published report for `year`, if any."""
    from gongkai.reports.models_import import ReportImport

    row = ReportImport.objects.filter(organ=organ, year=year).order_by("-created_at", "-pk").first()
    return row.report_data() if row is not None else None


def previous_year_data(organ: Organ, year: int, scope: str) -> ReportData | None:
    """The published report on `year - 1` (or an imported copy of it): R8 compares its
    结转下年度 with this year's 上年结转."""
    before = AnnualReport.objects.filter(
        organ=organ, year=year - 1, scope=scope, status=AnnualReport.Status.PUBLISHED
    ).first()
    if before is not None and before.data:
        return data_from_json(before.data)
    if scope == SCOPE_SELF:
        return imported_data(organ, year - 1)
    return None


def previous_data(report: AnnualReport) -> ReportData | None:
    return previous_year_data(report.organ, report.year, report.scope)


def history_data(report: AnnualReport, years: int = 4) -> list[ReportData]:
    rows = AnnualReport.objects.filter(
        organ=report.organ,
        scope=report.scope,
        status=AnnualReport.Status.PUBLISHED,
        year__lt=report.year,
        year__gte=report.year - years,
    ).order_by("year")
    return [data_from_json(r.data) for r in rows if r.data]


def validate(data: ReportData, previous: ReportData | None) -> list[Finding]:
    """R1–R8 from `gongkai.reports.validation` (written alongside); empty until it is installed."""
    try:
        from gongkai.reports.validation import validate_report
    except ImportError:
        return []
    return list(validate_report(data, previous=previous))


def platform_findings(report: AnnualReport) -> list[Finding]:
    """Checks of the drafting itself: unfinished sections and manual figures without a source."""
    found: list[Finding] = []
    headings = dict(zip(SECTION_KEYS, SECTION_HEADINGS, strict=True))
    for key in unfinished_sections(report.sections or {}):
        found.append(
            Finding(
                "N1",
                "error",
                [f"sections.{key}"],
                f"“{headings[key]}”尚未写完：请删除【】中的提示并写入本机关的实际情况。",
            )
        )
    for key, entry in sorted((report.manual_figures or {}).items()):
        if not isinstance(entry, dict) or not str(entry.get("value", "")).strip():
            continue
        if not str(entry.get("source", "")).strip():
            found.append(
                Finding("M1", "error", [key], f"单元格 {key} 的人工填报数据没有注明来源。")
            )
    return found


def finding_key(finding: Finding) -> str:
    digest = hashlib.sha1(finding.message.encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{finding.rule}:{','.join(finding.cells)}:{digest[:10]}"


@dataclass(frozen=True)
class ReportCheck:
    findings: list[Finding]
    acknowledged: set[str]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "error"]

    @property
    def open_warnings(self) -> list[Finding]:
        return [f for f in self.warnings if finding_key(f) not in self.acknowledged]

    @property
    def can_publish(self) -> bool:
        return not self.errors and not self.open_warnings

    @property
    def flagged_cells(self) -> set[str]:
        return {cell for f in self.findings for cell in f.cells}


def report_check(report: AnnualReport, data: ReportData | None = None) -> ReportCheck:
    data = data or report_data(report)
    findings = validate(data, previous_data(report)) + platform_findings(report)
    acknowledged = {str(a.get("key")) for a in (report.acknowledged or []) if isinstance(a, dict)}
    return ReportCheck(findings, acknowledged)


def reports_for_organs(organ_ids: list[int]) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(organ_id__in=organ_ids).select_related("organ", "item")


def annual_report_column(organ: Organ) -> Column | None:
    """The organ's active 政府信息公开年报 column, where its report is filed (Art. 50)."""
    from gongkai.catalog.models import Column

    return (
        Column.objects.filter(organ=organ, kind=Column.Kind.ANNUAL_REPORT, is_active=True)
        .order_by("sort_order", "pk")
        .first()
    )


def report_timeline(report: AnnualReport) -> list[dict[str, Any]]:
    """The report's 办理记录: who opened, filled in, submitted it, and how its item moved, with
    the data of each step in Chinese (`gongkai.core.audit.audit_data_text`)."""
    from gongkai.core.audit import audit_data_text, timeline_row
    from gongkai.core.models import AuditEvent

    labels = dict(AnnualReport.Status.choices)
    return [
        timeline_row(
            event, status_labels=labels, detail=audit_data_text(event.data, action=event.action)
        )
        for event in AuditEvent.objects.for_object(report).order_by("created_at", "id")
    ]


def published_report_items(report: AnnualReport) -> list[Item]:
    """Other published items in the organ's 年报 columns that are its report on the same year and
    scope: one published before the platform was used, or filed by hand. An organ publishes one
    annual report a year (Art. 49–50); a second would contradict the first."""
    from gongkai.catalog.models import Column, Item, Status

    qs = Item.objects.filter(
        organ_id=report.organ_id,
        column__kind=Column.Kind.ANNUAL_REPORT,
        status=Status.PUBLISHED,
        title__contains=f"{report.year}年",
    ).filter(title__contains="年度报告")
    if report.item_id is not None:
        qs = qs.exclude(pk=report.item_id)
    # A 汇总 report (含下级机关) and the organ's own report are two different reports.
    qs = (
        qs.filter(title__contains="汇总")
        if report.scope != SCOPE_SELF
        else qs.exclude(title__contains="汇总")
    )
    return list(qs.order_by("published_at", "pk"))


def quarterly_tables(organ: Organ, year: int, quarter: int, scope: str) -> dict[str, Any]:
    """Tables 三 and 四 of one quarter (季报), as stored in `QuarterlyStatistics.data`."""
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


def quarterly_submitted(organs: Iterable[Organ], limit: int = 100) -> list[QuarterlyStatistics]:
    """The latest 季报 of these organs, newest first (the quarterly page's list)."""
    return list(
        QuarterlyStatistics.objects.filter(organ__in=list(organs))
        .select_related("organ", "submitted_by")
        .order_by("-year", "-quarter", "organ__tree_key")[:limit]
    )


def published_report_charts(item: Item) -> list[SafeString]:
    """The charts of the published annual report filed as catalog `item` (none for any other
    item). The item body is sanitised HTML, which keeps no SVG, so the public page draws them
    from the report's frozen figures, as the back office and the exports do."""
    from gongkai.catalog.models import Column

    # Reports are filed only in 年报 columns: every other item page skips the query.
    if item.column.kind != Column.Kind.ANNUAL_REPORT:
        return []
    report = (
        AnnualReport.objects.filter(item_id=item.pk, status=AnnualReport.Status.PUBLISHED)
        .exclude(data={})
        .first()
    )
    if report is None:
        return []
    from gongkai.reports.charts import all_charts

    return all_charts(data_from_json(report.data), history_data(report))
