"""网上调查: a questionnaire (single choice, multiple choice, free text), one answer per person
enforced reasonably (a cookie token and a cap per hashed network address), results published
after it closes (`rules.results_public`)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.conf import gongkai_settings
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import require_roles
from gongkai.participation import rules
from gongkai.participation.audit import ParticipationAudit
from gongkai.participation.models import Question, QuestionKind, Survey, SurveyResponse
from gongkai.participation.transitions import HANDLER_ROLES, NOT_HANDLER

MAX_CHOICES = 20
MAX_TEXT_ANSWER = 500


def ip_hash(survey_id: int, ip: str) -> str:
    """The network address, hashed with the site's secret and the survey (never stored)."""
    raw = f"{settings.SECRET_KEY}:{survey_id}:{ip}".encode()
    return hashlib.sha256(raw).hexdigest()


@transaction.atomic
def survey_create(
    *, actor: Actor, organ: Organ, title: str, intro: str, starts_on: date, ends_on: date
) -> Survey:
    require_roles(actor, organ, HANDLER_ROLES, message=NOT_HANDLER)
    if not title.strip():
        raise ValidationError({"title": "请填写标题。"})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "截止日期不能早于开始日期。"})
    survey = Survey.objects.create(
        organ=organ,
        title=title.strip()[:200],
        intro=intro.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    audit_record(
        actor=actor, action=ParticipationAudit.SURVEY_CREATE, obj=survey, organ_id=organ.pk
    )
    return survey


@transaction.atomic
def question_add(
    *,
    actor: Actor,
    survey: Survey,
    kind: str,
    text: str,
    choices: Sequence[str] = (),
    required: bool = True,
) -> Question:
    """Add a question before anyone has answered (answers are never compared across versions)."""
    require_roles(actor, survey.organ, HANDLER_ROLES, message=NOT_HANDLER)
    if survey.responses.exists():
        raise ValidationError("已有人参与调查，不能再修改题目。")
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": "请选择题型。"})
    if not text.strip():
        raise ValidationError({"text": "请填写题目。"})
    options = [c.strip()[:200] for c in choices if c.strip()]
    if kind != QuestionKind.TEXT and len(options) < 2:
        raise ValidationError({"choices": "选择题至少需要两个选项（每行一个）。"})
    if len(options) > MAX_CHOICES or len(set(options)) != len(options):
        raise ValidationError({"choices": f"选项不能重复，且最多{MAX_CHOICES}个。"})
    question = Question.objects.create(
        survey=survey,
        kind=kind,
        text=text.strip()[:300],
        choices=options if kind != QuestionKind.TEXT else [],
        required=required,
        sort_order=survey.questions.count() + 1,
    )
    audit_record(
        actor=actor, action=ParticipationAudit.SURVEY_QUESTION, obj=survey, organ_id=survey.organ_id
    )
    return question


def clean_answers(survey: Survey, raw: Mapping[str, Any]) -> dict[str, Any]:
    """question id → the choices' indices (single: one, multiple: a list) or the text; or
    ValidationError with one message per question (`q<id>`)."""
    answers: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for q in survey.questions.all():
        key = f"q{q.pk}"
        value = raw.get(key)
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        values = [str(v).strip() for v in values if str(v).strip()]
        if not values:
            if q.required:
                problems[key] = "请回答此题。"
            continue
        if q.kind == QuestionKind.TEXT:
            text = values[0]
            if len(text) > MAX_TEXT_ANSWER:
                problems[key] = f"回答不能超过{MAX_TEXT_ANSWER}字（现为{len(text)}字）。"
            answers[str(q.pk)] = text
            continue
        try:
            picked = sorted({int(v) for v in values})
        except ValueError:
            problems[key] = "选项无效。"
            continue
        if any(i < 0 or i >= len(q.choices) for i in picked):
            problems[key] = "选项无效。"
        elif q.kind == QuestionKind.SINGLE and len(picked) != 1:
            problems[key] = "此题只能选一项。"
        else:
            answers[str(q.pk)] = picked if q.kind == QuestionKind.MULTIPLE else picked[0]
    if problems:
        raise ValidationError(problems)
    return answers


@transaction.atomic
def survey_answer(
    *,
    survey: Survey,
    raw: Mapping[str, Any],
    voter_key: str,
    ip: str,
    today: date | None = None,
) -> SurveyResponse:
    """One person's answers (no account: `voter_key` is the browser's cookie token)."""
    today = today or timezone.localdate()
    if not survey.is_open(today):
        raise ValidationError("该调查不在进行中。")
    if not voter_key:
        raise ValidationError("请允许浏览器保存本站的 Cookie 后再参与调查。")
    hashed = ip_hash(survey.pk, ip)
    refusal = rules.survey_answer_refusal(
        already_answered=survey.responses.filter(voter_key=voter_key).exists(),
        ip_answers=survey.responses.filter(ip_hash=hashed).count(),
        ip_cap=gongkai_settings().PARTICIPATION_SURVEY_ANSWERS_PER_IP,
    )
    if refusal:
        raise ValidationError(refusal)
    answers = clean_answers(survey, raw)
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                survey=survey, voter_key=voter_key, ip_hash=hashed, answers=answers
            )
    except IntegrityError:  # the same browser, twice at once
        raise ValidationError("您已经参与过本次调查，感谢您的参与。") from None
