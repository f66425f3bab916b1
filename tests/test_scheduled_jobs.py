"""The schedule registry end to end: one tick of the scheduler `gongkai serve` and `gongkai
scheduler` run releases a due 定时发布 item and flags an overdue application (issue 12: the overdue
and lapse jobs never ran under `make run`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from gongkai.core.schedule import Scheduler


@pytest.mark.django_db
def test_one_tick_releases_and_flags(
    make_draft: Callable[..., Any], staff: dict[str, Any], organ: Any
) -> None:
    from gongkai.applications.services.intake import application_register
    from gongkai.applications.tests.conftest import CITIZEN
    from gongkai.catalog.models import Item, Status
    from gongkai.catalog.services import workflow

    item = workflow.item_submit(actor=staff["editor"], item=make_draft())
    item = workflow.item_pass_secrecy(
        actor=staff["secrecy"], item=item, opinion="经审查，同意公开。"
    )
    item = workflow.item_publish(
        actor=staff["approver"], item=item, at=timezone.now() + timedelta(hours=2)
    )
    Item.objects.filter(pk=item.pk).update(scheduled_for=timezone.now() - timedelta(minutes=1))
    late = application_register(
        actor=staff["editor"],
        organ=organ,
        channel="in_person",
        submitted_on=timezone.localdate() - timedelta(days=60),
        data=dict(CITIZEN),
    ).application

    done = {d.path: d.result for d in Scheduler.from_settings().tick()}

    release = done["gongkai.catalog.tasks.release_scheduled_items"]
    overdue = done["gongkai.applications.tasks.mark_overdue"]
    assert release is not None and release.return_value == [item.pk]
    assert overdue is not None and overdue.return_value == [late.pk]
    assert done["gongkai.applications.tasks.close_lapsed"] is not None
    item.refresh_from_db()
    late.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert late.overdue_notified_at is not None
