"""Reads for annual reports: the report as data, its history, and its findings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from gongkai.reports.builders import (
    SCOPE_SELF,
    build_report_data,
    data_from_json,
    manual_values,
)
from gongkai.reports.definitions import SECTION_HEADINGS, SECTION_KEYS, Finding, ReportData
from gongkai.reports.models import AnnualReport
from gongkai.reports.narrative import unfinished_sections


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


def imported_data(organ: Any, year: int) -> ReportData | None:
    """The newest imported copy of the organ's published report for `year`, if any."""
    from gongkai.reports.models_import import ReportImport

    row = ReportImport.objects.filter(organ=organ, year=year).order_by("-created_at", "-pk").first()
    return row.report_data() if row is not None else None


def previous_year_data(organ: Any, year: int, scope: str) -> ReportData | None:
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


def reports_for_organs(organ_ids: list[int]) -> Any:
    return AnnualReport.objects.filter(organ_id__in=organ_ids).select_related("organ", "item")


def published_report_charts(item: Any) -> list[SafeString]:
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
