"""The scorecard as XLSX (openpyxl): one sheet of organs × indicators with totals, one of the
indicators and their rules, one of every result with its explanation, evidence and adjustments.
Text that looks like a formula is written as text (no spreadsheet formula runs)."""

from __future__ import annotations

import io
from typing import Any

from gongkai.assessment import selectors
from gongkai.assessment.models import Adjustment, Scheme


def _text(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def scorecard_xlsx(scheme: Scheme) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    card = selectors.scorecard(scheme)
    book = Workbook()
    sheet: Any = book.active
    sheet.title = "考核结果"
    sheet.append([f"{scheme.title}（第{scheme.version}版，{scheme.get_status_display()}）"])
    sheet.append(
        [
            "排名",
            "考核对象",
            *[f"{i.code} {i.name}（{i.max_points.normalize():f}分）" for i in card.indicators],
            "总分",
        ]
    )
    for n, row in enumerate(card.rows, start=1):
        sheet.append([n, row.organ.name, *[c.score_text for c in row.cells], row.total_text])
    for cell in sheet[2]:
        cell.font = Font(bold=True)

    rules = book.create_sheet("考核指标")
    rules.append(
        ["编号", "类别", "指标", "分值", "计分方式", "数据项或公式", "计分规则", "评分标准"]
    )
    for i in card.indicators:
        rules.append(
            [i.code, i.category, i.name, float(i.max_points), i.get_kind_display(),
             _text(i.formula), selectors.rule_text(i), _text(i.description)]
        )  # fmt: skip

    detail = book.create_sheet("计算明细")
    detail.append(
        [
            "考核对象",
            "指标",
            "数值",
            "得分",
            "调整",
            "最终得分",
            "计算说明",
            "佐证材料",
            "依据记录数",
        ]
    )
    for row in card.rows:
        for c in row.cells:
            r = c.result
            detail.append(
                [row.organ.name, f"{c.indicator.code} {c.indicator.name}", c.value_text,
                 "待补" if r is None or r.score is None else float(r.score), float(c.adjust),
                 c.score_text, _text(r.explanation if r else ""), _text(r.evidence if r else ""),
                 len(r.records or []) if r else 0]
            )  # fmt: skip

    adjust = book.create_sheet("分值调整")
    adjust.append(["考核对象", "指标", "调整分值", "理由", "调整人", "时间"])
    for a in Adjustment.objects.filter(result__scheme=scheme).select_related(
        "result__organ", "result__indicator", "made_by"
    ):
        who = a.made_by.get_username() if a.made_by else ""
        adjust.append(
            [a.result.organ.name, a.result.indicator.code, float(a.delta), _text(a.reason), who,
             a.created_at.strftime("%Y-%m-%d %H:%M")]
        )  # fmt: skip
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
