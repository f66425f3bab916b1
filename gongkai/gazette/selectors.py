"""Reads of the 公报: public issues and entries, the staff's issues, the item picker."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from gongkai.catalog.models import Item
from gongkai.catalog.selectors import public_items
from gongkai.gazette.models import GazetteEntry, GazetteIssue, IssueStatus, Section
from gongkai.gazette.transitions import EDITORS
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import organ_q, role_map

PICKER_SIZE = 30
SEARCH_SIZE = 100


# ---- public --------------------------------------------------------------------------------


def published_issues() -> QuerySet[GazetteIssue]:
    return GazetteIssue.objects.filter(status=IssueStatus.PUBLISHED).select_related("organ")


def public_issue_pages() -> QuerySet[GazetteIssue]:
    """Issues with a public page: published, or withdrawn (the page says so)."""
    return GazetteIssue.objects.filter(
        status__in=[IssueStatus.PUBLISHED, IssueStatus.WITHDRAWN]
    ).select_related("organ")


def gazettes() -> list[Organ]:
    """Organs that published a 公报 issue (each organ's 公报 is one gazette)."""
    ids = published_issues().values("organ_id")
    return list(Organ.objects.filter(pk__in=ids).order_by("tree_key"))


def archive_years(organ: Organ) -> list[dict[str, Any]]:
    """Years of an organ's published issues, newest first, with their counts."""
    rows = (
        published_issues()
        .filter(organ=organ)
        .values("year")
        .annotate(issues=Count("pk"))
        .order_by("-year")
    )
    return [dict(row) for row in rows]


def issues_of_year(organ: Organ, year: int) -> list[GazetteIssue]:
    return list(
        published_issues()
        .filter(organ=organ, year=year)
        .annotate(entry_count=Count("entries"))
        .order_by("number")
    )


def entries_of(issue: GazetteIssue) -> list[GazetteEntry]:
    """The 目录 in its order (section, then position), with what the page and PDF show."""
    return list(
        issue.entries.select_related("section", "item", "item__organ").order_by(
            "section__order", "section_id", "position", "pk"
        )
    )


def search_entries(
    *, q: str, organ: Organ | None = None, year: int | None = None
) -> QuerySet[GazetteEntry]:
    """检索公报: entries of published issues whose title or 文号 contains the words of `q`."""
    found = GazetteEntry.objects.filter(issue__status=IssueStatus.PUBLISHED).select_related(
        "issue", "issue__organ", "section", "item"
    )
    for word in q.split()[:5]:
        found = found.filter(Q(item__title__icontains=word) | Q(item__doc_number__icontains=word))
    if organ is not None:
        found = found.filter(issue__organ=organ)
    if year is not None:
        found = found.filter(issue__year=year)
    return found.order_by("-issue__year", "-issue__number", "section__order", "position")


def carrying_entry(item_id: int) -> GazetteEntry | None:
    """The entry of the published issue that printed an item (its 标准文本), if any."""
    return (
        GazetteEntry.objects.filter(item_id=item_id, issue__status=IssueStatus.PUBLISHED)
        .select_related("issue", "issue__organ")
        .order_by("issue__published_at", "pk")
        .first()
    )


def carried_by(item: Item, organ: Organ, *, exclude_issue: int | None = None) -> str | None:
    """The label of another issue of `organ`'s 公报 (not withdrawn) that carries `item`."""
    other = (
        GazetteEntry.objects.filter(item=item, issue__organ=organ)
        .exclude(issue__status=IssueStatus.WITHDRAWN)
        .exclude(issue_id=exclude_issue)
        .select_related("issue", "issue__organ")
        .first()
    )
    return str(other.issue) if other is not None else None


# ---- staff ---------------------------------------------------------------------------------


def active_sections() -> list[Section]:
    return list(Section.objects.filter(active=True).order_by("order", "pk"))


def gazette_organs(user: Any) -> list[Organ]:
    """Organs whose 公报 the user edits (公开办管理员 or 审核 there)."""
    if getattr(user, "is_superuser", False):
        return list(Organ.objects.order_by("tree_key"))
    ids = [pk for pk, held in role_map(user).items() if held & set(EDITORS)]
    return list(Organ.objects.filter(pk__in=ids).order_by("tree_key"))


def staff_issues(user: Any) -> QuerySet[GazetteIssue]:
    roles = role_map(user)
    return (
        GazetteIssue.objects.filter(organ_q(user, roles, *EDITORS))
        .select_related("organ")
        .annotate(entry_count=Count("entries"))
        .order_by("organ__tree_key", "-year", "-number")
    )


def picker(issue: GazetteIssue, q: str) -> list[Item]:
    """Published 主动公开 items of the organ's subtree matching `q` (title or 文号), newest
    first, not yet in this issue (the item picker of the back office)."""
    found = public_items().filter(organ__path__startswith=issue.organ.path)
    for word in q.split()[:5]:
        found = found.filter(Q(title__icontains=word) | Q(doc_number__icontains=word))
    found = found.exclude(gazette_entries__issue=issue)
    return list(found.select_related("organ").order_by("-published_at", "-pk")[:PICKER_SIZE])
