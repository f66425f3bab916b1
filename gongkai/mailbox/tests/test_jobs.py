"""The periodic jobs: reminders, overdue, the escalating alerts, 默认满意 (services/jobs)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from gongkai.inbox.models import Notice, NoticeKind
from gongkai.mailbox import tasks
from gongkai.mailbox.models import Letter, Status
from gongkai.mailbox.services import jobs
from gongkai.mailbox.services import workflow as wf
from gongkai.orgs.models import Organ

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def _assigned(write: Callable[..., Letter], people: dict[str, Any], dept: Organ) -> Letter:
    letter = write()
    Letter.objects.filter(pk=letter.pk).update(
        submitted_on=date(2026, 3, 2), submitted_at=datetime(2026, 3, 2, 9, tzinfo=TZ)
    )
    letter.refresh_from_db()
    return wf.letter_assign(
        actor=people["office"], letter=letter, organ=dept, reason="住建", on=date(2026, 3, 2)
    )  # due 23 March (投诉, 15 working days)


def test_reminders_once_each(
    write: Callable[..., Letter], people: dict[str, Any], dept: Organ
) -> None:
    letter = _assigned(write, people, dept)
    assert jobs.mailbox_remind_due(today=date(2026, 3, 10)) == []  # far from the date
    assert jobs.mailbox_remind_due(today=date(2026, 3, 19)) == [letter.pk]  # 2 working days
    assert jobs.mailbox_remind_due(today=date(2026, 3, 19)) == []  # the same day again
    assert jobs.mailbox_remind_due(today=date(2026, 3, 20)) == [letter.pk]  # 1 working day
    notices = Notice.objects.filter(recipient=people["editor"], kind=NoticeKind.DUE_SOON)
    assert notices.count() == 2 and notices.filter(settled_at__isnull=True).count() == 1
    assert Notice.objects.filter(recipient=people["office"], kind=NoticeKind.DUE_SOON).exists()


def test_overdue_once_then_alerts_escalate(
    write: Callable[..., Letter], people: dict[str, Any], dept: Organ
) -> None:
    letter = _assigned(write, people, dept)
    assert jobs.mailbox_mark_overdue(today=date(2026, 3, 23)) == []  # the due day itself
    assert jobs.mailbox_mark_overdue(today=date(2026, 3, 24)) == [letter.pk]
    assert jobs.mailbox_mark_overdue(today=date(2026, 3, 25)) == []  # once per due date
    overdue = Notice.objects.filter(kind=NoticeKind.OVERDUE, title__startswith="已超期")
    assert set(overdue.values_list("recipient__username", flat=True)) == {"mb-editor", "mb-office"}
    # 30 days after writing: level 1; 45: level 2; 60: level 3 (every 公开办 above).
    assert jobs.mailbox_mark_overdue(today=date(2026, 4, 1)) == [letter.pk]
    assert jobs.mailbox_mark_overdue(today=date(2026, 4, 2)) == []
    assert jobs.mailbox_mark_overdue(today=date(2026, 5, 1)) == [letter.pk]
    letter.refresh_from_db()
    assert letter.alert_level == 3  # skipped level 2: the nearest that applies
    alerts = Notice.objects.filter(title__contains="级预警")
    assert alerts.filter(title__startswith="1级").count() == 2
    assert alerts.filter(title__startswith="3级", recipient=people["office"]).exists()
    assert "2026年6月2日" in alerts.filter(title__startswith="3级").first().body  # type: ignore[union-attr]


def test_answered_letters_are_left_alone(
    write: Callable[..., Letter], people: dict[str, Any], dept: Organ
) -> None:
    letter = _assigned(write, people, dept)
    letter = wf.letter_submit_reply(
        actor=people["editor"], letter=letter, text="经核实，已处理完毕。"
    )
    wf.letter_approve_reply(actor=people["leader"], letter=letter, on=date(2026, 3, 25))
    assert jobs.mailbox_mark_overdue(today=date(2026, 5, 1)) == []
    letter.refresh_from_db()
    assert letter.overdue  # answered after its due date: counted as 超期


def test_default_satisfied_after_the_window(
    write: Callable[..., Letter], people: dict[str, Any], dept: Organ
) -> None:
    letter = _assigned(write, people, dept)
    letter = wf.letter_submit_reply(
        actor=people["editor"], letter=letter, text="经核实，已处理完毕。"
    )
    letter = wf.letter_approve_reply(actor=people["leader"], letter=letter, on=date(2026, 3, 10))
    assert letter.rating_due == date(2026, 3, 17)
    with pytest.raises(ValidationError, match="评价期限（2026年3月17日）已过"):
        wf.letter_rate(letter=letter, satisfaction="unsatisfied", on=date(2026, 3, 18))
    assert jobs.mailbox_default_ratings(today=date(2026, 3, 17)) == []
    assert jobs.mailbox_default_ratings(today=date(2026, 3, 18)) == [letter.pk]
    assert jobs.mailbox_default_ratings(today=date(2026, 3, 19)) == []
    letter.refresh_from_db()
    assert letter.status == Status.RATED and letter.rated_by_default
    assert letter.satisfaction == "satisfied"


def test_the_tasks_call_the_services(db: Any) -> None:
    assert tasks.remind_due.call() == [] and tasks.mark_overdue.call() == []
    assert tasks.default_ratings.call() == []


def test_the_command_shares_the_services(
    write: Callable[..., Letter], people: dict[str, Any], dept: Organ
) -> None:
    import io

    from django.core.management import CommandError, call_command

    letter = _assigned(write, people, dept)
    out = io.StringIO()
    call_command("mailbox", "overdue", "--today", "2026-03-24", stdout=out)
    assert f"已发出超期通知或预警 1 件：{letter.reference}" in out.getvalue()
    out = io.StringIO()
    call_command("mailbox", "overdue", "--today", "2026-03-24", stdout=out)
    assert "没有新的超期留言" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("mailbox", "ratings", "--today", "24/3/2026")
