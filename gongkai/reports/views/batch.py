"""年报体检 in batch for the back office (issue 15): a 公开办 uploads the reports of its subtree at
once and gets one summary table (report, organ, year, errors, warnings, parser doubts), on the
page or as XLSX. Nothing is stored: the files are read, checked and forgotten, as on the public
check page; the command line does the same for a directory (`gongkai report lint DIR`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from gongkai.orgs.models import Role
from gongkai.orgs.permissions import organs_with_role
from gongkai.reports.forms_check import MAX_BYTES, MAX_LABEL
from gongkai.reports.parsing.lint import LintResult, lint_report
from gongkai.reports.parsing.lint_batch import REPORT_SUFFIXES, summary_row, summary_xlsx_bytes

#: One January's reports of a city's subtree fit in one upload (Django refuses more than 100).
MAX_FILES = 80
#: The whole upload: refused before it is read (each file is ≤ 5 MB besides).
MAX_TOTAL_BYTES = 60 * 1024 * 1024
MAX_TOTAL_LABEL = "60 MB"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refused(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    context = {"alert": message, **_limits()}
    return render(request, "reports/lint_batch.html", context, status=status)


def _limits() -> dict[str, Any]:
    return {
        "max_files": MAX_FILES,
        "max_label": MAX_LABEL,
        "max_total_label": MAX_TOTAL_LABEL,
        "suffixes": "、".join(REPORT_SUFFIXES),
    }


@never_cache
@login_required
def lint_batch(request: HttpRequest) -> HttpResponse:
    if not organs_with_role(request.user, Role.ORGAN_ADMIN):
        raise PermissionDenied("只有公开办管理员可以批量检查年度报告。")
    if request.method != "POST":
        return render(request, "reports/lint_batch.html", _limits())
    try:
        too_big = int(request.META.get("CONTENT_LENGTH") or 0) > MAX_TOTAL_BYTES
    except ValueError:
        too_big = False
    if too_big:
        return _refused(request, f"上传的文件合计不能超过{MAX_TOTAL_LABEL}，请分批检查。", 413)
    files = request.FILES.getlist("files")
    if not files:
        return _refused(request, "请选择要检查的年度报告文件（可一次选择多个）。")
    if len(files) > MAX_FILES:
        return _refused(request, f"一次最多检查{MAX_FILES}份报告，请分批上传。")
    results: list[LintResult] = []
    skipped: list[str] = []
    for upload in files:
        name = (upload.name or "未命名文件")[:200]
        if not name.lower().endswith(REPORT_SUFFIXES):
            skipped.append(f"{name}：不是文本或网页文件（只检查{_limits()['suffixes']}）")
            continue
        if (upload.size or 0) > MAX_BYTES:
            skipped.append(f"{name}：超过{MAX_LABEL}")
            continue
        results.append(lint_report(upload.read(), name=name))
    if not results:
        return _refused(request, "没有可检查的报告：" + "；".join(skipped) + "。")
    if request.POST.get("export") == "xlsx":
        response = HttpResponse(summary_xlsx_bytes(results), content_type=XLSX)
        response["Content-Disposition"] = "attachment; filename*=UTF-8''nianbao-tijian.xlsx"
        return response
    rows = [summary_row(r) for r in results]
    context = {
        **_limits(),
        "rows": rows,
        "skipped": skipped,
        "totals": {
            "reports": len(rows),
            "errors": sum(r["errors"] for r in rows),
            "warnings": sum(r["warnings"] for r in rows),
            "doubts": sum(r["doubts"] for r in rows),
        },
    }
    return render(request, "reports/lint_batch.html", context)
