"""Reads of the website monitor, scoped by the one guard (orgs/permissions.py): a 公开办管理员
sees the sites of its organ and the organs below it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gongkai.core.actors import Actor
from gongkai.monitor.models import Finding, Run, Site
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import organs_with_role, require_roles

MANAGER = Role.ORGAN_ADMIN.value
DENIED = "只有公开办管理员可以查看网站监测。"


def managed_organs(user: Actor) -> list[Organ]:
    return organs_with_role(user, MANAGER)


def sites_for(user: Actor) -> QuerySet[Site]:
    organs = managed_organs(user)
    return Site.objects.filter(organ__in=organs).select_related("organ")


def site_for(user: Actor, pk: int) -> Site:
    site = get_object_or_404(Site.objects.select_related("organ"), pk=pk)
    require_roles(user, site.organ, {MANAGER}, message=DENIED)
    return site


def run_for(user: Actor, pk: int) -> Run:
    run = get_object_or_404(Run.objects.select_related("site__organ"), pk=pk)
    require_roles(user, run.site.organ, {MANAGER}, message=DENIED)
    return run


def runs_of(site: Site) -> QuerySet[Run]:
    return Run.objects.filter(site=site).order_by("-started_at", "-pk")


def latest_finished(site: Site) -> Run | None:
    return runs_of(site).filter(finished_at__isnull=False).first()


@dataclass(frozen=True)
class TrendPoint:
    day: str
    score: float | None
    vetoes: list[str]
    verdict: str
    run_pk: int


def trend(site: Site, *, limit: int = 30) -> list[TrendPoint]:
    """The last runs, oldest first: the score line and the vetoes of each day."""
    runs = list(runs_of(site).filter(finished_at__isnull=False)[:limit])
    return [
        TrendPoint(
            day=f"{r.started_at:%Y-%m-%d}",
            score=float(r.score) if r.score is not None else None,
            vetoes=list(r.single_veto),
            verdict=r.get_verdict_display(),
            run_pk=r.pk,
        )
        for r in reversed(runs)
    ]


SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}


def findings_of(run: Run, *, severity: str = "") -> list[Finding]:
    qs = run.findings.all()
    if severity:
        qs = qs.filter(severity=severity)
    rows = list(qs[:2000])
    rows.sort(key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.pk))
    return rows


@dataclass(frozen=True)
class DashboardRow:
    site: Site
    run: Run | None
    compromised: int
    previous_score: float | None


def dashboard(user: Actor) -> list[DashboardRow]:
    """公开办: every site of its subtree with its latest report, failures first."""
    sites = list(sites_for(user).filter(active=True).order_by("organ__tree_key", "name"))
    if not sites and not managed_organs(user):
        raise PermissionDenied(DENIED)
    rows = []
    for site in sites:
        runs = list(runs_of(site).filter(finished_at__isnull=False)[:2])
        run = runs[0] if runs else None
        compromised = (
            run.findings.filter(check_name__in=TAMPER_CHECKS, severity="high")
            .values("url")
            .distinct()
            .count()
            if run
            else 0
        )
        previous = float(runs[1].score) if len(runs) > 1 and runs[1].score is not None else None
        rows.append(DashboardRow(site, run, compromised, previous))
    rows.sort(key=lambda r: (r.run is None, r.run is not None and r.run.verdict != "fail"))
    return rows


TAMPER_CHECKS = (
    "title_injection",
    "spam_lexicon",
    "hidden_spam",
    "hidden_links",
    "spam_link",
    "rewritten_official_url",
    "redirect_offsite",
    "integrity",
    "pinyin_injection",
)


def summary_rows(run: Run) -> list[dict[str, Any]]:
    """Each check of a run with its figures, in the registry's order."""
    checks = run.summary.get("checks", {})
    return [{"code": code, **values} for code, values in checks.items()]
