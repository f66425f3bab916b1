"""Importing a published annual report into an organ's history (upload page, migrations of old
years). The report is parsed, validated against the previous year's history entry (R8), and
stored with its findings; the import is audited like every other write."""

from __future__ import annotations

from django.db import transaction

from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.orgs.models import Organ
from gongkai.reports.audit import ReportAudit
from gongkai.reports.definitions import Finding
from gongkai.reports.models_import import ReportImport
from gongkai.reports.parsing import parse_report
from gongkai.reports.validation import validate_report


class ReportImportError(ValueError):
    """The input cannot be imported (not a report, unreadable encoding); message in Chinese."""


def latest_import(*, organ: Organ, year: int) -> ReportImport | None:
    return (
        ReportImport.objects.filter(organ=organ, year=year).order_by("-created_at", "-pk").first()
    )


def platform_report_refusal(*, organ: Organ, year: int) -> str:
    """Why the organ's `year` cannot be imported, or "": one report per organ and year.

    A report written and published here (or on its way: 已提交发布) is that year's report; an
    imported copy beside it would be a second, possibly contradicting one, and R8 and the
    history read the platform's report first anyway. Importing again over an earlier import
    is allowed: the newest import is the year's history entry (the page says so)."""
    from gongkai.reports.models import AnnualReport, Scope

    report = AnnualReport.objects.filter(
        organ=organ,
        year=year,
        scope=Scope.SELF,
        status__in=[AnnualReport.Status.IN_REVIEW, AnnualReport.Status.PUBLISHED],
    ).first()
    if report is None:
        return ""
    state = "已发布" if report.status == AnnualReport.Status.PUBLISHED else "已提交发布"
    return (
        f"{organ.name}{year}年度报告已在本平台编制并{state}，以平台中的报告为准，不能再导入一份。"
        "如平台中的报告有误，请在公开目录中撤回后重新编制。"
    )


def report_import(
    *,
    actor: Actor,
    organ: Organ,
    year: int,
    text_or_bytes: str | bytes,
    source_url: str = "",
) -> tuple[ReportImport, list[Finding]]:
    refusal = platform_report_refusal(organ=organ, year=year)
    if refusal:
        raise ReportImportError(refusal)
    parsed = parse_report(text_or_bytes, url=source_url or None)
    if not parsed.is_report:
        message = (
            parsed.findings[0].message if parsed.findings else "不是政府信息公开工作年度报告。"
        )
        raise ReportImportError(message)
    findings = [f for f in parsed.findings if f.rule != "R8"]
    if parsed.year is not None and parsed.year != year:
        findings.append(
            Finding(
                "R6",
                "warning",
                [],
                f"导入时选择的年度为{year}年，报告中写的是{parsed.year}年度，请确认。",
            )
        )
    previous = latest_import(organ=organ, year=year - 1)
    report = parsed.report_data()
    if report is None:  # is_report was checked above
        raise ReportImportError("不是政府信息公开工作年度报告。")
    report.year = year
    findings += [
        f
        for f in validate_report(report, previous=previous.report_data() if previous else None)
        if f.rule == "R8"
    ]
    with transaction.atomic():
        record = ReportImport.objects.create(
            organ=organ,
            year=year,
            format=parsed.format or "",
            tables=parsed.as_dict()["tables"],
            sections=parsed.sections,
            findings=[f.as_dict() for f in findings],
            source_url=source_url or "",
            raw_text=parsed.text,
            imported_by=user_of(actor),
        )
        audit_record(
            actor=actor,
            action=ReportAudit.IMPORT,
            obj=record,
            organ_id=organ.pk,
            comment=f"导入{year}年度报告（{parsed.format}格式）",
            data={
                "source_url": source_url or "",
                "findings": len(findings),
                "errors": sum(1 for f in findings if f.severity == "error"),
            },
        )
    return record, findings
