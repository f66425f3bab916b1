"""HTML: the official table layout with merged header cells, used by the export, the back-office
preview and the body of the published catalog item (which the portal shows)."""

from __future__ import annotations

from collections.abc import Collection

from django.template.loader import render_to_string
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from gongkai.reports.definitions import SECTION_HEADINGS, SECTION_KEYS, ReportData, format_for_year
from gongkai.reports.writers.layout import Grid, grids

#: which section each table belongs under
TABLE_SECTION = {"table2": "proactive", "table3": "applications", "table4": "review_litigation"}


def grid_html(grid: Grid, *, flagged: Collection[str] = (), caption: bool = True) -> SafeString:
    out = [f'<table class="report-table" id="{grid.name}">']
    if caption:
        out.append(f"<caption>{escape(grid.caption)}</caption>")
    for r, row in enumerate(grid.rows):
        if r == 0 and grid.header_rows:
            out.append("<thead>")
        if r == grid.header_rows:
            out.append("<tbody>")
        out.append("<tr>")
        for cell in row:
            attrs = ""
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.header:
                scope = "col" if r < grid.header_rows else "row"
                out.append(f'<th scope="{scope}"{attrs}>{escape(cell.text)}</th>')
                continue
            classes = ["num"]
            if cell.value is None:
                classes.append("blank")
            if cell.key in flagged:
                classes.append("flagged")
            out.append(
                f'<td class="{" ".join(classes)}" data-cell="{escape(cell.key)}"{attrs}>'
                f"{escape(cell.text)}</td>"
            )
        out.append("</tr>")
        if r == grid.header_rows - 1:
            out.append("</thead>")
    out.append("</tbody></table>")
    return mark_safe("".join(out))


def tables_html(data: ReportData, *, flagged: Collection[str] = ()) -> dict[str, SafeString]:
    fmt = format_for_year(data.year or 2021)
    return {g.name: grid_html(g, flagged=flagged) for g in grids(data, fmt)}


def body_html(data: ReportData) -> str:
    """Narrative and tables as plain structured HTML (for the catalog item body)."""
    tables = tables_html(data)
    parts = []
    for key, heading in zip(SECTION_KEYS, SECTION_HEADINGS, strict=True):
        parts.append(f"<h2>{escape(heading)}</h2>")
        parts.append(linebreaks(data.sections.get(key, "")))
        for table, section in TABLE_SECTION.items():
            if section == key:
                parts.append(tables[table])
    return "".join(parts)


def write_html(data: ReportData, *, charts: Collection[str] = ()) -> bytes:
    fmt = format_for_year(data.year or 2021)
    tables = tables_html(data)
    sections = [
        {
            "heading": heading,
            "text": data.sections.get(key, ""),
            "tables": [tables[t] for t, s in TABLE_SECTION.items() if s == key],
        }
        for key, heading in zip(SECTION_KEYS, SECTION_HEADINGS, strict=True)
    ]
    html = render_to_string(
        "reports/export.html",
        {"data": data, "format": fmt, "sections": sections, "charts": list(charts)},
    )
    return html.encode("utf-8")
