"""The whole life of a letter through the services, and the transfer rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.fsm import InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.inbox.models import Notice
from gongkai.mailbox.models import Letter, Status, Transfer
from gongkai.mailbox.services import workflow as wf
from gongkai.orgs.models import Organ

pytestmark = pytest.mark.django_db(transaction=False)


def test_a_letter_from_writing_to_archive(
    write: Callable[..., Letter],
    people: dict[str, Any],
    dept: Organ,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        letter = write()
    assert letter.status == Status.SCREENING and letter.reference.startswith("XX")
    assert letter.screening_due is not None and len(letter.query_code) == 12
    # The city's 公开办 was told a letter waits for screening.
    assert Notice.objects.filter(recipient=people["office"], subject_id=str(letter.pk)).exists()

    with django_capture_on_commit_callbacks(execute=True):
        letter = wf.letter_assign(
            actor=people["office"],
            letter=letter,
            organ=dept,
            reason="属住建局职责",
            on=date(2026, 3, 2),
        )
    assert letter.status == Status.PROCESSING and letter.organ == dept
    assert letter.accepted_on == date(2026, 3, 2)
    assert letter.due_date == date(2026, 3, 23)  # 投诉: 15 working days after Mon 2 March
    assert Notice.objects.filter(recipient=people["editor"], subject_id=str(letter.pk)).exists()

    letter = wf.letter_submit_reply(
        actor=people["editor"], letter=letter, text="王女士/先生您好！经查，已安排疏通排水管道。"
    )
    assert letter.status == Status.APPROVAL
    with pytest.raises(PermissionDenied):  # the handler does not approve their own draft
        wf.letter_approve_reply(actor=people["editor"], letter=letter)
    letter = wf.letter_approve_reply(actor=people["leader"], letter=letter, on=date(2026, 3, 10))
    assert letter.status == Status.ANSWERED and letter.reply.startswith("王女士")
    assert letter.reply_organ == dept and not letter.overdue
    assert letter.rating_due == date(2026, 3, 17)  # 5 working days
    letter = wf.letter_rate(
        letter=letter, satisfaction="unsatisfied", comment="还在积水", on=date(2026, 3, 11)
    )
    assert letter.status == Status.RATED
    letter = wf.letter_archive(actor=people["editor"], letter=letter)
    assert letter.status == Status.ARCHIVED
    actions = list(
        AuditEvent.objects.filter(object_type="mailbox.letter", object_id=str(letter.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "letter.receive", "letter.assign", "letter.submit_reply", "letter.approve_reply",
        "letter.rate", "letter.archive",
    ]  # fmt: skip


def test_screening_outcomes(write: Callable[..., Letter], people: dict[str, Any]) -> None:
    first = write()
    rejected = wf.letter_reject(
        actor=people["office"], letter=write(title="广告"), reason="与政务无关"
    )
    assert rejected.status == Status.INVALID and rejected.invalid_reason == "与政务无关"
    again = write()
    assert again.possible_duplicate == first  # the same writer, the same words
    dup = wf.letter_mark_duplicate(actor=people["office"], letter=again, original=first)
    assert dup.status == Status.DUPLICATE and dup.duplicate_of == first
    with pytest.raises(ValidationError, match="理由"):
        wf.letter_reject(actor=people["office"], letter=first, reason="  ")
    with pytest.raises(PermissionDenied):
        wf.letter_accept(actor=people["outsider"], letter=first)


def test_a_transfer_loop_is_refused_and_the_office_decides(
    write: Callable[..., Letter], people: dict[str, Any], city: Organ, dept: Organ, dept2: Organ
) -> None:
    letter = wf.letter_assign(actor=people["office"], letter=write(), organ=dept, reason="住建")
    letter = wf.letter_transfer(
        actor=people["editor"], letter=letter, organ=dept2, reason="城管职责"
    )
    assert letter.organ == dept2
    # 城管 sends it back to 住建: the loop is refused, with the way out named.
    with pytest.raises(ValidationError, match="退回公开办"):
        wf.letter_transfer(actor=people["editor2"], letter=letter, organ=dept, reason="住建职责")
    letter.refresh_from_db()
    assert letter.organ == dept2 and letter.transfers.count() == 2
    # 城管 returns it to the 公开办, which assigns it (anywhere: it coordinates).
    letter = wf.letter_return_to_office(actor=people["editor2"], letter=letter, reason="非我局职责")
    assert letter.status == Status.SCREENING and letter.organ == city and letter.escalated
    due = letter.due_date
    letter = wf.letter_assign(actor=people["office"], letter=letter, organ=dept, reason="协调确定")
    assert letter.organ == dept and letter.due_date == due  # the clock was never restarted
    kinds = list(letter.transfers.values_list("kind", flat=True))
    assert kinds == ["assign", "transfer", "return", "assign"]
    assert Transfer.objects.filter(letter=letter, to_organ=dept).count() == 2


def test_return_to_office_only_away_from_it(
    write: Callable[..., Letter], people: dict[str, Any]
) -> None:
    letter = wf.letter_accept(actor=people["office"], letter=write())
    with pytest.raises(InvalidTransition, match="无需退回"):
        wf.letter_return_to_office(actor=people["office"], letter=letter, reason="x")


def test_extension_once_within_the_limit(
    write: Callable[..., Letter], people: dict[str, Any], dept: Organ
) -> None:
    letter = wf.letter_assign(
        actor=people["office"], letter=write(), organ=dept, reason="住建", on=date(2026, 3, 2)
    )
    with pytest.raises(PermissionDenied):
        wf.letter_extend(actor=people["editor"], letter=letter, days=5, reason="需现场勘查")
    with pytest.raises(ValidationError, match="1至10"):
        wf.letter_extend(actor=people["leader"], letter=letter, days=11, reason="需现场勘查")
    letter = wf.letter_extend(actor=people["leader"], letter=letter, days=5, reason="需现场勘查")
    assert letter.due_date == date(2026, 3, 30) and letter.extended
    with pytest.raises(ValidationError, match="只能延期一次"):
        wf.letter_extend(actor=people["leader"], letter=letter, days=1, reason="再延")


def test_the_staff_timeline_reads_in_chinese(
    write: Callable[..., Letter], people: dict[str, Any], dept: Organ, dept2: Organ
) -> None:
    import re

    from gongkai.mailbox import selectors

    letter = wf.letter_assign(actor=people["office"], letter=write(), organ=dept, reason="住建")
    letter = wf.letter_transfer(actor=people["editor"], letter=letter, organ=dept2, reason="城管")
    wf.letter_extend(actor=people["leader2"], letter=letter, days=3, reason="需勘查")
    text = "\n".join(f"{r['action']} {r['detail']}" for r in selectors.staff_timeline(letter))
    # (PostgreSQL's jsonb keeps its own key order: each part on its own.)
    assert "信箱：市长信箱" in text and "留言类型：投诉" in text
    assert "转出机关：测试市住房和城乡建设局" in text and "转至：测试市城市管理局" in text
    assert "工作日数：3" in text and "延长答复期限" in text
    assert not re.search(r"[a-z_]+：", text), text
