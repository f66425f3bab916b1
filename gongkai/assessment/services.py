"""Writes of the assessment: a scheme from the template, its indicators edited (a new version
once published), the results computed from the platform's records, manual figures entered with
evidence, adjustments with their reason, and the review → publish steps. Each service is one
transaction with its audit row; `Scheme.status` is written only by `SCHEME_MACHINE.fire`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.assessment import figures, formula, rules, scoring
from gongkai.assessment.audit import AssessmentAudit
from gongkai.assessment.models import Adjustment, Indicator, Kind, Result, Scheme, Status
from gongkai.assessment.transitions import NOT_ALLOWED, OFFICE, SCHEME_MACHINE, Event
from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import require_roles

TEMPLATE = Path(__file__).resolve().parent / "data" / "default_scheme.yaml"
NOT_EDITABLE = "考核方案“{}”正在审定，不能修改；请先退回。"


def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(loaded, dict) or not isinstance(loaded.get("indicators"), list):
        raise ValidationError("考核方案模板格式不正确：缺少 indicators 列表。")
    return loaded


@dataclass(frozen=True)
class IndicatorFields:
    code: str
    name: str
    max_points: Decimal
    kind: str = Kind.AUTO
    formula: str = ""
    rule: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    category: str = ""
    description: str = ""

    @classmethod
    def from_data(cls, row: Mapping[str, Any]) -> IndicatorFields:
        params = dict(row.get("params") or {})
        if row.get("on_empty"):
            params["on_empty"] = row["on_empty"]
        try:
            points = Decimal(str(row.get("points", "")))
        except InvalidOperation:
            raise ValidationError(f"指标“{row.get('code', '')}”的分值应为数字。") from None
        return cls(
            code=str(row.get("code", "")).strip(),
            name=str(row.get("name", "")).strip(),
            max_points=points,
            kind=str(row.get("kind", Kind.AUTO)),
            formula=str(row.get("formula", "") or "").strip(),
            rule=str(row.get("rule", "") or "").strip(),
            params=params,
            category=str(row.get("category", "") or ""),
            description=str(row.get("description", "") or ""),
        )


def check_indicator(fields: IndicatorFields) -> None:
    """ValidationError (Chinese) unless the indicator can be scored: a code and a name, points
    above 0, and for an automatic one a formula in the safe language and a known rule."""
    if not fields.code or len(fields.code) > 16:
        raise ValidationError("请填写指标编号（不超过16个字符）。")
    if not fields.name:
        raise ValidationError(f"请填写指标“{fields.code}”的名称。")
    if not (Decimal(0) < fields.max_points <= Decimal(1000)):
        raise ValidationError(f"指标“{fields.code}”的分值应大于0且不超过1000。")
    if fields.kind not in Kind.values:
        raise ValidationError(f"指标“{fields.code}”的计分方式不正确。")
    if fields.kind == Kind.MANUAL:
        return
    formula.parse(fields.formula)
    scoring.check_params(fields.rule, fields.params)
    if fields.params.get("on_empty", "full") not in ("full", "missing"):
        raise ValidationError("on_empty 只能是 full 或 missing。")


def _office(actor: Actor, organ: Organ) -> None:
    require_roles(actor, organ, {OFFICE}, message=NOT_ALLOWED)


def _indicator(scheme: Scheme, fields: IndicatorFields, order: int) -> Indicator:
    return Indicator.objects.create(
        scheme=scheme,
        code=fields.code,
        name=fields.name,
        max_points=fields.max_points,
        kind=fields.kind,
        formula=fields.formula if fields.kind == Kind.AUTO else "",
        rule=fields.rule if fields.kind == Kind.AUTO else "",
        params=dict(fields.params),
        category=fields.category,
        description=fields.description,
        order=order,
    )


def default_organs(organ: Organ) -> list[Organ]:
    """Who a 公开办 assesses by default: the organs directly below it."""
    return list(Organ.objects.filter(parent=organ).order_by("tree_key"))


@transaction.atomic
def scheme_create(
    *,
    actor: Actor,
    organ: Organ,
    year: int,
    organs: Sequence[Organ] | None = None,
    template: Mapping[str, Any] | None = None,
) -> Scheme:
    """制定考核方案: version 1 of `organ`'s assessment of `year`, from the template."""
    _office(actor, organ)
    data = template if template is not None else load_template()
    if not 2008 <= year <= 2100:
        raise ValidationError("考核年度不正确。")
    if Scheme.objects.filter(organ=organ, year=year).exists():
        raise ValidationError(f"{organ.name}{year}年度的考核方案已经存在。")
    targets = list(organs) if organs is not None else default_organs(organ)
    outside = [o.name for o in targets if not o.path.startswith(organ.path) or o == organ]
    if outside:
        raise ValidationError(f"考核对象须是本机关的下级机关：{'、'.join(outside)}。")
    if not targets:
        raise ValidationError("请至少选择一个考核对象。")
    rows = [IndicatorFields.from_data(r) for r in data["indicators"]]
    codes = [r.code for r in rows]
    if len(set(codes)) != len(codes):
        raise ValidationError("考核指标编号有重复。")
    for row in rows:
        check_indicator(row)
    scheme = Scheme(
        organ=organ,
        year=year,
        title=str(data.get("title", "{year}年度政务公开工作考核")).format(year=year)[:200],
        params=dict(data.get("params") or {}),
        created_by=user_of(actor),
    )
    SCHEME_MACHINE.fire(actor=actor, obj=scheme, event=Event.CREATE, data={"year": year})
    scheme.organs.set(targets)
    for n, row in enumerate(rows):
        _indicator(scheme, row, n)
    return scheme


