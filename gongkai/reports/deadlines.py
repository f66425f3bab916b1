"""Statutory publication deadlines of the annual report (Art. 49) and who has missed them.

Art. 49: 县级以上人民政府部门 submit and publish by 31 January; 县级以上地方人民政府 publish by
31 March. Townships (乡镇、街道) are not covered by Art. 49 and local practice varies, so their
deadline is a setting: `GONGKAI["ANNUAL_REPORT_TOWNSHIP_DEADLINE"]` as "MM-DD" (default 03-31).
Other deadlines can be overridden the same way (`ANNUAL_REPORT_DEPARTMENT_DEADLINE`,
`ANNUAL_REPORT_GOVERNMENT_DEADLINE`). Before 2019 every organ had until 31 March.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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

    organs = list(root.subtree().order_by("path"))
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
