"""The review job is declared in the schedule registry and runs through its task."""

from __future__ import annotations

import pytest
from django.conf import settings

from gongkai.inventories import tasks

pytestmark = pytest.mark.django_db


def test_the_review_job_is_scheduled_and_runs() -> None:
    assert "gongkai.inventories.tasks.review_due" in settings.GONGKAI["SCHEDULE"]
    assert tasks.review_due.call() == {"notices": 0, "lists": 0}


def test_the_command_runs_the_same_job() -> None:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("inventories", "reviews", "--today", "2026-03-02", stdout=out)
    assert "发出提醒 0 条" in out.getvalue()
