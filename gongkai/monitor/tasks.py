"""Background tasks of the website monitor (django-tasks), declared in `GONGKAI["SCHEDULE"]`.

Both are idempotent: a site is run once a day, and probed once per slot (spread over the day).
"""

from __future__ import annotations

from django_tasks import task

from gongkai.monitor.services.runs import probe_due_sites, run_due_sites


@task()
def daily_runs() -> list[int]:
    """每日监测: each active site once a day; an unfinished run is resumed."""
    return run_due_sites()


@task()
def probe_sites() -> list[int]:
    """可用性探测: each site once per slot (60 minutes by default: 24 probes a day ≥ 20)."""
    return probe_due_sites()


@task()
def run_one(site_pk: int) -> int | None:
    """人工发起 a run of one site (queued by `services.runs.run_request`)."""
    from gongkai.monitor.models import Site, Trigger
    from gongkai.monitor.services.runs import run_site

    site = Site.objects.filter(pk=site_pk).first()
    if site is None:
        return None
    return run_site(site=site, trigger=Trigger.MANUAL, resume=False)[0].pk
