"""Label variants seen in published copies, and the pre-2019 附表 statistics.

The official labels live in `gongkai.reports.definitions`; this module only adds the variants
that real copies print instead (keyed by the same row keys), so the parser can recognise them.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.reports import definitions as d

# row key → extra labels accepted for that row, by table.
TABLE2_ALIASES: dict[str, tuple[str, ...]] = {
    # 2021 copies often keep the 2019 wording (e.g. 沭阳县发改局 2023).
    "normative_documents": ("规范性文件",),
    "fees": ("行政事业收费",),
}
TABLE3_ALIASES: dict[str, tuple[str, ...]] = {
    "new_received": ("本年新收政府信息公开申请数量", "本年新收申请数量"),
    "carried_over": ("上年结转政府信息公开申请数量", "上年结转申请数量"),
    "partial": ("（二）部分公开",),
    "denied.safety_stability": ("3.危及三安全一稳定",),
    "total_processed": ("（七）合计",),
    "carried_forward": ("结转下年度继续办理", "四、结转下年度办理"),
}
TABLE4_ALIASES: dict[str, tuple[str, ...]] = {}

# Markers of the table layouts; the format is read from these, not from the year
# (2020 reports still use the 2019 layout). platform-features §3.
FORMAT_MARKERS: dict[str, tuple[str, ...]] = {
    "2021": (
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年收费金额",
        "申请人逾期未按收费通知要求缴纳费用",
        "申请人无正当理由逾期不补正",
    ),
    "2019": (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "采购项目数量",
        "其他对外管理服务事项",
    ),
    "pre2019": ("历年累计", "指标名称", "计量单位", "政府信息公开情况统计表"),
}

SECTION_ALIASES: dict[str, tuple[str, ...]] = {
    "overview": (d.SECTION_HEADINGS[0], "一、概述", "一、总体概况", "一、基本情况"),
    "proactive": (d.SECTION_HEADINGS[1], "二、主动公开政府信息的情况"),
    "applications": (d.SECTION_HEADINGS[2], "三、政府信息依申请公开工作情况"),
    "review_litigation": (
        d.SECTION_HEADINGS[3],
        "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
        "四、政府信息公开行政复议和行政诉讼情况",
    ),
    "problems": (
        d.SECTION_HEADINGS[4],
        "五、存在问题及改进情况",
        "五、存在的主要问题及整改措施",
        "五、存在的主要问题和改进情况",
        "五、主要问题和改进措施",
    ),
    "other": (d.SECTION_HEADINGS[5], "六、其他需要报告的事项"),
}


# ---- Pre-2019 附表 (政府信息公开情况统计表) -----------------------------------------------
# Before the 2019 national format each province printed its own statistics table: rows of
# 指标名称 | 计量单位 | 本年度 | 历年累计 (legal-rules §2.6). Our representation (JSON
# `tables.statistics`): row key → {"year": number|null, "cumulative": number|null}; table2–4
# stay empty because those layouts did not exist yet.
@dataclass(frozen=True)
class StatRow:
    key: str
    labels: tuple[str, ...]  # first = display label; all are matched


PRE2019_COLUMNS: tuple[d.Column, ...] = (
    d.Column("year", "本年度"),
    d.Column("cumulative", "历年累计"),
)
PRE2019_ROWS: tuple[StatRow, ...] = (
    StatRow(
        "proactive_total",
        ("主动公开政府信息数", "主动公开信息数", "主动公开文件数", "主动公开信息总数"),
    ),
    StatRow("proactive.full_text", ("其中全文电子化的主动公开信息数",)),
    StatRow("proactive.website", ("政府网站公开数", "通过政府网站公开数")),
    StatRow("proactive.gazette", ("政府公报公开数", "通过政府公报公开数")),
    StatRow("proactive.normative", ("主动公开规范性文件数", "新增的行政规范性文件数")),
    StatRow(
        "applications_total",
        ("受理依申请公开信息总数", "依申请公开信息总数", "收到申请数", "申请总数"),
    ),
    StatRow("applications.in_person", ("当面申请数",)),
    StatRow("applications.fax", ("传真申请数",)),
    StatRow("applications.email", ("电子邮件申请数",)),
    StatRow("applications.online", ("网上申请数", "网络申请数")),
    StatRow("applications.post", ("信函、传真申请数", "信函申请数")),
    StatRow("applications.other", ("其它形式申请数", "其他形式申请数")),
    StatRow("replies_total", ("对申请的答复总数", "本年度对申请的答复总数", "申请答复数")),
    StatRow("replies.granted", ("同意公开答复数",)),
    StatRow("replies.partial", ("同意部分公开答复数",)),
    StatRow("replies.denied", ("不予公开答复数", "否决公开答复总数", "不同意公开答复数")),
    StatRow("replies.other", ("其他类型答复数", "其它类型答复数")),
    StatRow("fees", ("政府信息公开收费减免金额", "依申请公开信息收取的费用", "收费金额")),
    StatRow("complaints", ("接受行政诉讼、举报数", "行政申诉数", "举报投诉数量")),
    StatRow("review", ("行政复议数", "行政复议数量")),
    StatRow("litigation", ("行政诉讼数", "行政诉讼数量")),
)
STAT_UNITS = ("万元", "人次", "条", "件", "元", "个", "次", "项", "人", "期")
