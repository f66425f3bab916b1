"""Draft text for the six sections of the annual report (Art. 50), written from the figures.

The drafts state counts, year-on-year changes and the main outcomes in plain terms; the 公开办
edits them. Every number in a draft is read from the tables, so R5 (narrative agrees with the
tables) holds for an unedited draft. Parts only the organ can write (problems found, plans,
工作考核/社会评议/责任追究 for governments, Art. 50(四)) are left as a clear prompt in 【】.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from gongkai.reports.definitions import SECTION_KEYS, Number, ReportData, format_for_year
from gongkai.reports.models import Scope
from gongkai.workforce.selectors import Totals, report_totals

if TYPE_CHECKING:
    from gongkai.reports.models import AnnualReport


def _n(value: Number) -> int | Decimal:
    return value if value is not None else 0


def _cell(data: ReportData, table: str, row: str, column: str = "total") -> int | Decimal:
    return _n(data.cell(table, row, column))


def _pct(part: int | Decimal, whole: int | Decimal) -> str:
    if not whole:
        return "0%"
    return f"{Decimal(part) * 100 / Decimal(whole):.1f}%"


def _change(now: int | Decimal, before: int | Decimal | None, unit: str = "件") -> str:
    """“比上年增加3件” / “与上年持平”; empty without a previous year."""
    if before is None:
        return ""
    if now == before:
        return "，与上年持平"
    word = "增加" if now > before else "减少"
    return f"，比上年{word}{abs(now - before)}{unit}"


def _sum_group(data: ReportData, prefix: str) -> int | Decimal:
    rows = data.tables.get("table3", {})
    return sum(
        (_n(cols.get("total")) for key, cols in rows.items() if key.startswith(prefix)), start=0
    )


def _amount(value: int | Decimal) -> str:
    """12.50 → “12.5”, 30.00 → “30” (万元 as a person writes them)."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _workforce(w: Totals) -> str:
    """人员、经费和培训 (issue 20 §4: the figures every 年报 narrative carries), from the
    figures the organs entered with their sources; a prompt names who has not reported."""
    if not w.reported:
        return (
            "【尚未填报本年度政府信息公开工作人员、经费和培训情况，"
            "请在后台“人员经费培训”填报后重新生成本部分，或在此写明。】"
        )
    t = w.totals
    who = f"纳入汇总的{w.reported_count}个机关共有" if w.subtree else "本机关有"
    text = (
        f"{who}政府信息公开工作专职人员{t['fulltime_staff']}人、兼职人员{t['parttime_staff']}人，"
        f"安排政府信息公开工作专项经费{_amount(t['budget'])}万元；"
        f"全年召开政府信息公开工作会议或专题会议{t['meetings']}次，"
        f"举办培训班{t['trainings']}次，接受培训{t['trainees']}人次。"
    )
    if w.missing:
        names = "、".join(line.name for line in w.missing[:10])
        more = f"等{len(w.missing)}个机关" if len(w.missing) > 10 else ""
        text += f"【{names}{more}尚未填报人员、经费和培训情况，以上为已填报机关的合计。】"
    return text


def report_workforce(report: AnnualReport) -> Totals:
    """The hook the drafting services call: the report's organ (or subtree, for a 汇总 report)
    figures of its year, from `gongkai.workforce.selectors`."""
    return report_totals(report.organ, report.year, subtree=report.scope == Scope.SUBTREE)


def _overview(data: ReportData, organ_is_government: bool, workforce: Totals | None) -> str:
    year = data.year
    received = _cell(data, "table3", "new_received")
    processed = _cell(data, "table3", "total_processed")
    text = (
        f"{year}年，{data.organ or '本机关'}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        f"全年新收政府信息公开申请{received}件，办结{processed}件。"
    )
    if workforce is not None:
        text += _workforce(workforce)
    text += (
        "【请概述主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等方面的工作。】"
    )
    if organ_is_government:
        text += "【请说明工作考核、社会评议和责任追究结果情况（《条例》第五十条第（四）项）。】"
    return text


