"""Publication dates on a page: 2024-05-01, 2024/5/1, 2024.05.01, 2024年5月1日.

A date printed as "今天是…" or followed by 星期… is the visitor's clock, not a publication, and
is skipped (a page that shows today's date would otherwise never be stale).
"""

from __future__ import annotations

import re
from datetime import date

_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?"
)
_CLOCK_BEFORE = re.compile(r"(今天是|今日|当前日期|现在是|today)\s*[:：]?\s*$", re.I)
_CLOCK_AFTER = re.compile(r"^\s*(星期|礼拜|周[一二三四五六日天])")


def find_dates(text: str, *, today: date | None = None) -> list[date]:
    """Every plausible date in `text`, in order; dates after `today` are left out."""
    found = []
    for match in _DATE.finditer(text):
        before = text[max(match.start() - 8, 0) : match.start()]
        after = text[match.end() : match.end() + 4]
        if _CLOCK_BEFORE.search(before) or _CLOCK_AFTER.search(after):
            continue
        try:
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
        if today is not None and day > today:
            continue
        found.append(day)
    return found


def newest(text: str, *, today: date | None = None) -> date | None:
    return max(find_dates(text, today=today), default=None)
