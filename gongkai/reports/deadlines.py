"""Statutory publication deadlines of the annual report (Art. 49) and who has missed them.

Art. 49: 县级以上人民政府部门 submit and publish by 31 January; 县级以上地方人民政府 publish by
31 March. Townships (乡镇、街道) are not covered by Art. 49 and local practice varies, so their
deadline is a setting: `GONGKAI["ANNUAL_REPORT_TOWNSHIP_DEADLINE"]` as "MM-DD" (default 03-31).
Other deadlines can be overridden the same way (`ANNUAL_REPORT_DEPARTMENT_DEADLINE`,
`ANNUAL_REPORT_GOVERNMENT_DEADLINE`). Before 2019 every organ had until 31 March.

The other side of the same article: the report is on the previous calendar year, so it (and
the 季报 on a quarter) is submitted only once its period has ended (`period_not_ended`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from gongkai.core.conf import gongkai_settings
from gongkai.orgs.models import Organ

# Each kind's deadline is GONGKAI["ANNUAL_REPORT_<KIND>_DEADLINE"], default in core/conf.py.
KINDS = ("department", "government", "township")
REVISED_FROM_YEAR = 2019  # the revised 条例 applies to the reports on 2019 onwards


def _setting(kind: str) -> tuple[int, int]:
    raw = str(getattr(gongkai_settings(), f"ANNUAL_REPORT_{kind.upper()}_DEADLINE"))
    try:
        month, day = (int(x) for x in raw.split("-"))
        date(2001, month, day)
    except ValueError:
        raise ImproperlyConfigured(
            f"GONGKAI['ANNUAL_REPORT_{kind.upper()}_DEADLINE'] 应为“MM-DD”，例如 03-31。"
        ) from None
    return month, day


def deadline_kind(organ: Organ) -> str:
    if organ.level == Organ.Level.TOWNSHIP:
        return "township"
    return "government" if organ.kind == Organ.Kind.GOVERNMENT else "department"


def deadline_for(organ: Organ, year: int) -> date:
    """The last day to publish the report on `year` (in year + 1)."""
    if year < REVISED_FROM_YEAR:
        return date(year + 1, 3, 31)
    month, day = _setting(deadline_kind(organ))
    return date(year + 1, month, day)


def period_not_ended(*, end: date, today: date, period: str, action: str) -> str | None:
    """Statistics are reported for a period that has ended, never for one still running.

    Art. 49: the annual report is on the previous calendar year (“上一年度”), published by
    31 January / 31 March of the year after it; the 季报 follows the same logic for its
    quarter. Figures of a running period would change after publication. The reason names the
    period and the first day the action is possible; None when `end` has passed.
    """
    if today > end:
        return None
    first = end + timedelta(days=1)
    return (
        f"{period}尚未结束（统计截至{end.year}年{end.month}月{end.day}日），"
        f"{first.year}年{first.month}月{first.day}日起才能{action}。"
    )


def report_year_not_ended(*, year: int, today: date, action: str = "提交发布") -> str | None:
    """Art. 49: the annual report covers the previous calendar year: a report on `year` is
    submitted (提交发布, 报送上级) from 1 January of the year after."""
    reason = period_not_ended(
        end=date(year, 12, 31), today=today, period=f"{year}年度", action=action
    )
    if reason is None:
        return None
    return (
        f"{reason}年度报告统计的是上一年度的情况（《条例》第四十九条），当年的报告只能先编制草稿。"
    )


def quarter_not_ended(*, year: int, quarter: int, end: date, today: date) -> str | None:
    """The 季报 of a quarter is submitted after the quarter has ended (same rule as Art. 49)."""
    return period_not_ended(end=end, today=today, period=f"{year}年第{quarter}季度", action="报送")


def report_year_in_preparation(today: date) -> int:
    """The report year an office works on at `today`: last year's until the latest deadline
    for it has passed (31 March by default), then this year's."""
    month, day = max(_setting(kind) for kind in KINDS)
    return today.year - 1 if today <= date(today.year, month, day) else today.year


@dataclass(frozen=True)
class DeadlineRow:
    organ: Organ
    depth: int
    deadline: date
    report: Any  # AnnualReport | None (本机关 scope)
    published_on: date | None

    @property
    def state(self) -> str:
        """published | late (published after the deadline) | overdue | pending"""
        if self.published_on is not None:
            return "late" if self.published_on > self.deadline else "published"
        return "overdue" if timezone.localdate() > self.deadline else "pending"

    @property
    def state_label(self) -> str:
        return {
            "published": "已按时发布",
            "late": "逾期发布",
            "overdue": "逾期未发布",
            "pending": "未发布（未到期限）",
        }[self.state]


def deadline_rows(root: Organ, year: int) -> list[DeadlineRow]:
    """Every body in the subtree of `root`, with its deadline and whether it has published."""
    from gongkai.reports.models import AnnualReport, Scope

    organs = list(root.subtree().order_by("tree_key"))
    reports = {
        r.organ_id: r
        for r in AnnualReport.objects.filter(
            organ__in=organs, year=year, scope=Scope.SELF
        ).select_related("item")
    }
    base = root.path.count("/")
    rows = []
    for organ in organs:
        report = reports.get(organ.pk)
        published = None
        # A withdrawn report (its item 撤回) is no longer published: the organ owes one again.
        if (
            report is not None
            and report.status == AnnualReport.Status.PUBLISHED
            and report.published_at is not None
        ):
            published = timezone.localtime(report.published_at).date()
        rows.append(
            DeadlineRow(
                organ=organ,
                depth=organ.path.count("/") - base,
                deadline=deadline_for(organ, year),
                report=report,
                published_on=published,
            )
        )
    return rows
