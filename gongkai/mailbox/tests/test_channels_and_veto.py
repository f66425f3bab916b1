"""The veto by construction: every organ has a working channel; the oldest unanswered letter
per organ; the figures the website inspection reads (`selectors.inspection_figures`)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps as global_apps
from django.urls import reverse
from django.utils import timezone

from gongkai.mailbox import selectors
from gongkai.mailbox.models import Channel, ChannelKind, Letter
from gongkai.mailbox.services import workflow as wf
from gongkai.mailbox.services.channels import leader_mailbox_name
from gongkai.orgs.models import Organ

pytestmark = pytest.mark.django_db


def test_every_new_organ_gets_a_channel(make_organ: Callable[..., Organ]) -> None:
    gov = make_organ("鹭溪县人民政府", kind=Organ.Kind.GOVERNMENT, level=Organ.Level.COUNTY)
    dept = make_organ("鹭溪县教育局", parent=gov)
    kinds = set(Channel.objects.filter(organ=gov).values_list("kind", "name"))
    assert kinds == {(ChannelKind.LEADER, "县长信箱"), (ChannelKind.CONSULT, "在线咨询")}
    assert list(Channel.objects.filter(organ=dept).values_list("name", flat=True)) == ["部门信箱"]
    assert not Organ.objects.exclude(pk__in=Channel.objects.values("organ_id")).exists()


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("岚川市人民政府", "市长信箱"),
        ("晓峰镇人民政府", "镇长信箱"),
        ("某某街道办事处", "街道主任信箱"),
        ("某省人民政府", "省长信箱"),
        ("某某管委会", "领导信箱"),
    ],
)
def test_leader_mailbox_names(name: str, title: str) -> None:
    assert leader_mailbox_name(Organ(name=name)) == title


def test_the_migration_gives_existing_organs_their_channels(
    make_organ: Callable[..., Organ],
) -> None:
    organ = make_organ("测试市人民政府", kind=Organ.Kind.GOVERNMENT)
    Channel.objects.filter(organ=organ).delete()
    migration = importlib.import_module(
        "gongkai.mailbox.migrations.0002_channels_for_existing_organs"
    )
    migration.create(global_apps, None)
    migration.create(global_apps, None)  # rerunnable
    names = sorted(Channel.objects.filter(organ=organ).values_list("name", flat=True))
    assert names == ["在线咨询", "市长信箱"]


def test_inspection_figures(
    write: Callable[..., Letter], people: dict[str, Any], city: Organ, dept: Organ
) -> None:
    today = timezone.localdate()
    figures = selectors.inspection_figures(city, today=today)
    assert figures.has_working_channel and figures.oldest_unanswered is None
    assert {c.name for c in figures.channels} == {"市长信箱", "在线咨询"}
    old = write()
    Letter.objects.filter(pk=old.pk).update(submitted_on=today - timedelta(days=100))
    wf.letter_assign(actor=people["office"], letter=old, organ=dept, reason="住建")
    wf.letter_accept(
        actor=people["office"], letter=write(title="另一件事", body="另外一件事情的说明")
    )
    wf.letter_reject(
        actor=people["office"], letter=write(title="广告", body="广告广告广告"), reason="无关"
    )
    figures = selectors.inspection_figures(city, today=today)
    oldest = figures.oldest_unanswered
    assert oldest is not None and oldest.reference == old.reference
    assert oldest.days_waiting == 100 and oldest.organ == dept.name
    assert figures.unanswered_over_three_months == 1
    assert selectors.inspection_figures(dept, today=today).oldest_unanswered is not None


def test_a_channel_with_nobody_in_post_is_not_working(make_organ: Callable[..., Organ]) -> None:
    lonely = make_organ("无人值守局")
    figures = selectors.inspection_figures(lonely)
    assert figures.channels and not figures.has_working_channel


def test_the_office_dashboard_shows_the_oldest_unanswered_letter_per_organ(
    client: Any, write: Callable[..., Letter], people: dict[str, Any], dept: Organ
) -> None:
    letter = write()
    Letter.objects.filter(pk=letter.pk).update(submitted_on=date.today() - timedelta(days=40))  # noqa: DTZ011
    wf.letter_assign(actor=people["office"], letter=letter, organ=dept, reason="住建")
    client.force_login(people["office"])
    page = client.get(reverse("office_mailbox:oversight")).content.decode()
    assert letter.reference in page and "40天" in page and dept.name in page
    rows = selectors.oversight(people["office"])
    assert rows[0].organ == dept and rows[0].oldest is not None  # the oldest first
    client.force_login(people["outsider"])
    assert client.get(reverse("office_mailbox:oversight")).status_code == 403