@transaction.atomic
def scheme_revise(*, actor: Actor, scheme: Scheme) -> Scheme:
    """A published scheme is never edited: the change goes into a new version (a draft copy of
    its indicators, organs and parameters); the published results keep the old version. An
    open draft version of the same year is reused."""
    _office(actor, scheme.organ)
    newest = Scheme.objects.filter(organ=scheme.organ, year=scheme.year).order_by("-version")
    latest = newest.select_for_update().first() or scheme
    if latest.status == Status.DRAFT:
        return latest
    if latest.status == Status.REVIEW:
        raise ValidationError(NOT_EDITABLE.format(latest))
    new = Scheme(
        organ=scheme.organ,
        year=scheme.year,
        version=latest.version + 1,
        parent=latest,
        title=latest.title,
        params=dict(latest.params),
        created_by=user_of(actor),
    )
    SCHEME_MACHINE.fire(actor=actor, obj=new, event=Event.CREATE, data={"year": scheme.year})
    new.organs.set(latest.organs.all())
    for ind in latest.indicators.all():
        ind.pk = None
        ind.scheme = new
        ind.save()
    audit_record(
        actor=actor,
        action=AssessmentAudit.REVISE,
        obj=new,
        organ_id=new.organ_id,
        data={"version": new.version, "parent": latest.version},
    )
    return new


@transaction.atomic
def indicator_save(
    *,
    actor: Actor,
    scheme: Scheme,
    fields: IndicatorFields,
    params: Mapping[str, Any] | None = None,
) -> Indicator:
    """修改（或新增）考核指标 `fields.code`. On a published scheme this makes a new version
    and edits it there (bad input of issue 20: the published results stay as they were)."""
    _office(actor, scheme.organ)
    check_indicator(fields)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.status in (Status.PUBLISHED, Status.SUPERSEDED):
        scheme = scheme_revise(actor=actor, scheme=scheme)
    elif scheme.status != Status.DRAFT:
        raise ValidationError(NOT_EDITABLE.format(scheme))
    if params is not None:
        scheme.params = {**scheme.params, **params}
        scheme.save(update_fields=["params"])
    existing = scheme.indicators.filter(code=fields.code).first()
    order = existing.order if existing else scheme.indicators.count()
    if existing is not None:
        existing.results.all().delete()  # computed under the old rule: compute again
        existing.delete()
    indicator = _indicator(scheme, fields, order)
    audit_record(
        actor=actor,
        action=AssessmentAudit.INDICATOR_SAVE,
        obj=scheme,
        organ_id=scheme.organ_id,
        data={"code": fields.code},
    )
    return indicator


