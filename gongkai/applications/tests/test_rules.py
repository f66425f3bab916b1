"""The non-time legal rules (`rules.py`), the rule functions of `deadlines.py` the services share,
and the one "due soon" setting."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import deadlines, models, rules, selectors
from gongkai.applications.deadlines import Channel, DeadlineInputError
from gongkai.core.workcal.calendar import add_working_days, default_calendar
from gongkai.orgs.models import Organ


def test_one_channel_enum() -> None:
    assert models.Channel is deadlines.Channel
    assert Channel.POST_SIGNED.label == "邮寄（需签收）"


@pytest.mark.parametrize(
    ("channel", "confirmed"),
    [
        (Channel.IN_PERSON, False),
        (Channel.POST_SIGNED, False),
        (Channel.POST_ORDINARY, True),
        (Channel.ONLINE, True),
        (Channel.FAX, True),
    ],
)
def test_art31_confirmation_by_channel(channel: Channel, confirmed: bool) -> None:
    assert deadlines.needs_confirmation(channel) is confirmed
    assert deadlines.needs_confirmation(channel.value) is confirmed


def test_art33_one_extension_of_at_most_20_working_days() -> None:
    deadlines.check_extension(extended_before=False)
    deadlines.check_extension(extended_before=False, days=20)
    with pytest.raises(DeadlineInputError, match="只允许延长一次"):
        deadlines.check_extension(extended_before=True, days=5)
    for days in (0, 21):
        with pytest.raises(DeadlineInputError, match="不得超过20个工作日"):
            deadlines.check_extension(extended_before=False, days=days)


def test_art30_one_correction_notice() -> None:
    rules.check_single_correction_notice(notified_on=None)
    with pytest.raises(ValidationError, match="一次性"):
        rules.check_single_correction_notice(notified_on=date(2026, 3, 3))


def test_art27_governments_and_departments_accept(make_organ) -> None:
    assert rules.accepts_applications(make_organ(kind=Organ.Kind.GOVERNMENT))
    assert rules.accepts_applications(make_organ(kind=Organ.Kind.DEPARTMENT))
    assert not rules.accepts_applications(make_organ(kind="unit"))


def test_windows_are_the_engines(organ) -> None:
    cal = default_calendar()
    sent = date(2026, 3, 2)
    assert deadlines.consultation_reply_due(sent, cal) == add_working_days(sent, 15, cal)
    assert deadlines.fee_payment_due(sent, cal) == add_working_days(sent, 20, cal)


def test_due_soon_is_one_setting(settings, client, staff) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "DUE_SOON_WORKING_DAYS": 5}
    today = timezone.localdate()
    assert selectors.due_soon_working_days() == 5
    assert selectors.due_soon_limit(today) == add_working_days(today, 5, default_calendar())
    client.force_login(staff["editor"])
    page = client.get(reverse("office_apps:queue")).content.decode()
    assert "5个工作日内到期" in page
