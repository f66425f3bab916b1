"""网上调查: questions, one answer per person (cookie and address cap), results after closing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.participation import selectors
from gongkai.participation.models import Survey
from gongkai.participation.services import surveys as svc

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(dept: Any, people: dict[str, Any]) -> Survey:
    today = timezone.localdate()
    s = svc.survey_create(
        actor=people["editor"],
        organ=dept,
        title="公交线路优化调查",
        intro="",
        starts_on=today,
        ends_on=today + timedelta(days=10),
    )
    svc.question_add(
        actor=people["editor"],
        survey=s,
        kind="single",
        text="您常坐公交吗？",
        choices=["每天", "每周", "很少"],
    )
    svc.question_add(
        actor=people["editor"],
        survey=s,
        kind="multiple",
        text="您关心什么？",
        choices=["准点", "票价", "线路"],
    )
    svc.question_add(actor=people["editor"], survey=s, kind="text", text="其他建议", required=False)
    return s


def _raw(s: Survey, single: str = "0", multiple: list[str] | None = None) -> dict[str, Any]:
    q1, q2, q3 = s.questions.all()
    return {f"q{q1.pk}": [single], f"q{q2.pk}": multiple or ["0", "2"], f"q{q3.pk}": ["<b>好</b>"]}


def test_questions_are_checked(survey: Survey, people: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="至少需要两个选项"):
        svc.question_add(
            actor=people["editor"], survey=survey, kind="single", text="x", choices=["唯一"]
        )
    with pytest.raises(ValidationError, match="不能重复"):
        svc.question_add(
            actor=people["editor"], survey=survey, kind="multiple", text="x", choices=["a", "a"]
        )


def test_one_answer_per_person(survey: Survey, people: dict[str, Any], settings: Any) -> None:
    svc.survey_answer(survey=survey, raw=_raw(survey), voter_key="v1", ip="10.0.0.1")
    with pytest.raises(ValidationError, match="已经参与过"):
        svc.survey_answer(survey=survey, raw=_raw(survey), voter_key="v1", ip="10.0.0.2")
    settings.GONGKAI = {**settings.GONGKAI, "PARTICIPATION_SURVEY_ANSWERS_PER_IP": 2}
    svc.survey_answer(survey=survey, raw=_raw(survey), voter_key="v2", ip="10.0.0.1")
    with pytest.raises(ValidationError, match="已达上限"):
        svc.survey_answer(survey=survey, raw=_raw(survey), voter_key="v3", ip="10.0.0.1")
    with pytest.raises(ValidationError, match="Cookie"):
        svc.survey_answer(survey=survey, raw=_raw(survey), voter_key="", ip="10.0.0.9")
    assert survey.responses.count() == 2
    assert all(len(r.ip_hash) == 64 and "10.0.0" not in r.ip_hash for r in survey.responses.all())
    with pytest.raises(ValidationError, match="已有人参与"):
        svc.question_add(actor=people["editor"], survey=survey, kind="text", text="新题")


@pytest.mark.parametrize(
    ("single", "multiple", "message"),
    [
        ("", ["0"], "请回答此题"),
        ("0,1", ["0"], "选项无效"),
        ("7", ["0"], "选项无效"),
        ("0", ["9"], "选项无效"),
    ],
)
def test_bad_answers(survey: Survey, single: str, multiple: list[str], message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        svc.survey_answer(
            survey=survey, raw=_raw(survey, single, multiple), voter_key="v", ip="10.0.0.1"
        )
    assert message in str(exc.value)
    assert not survey.responses.exists()


def test_results_after_closing(survey: Survey) -> None:
    svc.survey_answer(survey=survey, raw=_raw(survey), voter_key="a", ip="10.0.0.1")
    svc.survey_answer(survey=survey, raw=_raw(survey, "1", ["0"]), voter_key="b", ip="10.0.0.2")
    assert not selectors.results_public(survey)
    total, results = selectors.survey_results(survey)
    assert total == 2
    assert results[0].rows == [("每天", 1, 50), ("每周", 1, 50), ("很少", 0, 0)]
    assert results[1].rows[0] == ("准点", 2, 100)
    assert results[2].texts == ["<b>好</b>", "<b>好</b>"]
    today = timezone.localdate()
    Survey.objects.filter(pk=survey.pk).update(
        starts_on=today - timedelta(days=10), ends_on=today - timedelta(days=1)
    )
    survey.refresh_from_db()
    assert selectors.results_public(survey)
    with pytest.raises(ValidationError, match="不在进行中"):
        svc.survey_answer(survey=survey, raw=_raw(survey), voter_key="c", ip="10.0.0.3")
