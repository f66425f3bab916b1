"""Demo 公报 (issue 19 §7): a year of monthly issues of the city government's gazette, each
carrying the documents (items with a 文号) its organ subtree published that month, arranged in
the sections by who issued them. Everything goes through the services, so the issues carry
their audit rows and the items' pages their 标准文本 statement.

PDFs: the newest issue gets one (`pdfs`); laying out every issue would make the demo slow on a
server where WeasyPrint subsets the CJK font with fontTools (no HarfBuzz-subset), and an issue
without a PDF is still whole on its page. No font at all: the demo goes on without PDFs.
"""

from __future__ import annotations

from calendar import monthrange
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.models import Item
from gongkai.catalog.selectors import public_items
from gongkai.gazette.defaults import DEFAULT_SECTIONS
from gongkai.gazette.models import GazetteIssue, Section
from gongkai.gazette.services import issues
from gongkai.orgs.models import Organ

#: At most this many documents in one demo issue (a monthly city 公报 prints about 5–15).
PER_ISSUE = 8


@dataclass
class GazetteDemo:
    issues: list[GazetteIssue] = field(default_factory=list)
    entries: int = 0


def _section(item: Item, organ: Organ, sections: dict[str, Section]) -> Section:
    """市政府文件 / 市政府办公室文件 for the government's own, 人事任免 and 规章 by their title and
    文号, 部门文件 for the organs below; 其他 (or the first section) when one was renamed."""
    fallback = sections.get("其他") or next(iter(sections.values()))
    if "任免" in item.title:
        name = "人事任免"
    elif "令" in item.doc_number:  # 规章 are promulgated by a 政府令
        name = "规章"
    elif item.organ_id == organ.pk:
        name = "市政府办公室文件" if "办" in item.doc_number else "市政府文件"
    else:
        name = "部门文件"
    return sections.get(name, fallback)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


@transaction.atomic
def build_gazette(*, organ: Organ, office: Any, year: int, pdfs: int = 1) -> GazetteDemo:
    """One issue per month of `year` that has documents, numbered 第1期, 第2期 … (总期号 as if
    the gazette had been monthly since 2010)."""
    if not Section.objects.filter(active=True).exists():
        # A flushed table (a test run's) or every 栏目 switched off: the defaults again.
        for name, order in DEFAULT_SECTIONS:
            Section.objects.update_or_create(name=name, defaults={"order": order, "active": True})
    sections = {s.name: s for s in Section.objects.filter(active=True).order_by("order")}
    found = (
        public_items()
        .filter(organ__path__startswith=organ.path, published_at__year=year)
        .exclude(doc_number="")
        .exclude(gazette_entries__isnull=False)
        .select_related("organ")
        .order_by("published_at", "pk")
    )
    by_month: dict[int, list[Item]] = {}
    for item in found:
        if item.published_at is None:
            continue
        month = timezone.localtime(item.published_at).month
        by_month.setdefault(month, []).append(item)
    result = GazetteDemo()
    months = sorted(by_month)
    for number, month in enumerate(months, 1):
        issued_on = date(year, month, monthrange(year, month)[1])
        issue = issues.issue_create(
            actor=office,
            organ=organ,
            year=year,
            number=number,
            total_number=(year - 2010) * 12 + number,
            issued_on=issued_on,
            today=issued_on,
        )
        for item in by_month[month][:PER_ISSUE]:
            issues.entry_add(
                actor=office, issue=issue, item=item, section=_section(item, organ, sections)
            )
            result.entries += 1
        if number > len(months) - pdfs:
            # No WeasyPrint or CJK font here: the issue is published without a PDF.
            with suppress(ValidationError):
                issues.pdf_generate(actor=office, issue=issue, now=_at(issued_on))
        issue = issues.issue_publish(actor=office, issue=issue, now=_at(issued_on), make_pdf=False)
        result.issues.append(issue)
    return result
