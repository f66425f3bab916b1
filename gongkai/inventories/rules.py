"""Rules of the lists (issue 19 §3), one pure function each, citing where the rule comes from."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path

from gongkai.core.conf import gongkai_settings
from gongkai.inventories.models import GUIDE_ELEMENTS

DATA = Path(__file__).resolve().parent / "data"


def _lines(name: str) -> tuple[str, ...]:
    text = (DATA / name).read_text(encoding="utf-8")
    rows = (line.strip() for line in text.splitlines())
    return tuple(row for row in rows if row and not row.startswith("#"))


@cache
def power_types() -> tuple[str, ...]:
    """事项类型 of a 权责清单 entry: the ten 行政职权 categories (中办发〔2015〕21号《关于推行地方
    各级政府工作部门权力清单制度的指导意见》: 行政许可、行政处罚、行政强制、行政征收、行政给付、
    行政检查、行政确认、行政奖励、行政裁决和其他类别). Data (`data/power_types.txt`), not code:
    each province's 编制规范 may name them differently."""
    return _lines("power_types.txt")


@cache
def withholding_clauses() -> tuple[str, ...]:
    """The usual 依据条款 of a 负面清单 entry (条例 Art. 14, 15, 16), offered as hints."""
    return _lines("withholding_clauses.txt")


def guide_missing_elements(elements: Mapping[str, str]) -> list[str]:
    """The elements a 办事指南 lacks, by label (empty: the guide is complete).

    《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号) checks 办事指南 for complete and
    accurate elements; a guide whose elements are missing counts as 服务不实用 (办事指南要素
    缺失). Which eight elements (依据、条件、材料、流程、时限、收费、地点、咨询电话) is the issue's
    reading of that indicator (DERIVED: `models.GUIDE_ELEMENTS`). A value of only blanks is
    missing; “不收费” or “无” written out is an answer, not a gap."""
    return [label for name, label in GUIDE_ELEMENTS if not str(elements.get(name) or "").strip()]


def add_months(day: date, months: int) -> date:
    """The same day `months` later (31 January + 1 month → 28/29 February)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_period_months(months: int | None) -> int:
    """An entry's 复核周期, or the platform's default (`INVENTORIES_REVIEW_MONTHS`, 12 unless
    the site sets another: the period is local practice)."""
    return months if months else gongkai_settings().INVENTORIES_REVIEW_MONTHS


def next_review_date(*, reviewed_on: date, months: int | None = None) -> date:
    """负面清单 entries are 定期复核 (《关于全面推进政务公开工作的意见》中办发〔2016〕8号 and the
    负面清单 practice it asks for: 动态调整): the next review is one period after the last."""
    return add_months(reviewed_on, review_period_months(months))


def review_overdue(*, next_review_on: date | None, today: date) -> bool:
    """A review is due on its date and overdue after it; an entry without a date is due now."""
    return next_review_on is None or next_review_on <= today
