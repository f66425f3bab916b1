"""The scheduled-release task and command, and `gongkai serve` argument checks."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from gongkai.catalog.models import Item, Status
from gongkai.catalog.services import workflow
from gongkai.catalog.tasks import release_scheduled_items


@pytest.fixture
def scheduled(make_draft: Callable[..., Any], staff: dict[str, Any]) -> Item:
    """A 签发-with-a-time item whose time has now come."""
    item = workflow.item_submit(actor=staff["editor"], item=make_draft())
    item = workflow.item_pass_secrecy(
        actor=staff["secrecy"], item=item, opinion="经审查，同意公开。"
    )
    at = timezone.now() + timedelta(hours=2)
    item = workflow.item_publish(actor=staff["approver"], item=item, at=at)
    assert item.status == Status.SCHEDULED and not item.index_number
    # Move only the time (not the status) so the item is due without waiting two hours.
    due = timezone.now() - timedelta(minutes=1)
    Item.objects.filter(pk=item.pk).update(scheduled_for=due)
    return item


def test_release_task_publishes_a_due_item(scheduled: Item) -> None:
    result = release_scheduled_items.enqueue()  # immediate backend under test
    assert result.return_value == [scheduled.pk]
    scheduled.refresh_from_db()
    assert scheduled.status == Status.PUBLISHED
    assert scheduled.index_number and scheduled.published_at == scheduled.scheduled_for
    # Running again releases nothing twice.
    assert release_scheduled_items.enqueue().return_value == []


def test_release_command_shares_the_service(scheduled: Item) -> None:
    out = io.StringIO()
    call_command("release_scheduled", stdout=out)
    assert "已定时发布 1 条" in out.getvalue()
    scheduled.refresh_from_db()
    assert scheduled.status == Status.PUBLISHED
    out = io.StringIO()
    call_command("release_scheduled", stdout=out)
    assert "没有到期" in out.getvalue()


def test_release_leaves_future_items_alone(scheduled: Item) -> None:
    later = timezone.now() + timedelta(days=1)
    Item.objects.filter(pk=scheduled.pk).update(scheduled_for=later)
    assert release_scheduled_items.enqueue().return_value == []
    scheduled.refresh_from_db()
    assert scheduled.status == Status.SCHEDULED


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--port", "0"], "端口"), (["--port", "70000"], "端口"), (["--workers", "0"], "--workers")],
)
def test_serve_rejects_bad_arguments(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("serve", *args)
