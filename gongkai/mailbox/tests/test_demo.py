"""The demo's year of letters (gongkai/demo/mailbox.py), on a small tree: every state, some
transferred, overdue and rated 不满意, published ones masked, and no organ without a channel."""

from __future__ import annotations

import random
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from gongkai.demo.mailbox import build_mailbox
from gongkai.mailbox import selectors
from gongkai.mailbox.models import Channel, Letter, Status
from gongkai.orgs.models import Organ, Role

pytestmark = pytest.mark.django_db


def test_a_year_of_letters(
    make_organ: Callable[..., Organ], make_user: Callable[..., Any], city: Organ, dept: Organ
) -> None:
    other = make_organ("测试市交通运输局", parent=city)
    organs = []
    for key, organ in (("city", city), ("zjj", dept), ("jtj", other)):
        users = {
            role: make_user(f"demo-{key}-{role}", organ=organ, roles=(role,))
            for role in (Role.EDITOR, Role.APPROVER, Role.ORGAN_ADMIN)
        }
        organs.append(SimpleNamespace(key=key, organ=organ, users=users))
    counts = build_mailbox(organs=organs, rng=random.Random(7))
    states = set(Letter.objects.values_list("status", flat=True))
    assert states == {s.value for s in Status}  # every state, 已答复 (rating window open) too
    assert Letter.objects.count() >= 80
    assert Letter.objects.filter(transfers__kind="transfer").exists()
    assert Letter.objects.filter(transfers__kind="return", escalated=True).exists()
    assert Letter.objects.filter(overdue=True).exists()
    assert Letter.objects.filter(satisfaction="unsatisfied").exists()
    assert Letter.objects.filter(rated_by_default=True).exists()
    published = Letter.objects.filter(published=True)
    assert published.exists() and not published.filter(consent_publish=False).exists()
    for letter in published:
        assert (
            letter.name not in letter.published_body and letter.phone not in letter.published_body
        )
    assert counts["alerted"] >= 1
    figures = selectors.inspection_figures(city)
    assert figures.has_working_channel and figures.oldest_unanswered is not None
    assert not Organ.objects.exclude(pk__in=Channel.objects.values("organ_id")).exists()
