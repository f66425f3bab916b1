"""Demo annual reports, as a body would have them on the day the demo is loaded: the last report
whose statutory deadline has passed is published through the catalog workflow, and the next one
is a draft (`report_years`); the draft of the first body carries deliberate mistakes the checks
flag (R5 narrative figure, R6 template residue, R7 blank cells, N1 prompts).

Exactly one report per organ and year: the years before those two are the published history
(`gongkai.demo.content` plans them as items, their bodies from `historic_report_body`, with the
statutory tables), and the years from `report_years` on are this module's only.

Call after organs, users and applications exist, inside the demo transaction:

    from gongkai.demo.reports import build_reports
    build_reports(organs=result.organs, rng=rng)   # DemoOrgan list (or plain Organ list)
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gongkai.catalog.models import Item
from gongkai.catalog.services import workflow
from gongkai.catalog.services.index_numbers import next_index_number
from gongkai.orgs.models import Organ, Role
from gongkai.reports import services
from gongkai.reports.builders import manual_cells
from gongkai.reports.deadlines import report_year_in_preparation
from gongkai.reports.definitions import (
    TABLE3_COLUMNS,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
    ReportData,
    format_for_year,
)
from gongkai.reports.models import AnnualReport
from gongkai.reports.narrative import draft_sections
from gongkai.reports.selectors import finding_key, report_check, report_data
from gongkai.reports.writers.html import body_html

#: How often each 办理结果 occurs in the demo's history (table 三 rows; others 0.2).
HISTORIC_OUTCOME_WEIGHTS = {
    "granted": 5.0,
    "partial": 1.5,
    "unable.not_held": 3.0,
    "denied.process_info": 0.6,
    "not_processed.petition": 0.5,
}

SOURCES = {
    "licensing": "行政审批系统年度统计",
    "punishment": "行政执法监督平台导出",
    "coercion": "行政执法监督平台导出",
    "fees": "本机关财务部门提供",
    "regulations": "本机关法制机构提供",
}


def _figures(report: AnnualReport, rng: random.Random) -> dict[str, tuple[str, str]]:
    """A figure for every table 二 cell the platform left blank."""
    data = report_data(report)
    figures = {}
    for key in manual_cells(format_for_year(report.year)):
        row, column = key.split(".")[1:]
        if data.cell("table2", row, column) is not None:
            continue
        if column == "amount":
            value = f"{rng.randint(0, 5000) / 100:.2f}"
        elif column == "change":
            value = str(rng.randint(-3, 3))
        elif row == "regulations":
            value = "0"
        else:
            value = str(rng.randint(0, 400))
        figures[key] = (value, SOURCES.get(row, "本机关统计"))
    return figures


def _finished(sections: dict[str, str]) -> dict[str, str]:
    """Replace the 【】 prompts with the kind of sentence an office would write."""
    done = {}
    for key, text in sections.items():
        head = text.split("【")[0]
        done[key] = head + {
            "overview": "本机关坚持以公开为常态、不公开为例外，持续加强政府信息管理和平台建设。",
            "proactive": "通过门户网站政府信息公开专栏和政务新媒体及时发布各类信息。",
            "problems": "政策解读形式还不够丰富。下一步将加强图解、视频等多样化解读。",
            "other": "本年度未收取信息处理费。无其他需要报告的事项。",
        }.get(key, "")
    return done


def _users(entry: Any) -> dict[str, Any]:
    return dict(getattr(entry, "users", {}) or {})


def _publish(report: AnnualReport, users: dict[str, Any], rng: random.Random) -> AnnualReport:
    """Publish through the catalog workflow, dated in the January after the report year.

    Like the history loader, the 索引号 is reserved for the planned day first (the workflow keeps
    an existing number), and afterwards only date columns are moved into the past.
    """
    admin = users[Role.ORGAN_ADMIN]
    for warning in report_check(report).open_warnings:
        report = services.report_acknowledge(actor=admin, report=report, key=finding_key(warning))
    report = services.report_publish(actor=admin, report=report)
    item = report.item
    if item is None:  # report_publish always files the item
        raise RuntimeError("年度报告没有生成公开目录信息")
    if item.organ.review_step:  # the organ's 审核 step comes before 保密审查
        item = workflow.item_approve_review(actor=users[Role.REVIEWER], item=item)
    for finding in item.findings.all():
        workflow.finding_acknowledge(actor=users[Role.SECRECY], finding=finding)
    item = workflow.item_pass_secrecy(
        actor=users[Role.SECRECY],
        item=item,
        opinion="经审查，不涉及国家秘密、工作秘密和个人隐私，同意公开。",
    )
    # Art. 49: departments publish by 31 January, governments by 31 March.
    day = date(report.year + 1, 1, rng.randint(12, 28))
    Item.objects.filter(pk=item.pk).update(index_number=next_index_number(organ=item.organ, on=day))
    workflow.item_publish(actor=users[Role.APPROVER], item=item)
    moment = datetime.combine(day, time(10, 0), tzinfo=timezone.get_current_timezone())
    Item.objects.filter(pk=item.pk).update(
        formed_on=day - timedelta(days=7), written_on=day - timedelta(days=7), published_at=moment
    )
    services.report_follow_item(item_id=item.pk, item_event="publish")  # before the commit
    AnnualReport.objects.filter(pk=report.pk).update(published_at=moment)
    report.refresh_from_db()
    return report


def _with_errors(report: AnnualReport, admin: Any) -> AnnualReport:
    """Deliberate mistakes: a wrong count in the text, template residue, blank figures."""
    sections = _finished(report.sections)
    received = report.sections["applications"]
    sections["applications"] = received.replace(
        "本年新收政府信息公开申请", "本年新收政府信息公开申请1", 1
    )
    sections["other"] = "本报告所列数据的统计期限自至。XXX"
    sections["problems"] = report.sections["problems"]  # prompt left in place
    report = services.report_save_sections(actor=admin, report=report, sections=sections)
    figures = _figures(report, random.Random(report.year))
    figures.pop("table2.licensing.decisions", None)
    figures.pop("table2.fees.amount", None)
    return services.report_save_figures(actor=admin, report=report, figures=figures)


def _historic_table3(rng: random.Random, year: int) -> dict[str, dict[str, Any]]:
    """Table 三 of a year before the platform: each case received and answered in the year (none
    carried over either way, as the demo's own applications start later, so R8 holds across
    every year of the history)."""
    fmt = format_for_year(year)
    columns = [c.key for c in TABLE3_COLUMNS]
    table: dict[str, dict[str, Any]] = {r.key: dict.fromkeys(columns, 0) for r in fmt.table3_rows}
    results = list(fmt.table3_leaf_keys)
    weights = [HISTORIC_OUTCOME_WEIGHTS.get(key, 0.2) for key in results]
    organisations = [c for c in columns if c not in {"natural_person", "total"}]
    for _ in range(rng.randint(4, 60)):
        column = "natural_person" if rng.random() < 0.7 else rng.choice(organisations)
        outcome = rng.choices(results, weights)[0]
        for row in ("new_received", outcome, "total_processed"):
            table[row][column] += 1
            table[row]["total"] += 1
    return table


def _historic_table4(rng: random.Random) -> dict[str, dict[str, Any]]:
    columns = [c.key for c in TABLE4_COLUMNS]
    table: dict[str, dict[str, Any]] = {g.key: dict.fromkeys(columns, 0) for g in TABLE4_GROUPS}
    for group in table:
        for _ in range(rng.choice((0, 0, 0, 1, 2))):
            result = rng.choice(("upheld", "upheld", "corrected", "other"))
            table[group][result] += 1
            table[group]["total"] += 1
    return table


def _historic_table2(rng: random.Random, year: int) -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {}
    for block in format_for_year(year).table2:
        for row in block.rows:
            table[row.key] = {}
            for column in block.columns:
                if column.key in {"amount", "procurement_amount"}:
                    value: Any = Decimal(rng.randint(0, 5000)) / 100
                elif row.key == "regulations":
                    value = 0
                elif column.key in {"in_force", "total_published", "last_year_items"}:
                    value = rng.randint(10, 60)
                elif column.key == "change":
                    value = rng.randint(-3, 3)
                elif row.key == "normative_documents":
                    value = rng.randint(0, 8)
                else:
                    value = rng.randint(0, 400)
                table[row.key][column.key] = value
    return table


def historic_report_body(rng: random.Random, *, organ: str, year: int, is_government: bool) -> str:
    """The body of an annual report published before the platform (the demo's history): the
    six parts and the statutory tables in the year's format, as the report writer lays them
    out, with figures that pass the checks (R1–R8)."""
    data = ReportData(
        format=format_for_year(year).name,
        year=year,
        organ=organ,
        tables={
            "table2": _historic_table2(rng, year),
            "table3": _historic_table3(rng, year),
            "table4": _historic_table4(rng),
        },
    )
    data.sections = _finished(
        draft_sections(data, previous=None, organ_is_government=is_government)
    )
    return body_html(data)


def report_years(today: date) -> tuple[int, int]:
    """(year of the published report, year of the draft) on `today`: the draft is the report
    an office would be preparing (`report_year_in_preparation`: last year's until the end of
    March, Art. 49), the one before it is published. Demo applications cover last year and
    this year."""
    draft = report_year_in_preparation(today)
    return draft - 1, draft


def build_reports(*, organs: Sequence[Any], rng: random.Random) -> list[AnnualReport]:
    """A published report and a draft (`report_years`) for each body that has a 公开办管理员
    account."""
    published_year, draft_year = report_years(timezone.localdate())
    made: list[AnnualReport] = []
    for index, entry in enumerate(organs):
        organ: Organ = getattr(entry, "organ", entry)
        users = _users(entry)
        admin = users.get(Role.ORGAN_ADMIN)
        if admin is None:
            continue
        older = services.report_open(actor=admin, organ=organ, year=published_year)
        older = services.report_save_figures(
            actor=admin, report=older, figures=_figures(older, rng)
        )
        older = services.report_save_sections(
            actor=admin, report=older, sections=_finished(older.sections)
        )
        made.append(_publish(older, users, rng))
        draft = services.report_open(actor=admin, organ=organ, year=draft_year)
        if index == 0:
            draft = _with_errors(draft, admin)
        else:
            draft = services.report_save_figures(
                actor=admin, report=draft, figures=_figures(draft, rng)
            )
        made.append(draft)
    return made
