"""Check and import published annual reports (《条例》第四十九条、第五十条).

The public tool (`public_check`) reads a pasted or uploaded report and shows its tables and the
rule violations; it stores nothing (rate limited per address in the cache only). The back office
(`import_new`, `import_list`, `import_detail`) lets a 公开办管理员 migrate an organ's published
reports into its history through `gongkai.reports.importing.report_import`, which audits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai.applications import ratelimit as rl
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import organs_with_role, require_roles
from gongkai.reports import definitions as d
from gongkai.reports.definitions import Finding, ReportData
from gongkai.reports.forms_check import (
    MAX_BYTES,
    MAX_LABEL,
    ImportConfirmForm,
    ImportUploadForm,
    ReportSourceForm,
)
from gongkai.reports.importing import (
    ReportImportError,
    latest_import,
    platform_report_refusal,
    report_import,
)
from gongkai.reports.models_import import ReportImport
from gongkai.reports.parsing import ParseResult, parse_report
from gongkai.reports.parsing import labels as lb
from gongkai.reports.parsing.lint import lint_result, text_passages
from gongkai.reports.validation import validate_report
from gongkai.reports.writers.layout import Cell, Grid, grids, show

#: The public tool parses up to 5 MB per request (seconds of CPU): 30 checks an hour per address.
CHECK_PER_IP = rl.Limit("report-check-ip", 30, 3600)
#: A body this large is refused before it is parsed (pasted text and file are each ≤ 5 MB). The web
#: server in front should cap request bodies too: CSRF checking reads the body before any view.
MAX_REQUEST_BYTES = 2 * MAX_BYTES + 1024 * 1024
_PAYLOAD_SALT = "gongkai.reports.import-preview"
_PAYLOAD_MAX_AGE = 7 * 24 * 3600
_TOO_BIG = f"提交的内容过大：粘贴的文本和上传的文件各不能超过{MAX_LABEL}。"


# ---- rendering a report with its findings ----------------------------------------------------
# The official layout comes from writers.layout (as in the exports); this renderer adds what a
# check needs on top of writers.html.grid_html: an anchor per cell, links between a finding and
# its cells, and a visible mark on blank cells (R7: blank is "not reported", never 0).

FORMAT_LABELS: dict[str, str] = dict(ReportImport.Format.choices)
_SEVERITY = {"error": "错误", "warning": "提示"}
_TABLE_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四", "statistics": "统计表"}
_ENCODINGS = {"utf-8": "UTF-8", "gb18030": "GBK/GB18030", "gbk": "GBK", "utf-16": "UTF-16"}
_BLANK = '<abbr class="blank-mark" title="空白：未填报，不等于0">空白</abbr>'


def cell_anchor(ref: str) -> str:
    """ "table3.denied.state_secret.total" → "cell-table3-denied-state_secret-total"."""
    return "cell-" + ref.replace(".", "-")


def _cell_labels(fmt_name: str) -> dict[str, str]:
    out: dict[str, str] = {}
    fmt = d.FORMATS.get(fmt_name)
    if fmt is None:  # pre-2019 统计表
        for stat in lb.PRE2019_ROWS:
            for col in lb.PRE2019_COLUMNS:
                out[f"statistics.{stat.key}.{col.key}"] = f"统计表“{stat.labels[0]}—{col.label}”"
        return out
    for block in fmt.table2:
        for row in block.rows:
            for col in block.columns:
                out[f"table2.{row.key}.{col.key}"] = f"表二{block.article}“{row.label}—{col.label}”"
    for row in fmt.table3_rows:
        for col in d.TABLE3_COLUMNS:
            column = f"{col.group}—{col.label}" if col.group else col.label
            out[f"table3.{row.key}.{col.key}"] = f"表三“{row.label}—{column}”"
    for group in d.TABLE4_GROUPS:
        name = f"{group.group}—{group.label}" if group.group else group.label
        for col in d.TABLE4_COLUMNS:
            out[f"table4.{group.key}.{col.key}"] = f"表四“{name}—{col.label}”"
    return out


def _statistics_grid(data: ReportData) -> Grid:
    table = data.tables.get("statistics", {})
    rows = [
        [Cell("指标名称", header=True)] + [Cell(c.label, header=True) for c in lb.PRE2019_COLUMNS]
    ]
    for stat in lb.PRE2019_ROWS:
        if stat.key not in table:
            continue  # provincial templates differ: only the rows the report has
        cells = [Cell(stat.labels[0], header=True)]
        for col in lb.PRE2019_COLUMNS:
            value = table[stat.key].get(col.key)
            key = f"statistics.{stat.key}.{col.key}"
            cells.append(Cell(show(value), key=key, value=value, numeric=True))
        rows.append(cells)
    return Grid("statistics", "政府信息公开情况统计表", 1 + len(lb.PRE2019_COLUMNS), 1, rows)


def _grids(data: ReportData | None) -> list[Grid]:
    if data is None:
        return []
    fmt = d.FORMATS.get(data.format)
    return grids(data, fmt) if fmt is not None else [_statistics_grid(data)]


def _grid_html(grid: Grid, marks: dict[str, list[tuple[int, str]]]) -> SafeString:
    out = [f'<table class="report-table check-table" id="{grid.name}">']
    out.append(f"<caption>{escape(grid.caption)}</caption>")
    for r, row in enumerate(grid.rows):
        if r == 0 and grid.header_rows:
            out.append("<thead>")
        if r == grid.header_rows:
            out.append("<tbody>")
        out.append("<tr>")
        only_headers = all(c.header for c in row)
        for cell in row:
            span = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
                f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
            )
            if cell.header:
                scope = "col" if r < grid.header_rows or only_headers else "row"
                out.append(f'<th scope="{scope}"{span}>{escape(cell.text)}</th>')
                continue
            classes = ["num"]
            content = str(escape(cell.text))
            if cell.value is None:
                classes.append("blank")
                content = _BLANK
            extra = ""
            hits = marks.get(cell.key, [])
            if hits:
                classes.append("flagged")
                extra = ' tabindex="-1"'
                links = "".join(
                    f'<a href="#finding-{n}" title="检查结果第{n}条">{escape(rule)}</a>'
                    for n, rule in hits
                )
                content += f'<span class="cell-rules">{links}</span>'
            out.append(
                f'<td class="{" ".join(classes)}" id="{escape(cell_anchor(cell.key))}"'
                f' data-cell="{escape(cell.key)}"{span}{extra}>{content}</td>'
            )
        out.append("</tr>")
        if r == grid.header_rows - 1:
            out.append("</thead>")
    out.append("</tbody></table>")
    return mark_safe("".join(out))  # every text above is escaped


def result_context(
    *,
    data: ReportData | None,
    findings: list[dict[str, Any]],
    year: int | None,
    organ: str | None,
    encoding: str | None,
    source_url: str,
) -> dict[str, Any]:
    """Tables in the official layout and the findings, linked both ways."""
    layout = _grids(data)
    present = {c.key for g in layout for row in g.rows for c in row if not c.header}
    labels = _cell_labels(data.format) if data is not None else {}
    marks: dict[str, list[tuple[int, str]]] = {}
    items = []
    for n, finding in enumerate(findings, 1):
        rule = str(finding.get("rule", ""))
        cells = []
        for ref in dict.fromkeys(str(c) for c in finding.get("cells") or []):
            if ref in present:
                cells.append({"href": f"#{cell_anchor(ref)}", "label": labels.get(ref, ref)})
                marks.setdefault(ref, []).append((n, rule))
            elif ref in _TABLE_NAMES:
                cells.append({"href": f"#{ref}", "label": _TABLE_NAMES[ref]})
            else:
                cells.append({"href": "", "label": labels.get(ref, ref)})
        severity = str(finding.get("severity", ""))
        items.append(
            {
                "n": n,
                "rule": rule,
                "severity": severity,
                "severity_label": _SEVERITY.get(severity, severity),
                "message": str(finding.get("message", "")),
                "cells": cells,
            }
        )
    fmt_name = data.format if data is not None else ""
    return {
        "format": fmt_name,
        "format_label": FORMAT_LABELS.get(fmt_name, fmt_name),
        "year": year,
        "organ": organ,
        "encoding": _ENCODINGS.get(encoding or "", encoding) if encoding else "",
        "source_url": source_url,
        "findings": items,
        "errors": sum(1 for f in items if f["severity"] == "error"),
        "warnings": sum(1 for f in items if f["severity"] != "error"),
        "blanks": sum(
            1 for g in layout for row in g.rows for c in row if c.key and c.value is None
        ),
        "tables": [_grid_html(g, marks) for g in layout],
    }


def _too_big(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES
    except ValueError:
        return False


def _kept(request: HttpRequest) -> dict[str, str]:
    """What was typed, to show again in an unbound form (an uploaded file cannot be kept)."""
    return {k: request.POST.get(k, "") for k in ("text", "source_url", "organ", "year")}


def _not_a_report(parsed: ParseResult) -> str:
    return parsed.findings[0].message if parsed.findings else "不是政府信息公开工作年度报告。"


def _parsed_context(parsed: ParseResult, *, extra: Sequence[Finding] = ()) -> dict[str, Any]:
    context = result_context(
        data=parsed.report_data(),
        findings=[f.as_dict() for f in (*parsed.findings, *extra)],
        year=parsed.year,
        organ=parsed.organ,
        encoding=parsed.encoding,
        source_url=parsed.source_url or "",
    )
    # 年报体检 (issue 15): the findings beside the passage of the text they point at, and the
    # parser's doubts counted apart from what is wrong in the report.
    linted = lint_result(parsed)
    context["passages"] = text_passages(linted)
    context["doubts"] = len(linted.doubts)
    return context


# ---- public check tool ----------------------------------------------------------------------


def _check_page(
    request: HttpRequest,
    form: ReportSourceForm,
    *,
    status: int = 200,
    alert: str = "",
    result: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "alert": alert,
        "result": result,
        "crumbs": [("首页", "/"), ("年度报告检查", "")],
        "column_name": "年度报告检查",
        "max_label": MAX_LABEL,
    }
    # A public page: the public stylesheet and form partials (issue 13 point 16).
    return render(request, "portal/report_check.html", context, status=status)


def public_check(request: HttpRequest) -> HttpResponse:
    """Anyone: paste or upload a published report, get its tables and findings. Nothing stored."""
    if request.method != "POST":
        return _check_page(request, ReportSourceForm())
    if _too_big(request):
        return _check_page(request, ReportSourceForm(), status=413, alert=_TOO_BIG)
    ip = rl.client_ip(request)
    if rl.is_limited(CHECK_PER_IP, ip):
        minutes = rl.minutes_left(CHECK_PER_IP)
        return _check_page(
            request,
            ReportSourceForm(initial=_kept(request)),
            status=429,
            alert=f"同一网络地址检查次数过多，请{minutes}分钟后再试。您粘贴的内容已保留。",
        )
    rl.hit(CHECK_PER_IP, ip)
    form = ReportSourceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _check_page(request, form, status=400)
    parsed = parse_report(form.payload(), url=form.cleaned_data["source_url"] or None)
    if not parsed.is_report:
        return _check_page(request, form, alert=_not_a_report(parsed))
    return _check_page(request, form, result=_parsed_context(parsed))


# ---- back office: import published reports into an organ's history ---------------------------


def _admin_organs(request: HttpRequest) -> list[Organ]:
    organs = organs_with_role(request.user, Role.ORGAN_ADMIN)
    if not organs:
        raise PermissionDenied("只有公开办管理员可以导入历年年度报告。")
    return organs


def _refuse_foreign_organ(request: HttpRequest, organs: list[Organ]) -> None:
    """Naming an organ outside one's scope is a 403, not a form error: it is not a typo."""
    raw = request.POST.get("organ", "")
    if raw.isdigit() and int(raw) not in {o.pk for o in organs}:
        organ = Organ.objects.filter(pk=int(raw)).first()
        if organ is not None:
            require_roles(
                request.user,
                organ,
                {Role.ORGAN_ADMIN},
                message="您不是该机关的公开办管理员，不能导入其年度报告。",
            )


