"""Server-side SVG charts for the report (图文并茂): no JavaScript, no external assets.

Each chart is an `<svg role="img">` with a `<title>` and a `<desc>` that states every number, so
a screen reader gets the same information as the picture. Labels come from the definitions.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai.reports.definitions import TABLE3_COLUMNS, ReportData, format_for_year
from gongkai.reports.writers.layout import RESULTS_GROUP

_COLOURS = ("#1f5fa8", "#b3541e", "#2e7d4f", "#7a3e9d", "#a3222c", "#55606e", "#0f7c8c")


def _num(value: object) -> float:
    if isinstance(value, int | Decimal | float):
        return float(value)
    return 0.0


def outcome_categories(data: ReportData) -> list[tuple[str, float]]:
    """(category label, count) for （一）…（六）, summing the sub-rows of each category."""
    fmt = format_for_year(data.year or 2021)
    out: dict[str, float] = {}
    for row in fmt.table3_rows:
        if not row.leaf:
            continue
        label = row.label if row.group == RESULTS_GROUP else row.group
        label = label.split("（区分")[0]
        out[label] = out.get(label, 0.0) + _num(data.cell("table3", row.key, "total"))
    return list(out.items())


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def bar_chart(
    title: str, bars: Sequence[tuple[str, float]], *, chart_id: str, unit: str = "件"
) -> SafeString:
    """A horizontal bar chart; labels on the left, values at the bar ends."""
    label_w, bar_w, row_h, top = 190, 360, 28, 40
    height = top + row_h * len(bars) + 16
    biggest = max((v for _, v in bars), default=0.0) or 1.0
    desc = "；".join(f"{label}{_fmt(v)}{unit}" for label, v in bars) or "无数据"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" '
        f'width="{label_w + bar_w + 70}" height="{height}" '
        f'viewBox="0 0 {label_w + bar_w + 70} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        '<text x="0" y="20" font-size="15" font-weight="bold" fill="#1a1a1a">'
        f"{escape(title)}</text>",
    ]
    for i, (label, value) in enumerate(bars):
        y = top + i * row_h
        width = bar_w * value / biggest
        colour = _COLOURS[i % len(_COLOURS)]
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" font-size="13" text-anchor="end" '
            f'fill="#1a1a1a">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="{row_h - 10}" '
            f'fill="{colour}"/>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + 17}" font-size="13" '
            f'fill="#1a1a1a">{_fmt(value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def outcome_chart(data: ReportData) -> SafeString:
    return bar_chart(
        f"{data.year}年办理结果分布", outcome_categories(data), chart_id="chart-outcomes"
    )


def applicant_chart(data: ReportData) -> SafeString:
    bars = [
        (col.label, _num(data.cell("table3", "new_received", col.key)))
        for col in TABLE3_COLUMNS
        if col.key != "total"
    ]
    return bar_chart(f"{data.year}年新收申请的申请人类型", bars, chart_id="chart-applicants")


def trend_chart(series: Sequence[ReportData]) -> SafeString:
    """Year on year: new applications and cases closed, one pair of bars per year."""
    bars: list[tuple[str, float]] = []
    for data in sorted(series, key=lambda d: d.year or 0):
        bars.append((f"{data.year}年 新收申请", _num(data.cell("table3", "new_received", "total"))))
        bars.append((f"{data.year}年 办结", _num(data.cell("table3", "total_processed", "total"))))
    return bar_chart("历年申请数量对比", bars, chart_id="chart-trend")


def all_charts(data: ReportData, history: Sequence[ReportData] = ()) -> list[SafeString]:
    charts = [outcome_chart(data), applicant_chart(data)]
    if history:
        charts.append(trend_chart([*history, data]))
    return charts
