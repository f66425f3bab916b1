"""Regenerate the golden report texts: `.venv/bin/python -m gongkai.reports.tests.golden.generate`.

Two synthetic reports of our own (organ names, wording and figures are invented; the 2021
report's 总计, 自然人 and 商业企业 columns are the Hangzhou-style test vector of legal-rules
§2.4), each written in the layouts that published copies take: an HTML page, crawled text with
figures run together, one cell per line, PDF-to-text with wrapped labels and page footers, 繁體.
`expected_<format>.json` holds the figures every layout must parse to.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gongkai.core.text import to_traditional
from gongkai.reports import definitions as d

HERE = Path(__file__).parent
COLS = [c.key for c in d.TABLE3_COLUMNS]

# 2021 report: columns natural_person … total; research/social/legal/other are ours.
T3_2021: dict[str, list[int]] = {
    "granted": [5345, 129, 2, 5, 30, 37, 5548],
    "partial": [2120, 39, 0, 0, 4, 5, 2168],
    "denied.state_secret": [13, 0, 0, 0, 0, 0, 13],
    "denied.law_forbidden": [30, 0, 0, 0, 0, 0, 30],
    "denied.safety_stability": [11, 0, 0, 0, 0, 0, 11],
    "denied.third_party": [49, 2, 0, 0, 0, 0, 51],
    "denied.internal_affairs": [103, 1, 0, 0, 0, 0, 104],
    "denied.process_info": [84, 1, 0, 0, 0, 0, 85],
    "denied.enforcement_file": [282, 4, 0, 0, 0, 0, 286],
    "denied.admin_query": [147, 0, 0, 0, 0, 3, 150],
    "unable.not_held": [3075, 50, 1, 6, 40, 50, 3222],
    "unable.needs_creation": [177, 3, 0, 0, 0, 0, 180],
    "unable.still_unclear": [19, 0, 0, 0, 0, 0, 19],
    "not_processed.petition": [199, 1, 0, 1, 0, 2, 203],
    "not_processed.duplicate": [147, 1, 0, 0, 0, 0, 148],
    "not_processed.publication": [0, 0, 0, 0, 0, 0, 0],
    "not_processed.excessive": [100, 1, 0, 0, 0, 0, 101],
    "not_processed.confirm_reissue": [5, 0, 0, 0, 0, 0, 5],
    "other.no_correction": [315, 3, 0, 0, 0, 0, 318],
    "other.no_fee_payment": [202, 0, 0, 0, 0, 1, 203],
    "other.other": [941, 17, 0, 0, 2, 5, 965],
}
HEAD_2021 = {
    "new_received": [13612, 252, 3, 12, 76, 114, 14069],
    "carried_over": [535, 6, 0, 0, 0, 19, 560],
}
T2_2021 = {
    "regulations": {"issued": 3, "repealed": 5, "in_force": 74},
    "normative_documents": {"issued": 564, "repealed": 984, "in_force": 4185},
    "licensing": {"decisions": 11398889},
    "punishment": {"decisions": 6937489},
    "coercion": {"decisions": 166105},
    "fees": {"amount": 316441},
}
T4_2021 = {
    "review": [376, 97, 196, 121, 790],
    "litigation_direct": [16, 1, 12, 27, 56],
    "litigation_after_review": [74, 1, 30, 51, 156],
}

# 2019 (trial) report for 2020, all figures ours.
T3_2019: dict[str, list[int]] = {
    "granted": [20, 4, 1, 0, 1, 0, 26],
    "partial": [6, 2, 0, 0, 0, 0, 8],
    "denied.state_secret": [0, 0, 0, 0, 0, 0, 0],
    "denied.law_forbidden": [1, 0, 0, 0, 0, 0, 1],
    "denied.safety_stability": [0, 0, 0, 0, 0, 0, 0],
    "denied.third_party": [1, 1, 0, 0, 0, 0, 2],
    "denied.internal_affairs": [0, 0, 0, 0, 0, 0, 0],
    "denied.process_info": [1, 0, 0, 0, 0, 0, 1],
    "denied.enforcement_file": [0, 0, 0, 0, 0, 0, 0],
    "denied.admin_query": [1, 0, 0, 0, 0, 0, 1],
    "unable.not_held": [4, 0, 0, 0, 1, 0, 5],
    "unable.needs_creation": [2, 0, 0, 0, 0, 0, 2],
    "unable.still_unclear": [1, 0, 0, 0, 0, 0, 1],
    "not_processed.petition": [1, 0, 0, 0, 0, 1, 2],
    "not_processed.duplicate": [1, 0, 0, 0, 0, 0, 1],
    "not_processed.publication": [0, 0, 0, 0, 0, 0, 0],
    "not_processed.excessive": [0, 0, 0, 0, 0, 0, 0],
    "not_processed.confirm_reissue": [0, 0, 0, 0, 0, 0, 0],
    "other": [0, 1, 0, 0, 0, 0, 1],
}
HEAD_2019 = {"new_received": [41, 9, 1, 0, 2, 1, 54], "carried_over": [3, 1, 0, 0, 0, 0, 4]}
T2_2019 = {
    "regulations": {"new_made": 0, "new_published": 0, "total_published": 12},
    "normative_documents": {"new_made": 7, "new_published": 7, "total_published": 85},
    "licensing": {"last_year_items": 152, "change": -3, "decisions": 1406},
    "other_services": {"last_year_items": 38, "change": 2, "decisions": 211},
    "punishment": {"last_year_items": 61, "change": 0, "decisions": 389},
    "coercion": {"last_year_items": 12, "change": 1, "decisions": 24},
    "fees": {"last_year_items": 6, "change": -1},
    "procurement": {"procurement_items": 14, "procurement_amount": 2356.8},
}
T4_2019 = {
    "review": [2, 1, 0, 1, 4],
    "litigation_direct": [1, 0, 0, 1, 2],
    "litigation_after_review": [0, 0, 0, 0, 0],
}


def table3(fmt: str) -> dict[str, dict[str, int]]:
    leaves = T3_2021 if fmt == "2021" else T3_2019
    head = HEAD_2021 if fmt == "2021" else HEAD_2019
    processed = [sum(row[i] for row in leaves.values()) for i in range(7)]
    forward = [head["new_received"][i] + head["carried_over"][i] - processed[i] for i in range(7)]
    assert min(forward) >= 0
    rows = {**head, **leaves, "total_processed": processed, "carried_forward": forward}
    for values in rows.values():
        assert sum(values[:6]) == values[6]
    order = [r.key for r in d.FORMATS[fmt].table3_rows]
    return {key: dict(zip(COLS, rows[key], strict=True)) for key in order}


def expected(fmt: str) -> dict[str, Any]:
    t4 = T4_2021 if fmt == "2021" else T4_2019
    return {
        "table2": T2_2021 if fmt == "2021" else T2_2019,
        "table3": table3(fmt),
        "table4": {
            g: dict(zip([c.key for c in d.TABLE4_COLUMNS], v, strict=True)) for g, v in t4.items()
        },
    }


ORGANS = {"2021": ("青禾市数据资源管理局", 2024), "2019": ("青禾市临江区人民政府", 2020)}


def narrative(fmt: str) -> dict[str, str]:
    organ, year = ORGANS[fmt]
    t3 = table3(fmt)
    t4 = expected(fmt)["table4"]
    new, carried = t3["new_received"]["total"], t3["carried_over"]["total"]
    granted, done = t3["granted"]["total"], t3["total_processed"]["total"]
    litig = t4["litigation_direct"]["total"] + t4["litigation_after_review"]["total"]
    pct = f"{granted * 100 / done:.1f}"
    return {
        "preface": (
            f"本报告依据《中华人民共和国政府信息公开条例》第五十条编制，由{organ}政务公开办公室汇总。"
            f"本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。"
        ),
        "overview": (
            f"{year}年，我单位健全公开目录，完善保密审查机制，按时更新政府信息公开专栏。"
            f"全年新收政府信息公开申请{new}件，上年结转{carried}件。"
        ),
        "applications": f"全年予以公开{granted}件，占办结总数的{pct}%。",
        "review_litigation": (
            f"全年发生政府信息公开行政复议{t4['review']['total']}件，行政诉讼{litig}件。"
        ),
        "problems": f"公开内容的规范性仍需加强。{year + 1}年，我们将加强培训和日常检查。",
        "other": f"本年度未收取信息处理费。\n{organ}\n{year + 1}年1月20日",
    }


def _t3_header_html() -> str:
    groups = "".join(f"<td>{c.label}</td>" for c in d.TABLE3_COLUMNS if c.group)
    return (
        f'<tr><td colspan="3" rowspan="3">{d.TABLE3_NOTE}</td><td colspan="7">申请人情况</td></tr>'
        '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td>'
        '<td rowspan="2">总计</td></tr>'
        f"<tr>{groups}</tr>"
    )


def _cell(v: Any) -> str:
    return "" if v is None else str(v)


def html(fmt: str, data: dict[str, Any], *, blank: set[str] = frozenset()) -> str:  # type: ignore[assignment]
    organ, year = ORGANS[fmt]
    text = narrative(fmt)
    f = d.FORMATS[fmt]
    out = [
        "<html><head><meta charset='utf-8'>"
        f"<title>{organ}{year}年政府信息公开工作年度报告</title></head><body>"
    ]
    out.append(f"<h1>{organ}{year}年政府信息公开工作年度报告</h1><p>{text['preface']}</p>")
    out.append(f"<h2>{d.SECTION_HEADINGS[0]}</h2><p>{text['overview']}</p>")
    out.append(f"<h2>{d.SECTION_HEADINGS[1]}</h2><table border='1'>")
    for block in f.table2:
        out.append(f"<tr><td colspan='{len(block.columns) + 1}'>{block.article}</td></tr>")
        out.append(
            "<tr><td>信息内容</td>"
            + "".join(f"<td>{c.label}</td>" for c in block.columns)
            + "</tr>"
        )
        for row in block.rows:
            cells = "".join(
                f"<td>{_cell(data['table2'][row.key].get(c.key))}</td>" for c in block.columns
            )
            out.append(f"<tr><td>{row.label}</td>{cells}</tr>")
    out.append(f"</table><h2>{d.SECTION_HEADINGS[2]}</h2><table border='1'>{_t3_header_html()}")
    for row in f.table3_rows:
        cells = "".join(
            f"<td>{'' if f'{row.key}.{c}' in blank else _cell(data['table3'][row.key][c])}</td>"
            for c in COLS
        )
        group = f"<td>{row.group}</td>" if row.group else ""
        out.append(f"<tr>{group}<td>{row.label}</td>{cells}</tr>")
    out.append(
        f"</table><p>{text['applications']}</p><h2>{d.SECTION_HEADINGS[3]}</h2><table border='1'>"
    )
    out.append("<tr><td colspan='5'>行政复议</td><td colspan='10'>行政诉讼</td></tr>")
    out.append("<tr>" + "".join(f"<td rowspan='2'>{c.label}</td>" for c in d.TABLE4_COLUMNS))
    out.append("<td colspan='5'>未经复议直接起诉</td><td colspan='5'>复议后起诉</td></tr><tr>")
    out.append("".join(f"<td>{c.label}</td>" for c in d.TABLE4_COLUMNS) * 2 + "</tr><tr>")
    out.append("".join(f"<td>{_cell(v)}</td>" for g in data["table4"].values() for v in g.values()))
    out.append(f"</tr></table><p>{text['review_litigation']}</p>")
    out.append(f"<h2>{d.SECTION_HEADINGS[4]}</h2><p>{text['problems']}</p>")
    out.append(
        f"<h2>{d.SECTION_HEADINGS[5]}</h2><p>{text['other'].replace(chr(10), '<br>')}</p>"
        "</body></html>"
    )
    return "\n".join(out)


def _rows(fmt: str, data: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    """(label, figures) in reading order, block headers and group labels as rows without figures."""
    f = d.FORMATS[fmt]
    rows: list[tuple[str, list[Any]]] = []
    for block in f.table2:
        rows.append((block.article, []))
        rows.append(("信息内容" + "".join(c.label for c in block.columns), []))
        rows += [
            (r.label, [data["table2"][r.key].get(c.key) for c in block.columns]) for r in block.rows
        ]
    rows.append((d.SECTION_HEADINGS[2], []))
    rows.append(
        (
            d.TABLE3_NOTE
            + "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他",
            [],
        )
    )
    last_group = ""
    for r in f.table3_rows:
        if r.group and r.group != last_group and not r.group.startswith("三"):
            rows.append((r.group, []))
        last_group = r.group
        if r.key == "granted":
            rows.append(("三、本年度办理结果", []))
        rows.append((r.label, [data["table3"][r.key][c] for c in COLS]))
    rows.append((d.SECTION_HEADINGS[3], []))
    header = (
        "行政复议行政诉讼"
        + "".join(c.label for c in d.TABLE4_COLUMNS)
        + "未经复议直接起诉复议后起诉"
    )
    rows.append((header + "".join(c.label for c in d.TABLE4_COLUMNS) * 2, []))
    rows.append(("", [v for g in data["table4"].values() for v in g.values()]))
    return rows


def _text(fmt: str, data: dict[str, Any], render_rows: Any, sep: str) -> str:
    organ, year = ORGANS[fmt]
    text = narrative(fmt)
    before, _, after = "".join(
        f"{label}{render_rows(values)}{sep}" for label, values in _rows(fmt, data)
    ).partition(d.SECTION_HEADINGS[2])
    body_3, _, after_3 = after.partition(d.SECTION_HEADINGS[3])
    parts = [
        f"{organ}{year}年政府信息公开工作年度报告",
        text["preface"],
        d.SECTION_HEADINGS[0],
        text["overview"],
        d.SECTION_HEADINGS[1],
        before,
        d.SECTION_HEADINGS[2],
        body_3,
        text["applications"],
        d.SECTION_HEADINGS[3],
        after_3,
        text["review_litigation"],
        d.SECTION_HEADINGS[4],
        text["problems"],
        d.SECTION_HEADINGS[5],
        text["other"],
    ]
    return sep.join(parts) + "\n"


def runtogether(fmt: str, data: dict[str, Any]) -> str:
    """A crawl that lost every cell boundary: '规章3574', '（一）予以公开5345129…'."""
    return _text(fmt, data, lambda vals: "".join(_cell(v) for v in vals), "")


def cell_per_line(fmt: str, data: dict[str, Any]) -> str:
    return _text(fmt, data, lambda vals: "".join(f"\n{_cell(v)}" for v in vals), "\n")


def pdf_text(fmt: str, data: dict[str, Any]) -> str:
    """pdftotext -layout: aligned columns, a long label wrapped around its figures, a page footer
    and a repeated header inside table 三, the table 三 header printed one character per line."""
    plain = _text(
        fmt, data, lambda vals: "    " + "   ".join(_cell(v) for v in vals) if vals else "", "\n"
    )
    lines = []
    for line in plain.split("\n"):
        if line.startswith("（二）部分公开（区分处理的"):
            _, _, figures = line.partition("    ")
            lines += [
                "（二）部分公开（区分处理的，只计这",
                "一情形，" + "  " + figures,
                "  不计其他情形）",
            ]
        elif line.startswith("3.危及"):
            lines += [
                line,
                "",
                "                    第 2 页 共 4 页",
                "",
                "申请人情况   自然人   法人或其他组织   总计",
            ]
        elif line.startswith(d.TABLE3_NOTE):
            lines += [d.TABLE3_NOTE, *"申请人情况", *"自然人", "法人或其他组织", *"总计"]
        else:
            lines.append(line)
    return "\n".join(lines)


def main() -> None:
    for fmt in ("2021", "2019"):
        data = expected(fmt)
        (HERE / f"expected_{fmt}.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        (HERE / f"report_{fmt}.html").write_text(html(fmt, data), encoding="utf-8")
        (HERE / f"report_{fmt}_runtogether.txt").write_text(
            runtogether(fmt, data), encoding="utf-8"
        )
        (HERE / f"report_{fmt}_cell_per_line.txt").write_text(
            cell_per_line(fmt, data), encoding="utf-8"
        )
        (HERE / f"report_{fmt}_pdf.txt").write_text(pdf_text(fmt, data), encoding="utf-8")
        (HERE / f"report_{fmt}_traditional.html").write_text(
            to_traditional(html(fmt, data)), encoding="utf-8"
        )
    (HERE / "report_2021_gbk.txt").write_bytes(
        cell_per_line("2021", expected("2021")).encode("gbk")
    )


if __name__ == "__main__":
    main()
