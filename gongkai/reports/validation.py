"""Validation of an annual report (legal-rules §2.4 勾稽关系, platform-features §3 R1–R8).

Each finding names its rule, its severity (`error` blocks publication, `warning` needs an
acknowledgement), the cells involved ("table3.<row>.<column>") and says in Chinese what is wrong.
A blank cell means "not reported" (R7): sums that involve a blank are not checked, never
computed as if the blank were 0.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from gongkai.reports import definitions as d
from gongkai.reports.definitions import Finding, Number, ReportData, Table
from gongkai.reports.parsing.normalize import normalize_text

_COL_LABEL = {c.key: (f"{c.group}—{c.label}" if c.group else c.label) for c in d.TABLE3_COLUMNS}
_T4_GROUP = {g.key: g.label for g in d.TABLE4_GROUPS}
_T4_COL = {c.key: c.label for c in d.TABLE4_COLUMNS}
_SIGNED = {"change"}  # 2019 本年增/减 is signed
_DECIMAL = {"amount", "procurement_amount"}


def validate_report(report: ReportData, *, previous: ReportData | None = None) -> list[Finding]:
    findings: list[Finding] = []
    if report.format in d.FORMATS:
        fmt = d.FORMATS[report.format]
        t3 = report.tables.get("table3", {})
        t4 = report.tables.get("table4", {})
        findings += _r1(t3)
        findings += _r2(t3, fmt)
        findings += _r3(t3, fmt)
        findings += _r4(t4)
        findings += _r5(report)
        findings += _r7(report, fmt)
    findings += _r6(report)
    findings += _r8(report, previous)
    return findings


def _int(v: Number) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, Decimal) and v == v.to_integral_value():
        return int(v)
    return None


def _row_label(fmt: d.ReportFormat, key: str) -> str:
    return next((r.label for r in fmt.table3_rows if r.key == key), key)


# ---- R1 一 + 二 = 三（七） + 四, per column ---------------------------------------------------


def _r1(t3: Table) -> list[Finding]:
    out = []
    for col in _COL_LABEL:
        keys = ("new_received", "carried_over", "total_processed", "carried_forward")
        a, b, c, e = (_int(t3.get(k, {}).get(col)) for k in keys)
        if a is None or b is None or c is None or e is None or a + b == c + e:
            continue
        out.append(
            Finding(
                "R1",
                "error",
                [f"table3.{k}.{col}" for k in keys],
                f"表三“{_COL_LABEL[col]}”列：本年新收{a}+上年结转{b}={a + b}，"
                f"不等于办理结果总计{c}+结转下年度{e}={c + e}"
                "（表三勾稽关系：第一项加第二项之和，等于第三项加第四项之和）。",
            )
        )
    return out


# ---- R2 Σ办理结果 = （七）总计, per column ---------------------------------------------------


def _r2(t3: Table, fmt: d.ReportFormat) -> list[Finding]:
    out = []
    leaves = fmt.table3_leaf_keys
    for col in _COL_LABEL:
        total = _int(t3.get("total_processed", {}).get(col))
        parts = [_int(t3.get(k, {}).get(col)) for k in leaves]
        if total is None or any(p is None for p in parts):
            continue
        got = sum(p for p in parts if p is not None)
        if got == total:
            continue
        out.append(
            Finding(
                "R2",
                "error",
                [f"table3.{k}.{col}" for k in (*leaves, "total_processed")],
                f"表三“{_COL_LABEL[col]}”列：办理结果（一）至（六）各项之和为{got}，"
                f"不等于“（七）总计”{total}。",
            )
        )
    return out


# ---- R3 自然人 + 法人或其他组织 = 总计, per row -----------------------------------------------


def _r3(t3: Table, fmt: d.ReportFormat) -> list[Finding]:
    out = []
    for row in fmt.table3_rows:
        cells = t3.get(row.key)
        if not cells:
            continue
        total = _int(cells.get("total"))
        parts = [_int(cells.get(c)) for c in d.TABLE3_PART_COLUMNS]
        if total is None or any(p is None for p in parts):
            continue
        got = sum(p for p in parts if p is not None)
        if got != total:
            out.append(
                Finding(
                    "R3",
                    "error",
                    [f"table3.{row.key}.{c}" for c in (*d.TABLE3_PART_COLUMNS, "total")],
                    f"表三“{row.label}”行：自然人与法人或其他组织各列之和为{got}，"
                    f"不等于“总计”{total}。",
                )
            )
    return out


# ---- R4 table 四: 维持 + 纠正 + 其他 + 尚未审结 = 总计 ----------------------------------------


def _r4(t4: Table) -> list[Finding]:
    out = []
    parts_keys = ("upheld", "corrected", "other", "pending")
    for group, label in _T4_GROUP.items():
        cells = t4.get(group)
        if not cells:
            continue
        total = _int(cells.get("total"))
        parts = [_int(cells.get(k)) for k in parts_keys]
        if total is None or any(p is None for p in parts):
            continue
        got = sum(p for p in parts if p is not None)
        if got != total:
            out.append(
                Finding(
                    "R4",
                    "error",
                    [f"table4.{group}.{k}" for k in (*parts_keys, "total")],
                    f"表四“{label}”：结果维持、结果纠正、其他结果、尚未审结之和为{got}，"
                    f"不等于“总计”{total}。",
                )
            )
    return out


# ---- R7 blank cells and cell values --------------------------------------------------------


def _expected(report: ReportData, fmt: d.ReportFormat) -> list[tuple[str, str, str, str]]:
    """(table, row, column, label) for every cell the format has."""
    cells = []
    for block in fmt.table2:
        for row in block.rows:
            for col in block.columns:
                cells.append(("table2", row.key, col.key, f"“{row.label}—{col.label}”"))
    for row in fmt.table3_rows:
        for col in d.TABLE3_COLUMNS:
            cells.append(("table3", row.key, col.key, f"“{row.label}—{_COL_LABEL[col.key]}”"))
    for group in d.TABLE4_GROUPS:
        for col4 in d.TABLE4_COLUMNS:
            cells.append(("table4", group.key, col4.key, f"“{group.label}—{col4.label}”"))
    return cells


def _r7(report: ReportData, fmt: d.ReportFormat) -> list[Finding]:
    blanks: dict[str, list[tuple[str, str]]] = {}
    out = []
    names = {"table2": "表二", "table3": "表三", "table4": "表四"}
    for table, row, col, label in _expected(report, fmt):
        cells = report.tables.get(table, {}).get(row)
        if cells is None:
            continue  # a missing row is reported by whoever lost it (parser: P2)
        value = cells.get(col)
        ref = f"{table}.{row}.{col}"
        if value is None:
            blanks.setdefault(table, []).append((ref, label))
            continue
        bad = (
            isinstance(value, bool)
            or (col not in _DECIMAL and _int(value) is None)
            or (col not in _SIGNED and value < 0)
        )
        if bad:
            out.append(
                Finding(
                    "R7",
                    "error",
                    [ref],
                    f"{names[table]}{label}的值“{value}”无效：应为"
                    + ("数额" if col in _DECIMAL else "整数")
                    + ("" if col in _SIGNED else "且不能为负数")
                    + "。",
                )
            )
    for table, items in blanks.items():
        shown = "、".join(label for _, label in items[:5]) + ("等" if len(items) > 5 else "")
        out.append(
            Finding(
                "R7",
                "error",
                [ref for ref, _ in items],
                f"{names[table]}有{len(items)}个空白单元格（{shown}）。空白表示未填报，"
                "不能当作0；没有发生的请填0。",
            )
        )
    return out


# ---- R5 narrative figures agree with the tables ----------------------------------------------

_SENTENCE = re.compile(r"[^。;；!?\n]+")
_GAP = r"[^,，。;；\d%]{0,8}?"
# (what, regex, cells whose sum the figure states)
_CLAIMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("予以公开", r"(?<!不)予以公开" + _GAP + r"(\d+)\s*件", ("table3.granted.total",)),
    ("部分公开", r"部分公开" + _GAP + r"(\d+)\s*件", ("table3.partial.total",)),
    ("上年结转", r"上一?年度?结转" + _GAP + r"(\d+)\s*件", ("table3.carried_over.total",)),
    (
        "结转下年度",
        r"结转(?:至|到)?下一?年度?" + _GAP + r"(\d+)\s*件",
        ("table3.carried_forward.total",),
    ),
)
_GROUP_CLAIMS: tuple[tuple[str, str, str], ...] = (
    ("不予公开", r"不予公开" + _GAP + r"(\d+)\s*件", "denied."),
    ("无法提供", r"无法提供" + _GAP + r"(\d+)\s*件", "unable."),
    ("不予处理", r"不予处理" + _GAP + r"(\d+)\s*件", "not_processed."),
)
_RECEIVED = re.compile(r"(?:收到|新收|受理)[^,，。;；\d]{0,20}?申请[^,，。;；\d]{0,8}?(\d+)\s*件")
_NONE_RECEIVED = re.compile(r"(?:未|没有)(?:收到|受理)[^,，。;；\d]{0,20}?申请")
_REVIEW = re.compile(r"行政复议[^,，。;；\d]{0,8}?(\d+)\s*(?:件|起)")
_LITIGATION = re.compile(r"行政诉讼[^,，。;；\d]{0,8}?(\d+)\s*(?:件|起)")
_NO_CASES = re.compile(
    r"(?:未|没有)(?:发生|收到|有|出现)[^,，。;；\d]{0,24}?(?:行政复议|行政诉讼)[^,，。;；\d]{0,24}"
)
_PERCENT = re.compile(r"(\d+)\s*件[^。;；\d%]{0,10}?占[^。;；\d%]{0,15}?(\d+(?:\.\d+)?)\s*%")


def _cell(report: ReportData, ref: str) -> int | None:
    table, row, col = ref.split(".", 2) if ref.count(".") == 2 else (*ref.split(".", 1), "")
    parts = ref.split(".")
    table, col = parts[0], parts[-1]
    row = ".".join(parts[1:-1])
    return _int(report.tables.get(table, {}).get(row, {}).get(col))


def _sum(report: ReportData, refs: Sequence[str]) -> int | None:
    values = [_cell(report, r) for r in refs]
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _r5(report: ReportData) -> list[Finding]:
    if not report.sections:
        return []
    text = normalize_text("\n".join(report.sections.values()))
    fmt = d.FORMATS[report.format]
    out: list[Finding] = []
    claims: list[tuple[str, str, tuple[str, ...]]] = list(_CLAIMS)
    for what, pattern, prefix in _GROUP_CLAIMS:
        refs = tuple(f"table3.{r.key}.total" for r in fmt.table3_rows if r.key.startswith(prefix))
        claims.append((what, pattern, refs))

    def mismatch(
        what: str, said: int, refs: Sequence[str], sentence: str, *alts: int | None
    ) -> None:
        actual = _sum(report, refs)
        if actual is None or said == actual or said in alts:
            return
        out.append(
            Finding(
                "R5",
                "warning",
                list(refs),
                f"正文说{what}{said}件（“{sentence.strip()[:60]}”），表格中为{actual}件。",
            )
        )

    new_total = _cell(report, "table3.new_received.total")
    carried = _cell(report, "table3.carried_over.total")
    both = None if new_total is None or carried is None else new_total + carried
    for sentence in _SENTENCE.findall(text):
        for what, pattern, refs in claims:
            for m in re.finditer(pattern, sentence):
                mismatch(what, int(m.group(1)), refs, sentence)
        if not re.search("复议|诉讼", sentence):
            for m in _RECEIVED.finditer(sentence):
                mismatch(
                    "收到申请", int(m.group(1)), ("table3.new_received.total",), sentence, both
                )
            if _NONE_RECEIVED.search(sentence):
                mismatch("收到申请", 0, ("table3.new_received.total",), sentence)
        for m in _REVIEW.finditer(sentence):
            if "诉讼" not in m.group(0):
                mismatch("行政复议", int(m.group(1)), ("table4.review.total",), sentence)
        for m in _LITIGATION.finditer(sentence):
            if "复议" not in m.group(0):
                refs = ("table4.litigation_direct.total", "table4.litigation_after_review.total")
                mismatch("行政诉讼", int(m.group(1)), refs, sentence)
        for m in _NO_CASES.finditer(sentence):
            if "复议" in m.group(0):
                mismatch("行政复议", 0, ("table4.review.total",), sentence)
            if "诉讼" in m.group(0):
                refs = ("table4.litigation_direct.total", "table4.litigation_after_review.total")
                mismatch("行政诉讼", 0, refs, sentence)
        for m in _PERCENT.finditer(sentence):
            out += _percent(report, int(m.group(1)), m.group(2), sentence)
    return out


def _percent(report: ReportData, count: int, shown: str, sentence: str) -> list[Finding]:
    bases = {
        "table3.new_received.total": _cell(report, "table3.new_received.total"),
        "table3.total_processed.total": _cell(report, "table3.total_processed.total"),
    }
    known = {k: v for k, v in bases.items() if v}
    if not known or count > max(known.values()):
        return []
    pct = Decimal(shown)
    exponent = pct.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 0
    step = Decimal(1).scaleb(-places)
    new, carried = bases["table3.new_received.total"], _cell(report, "table3.carried_over.total")
    candidates = list(known.values()) + ([new + carried] if new and carried else [])
    for base in candidates:
        exact = Decimal(count) * 100 / Decimal(base)
        if abs(exact - pct) <= step:  # rounded or truncated to the shown places
            return []
    return [
        Finding(
            "R5",
            "warning",
            list(known),
            f"正文中的比例{shown}%与{count}件不符：按表三的申请数计算应为"
            + "或".join(f"{Decimal(count) * 100 / Decimal(b):.1f}%" for b in known.values())
            + f"（“{sentence.strip()[:60]}”）。",
        )
    ]


# ---- R6 template residue, dates and years --------------------------------------------------

_RESIDUE = (
    (
        re.compile(r"编写说明|填写说明|此处填写|请填写|可先适当综述|(?:此处|这里)(?:写|填)"),
        "模板说明文字",
    ),
    (re.compile(r"统计期限\s*自\s*至|自\s*年\s*月\s*日\s*(?:起\s*)?至"), "未填写的统计期限"),
    (
        re.compile(r"[Xx×＊*]{2,}\s*(?:年|月|日|局|市|县|区|省|件|条|部门|单位)|[Xx×]{3,}"),
        "XXX 占位符",
    ),
    (re.compile(r"(?<![\d\s])\s+年\s+月\s+日"), "未填写的日期"),
)
_PERIOD = re.compile(
    r"统计(?:期限|时限|区间|时间|周期)[^。]{0,12}?(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
    r"[^。\d]{0,6}(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
)
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_PUBLISHED = re.compile(
    r"(?:发布时间|发布日期|公开日期|成文日期)\s*[:：|]?\s*(\d{4})-(\d{1,2})-(\d{1,2})"
)
_PLAN = re.compile(r"(\d{4})\s*年\s*[,，]\s*(?:我们|我[局区市县办委厅镇乡]|本机关|本单位)?\s*将")


def _r6(report: ReportData) -> list[Finding]:
    text = normalize_text("\n".join(report.sections.values()))
    out: list[Finding] = []
    for pattern, what in _RESIDUE:
        m = pattern.search(text)
        if m:
            out.append(
                Finding(
                    "R6", "error", [], f"正文中留有{what}“{m.group(0).strip()}”，请删除或填写。"
                )
            )
    year = report.year
    for m in _DATE.finditer(text):
        y, mo, da = (int(g) for g in m.groups())
        try:
            date(y, mo, da)
        except ValueError:
            out.append(Finding("R6", "warning", [], f"正文中的日期“{m.group(0)}”不存在。"))
    if year is None:
        return out
    period = _PERIOD.search(text)
    if period:
        y1, m1, d1, y2, m2, d2 = (int(g) for g in period.groups())
        if (y1, m1, d1, y2, m2, d2) != (year, 1, 1, year, 12, 31):
            out.append(
                Finding(
                    "R6",
                    "error",
                    [],
                    f"统计期限写为{y1}年{m1}月{d1}日至{y2}年{m2}月{d2}日，"
                    f"与{year}年度报告的统计期限（{year}年1月1日至{year}年12月31日）不一致。",
                )
            )
    tail = report.sections.get("other", "")[-120:]
    dates = [(int(a), int(b), int(c)) for a, b, c in _PUBLISHED.findall(text)]
    dates += [(int(a), int(b), int(c)) for a, b, c in _DATE.findall(normalize_text(tail))[-1:]]
    for y, mo, da in dates:
        if y <= year:
            out.append(
                Finding(
                    "R6",
                    "error",
                    [],
                    f"落款或发布日期{y}年{mo}月{da}日早于{year}年度统计期结束，年度可能写错。",
                )
            )
            break
    for m in _PLAN.finditer(text):
        if int(m.group(1)) <= year:
            out.append(
                Finding(
                    "R6",
                    "warning",
                    [],
                    f"“{m.group(0)}”：{year}年度报告中的改进计划应针对{year + 1}年，"
                    "年份可能沿用了旧模板。",
                )
            )
            break
    return out


# ---- R8 across years -----------------------------------------------------------------------


def _r8(report: ReportData, previous: ReportData | None) -> list[Finding]:
    out: list[Finding] = []
    stats = report.tables.get("statistics", {})
    for key, cells in stats.items():
        y, cum = _int(cells.get("year")), _int(cells.get("cumulative"))
        if y is not None and cum is not None and cum < y:
            out.append(
                Finding(
                    "R8",
                    "error",
                    [f"statistics.{key}.year", f"statistics.{key}.cumulative"],
                    f"统计表“{key}”的历年累计{cum}小于本年度{y}。",
                )
            )
    if previous is None:
        return out
    t3, p3 = report.tables.get("table3", {}), previous.tables.get("table3", {})
    for col, label in _COL_LABEL.items():
        now = _int(t3.get("carried_over", {}).get(col))
        before = _int(p3.get("carried_forward", {}).get(col))
        if now is None or before is None or now == before:
            continue
        out.append(
            Finding(
                "R8",
                "warning",
                [f"table3.carried_over.{col}"],
                f"表三“{label}”列：本年“上年结转”{now}件，"
                f"与上一年度报告“结转下年度继续办理”{before}件不一致。",
            )
        )
    for key, cells in stats.items():
        now = _int(cells.get("cumulative"))
        before = _int(previous.tables.get("statistics", {}).get(key, {}).get("cumulative"))
        if now is not None and before is not None and now < before:
            out.append(
                Finding(
                    "R8",
                    "warning",
                    [f"statistics.{key}.cumulative"],
                    f"统计表“{key}”的历年累计{now}小于上一年度的{before}，累计数不应减少。",
                )
            )
    if report.format == "2021" and previous.format == "2021":
        out += _in_force(report, previous)
    return out


def _in_force(report: ReportData, previous: ReportData) -> list[Finding]:
    """现行有效件数 ≈ 上年现行有效 + 本年制发 − 本年废止 (soft: amendments break it)."""
    out = []
    for row, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        now = report.tables.get("table2", {}).get(row, {})
        before = _int(previous.tables.get("table2", {}).get(row, {}).get("in_force"))
        issued, repealed, in_force = (_int(now.get(k)) for k in ("issued", "repealed", "in_force"))
        if None in (before, issued, repealed, in_force):
            continue
        expected = before + issued - repealed  # type: ignore[operator]
        if expected != in_force:
            out.append(
                Finding(
                    "R8",
                    "warning",
                    [f"table2.{row}.in_force"],
                    f"表二“{label}”现行有效{in_force}件，按上年{before}件+本年制发{issued}件"
                    f"−本年废止{repealed}件应为{expected}件；如有修订、重新发布请说明。",
                )
            )
    return out
