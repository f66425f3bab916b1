"""The hourly deadline watch: notices once per occasion (a job run twice sends one notice)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from gongkai.inbox.models import Notice
from gongkai.participation.services import opinions, proposals
from gongkai.participation.services.jobs import participation_remind
from gongkai.participation.tests.conftest import end_period

pytestmark = pytest.mark.django_db


def test_the_watch(
    make_consultation: Callable[..., Any], dept: Any, people: dict[str, Any]
) -> None:
    ended = end_period(make_consultation())
    make_consultation()  # still open: no notice
    editor = people["editor"]
    today = timezone.localdate()
    fields = proposals.ProposalFields(
        kind="npc",
        year=2026,
        number="1",
        title="关于停车的建议",
        proposer="代表",
        assigned_on=today - timedelta(days=85),
    )
    due = proposals.proposal_register(actor=editor, organ=dept, fields=fields)  # in about 5 days
    now = timezone.now()
    late = opinions.opinion_register(
        actor=editor,
        organ=dept,
        topic="停水",
        source="论坛",
        level="major",
        noticed_at=now - timedelta(hours=6),
        now=now,
    )
    sent = participation_remind(today=today, now=now)
    keys = set(Notice.objects.filter(recipient=editor).values_list("key", flat=True))
    assert keys == {
        f"consultation-feedback-{ended.pk}",
        f"proposal-due-{due.pk}-{due.due_on:%Y%m%d}",
        f"opinion-overdue-{late.pk}",
    }
    assert sent == Notice.objects.count() and sent >= 6  # the editor and the city's 公开办
    assert participation_remind(today=today, now=now) == 0  # once per occasion
    after = due.due_on + timedelta(days=1)
    assert participation_remind(today=after, now=now) >= 2  # now overdue
    assert Notice.objects.filter(key=f"proposal-overdue-{due.pk}-{due.due_on:%Y%m%d}").exists()
