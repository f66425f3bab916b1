"""Declarative definitions of the statutory annual-report tables (legal-rules §2).

Two national formats: 2021 (国办公开办函〔2021〕30号, reports for 2021 onwards) and 2019 trial
(国办公开办函〔2019〕60号, reports for 2019–2020). Labels are the official ones; keys are ours and
are the contract of the JSON output (`gongkai report parse`, `gongkai report build`).
Builders, validators, parsers and writers all read these definitions; none repeats a label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

FormatName = Literal["2021", "2019", "pre2019"]
Number = int | Decimal | None
Table = dict[str, dict[str, Number]]  # row key → column key → number (None = blank cell)

SECTION_HEADINGS: tuple[str, ...] = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
SECTION_KEYS: tuple[str, ...] = (
    "overview",
    "proactive",
    "applications",
    "review_litigation",
    "problems",
    "other",
)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    group: str = ""  # e.g. "（三）不予公开" for its sub-rows
    leaf: bool = True  # counted in R2's sum of results


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str = ""


@dataclass(frozen=True)
class Block:
    """One part of table 二: a 第二十条 item with its rows and columns."""

    article: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]


# ---- Table 二 (proactive disclosure) ------------------------------------------------------

TABLE2_2021: tuple[Block, ...] = (
    Block(
        "第二十条第（一）项",
        (Row("regulations", "规章"), Row("normative_documents", "行政规范性文件")),
        (
            Column("issued", "本年制发件数"),
            Column("repealed", "本年废止件数"),
            Column("in_force", "现行有效件数"),
        ),
    ),
    Block(
        "第二十条第（五）项",
        (Row("licensing", "行政许可"),),
        (Column("decisions", "本年处理决定数量"),),
    ),
    Block(
        "第二十条第（六）项",
        (Row("punishment", "行政处罚"), Row("coercion", "行政强制")),
        (Column("decisions", "本年处理决定数量"),),
    ),
    Block(
        "第二十条第（八）项",
        (Row("fees", "行政事业性收费"),),
        (Column("amount", "本年收费金额（单位：万元）"),),
    ),
)

TABLE2_2019: tuple[Block, ...] = (
    Block(
        "第二十条第（一）项",
        (Row("regulations", "规章"), Row("normative_documents", "规范性文件")),
        (
            Column("new_made", "本年新制作数量"),
            Column("new_published", "本年新公开数量"),
            Column("total_published", "对外公开总数量"),
        ),
    ),
    Block(
        "第二十条第（五）项",
        (Row("licensing", "行政许可"), Row("other_services", "其他对外管理服务事项")),
        (
            Column("last_year_items", "上一年项目数量"),
            Column("change", "本年增/减"),
            Column("decisions", "处理决定数量"),
        ),
    ),
    Block(
        "第二十条第（六）项",
        (Row("punishment", "行政处罚"), Row("coercion", "行政强制")),
        (
            Column("last_year_items", "上一年项目数量"),
            Column("change", "本年增/减"),
            Column("decisions", "处理决定数量"),
        ),
    ),
    Block(
        "第二十条第（八）项",
        (Row("fees", "行政事业性收费"),),
        (Column("last_year_items", "上一年项目数量"), Column("change", "本年增/减")),
    ),
    Block(
        "第二十条第（九）项",
        (Row("procurement", "政府集中采购"),),
        (Column("procurement_items", "采购项目数量"), Column("procurement_amount", "采购总金额")),
    ),
)

# ---- Table 三 (applications received and processed) ------------------------------------------

TABLE3_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业", "法人或其他组织"),
    Column("research", "科研机构", "法人或其他组织"),
    Column("social_welfare", "社会公益组织", "法人或其他组织"),
    Column("legal_services", "法律服务机构", "法人或其他组织"),
    Column("other", "其他", "法人或其他组织"),
    Column("total", "总计"),
)
TABLE3_PART_COLUMNS = tuple(c.key for c in TABLE3_COLUMNS if c.key != "total")

_RESULTS_GROUP = "三、本年度办理结果"
_DENIED = "（三）不予公开"
_UNABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"

_TABLE3_HEAD = (
    Row("new_received", "一、本年新收政府信息公开申请数量", leaf=False),
    Row("carried_over", "二、上年结转政府信息公开申请数量", leaf=False),
    Row("granted", "（一）予以公开", _RESULTS_GROUP),
    Row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", _RESULTS_GROUP),
    Row("denied.state_secret", "1.属于国家秘密", _DENIED),
    Row("denied.law_forbidden", "2.其他法律行政法规禁止公开", _DENIED),
    Row("denied.safety_stability", "3.危及“三安全一稳定”", _DENIED),
    Row("denied.third_party", "4.保护第三方合法权益", _DENIED),
    Row("denied.internal_affairs", "5.属于三类内部事务信息", _DENIED),
    Row("denied.process_info", "6.属于四类过程性信息", _DENIED),
    Row("denied.enforcement_file", "7.属于行政执法案卷", _DENIED),
    Row("denied.admin_query", "8.属于行政查询事项", _DENIED),
    Row("unable.not_held", "1.本机关不掌握相关政府信息", _UNABLE),
    Row("unable.needs_creation", "2.没有现成信息需要另行制作", _UNABLE),
    Row("unable.still_unclear", "3.补正后申请内容仍不明确", _UNABLE),
    Row("not_processed.petition", "1.信访举报投诉类申请", _NOT_PROCESSED),
    Row("not_processed.duplicate", "2.重复申请", _NOT_PROCESSED),
    Row("not_processed.publication", "3.要求提供公开出版物", _NOT_PROCESSED),
    Row("not_processed.excessive", "4.无正当理由大量反复申请", _NOT_PROCESSED),
    Row("not_processed.confirm_reissue", "5.要求行政机关确认或重新出具已获取信息", _NOT_PROCESSED),
)
_TABLE3_TAIL = (
    Row("total_processed", "（七）总计", _RESULTS_GROUP, leaf=False),
    Row("carried_forward", "四、结转下年度继续办理", leaf=False),
)

TABLE3_ROWS_2021: tuple[Row, ...] = (
    *_TABLE3_HEAD,
    Row(
        "other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        _OTHER,
    ),
    Row(
        "other.no_fee_payment",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        _OTHER,
    ),
    Row("other.other", "3.其他", _OTHER),
    *_TABLE3_TAIL,
)
# 2019 trial format: （六）其他处理 is one row (= 2021 （六）1+2+3).
TABLE3_ROWS_2019: tuple[Row, ...] = (
    *_TABLE3_HEAD,
    Row("other", "（六）其他处理", _RESULTS_GROUP),
    *_TABLE3_TAIL,
)
TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# ---- Table 四 (reconsideration and litigation) -----------------------------------------------

TABLE4_GROUPS: tuple[Row, ...] = (
    Row("review", "行政复议"),
    Row("litigation_direct", "未经复议直接起诉", "行政诉讼"),
    Row("litigation_after_review", "复议后起诉", "行政诉讼"),
)
TABLE4_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)


@dataclass(frozen=True)
class ReportFormat:
    name: FormatName
    title: str
    table2: tuple[Block, ...]
    table3_rows: tuple[Row, ...]

    @property
    def table3_leaf_keys(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.table3_rows if r.leaf)


FORMATS: dict[str, ReportFormat] = {
    "2021": ReportFormat("2021", "国办公开办函〔2021〕30号格式", TABLE2_2021, TABLE3_ROWS_2021),
    "2019": ReportFormat(
        "2019", "国办公开办函〔2019〕60号格式（试行）", TABLE2_2019, TABLE3_ROWS_2019
    ),
}


def format_for_year(year: int) -> ReportFormat:
    """Reports for 2019–2020 use the trial format, 2021 onwards the 2021 format."""
    return FORMATS["2019"] if year <= 2020 else FORMATS["2021"]


@dataclass
class Finding:
    """One validation result: which rule, how bad, which cells, what is wrong (in Chinese)."""

    rule: str  # "R1" … "R8"
    severity: Literal["error", "warning"]
    cells: list[str]  # "table3.new_received.total", …
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "cells": list(self.cells),
            "message": self.message,
        }


@dataclass
class ReportData:
    """A report as data: what builders produce, parsers extract and writers/validators read."""

    format: FormatName
    year: int | None
    organ: str | None
    tables: dict[str, Table] = field(default_factory=dict)  # "table2", "table3", "table4"
    sections: dict[str, str] = field(default_factory=dict)  # SECTION_KEYS → narrative text

    def cell(self, table: str, row: str, column: str) -> Number:
        return self.tables.get(table, {}).get(row, {}).get(column)