# ---- computing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    value: Decimal | None
    score: Decimal | None
    explanation: str
    records: list[dict[str, Any]]


def score_indicator(indicator: Indicator, organ: Organ, year: int, ctx: figures.Context) -> Scored:
    """One automatic indicator for one organ: its figures, the formula over them, the rule."""
    needed = formula.names(indicator.formula)
    found = {key: figures.compute(key, organ, year, ctx) for key in needed}
    values = {key: f.value for key, f in found.items()}
    outcome = formula.evaluate(indicator.formula, values)
    notes = [f.explanation for f in found.values()]
    records = [r for f in found.values() for r in f.records][: figures.MAX_RECORDS]
    on_empty = indicator.params.get("on_empty", "missing")
    if (
        outcome.value is None
        and on_empty == "full"
        and all(f.empty or f.value is not None for f in found.values())
    ):
        notes.append("本年度无此类事项，按评分标准得满分。")
        return Scored(None, indicator.max_points, "".join(notes), records)
    if outcome.value is None:
        names = "、".join(outcome.missing)
        notes.append(f"缺数据：{names}。得分待补。")
        return Scored(None, None, "".join(notes), records)
    points = scoring.score(indicator.rule, outcome.value, indicator.max_points, indicator.params)
    return Scored(outcome.value, points, "".join(notes), records)


@transaction.atomic
def assessment_compute(
    *,
    actor: Actor,
    scheme: Scheme,
    organs: Sequence[Organ] | None = None,
    today: date | None = None,
) -> list[Result]:
    """计算考核结果: every automatic indicator for every assessed organ from the platform's
    records as of `today`; manual results are kept (a row waits for them); a figure entered by
    hand where the platform has none is kept until the platform has it."""
    _office(actor, scheme.organ)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.status != Status.DRAFT:
        raise ValidationError(f"考核方案“{scheme}”{scheme.get_status_display()}，不能重新计算。")
    today = today or timezone.localdate()
    targets = list(organs) if organs is not None else list(scheme.organs.order_by("tree_key"))
    allowed = set(scheme.organs.values_list("pk", flat=True))
    if any(o.pk not in allowed for o in targets):
        raise ValidationError("只能计算本方案考核对象的结果。")
    ctx = figures.Context(as_of=today, params=dict(scheme.params))
    indicators = list(scheme.indicators.all())
    results: list[Result] = []
    for organ in targets:
        for ind in indicators:
            result, _ = Result.objects.get_or_create(scheme=scheme, indicator=ind, organ=organ)
            if ind.kind == Kind.MANUAL:
                results.append(result)
                continue
            scored = score_indicator(ind, organ, scheme.year, ctx)
            if scored.score is None and result.evidence and result.score is not None:
                results.append(result)  # entered by hand, the platform still has nothing
                continue
            result.value, result.score = scored.value, scored.score
            result.explanation, result.records = scored.explanation, scored.records
            result.evidence, result.evidence_link, result.entered_by = "", "", None
            result.save()
            results.append(result)
    scheme.computed_at, scheme.as_of = timezone.now(), today
    scheme.save(update_fields=["computed_at", "as_of"])
    audit_record(
        actor=actor,
        action=AssessmentAudit.COMPUTE,
        obj=scheme,
        organ_id=scheme.organ_id,
        data={
            "organs": len(targets),
            "results": len(results),
            "missing": sum(r.score is None for r in results),
            "as_of": today.isoformat(),
        },
    )
    return results


def _editable_result(actor: Actor, result: Result) -> Result:
    scheme = Scheme.objects.select_for_update().get(pk=result.scheme_id)
    _office(actor, scheme.organ)
    if scheme.status != Status.DRAFT:
        raise ValidationError(f"考核方案“{scheme}”{scheme.get_status_display()}，结果不能再修改。")
    return Result.objects.select_related("indicator", "organ").get(pk=result.pk)


