"""Audit actions of the annual reports outside their transition table.

The report's transitions (report.create, report.submit_publication, report.published,
report.returned, report.withdrawn, report.reopen) derive theirs from the event table in
`gongkai.reports.transitions` (`REPORT_MACHINE.actions`). Values are the strings audited before
these enums existed, so old audit rows keep their meaning.
"""

from gongkai.core.audit import AuditAction, AuditDataLabels


class ReportAudit(AuditAction):
    FIGURES = "report.figures", "保存人工填报数据"
    SECTIONS = "report.sections", "保存报告正文"
    ACKNOWLEDGE = "report.acknowledge", "确认检查提示"
    SUBMIT_UPWARD = "report.submit_upward", "向上级机关报送统计数据"
    QUARTERLY_SUBMIT = "report.quarterly_submit", "报送季度统计"
    QUARTERLY_RESUBMIT = "report.quarterly_resubmit", "重新报送季度统计"
    IMPORT = "report.import", "导入历年年度报告"


_TABLES = {"table2": "表二", "table3": "表三", "table4": "表四"}


def cell_label(key: object) -> str:
    """A cell key of the tables (`table2.licensing.decisions`) as the official labels read:
    表二 行政许可 本年处理决定数量."""
    from gongkai.reports.definitions import FORMATS, TABLE3_COLUMNS, TABLE4_COLUMNS, TABLE4_GROUPS

    parts = str(key).split(".")
    if len(parts) < 3 or parts[0] not in _TABLES:
        return str(key)
    table, row, column = parts[0], ".".join(parts[1:-1]), parts[-1]
    rows: dict[str, str] = {g.key: g.label for g in TABLE4_GROUPS}
    columns: dict[str, str] = {c.key: c.label for c in (*TABLE3_COLUMNS, *TABLE4_COLUMNS)}
    for fmt in reversed(list(FORMATS.values())):  # the current (2021) labels win
        rows.update({r.key: r.label for r in fmt.table3_rows})
        for block in fmt.table2:
            rows.update({r.key: r.label for r in block.rows})
            columns.update({c.key: c.label for c in block.columns})
    return f"{_TABLES[table]} {rows.get(row, row)} {columns.get(column, column)}"


def section_label(key: object) -> str:
    from gongkai.reports.definitions import SECTION_HEADINGS, SECTION_KEYS

    return dict(zip(SECTION_KEYS, SECTION_HEADINGS, strict=True)).get(str(key), str(key))


def _item_event(value: object) -> str:
    from gongkai.catalog.transitions import Event

    return str(dict(Event.choices).get(str(value), value))


def _scope(value: object) -> str:
    from gongkai.reports.models import Scope

    return str(dict(Scope.choices).get(str(value), value))


#: How the data of these actions reads in the 办理记录 (`gongkai.core.audit.audit_data_text`).
AUDIT_DATA = AuditDataLabels(
    labels={
        "scope": "统计范围",
        "quarter": "季度",
        "rule": "检查规则",
        "cells": "单元格",
        "item_event": "公开目录中的操作",
        "index_number": "索引号",
        "source_url": "原文地址",
        "findings": "发现问题（个）",
        "errors": "其中错误（个）",
        f"{ReportAudit.FIGURES.value}:changed": "修改的数据",
        f"{ReportAudit.SECTIONS.value}:changed": "修改的部分",
        f"{ReportAudit.SUBMIT_UPWARD.value}:on": "报送日期",
    },
    values={
        "scope": _scope,
        "cells": cell_label,
        "item_event": _item_event,
        f"{ReportAudit.FIGURES.value}:changed": cell_label,
        f"{ReportAudit.SECTIONS.value}:changed": section_label,
    },
    # Row ids (the catalog item, the person who acted on it, the parent organ): the page shows
    # the item and the organ; the item's own record names the person.
    hidden=frozenset({"item", "item_actor", "withdrawn_item", "report.submit_upward:parent"}),
)
