"""The demo generator of 公众参与 runs through the services and leaves what issue 18 point 8
asks for: an open consultation, a closed one with feedback, one past its end without feedback
(closing refused), a survey with results, proposals with replies, 舆情 records."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.utils import timezone

from gongkai.participation import selectors
from gongkai.participation.demo import build_participation
from gongkai.participation.models import Consultation, ConsultationStatus, Opinion, Proposal

pytestmark = pytest.mark.django_db


def test_demo(
    city: Any, dept: Any, make_organ: Any, people: dict[str, Any], publish_item: Any
) -> None:
    dept2 = make_organ("测试市城市管理局", parent=city)
    publish_item()
    counts = build_participation(
        city=city, departments=[dept, dept2], office=people["office"], rng=random.Random(7)
    )
    assert counts["open"] == counts["closed"] == counts["close_refused"] == 1
    assert counts["linked"] == 1 and counts["surveys"] == 1 and counts["answers"] >= 35
    assert counts["proposals"] == 6 and counts["replied"] == 5
    assert counts["opinions"] == 5 and counts["responded"] == 4
    today = timezone.localdate()
    states = {
        c.title[:12]: (c.status, c.accepts_comments(today), bool(c.feedback_published_at))
        for c in Consultation.objects.all()
    }
    assert sorted(states.values()) == [
        (ConsultationStatus.CLOSED, False, True),
        (ConsultationStatus.OPEN, False, False),
        (ConsultationStatus.OPEN, True, False),
    ]
    closed = Consultation.objects.get(status=ConsultationStatus.CLOSED)
    assert closed.final_item is not None
    assert selectors.consultations_for_item(closed.final_item) == [closed]
    assert Proposal.objects.filter(replied_on__isnull=True).count() == 1
    assert Opinion.objects.filter(responded_at__isnull=True).count() == 1
    assert selectors.overdue_opinions(people["office"]).count() == 2  # one waiting, one late
