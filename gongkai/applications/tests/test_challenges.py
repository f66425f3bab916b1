"""行政复议 / 行政诉讼 records (annual-report table 四; Art. 51): kinds, results, dates in order."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.applications.models import LegalChallenge
from gongkai.applications.services.challenges import challenge_record, challenge_set_result
from gongkai.core.models import AuditEvent

Kind = LegalChallenge.Kind
Result = LegalChallenge.Result


@pytest.fixture
def answered(register, staff, answer):
    app = register(submitted_on=date(2026, 3, 2))
    return answer(
        app,
        outcome="denied.process_info",
        on=date(2026, 3, 20),
        reason="过程性信息",
    )


def test_review_is_recorded_pending_and_audited(answered, staff) -> None:
    review = challenge_record(
        actor=staff["editor"],
        app=answered,
        kind=Kind.REVIEW,
        filed_on=date(2026, 4, 1),
        body=" 测试市人民政府 ",
        note=" 申请人不服答复 ",
    )
    assert review.application == answered and review.kind == Kind.REVIEW
    assert review.result == Result.PENDING and review.decided_on is None
    assert review.body == "测试市人民政府" and review.note == "申请人不服答复"
    event = AuditEvent.objects.for_object(answered).get(action="application.challenge")
    assert event.organ_id == answered.organ_id and event.comment == "申请人不服答复"
    assert event.data == {"challenge": review.pk, "kind": "review", "filed_on": "2026-04-01"}


@pytest.mark.parametrize("result", [Result.UPHELD, Result.CORRECTED, Result.OTHER])
def test_a_result_is_recorded_with_its_date_and_audited(answered, staff, result) -> None:
    review = challenge_record(
        actor=staff["editor"], app=answered, kind=Kind.REVIEW, filed_on=date(2026, 4, 1)
    )
    review = challenge_set_result(
        actor=staff["editor"], challenge=review, result=result, decided_on=date(2026, 5, 20)
    )
    review.refresh_from_db()
    assert review.result == result and review.decided_on == date(2026, 5, 20)
    event = AuditEvent.objects.for_object(answered).get(action="application.challenge_result")
    assert event.data == {"challenge": review.pk, "result": result, "decided_on": "2026-05-20"}


def test_back_to_pending_clears_the_date_and_keeps_the_note(answered, staff) -> None:
    review = challenge_record(
        actor=staff["editor"], app=answered, kind=Kind.REVIEW, filed_on=date(2026, 4, 1), note="甲"
    )
    review = challenge_set_result(
        actor=staff["editor"],
        challenge=review,
        result=Result.CORRECTED,
        decided_on=date(2026, 5, 1),
    )
    review = challenge_set_result(
        actor=staff["editor"],
        challenge=review,
        result=Result.PENDING,
        decided_on=date(2026, 5, 1),
        note="  ",
    )
    review.refresh_from_db()
    assert review.result == Result.PENDING and review.decided_on is None
    assert review.note == "甲"  # a blank note does not wipe the earlier one


def test_direct_litigation_needs_no_review(answered, staff) -> None:
    suit = challenge_record(
        actor=staff["editor"],
        app=answered,
        kind=Kind.LITIGATION_DIRECT,
        filed_on=date(2026, 6, 1),
        body="测试市中级人民法院",
    )
    assert suit.kind == Kind.LITIGATION_DIRECT and suit.result == Result.PENDING


def test_litigation_after_review_needs_a_decided_review_and_a_later_date(answered, staff) -> None:
    def sue(on: date) -> LegalChallenge:
        return challenge_record(
            actor=staff["editor"], app=answered, kind=Kind.LITIGATION_AFTER_REVIEW, filed_on=on
        )

    with pytest.raises(ValidationError, match="须先登记已审结的行政复议"):
        sue(date(2026, 6, 1))
    review = challenge_record(
        actor=staff["editor"], app=answered, kind=Kind.REVIEW, filed_on=date(2026, 4, 1)
    )
    with pytest.raises(ValidationError, match="须先登记已审结的行政复议"):
        sue(date(2026, 6, 1))  # a pending review is not enough
    challenge_set_result(
        actor=staff["editor"], challenge=review, result=Result.UPHELD, decided_on=date(2026, 5, 20)
    )
    with pytest.raises(ValidationError, match="不能早于复议审结日期"):
        sue(date(2026, 5, 19))
    suit = sue(date(2026, 5, 20))
    assert suit.kind == Kind.LITIGATION_AFTER_REVIEW
    assert list(answered.challenges.values_list("kind", flat=True)) == [
        Kind.REVIEW,
        Kind.LITIGATION_AFTER_REVIEW,
    ]


def test_bad_kind_result_and_dates_are_refused(answered, staff) -> None:
    with pytest.raises(ValidationError, match="请选择类型"):
        challenge_record(
            actor=staff["editor"], app=answered, kind="appeal", filed_on=date(2026, 4, 1)
        )
    with pytest.raises(ValidationError, match="不能早于申请提交日期"):
        challenge_record(
            actor=staff["editor"], app=answered, kind=Kind.REVIEW, filed_on=date(2026, 3, 1)
        )
    review = challenge_record(
        actor=staff["editor"], app=answered, kind=Kind.REVIEW, filed_on=date(2026, 4, 1)
    )
    for result, decided_on, message in [
        ("won", date(2026, 5, 1), "请选择结果"),
        (Result.UPHELD, None, "请填写审结日期"),
        (Result.UPHELD, date(2026, 3, 31), "审结日期不能早于"),
    ]:
        with pytest.raises(ValidationError, match=message):
            challenge_set_result(
                actor=staff["editor"], challenge=review, result=result, decided_on=decided_on
            )
    review.refresh_from_db()
    assert review.result == Result.PENDING and review.decided_on is None
    assert LegalChallenge.objects.count() == 1
    assert not AuditEvent.objects.filter(action="application.challenge_result").exists()


def test_only_handlers_of_the_organ_record_challenges(
    answered, staff, make_organ, make_user
) -> None:
    stranger = make_user(organ=make_organ("测试市交通运输局"), roles=("editor",))
    for actor in (staff["secrecy"], stranger):
        with pytest.raises(PermissionDenied):
            challenge_record(actor=actor, app=answered, kind=Kind.REVIEW, filed_on=date(2026, 4, 1))
    review = challenge_record(
        actor=staff["editor"], app=answered, kind=Kind.REVIEW, filed_on=date(2026, 4, 1)
    )
    for actor in (staff["secrecy"], stranger):
        with pytest.raises(PermissionDenied):
            challenge_set_result(
                actor=actor, challenge=review, result=Result.UPHELD, decided_on=date(2026, 5, 1)
            )
    review.refresh_from_db()
    assert review.result == Result.PENDING