def _proactive(data: ReportData, previous: ReportData | None) -> str:
    fmt = format_for_year(data.year or 2021)
    parts = []
    if fmt.name == "2021":
        issued = _cell(data, "table2", "normative_documents", "issued")
        in_force = _cell(data, "table2", "normative_documents", "in_force")
        before = (
            _cell(previous, "table2", "normative_documents", "issued")
            if previous and previous.format == "2021"
            else None
        )
        parts.append(
            f"本年制发行政规范性文件{issued}件{_change(issued, before)}，现行有效{in_force}件。"
        )
    else:
        made = _cell(data, "table2", "normative_documents", "new_made")
        parts.append(f"本年新制作规范性文件{made}件。")
    parts.append("【请补充通过政府网站、政务新媒体等渠道主动公开政府信息的情况。】")
    return "".join(parts)


def _applications(data: ReportData, previous: ReportData | None) -> str:
    received = _cell(data, "table3", "new_received")
    carried = _cell(data, "table3", "carried_over")
    processed = _cell(data, "table3", "total_processed")
    forward = _cell(data, "table3", "carried_forward")
    before = _cell(previous, "table3", "new_received") if previous else None
    natural = _cell(data, "table3", "new_received", "natural_person")
    granted = _cell(data, "table3", "granted")
    partial = _cell(data, "table3", "partial")
    denied = _sum_group(data, "denied.")
    unable = _sum_group(data, "unable.")
    text = (
        f"本年新收政府信息公开申请{received}件{_change(received, before)}，"
        f"上年结转{carried}件。其中自然人申请{natural}件，占{_pct(natural, received)}。"
        f"本年办结{processed}件，其中予以公开{granted}件，部分公开{partial}件，"
        f"不予公开{denied}件，无法提供{unable}件；结转下年度继续办理{forward}件。"
    )
    if processed:
        text += f"予以公开和部分公开合计占办结总数的{_pct(granted + partial, processed)}。"
    return text


def _review_litigation(data: ReportData) -> str:
    review = _cell(data, "table4", "review")
    direct = _cell(data, "table4", "litigation_direct")
    after = _cell(data, "table4", "litigation_after_review")
    corrected = _cell(data, "table4", "review", "corrected") + _cell(
        data, "table4", "litigation_direct", "corrected"
    )
    corrected += _cell(data, "table4", "litigation_after_review", "corrected")
    text = (
        f"本年因政府信息公开工作被申请行政复议{review}件，"
        f"被提起行政诉讼{direct + after}件（其中未经复议直接起诉{direct}件，复议后起诉{after}件）。"
    )
    if corrected:
        text += f"结果被纠正{corrected}件，【请说明纠错原因及整改情况。】"
    return text


def _problems() -> str:
    return "【请写明本年政府信息公开工作存在的主要问题，以及下一步的改进措施。】"


def _other(data: ReportData) -> str:
    return (
        "【请说明依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，"
        "以及其他需要报告的事项；没有的，写明“无”。】"
    )


def draft_sections(
    data: ReportData,
    *,
    previous: ReportData | None = None,
    organ_is_government: bool = False,
    workforce: Totals | None = None,
) -> dict[str, str]:
    """One draft per section key (`SECTION_KEYS`), from the figures of `data`; with `workforce`
    (`report_workforce(report)`), the overview states the staff, budget and training figures."""
    drafts = {
        "overview": _overview(data, organ_is_government, workforce),
        "proactive": _proactive(data, previous),
        "applications": _applications(data, previous),
        "review_litigation": _review_litigation(data),
        "problems": _problems(),
        "other": _other(data),
    }
    return {key: drafts[key] for key in SECTION_KEYS}


PROMPT_OPEN = "【"


def unfinished_sections(sections: dict[str, str]) -> list[str]:
    """Section keys still holding a 【…】 prompt or left empty: they must be written first."""
    return [
        k for k in SECTION_KEYS if not sections.get(k, "").strip() or PROMPT_OPEN in sections[k]
    ]
