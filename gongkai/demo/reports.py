"""Demo annual reports, as a body would have them on the day the demo is loaded: the last report
whose statutory deadline has passed is published through the catalog workflow, and the next one
is a draft (`report_years`); the draft of the first body carries deliberate mistakes the checks
flag (R5 narrative figure, R6 template residue, R7 blank cells, N1 prompts).

Call after organs, users and applications exist, inside the demo transaction:

    from gongkai.demo.reports import build_reports
    build_reports(organs=result.organs, rng=rng)   # DemoOrgan list (or plain Organ list)
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from gongkai.catalog.models import Item
from gongkai.catalog.services import workflow
from gongkai.catalog.services.index_numbers import next_index_number
from gongkai.orgs.models import Organ, Role
from gongkai.reports import services
from gongkai.reports.builders import manual_cells
from gongkai.reports.deadlines import report_year_in_preparation
from gongkai.reports.definitions import format_for_year
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import finding_key, report_check, report_data

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
    for finding in item.findings.all():
        workflow.finding_acknowledge(actor=users[Role.SECRECY], finding=finding)
    item = workflow.item_pass_secrecy(actor=users[Role.SECRECY], item=item)
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
