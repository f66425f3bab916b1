"""`gongkai report build --organ CODE --year YYYY [--scope self|subtree]
--format json|html|docx|xlsx|pdf -o FILE`: export a report built from live data.

CODE is the organ's 9-character 组织机构代码 or its 18-character 统一社会信用代码. When the organ
has a published report for the year, its frozen figures and text are exported; otherwise the
report is built now (with the manual figures and text of a draft, if one exists).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db.models import Q

from gongkai.orgs.models import Organ
from gongkai.reports.builders import SCOPE_SELF, SCOPE_SUBTREE, build_report_data
from gongkai.reports.charts import all_charts
from gongkai.reports.definitions import ReportData
from gongkai.reports.writers import WRITERS, WriterUnavailable, export


def _organ(code: str) -> Organ:
    code = (code or "").strip().upper().replace("-", "")
    organ = Organ.objects.filter(Q(org_code=code) | Q(credit_code=code)).first()
    if organ is None:
        raise CommandError(f"找不到组织机构代码或统一社会信用代码为“{code}”的机关。")
    return organ


def _data(organ: Organ, year: int, scope: str) -> tuple[ReportData, list[Any], list[Any]]:
    from gongkai.reports.models import AnnualReport
    from gongkai.reports.selectors import (
        history_data,
        previous_year_data,
        report_check,
        report_data,
        validate,
    )

    report = AnnualReport.objects.filter(organ=organ, year=year, scope=scope).first()
    if report is None:
        data = build_report_data(organ, year, scope=scope)
        return data, validate(data, previous_year_data(organ, year, scope)), []
    data = report_data(report)
    return data, report_check(report, data).findings, history_data(report)


def handle_build(options: dict[str, Any], stdout: Any) -> None:
    fmt = str(options.get("format") or "json")
    if fmt not in WRITERS:
        raise CommandError(f"不支持的导出格式“{fmt}”，可选：{'、'.join(WRITERS)}。")
    scope = str(options.get("scope") or SCOPE_SELF)
    if scope not in (SCOPE_SELF, SCOPE_SUBTREE):
        raise CommandError("--scope 只能是 self（本机关）或 subtree（汇总）。")
    try:
        year = int(options.get("year") or 0)
    except (TypeError, ValueError):
        raise CommandError("--year 应为四位年份，例如 2025。") from None
    if not 2008 <= year <= 2100:
        raise CommandError("--year 应为四位年份，例如 2025。")
    output = options.get("output") or options.get("o")
    if not output:
        raise CommandError("请用 -o 指定输出文件。")
    organ = _organ(str(options.get("organ") or ""))
    data, findings, history = _data(organ, year, scope)
    charts = [str(c) for c in all_charts(data, history)]
    try:
        content = export(data, fmt, findings=findings, charts=charts)
    except WriterUnavailable as exc:
        raise CommandError(str(exc)) from None
    path = Path(str(output))
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise CommandError(f"无法写入文件 {path}：{exc.strerror}") from None
    stdout.write(f"已导出 {organ.name}{year}年度报告（{WRITERS[fmt].label}）到 {path}\n")
