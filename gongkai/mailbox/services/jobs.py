"""The mailbox's periodic jobs (`tasks.py`, `GONGKAI["SCHEDULE"]`), each idempotent.

- `mailbox_remind_due`: N working days before a reply is due (`MAILBOX_REMINDER_WORKING_DAYS`),
  the handlers and the 公开办 are reminded, once per letter, due date and N (the inbox keeps one
  notice per recipient and key).
- `mailbox_mark_overdue`: the day after the due date, once per due date (marker
  `overdue_notified_at`), and the escalating alerts of a valid letter still unanswered
  `MAILBOX_ALERT_DAYS` after it was written (marker `alert_level`): the handler and its 公开办,
  then the mailbox's 公开办, then every 公开办 above, long before the three-month veto.
- `mailbox_default_ratings`: a reply not rated within the window is taken as 满意.
Each letter is locked and re-checked, so two overlapping runs act once.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import audit_record
from gongkai.core.conf import gongkai_settings
from gongkai.core.workcal.calendar import default_calendar, format_date, working_days_between
from gongkai.inbox.models import NoticeKind
from gongkai.inbox.services import notice_send, notices_settle
from gongkai.mailbox import deadlines
from gongkai.mailbox.audit import MailboxAudit
from gongkai.mailbox.models import UNANSWERED, Letter, Satisfaction, Status
from gongkai.mailbox.notices import handlers, letter_link, office, offices_above
from gongkai.mailbox.transitions import LETTER_MACHINE, Event


def _key(letter: Letter, what: str) -> str:
    return f"mailbox.letter:{letter.pk}:{what}"


def _people(letter: Letter) -> list[object]:
    return [*handlers(letter.organ), *office(letter.organ)]


@transaction.atomic
def _remind(letter: Letter, *, due: date, remaining: int, n: int) -> bool:
    key = _key(letter, f"due:{due.isoformat()}:remind:{n}")
    left = "今日到期" if remaining == 0 else f"还剩 {remaining} 个工作日"
    sent = notice_send(
        recipients=_people(letter),
        kind=NoticeKind.DUE_SOON,
        key=key,
        title=f"即将到期：留言 {letter.reference}（{left}）",
        body=f"{letter.title}：答复期限为{format_date(due)}。",
        link=letter_link(letter),
        organ=letter.organ,
        subject=letter,
    )
    notices_settle(subject=letter, kinds=[NoticeKind.DUE_SOON], keep_key=key)
    return bool(sent)


def mailbox_remind_due(*, today: date | None = None) -> list[int]:
    """Send the reminders that apply today; the letters reminded now."""
    today = today or timezone.localdate()
    days = gongkai_settings().MAILBOX_REMINDER_WORKING_DAYS
    cal = default_calendar()
    reminded = []
    qs = Letter.objects.filter(status__in=UNANSWERED, due_date__gte=today).select_related("organ")
    for letter in qs.order_by("pk"):
        due = letter.due_date
        assert due is not None  # noqa: S101 - filtered above
        remaining = working_days_between(today, due, cal)
        n = deadlines.reminder_due(remaining, days)
        if n is not None and _remind(letter, due=due, remaining=remaining, n=n):
            reminded.append(letter.pk)
    return reminded


def _overdue(letter: Letter) -> bool:
    if letter.overdue_notified_at is not None or letter.due_date is None:
        return False
    letter.overdue_notified_at = timezone.now()
    letter.save(update_fields=["overdue_notified_at", "updated_at"])
    audit_record(
        actor=None, action=MailboxAudit.OVERDUE, obj=letter, organ_id=letter.organ_id,
        data={"due": letter.due_date.isoformat()},
    )  # fmt: skip
    notice_send(
        recipients=_people(letter),
        kind=NoticeKind.OVERDUE,
        key=_key(letter, f"due:{letter.due_date.isoformat()}:overdue"),
        title=f"已超期：留言 {letter.reference}",
        body=f"{letter.title}：答复期限为{format_date(letter.due_date)}，目前仍未答复。",
        link=letter_link(letter),
        organ=letter.organ,
        subject=letter,
    )
    notices_settle(subject=letter, kinds=[NoticeKind.DUE_SOON])
    return True


def _alert(letter: Letter, level: int, today: date) -> bool:
    if level <= letter.alert_level:
        return False
    letter.alert_level = level
    letter.save(update_fields=["alert_level", "updated_at"])
    veto = deadlines.veto_date(letter.submitted_on)
    waited = (today - letter.submitted_on).days
    recipients = _people(letter)
    if level >= 2:
        recipients += office(letter.channel.organ)
    if level >= 3:
        recipients += offices_above(letter.organ) + offices_above(letter.channel.organ)
    audit_record(
        actor=None, action=MailboxAudit.ALERT, obj=letter, organ_id=letter.organ_id,
        data={"level": level},
    )  # fmt: skip
    notice_send(
        recipients=recipients,
        kind=NoticeKind.OVERDUE,
        key=_key(letter, f"alert:{level}"),
        title=f"{level}级预警：留言 {letter.reference} 已{waited}天未答复",
        body=f"{letter.organ.name}办理的留言“{letter.title}”已{waited}天未答复。"
        f"{veto.explanation[0]}",
        link=letter_link(letter),
        organ=letter.organ,
        subject=letter,
    )
    return True


def mailbox_mark_overdue(*, today: date | None = None) -> list[int]:
    """Overdue notices and the escalating alerts that apply today; the letters acted on."""
    today = today or timezone.localdate()
    thresholds = gongkai_settings().MAILBOX_ALERT_DAYS
    acted = []
    candidates = Letter.objects.filter(status__in=UNANSWERED).values_list("pk", flat=True)
    for pk in list(candidates.order_by("pk")):
        with transaction.atomic():
            letter = (
                Letter.objects.select_for_update()
                .select_related("organ", "channel__organ")
                .filter(pk=pk, status__in=UNANSWERED)
                .first()
            )
            if letter is None:
                continue
            did = False
            if letter.due_date is not None and letter.due_date < today:
                did = _overdue(letter)
            level = deadlines.alert_level(letter.submitted_on, today, thresholds=thresholds)
            did = _alert(letter, level, today) or did
            if did:
                acted.append(pk)
    return acted


def mailbox_default_ratings(*, today: date | None = None) -> list[int]:
    """Replies whose rating window has passed unrated are rated 满意 (默认满意)."""
    today = today or timezone.localdate()
    rated = []
    due = Letter.objects.filter(status=Status.ANSWERED, rating_due__lt=today)
    for pk in list(due.values_list("pk", flat=True).order_by("pk")):
        with transaction.atomic():
            letter = Letter.objects.select_for_update().filter(pk=pk).first()
            if letter is None or letter.status != Status.ANSWERED:
                continue
            letter.satisfaction = Satisfaction.SATISFIED
            letter.rated_by_default = True
            letter.rated_on = today
            LETTER_MACHINE.fire(actor=None, obj=letter, event=Event.DEFAULT_RATE)
            rated.append(pk)
    return rated