def _import_page(
    request: HttpRequest,
    form: ImportUploadForm,
    *,
    status: int = 200,
    alert: str = "",
    preview: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {"form": form, "alert": alert, "max_label": MAX_LABEL, **(preview or {})}
    return render(request, "reports/import_form.html", context, status=status)


def _preview(
    parsed: ParseResult,
    confirm: ImportConfirmForm,
    *,
    organ: Organ | None,
    year: int | None,
) -> dict[str, Any]:
    """What the import will store: the parse, and R8 against the organ's previous year."""
    extra = []
    earlier = 0
    refusal = ""
    if organ is not None and year is not None:
        previous = latest_import(organ=organ, year=year - 1)
        report = parsed.report_data()
        if previous is not None and report is not None:
            report.year = year
            prev = previous.report_data()
            extra = [f for f in validate_report(report, previous=prev) if f.rule == "R8"]
        earlier = ReportImport.objects.filter(organ=organ, year=year).count()
        refusal = platform_report_refusal(organ=organ, year=year)
    return {
        "platform_refusal": refusal,
        "preview": _parsed_context(parsed, extra=extra),
        "confirm": confirm,
        "chosen_organ": organ,
        "chosen_year": year,
        "earlier_imports": earlier,
    }


@login_required
def import_new(request: HttpRequest) -> HttpResponse:
    organs = _admin_organs(request)
    wanted = request.GET.get("organ", "")
    initial_organ = next((o.pk for o in organs if str(o.pk) == wanted), organs[0].pk)
    if request.method != "POST":
        form = ImportUploadForm(organs=organs, initial={"organ": initial_organ})
        return _import_page(request, form)
    if _too_big(request):
        form = ImportUploadForm(organs=organs, initial={"organ": initial_organ})
        return _import_page(request, form, status=413, alert=_TOO_BIG)
    _refuse_foreign_organ(request, organs)
    if request.POST.get("step") == "confirm":
        return _import_confirm(request, organs)
    form = ImportUploadForm(request.POST, request.FILES, organs=organs)
    if not form.is_valid():
        return _import_page(request, form, status=400)
    url = form.cleaned_data["source_url"]
    parsed = parse_report(form.payload(), url=url or None)
    if not parsed.is_report:
        return _import_page(request, form, alert=_not_a_report(parsed))
    organ = form.cleaned_data["organ"]
    year = form.cleaned_data["year"] or parsed.year
    payload = signing.dumps({"text": parsed.text}, salt=_PAYLOAD_SALT, compress=True)
    confirm = ImportConfirmForm(
        organs=organs,
        initial={"organ": organ.pk, "year": year, "source_url": url, "payload": payload},
    )
    return _import_page(request, form, preview=_preview(parsed, confirm, organ=organ, year=year))


def _import_confirm(request: HttpRequest, organs: list[Organ]) -> HttpResponse:
    try:
        stored = signing.loads(
            request.POST.get("payload", ""), salt=_PAYLOAD_SALT, max_age=_PAYLOAD_MAX_AGE
        )
        text = str(stored["text"])
    except (signing.BadSignature, KeyError, TypeError):
        form = ImportUploadForm(organs=organs, initial=_kept(request))
        return _import_page(
            request,
            form,
            status=400,
            alert="预览已过期或不完整，无法确认导入。请重新粘贴或上传报告，再预览一次。",
        )
    confirm = ImportConfirmForm(request.POST, organs=organs)
    upload_form = ImportUploadForm(organs=organs, initial=_kept(request))
    valid = confirm.is_valid()
    organ = confirm.cleaned_data.get("organ") if valid else None
    year = confirm.cleaned_data.get("year") if valid else None
    url = confirm.cleaned_data.get("source_url", "") if valid else ""
    if valid and organ is not None and year is not None:
        try:
            record, findings = report_import(
                actor=request.user, organ=organ, year=year, text_or_bytes=text, source_url=url
            )
        except ReportImportError as exc:
            confirm.add_error(None, str(exc))
        else:
            errors = sum(1 for f in findings if f.severity == "error")
            messages.success(
                request,
                f"已导入{organ.name}{year}年度报告：发现{len(findings)}个问题，其中{errors}个错误。",
            )
            return redirect("reports:import_detail", pk=record.pk)
    parsed = parse_report(text, url=request.POST.get("source_url") or None)
    preview = _preview(parsed, confirm, organ=organ, year=year)
    return _import_page(request, upload_form, status=400, preview=preview)


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    organs = _admin_organs(request)
    ids = [o.pk for o in organs]
    wanted = request.GET.get("organ", "")
    chosen = next((o for o in organs if str(o.pk) == wanted), None)
    rows = ReportImport.objects.select_related("organ", "imported_by").order_by(
        "organ__tree_key", "-year", "-created_at", "-pk"
    )
    rows = rows.filter(organ=chosen) if chosen else rows.filter(organ_id__in=ids)
    imports = []
    seen: set[tuple[int, int]] = set()
    for record in rows[:500]:
        findings = record.findings or []
        imports.append(
            {
                "record": record,
                "findings": len(findings),
                "errors": sum(1 for f in findings if f.get("severity") == "error"),
                # the newest import of an organ's year is that year's history entry (R8 reads it)
                "current": (record.organ_id, record.year) not in seen,
            }
        )
        seen.add((record.organ_id, record.year))
    context = {"organs": organs, "chosen": chosen, "imports": imports}
    return render(request, "reports/import_list.html", context)


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(ReportImport.objects.select_related("organ", "imported_by"), pk=pk)
    require_roles(
        request.user, record.organ, {Role.ORGAN_ADMIN}, message="您不是该机关的公开办管理员。"
    )
    newer = ReportImport.objects.filter(
        organ=record.organ, year=record.year, created_at__gt=record.created_at
    ).exists()
    result = result_context(
        data=record.report_data(),
        findings=list(record.findings or []),
        year=record.year,
        organ=record.organ.name,
        encoding=None,
        source_url=record.source_url,
    )
    context = {"record": record, "result": result, "superseded": newer}
    return render(request, "reports/import_detail.html", context)