@transaction.atomic
def result_enter(
    *, actor: Actor, result: Result, value: Decimal, evidence: str, link: str = ""
) -> Result:
    """填报: a manual indicator's score, or the figure of an automatic one the platform lacks
    (scored by its rule), always with its evidence."""
    reason = rules.evidence_missing(evidence)
    if reason:
        raise ValidationError(reason)
    result = _editable_result(actor, result)
    ind = result.indicator
    if ind.kind == Kind.MANUAL:
        if not Decimal(0) <= value <= ind.max_points:
            raise ValidationError(f"得分应在0至{ind.max_points.normalize():f}分之间。")
        result.value, result.score = value, value
        result.explanation = "人工评分。"
    else:
        result.value = value
        result.score = scoring.score(ind.rule, value, ind.max_points, ind.params)
        result.explanation = f"平台无此数据，人工填报数值{value.normalize():f}。"
    result.evidence, result.evidence_link = evidence.strip(), link.strip()[:500]
    result.entered_by = user_of(actor)
    result.save()
    audit_record(
        actor=actor,
        action=AssessmentAudit.ENTER,
        obj=result,
        organ_id=result.scheme.organ_id,
        data={"value": str(value), "evidence": result.evidence[:200]},
    )
    return result


@transaction.atomic
def adjustment_add(*, actor: Actor, result: Result, delta: Decimal, reason: str) -> Adjustment:
    """加减分: only with a recorded reason (audit), within the indicator's points."""
    problem = rules.reason_missing(reason)
    if problem:
        raise ValidationError(problem)
    result = _editable_result(actor, result)
    problem = rules.adjustment_out_of_range(delta, result.indicator.max_points)
    if problem:
        raise ValidationError(problem)
    adjustment = Adjustment.objects.create(
        result=result, delta=delta, reason=reason.strip(), made_by=user_of(actor)
    )
    audit_record(
        actor=actor,
        action=AssessmentAudit.ADJUST,
        obj=result,
        organ_id=result.scheme.organ_id,
        comment=adjustment.reason,
        data={
            "delta": str(delta),
            "indicator": result.indicator.code,
            "organ": result.organ.name,
        },
    )
    return adjustment


# ---- review and publication ---------------------------------------------------------------


@transaction.atomic
def scheme_submit(*, actor: Actor, scheme: Scheme) -> Scheme:
    scheme = SCHEME_MACHINE.lock(scheme)
    return SCHEME_MACHINE.fire(actor=actor, obj=scheme, event=Event.SUBMIT)


@transaction.atomic
def scheme_return(*, actor: Actor, scheme: Scheme, comment: str) -> Scheme:
    if not comment.strip():
        raise ValidationError("请填写退回意见。")
    scheme = SCHEME_MACHINE.lock(scheme)
    return SCHEME_MACHINE.fire(actor=actor, obj=scheme, event=Event.RETURN, comment=comment)


@transaction.atomic
def scheme_publish(*, actor: Actor, scheme: Scheme) -> Scheme:
    """发布: the results, complete, are frozen with this version; an earlier published version
    of the same year is superseded (its results stay as they were)."""
    scheme = SCHEME_MACHINE.lock(scheme)
    SCHEME_MACHINE.check(actor, scheme, Event.PUBLISH)
    pending = scheme.results.filter(score__isnull=True).count()
    expected = scheme.organs.count() * scheme.indicators.count()
    pending += max(expected - scheme.results.count(), 0)
    problem = rules.unfinished(pending)
    if problem:
        raise ValidationError(problem)
    scheme.published_at = timezone.now()
    scheme = SCHEME_MACHINE.fire(actor=actor, obj=scheme, event=Event.PUBLISH)
    older = Scheme.objects.filter(
        organ=scheme.organ, year=scheme.year, status=Status.PUBLISHED, version__lt=scheme.version
    )
    for old in older.select_for_update():
        SCHEME_MACHINE.fire(
            actor=actor, obj=old, event=Event.SUPERSEDE, comment=f"第{scheme.version}版发布"
        )
    return scheme
