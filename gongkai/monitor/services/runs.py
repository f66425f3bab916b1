"""Runs and probes: crawl a site, store each page as it comes (so a stopped crawl resumes),
alert the moment tampering is seen, and keep the report (issue 17 §2, §5, §7).

`scan()` is the engine without storage (`gongkai monitor scan URL`); `run_site()` stores.
Jobs (`run_due_sites`, `probe_due_sites`) are idempotent: one run per site and day, one probe
per site and slot.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gongkai.core.audit import audit_record
from gongkai.inbox.models import NoticeKind
from gongkai.inbox.services import notice_send
from gongkai.monitor import rules
from gongkai.monitor.audit import MonitorAudit
from gongkai.monitor.crawler import CrawlConfig, Crawler, Fetched, crawl, probe, run_async, url_hash
from gongkai.monitor.data import crawler_defaults, indicators
from gongkai.monitor.detect.findings import Finding, Severity
from gongkai.monitor.inspect import ColumnSpec, Inspection, PageRecord, SiteReport
from gongkai.monitor.models import Finding as FindingRow
from gongkai.monitor.models import Page, Probe, Run, Site, Trigger, Verdict
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import users_with_role

log = logging.getLogger(__name__)

OnFetch = Callable[[Fetched, PageRecord, list[Finding]], None]


def scan(
    url: str,
    *,
    inspection: Inspection,
    config: CrawlConfig,
    seen: set[str] | None = None,
    frontier: list[tuple[str, int, str]] | None = None,
    on_fetch: OnFetch | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SiteReport:
    """Crawl `url` into `inspection` and report. A home page that does not open is probed
    twice more before the site is taken for unreachable."""
    crawler = Crawler(url, config, seen=seen, frontier=frontier)
    for done, fetched in enumerate(crawl(crawler), 1):
        record, findings = inspection.add(fetched)
        if on_fetch is not None:
            on_fetch(fetched, record, findings)
        if progress is not None:
            progress(done, crawler.pages + crawler.external_checked)
    home = inspection.home
    if home is not None and home.dead:
        for _ in range(2):
            again = run_async(
                probe(crawler.start, timeout_s=config.timeout_s, user_agent=config.user_agent)
            )
            inspection.home_retries.append(
                PageRecord(again.url, 0, False, again.http_status, again.error, again.elapsed_ms)
            )
    if crawler.gave_up:
        inspection.aborted = (
            f"抓取中途网站无法访问（连续{config.give_up_after_errors}次连接失败），已停止"
        )
    return inspection.report()


# ---- stored runs ------------------------------------------------------------------------------


def _probe_counts(site: Site, now: datetime) -> tuple[int, int]:
    rule = indicators()["single_veto"]["unreachable"]
    since = now - timedelta(days=int(rule["window_days"]))
    probes = Probe.objects.filter(site=site, at__gte=since)
    slow = int(rule["timeout_s"]) * 1000
    failed = probes.filter(Q(ok=False) | Q(elapsed_ms__gte=slow)).count()
    return probes.count(), failed


def _columns(site: Site) -> list[ColumnSpec]:
    from gongkai.monitor import own

    specs = []
    for col in site.columns.select_related("catalog_column__organ"):
        spec = ColumnSpec(col.name, col.url, col.kind, col.first_level, col.window_days)
        if site.is_own and col.catalog_column is not None:
            data = {
                c.url: c for c in own.columns([col.catalog_column.organ], base_url=site.base_url)
            }
            mine = data.get(site.base_url.rstrip("/") + col.catalog_column.get_absolute_url())
            if mine is not None:
                spec.url, spec.newest, spec.blank, spec.own = (
                    mine.url,
                    mine.newest,
                    mine.blank,
                    True,
                )
        specs.append(spec)
    return specs


def _record_of(page: Page) -> PageRecord:
    return PageRecord(
        url=page.url,
        depth=page.depth,
        external=page.external,
        http_status=page.http_status,
        error=page.error,
        elapsed_ms=page.elapsed_ms,
        referrer=page.referrer,
        title=page.title,
        newest=page.newest_date,
        links=list(page.links),
        facts=dict(page.facts),
        verdict=page.verdict,
    )


def _finding_of(row: FindingRow) -> Finding:
    return Finding(
        row.check_name,
        row.severity,
        row.evidence,
        row.url,
        row.snippet,
        row.path,
        row.indicator,
        row.data,
    )


def _row_of(run: Run, f: Finding) -> FindingRow:
    return FindingRow(
        run=run,
        check_name=f.check[:40],
        severity=f.severity,
        indicator=f.indicator[:40],
        url=f.url[:2000],
        evidence=f.evidence,
        snippet=f.snippet[:2000],
        path=f.path[:500],
        data=f.data,
    )


def _store(run: Run, fetched: Fetched, record: PageRecord, findings: list[Finding]) -> None:
    with transaction.atomic():
        Page.objects.get_or_create(
            run=run,
            url_hash=url_hash(fetched.url),
            defaults={
                "url": fetched.url[:2000],
                "depth": fetched.depth,
                "referrer": fetched.referrer[:2000],
                "external": fetched.external,
                "fetched_at": fetched.fetched_at,
                "http_status": fetched.http_status,
                "elapsed_ms": fetched.elapsed_ms,
                "content_hash": fetched.content_hash,
                "content_type": fetched.content_type[:100],
                "encoding": fetched.encoding[:30],
                "size": fetched.size,
                "truncated": fetched.truncated,
                "redirects": fetched.redirects,
                "error": fetched.error[:300],
                "title": record.title[:300],
                "newest_date": record.newest,
                "links": record.links,
                "facts": record.facts,
                "verdict": record.verdict,
            },
        )
        FindingRow.objects.bulk_create([_row_of(run, f) for f in findings])
        Run.objects.filter(pk=run.pk).update(pages=Page.objects.filter(run=run).count())
        serious = [
            f for f in findings if f.severity == Severity.HIGH and f.indicator == rules.SECURITY
        ]
        if serious:
            tamper_alert(
                run=run, url=fetched.url, content_hash=fetched.content_hash, findings=serious
            )


def tamper_alert(*, run: Run, url: str, content_hash: str, findings: list[Finding]) -> None:
    """The moment tampering is seen: a notice to the site's 公开办管理员 (and those above), and an
    e-mail to the site's alert addresses. Once per site, page and content (a daily run that sees
    the same injected page again sends nothing new)."""
    site = run.site
    key = f"monitor.tamper:{site.pk}:{url_hash(url)[:16]}:{content_hash[:16]}"
    title = f"网站疑似被篡改：{site.name}"
    body = "\n".join([url, *(f"[{f.check}] {f.evidence}" for f in findings[:5])])
    link = reverse("monitor:run", args=[run.pk])
    already = (
        Page.objects.filter(
            run__site=site, url_hash=url_hash(url), content_hash=content_hash, verdict="compromised"
        )
        .exclude(run=run)
        .exists()
    )
    if already:
        return
    notice_send(
        recipients=users_with_role(site.organ, {Role.ORGAN_ADMIN}),
        kind=NoticeKind.WAITING,
        key=key,
        title=title,
        body=body,
        link=link,
        organ=site.organ,
        subject=site,
    )
    if site.alert_emails:
        addresses = [a for a in site.alert_emails.split(",") if a]
        transaction.on_commit(
            partial(send_mail, title, body, None, addresses, fail_silently=True), robust=True
        )
    audit_record(
        actor=None,
        action=MonitorAudit.ALERT,
        obj=site,
        organ_id=site.organ_id,
        data={"url": url[:300]},
    )


def _unfinished(site: Site) -> Run | None:
    return Run.objects.filter(site=site, finished_at__isnull=True).order_by("-started_at").first()


def run_site(
    *,
    site: Site,
    trigger: str = Trigger.SCHEDULE,
    today: date | None = None,
    resume: bool = True,
    config: CrawlConfig | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Run, SiteReport]:
    """Crawl and check one registered site; resume its unfinished run if there is one."""
    now = timezone.now()
    today = today or timezone.localdate()
    run = _unfinished(site) if resume else None
    if run is None:
        run = Run.objects.create(site=site, trigger=trigger, started_at=now)
    inspection = Inspection(
        base_url=site.base_url,
        today=today,
        kind=site.kind,
        columns=_columns(site),
        organs=[site.organ] if site.is_own else None,
        own_site=site.is_own,
        probes=_probe_counts(site, now),
    )
    stored = list(run.fetched.all())
    findings_by_url: dict[str, list[Finding]] = {}
    for row in run.findings.all():
        findings_by_url.setdefault(row.url, []).append(_finding_of(row))
    seen = set()
    frontier: list[tuple[str, int, str]] = []
    for page in stored:
        record = _record_of(page)
        inspection.restore(record, findings_by_url.get(page.url, []))
        seen.add(page.url)
    for page in stored:
        for link in page.links:
            if link not in seen:
                frontier.append((link, page.depth + 1, page.url))
                seen.add(link)
    config = config or CrawlConfig.from_data(max_pages=site.max_pages)
    try:
        report = scan(
            site.base_url,
            inspection=inspection,
            config=config,
            seen={p.url for p in stored} or None,
            frontier=frontier if stored else None,
            on_fetch=partial(_store, run),
            progress=progress,
        )
    except Exception as exc:
        log.exception("monitor run %s of %s failed", run.pk, site.base_url)
        Run.objects.filter(pk=run.pk).update(error=f"{type(exc).__name__}: {exc}"[:1000])
        raise
    return _finish(run, inspection, report), report


@transaction.atomic
def _finish(run: Run, inspection: Inspection, report: SiteReport) -> Run:
    page_level = {id(f) for f in inspection.page_findings}
    FindingRow.objects.bulk_create(
        [_row_of(run, f) for f in report.findings if id(f) not in page_level]
    )
    run.finished_at = timezone.now()
    run.pages = Page.objects.filter(run=run, external=False).count()
    run.verdict = Verdict.PASS if report.verdict == "pass" else Verdict.FAIL
    run.score = None if report.score is None else Decimal(str(report.score))
    run.single_veto = report.single_veto
    run.summary = {
        "checks": report.checks,
        "deductions": report.deductions,
        "verdict_text": report.verdict_text,
        "own_site": report.own,
    }
    run.error = ""
    run.save()
    if report.single_veto:
        site = run.site
        notice_send(
            recipients=users_with_role(site.organ, {Role.ORGAN_ADMIN}),
            kind=NoticeKind.WAITING,
            key=f"monitor.veto:{site.pk}:{report.today.isoformat()}",
            title=f"网站检查不合格：{site.name}（{'、'.join(report.single_veto)}）",
            body=report.verdict_text,
            link=reverse("monitor:run", args=[run.pk]),
            organ=site.organ,
            subject=site,
        )
    return run


@transaction.atomic
def run_request(*, actor: Any, site: Site) -> None:
    """人工发起 a run (the site page's button): 公开办管理员 only; the run is a background task
    started on commit."""
    from gongkai.monitor.tasks import run_one
    from gongkai.orgs.permissions import require_roles

    require_roles(actor, site.organ, {Role.ORGAN_ADMIN}, message="只有公开办管理员可以发起检查。")
    audit_record(actor=actor, action=MonitorAudit.RUN, obj=site, organ_id=site.organ_id)
    transaction.on_commit(partial(run_one.enqueue, site.pk), robust=True)


def run_due_sites(*, today: date | None = None) -> list[int]:
    """The daily run: each active site once a day (an unfinished run is resumed)."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    done = []
    for site in Site.objects.filter(active=True).order_by("pk"):
        if Run.objects.filter(site=site, started_at__gte=start, finished_at__isnull=False).exists():
            continue
        try:
            done.append(run_site(site=site, today=today)[0].pk)
        except Exception:
            log.exception("monitor: daily run of %s failed", site.base_url)
    return done


# ---- availability probes -----------------------------------------------------------------------


def probe_site(*, site: Site) -> Probe:
    conf = crawler_defaults()
    timeout = float(indicators()["single_veto"]["unreachable"]["timeout_s"])
    result = run_async(probe(site.base_url, timeout_s=timeout, user_agent=conf["user_agent"]))
    return Probe.objects.create(
        site=site,
        at=timezone.now(),
        ok=result.ok,
        elapsed_ms=result.elapsed_ms,
        http_status=result.http_status,
        error=result.error[:300],
    )


def probe_slot(site_pk: int, now: datetime, *, minutes: int) -> int:
    """Probes are spread over the interval: each site has its own offset within it."""
    interval = minutes * 60
    offset = (site_pk * 2654435761) % interval
    return int((now.timestamp() + offset) // interval)


def probe_due_sites(*, now: datetime | None = None) -> list[int]:
    """Probe each active site whose slot has no probe yet (≥20 a day with a 60-minute slot)."""
    now = now or timezone.now()
    minutes = int(crawler_defaults()["probe_interval_minutes"])
    done = []
    for site in Site.objects.filter(active=True).order_by("pk"):
        last = Probe.objects.filter(site=site).order_by("-at").values_list("at", flat=True).first()
        if last is not None and probe_slot(site.pk, last, minutes=minutes) == probe_slot(
            site.pk, now, minutes=minutes
        ):
            continue
        done.append(probe_site(site=site).pk)
    return done
