"""Back office of the assessment (/office/assessment/): the schemes, a scheme's scorecard and its
steps (compute, submit, return, publish, new version), an indicator's editing, one organ's card,
one result with the records behind it (click-through) and its manual entry and adjustments, and
the XLSX export. Login required in every view.

A refused step re-renders the page with the Chinese message: `PermissionDenied` (403),
`InvalidTransition` (409), `ValidationError` (400).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.assessment import exports, figures, selectors, services
from gongkai.assessment.forms import AdjustForm, EnterForm, IndicatorForm, ReturnForm, SchemeForm
from gongkai.assessment.models import Indicator, Kind, Scheme, Status
from gongkai.assessment.transitions import SCHEME_MACHINE, Event
from gongkai.core.fsm import InvalidTransition
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import organs_with_role


def _refusal(exc: Exception) -> tuple[str, int]:
    if isinstance(exc, PermissionDenied):
        return str(exc) or "您没有执行此操作的权限。", 403
    if isinstance(exc, InvalidTransition):
        return str(exc), 409
    messages_ = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
    return "；".join(messages_), 400


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    offices = organs_with_role(request.user, Role.ORGAN_ADMIN)
    # The year usually assessed is the one just ended.
    initial = {"year": timezone.localdate().year - 1}
    form = SchemeForm(request.POST or None, organs=offices, initial=initial)
    context: dict[str, Any] = {
        "schemes": list(selectors.schemes_for(request.user)[:200]),
        "form": form,
        "offices": offices,
    }
    if request.method == "POST":
        # Without an office the form has no organ to offer: it is refused as invalid (400).
        if form.is_valid():
            try:
                scheme = services.scheme_create(
                    actor=request.user,
                    organ=form.cleaned_data["organ"],
                    year=form.cleaned_data["year"],
                )
            except (PermissionDenied, ValidationError) as exc:
                context["alert"], status = _refusal(exc)
                return render(request, "assessment/staff/index.html", context, status=status)
            messages.success(request, f"已制定“{scheme.title}”。")
            return redirect("assessment:scheme", pk=scheme.pk)
        context["alert"] = "请修改下列问题后再提交。"
        return render(request, "assessment/staff/index.html", context, status=400)
    return render(request, "assessment/staff/index.html", context)


def _scheme_page(
    request: HttpRequest, scheme: Scheme, *, alert: str = "", status: int = 200
) -> HttpResponse:
    scheme.refresh_from_db()
    card = selectors.scorecard(scheme)
    steps = [
        e
        for e in (Event.SUBMIT, Event.RETURN, Event.PUBLISH)
        if SCHEME_MACHINE.may(request.user, scheme, e)
        and e in SCHEME_MACHINE.allowed_events(scheme.status)
    ]
    context = {
        "scheme": scheme,
        "card": card,
        "rules": {i.pk: selectors.rule_text(i) for i in card.indicators},
        "steps": steps,
        "can_compute": scheme.status == Status.DRAFT
        and SCHEME_MACHINE.may(request.user, scheme, Event.SUBMIT),
        "can_revise": scheme.status in (Status.PUBLISHED, Status.SUPERSEDED)
        and SCHEME_MACHINE.may(request.user, scheme, Event.CREATE),
        "versions": selectors.versions(scheme),
        "return_form": ReturnForm(),
        "alert": alert,
        "figures": sorted(figures.REGISTRY.values(), key=lambda f: f.key),
    }
    return render(request, "assessment/staff/scheme.html", context, status=status)


@never_cache
@login_required
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _scheme_page(request, selectors.scheme_for(request.user, pk))


STEPS: dict[str, Callable[[HttpRequest, Scheme], tuple[Scheme, str]]] = {}


def step(name: str) -> Callable[..., Any]:
    def register(fn: Callable[[HttpRequest, Scheme], tuple[Scheme, str]]) -> Any:
        STEPS[name] = fn
        return fn

    return register


@step("compute")
def _compute(request: HttpRequest, scheme: Scheme) -> tuple[Scheme, str]:
    results = services.assessment_compute(actor=request.user, scheme=scheme)
    pending = sum(r.score is None for r in results)
    note = f"，其中{pending}项缺数据待补" if pending else ""
    return scheme, f"已计算{len(results)}项考核结果{note}。"


@step("submit")
def _submit(request: HttpRequest, scheme: Scheme) -> tuple[Scheme, str]:
    return services.scheme_submit(actor=request.user, scheme=scheme), "已提交审定。"


@step("return")
def _return(request: HttpRequest, scheme: Scheme) -> tuple[Scheme, str]:
    comment = request.POST.get("comment", "")
    return services.scheme_return(
        actor=request.user, scheme=scheme, comment=comment
    ), "已退回修改。"


@step("publish")
def _publish(request: HttpRequest, scheme: Scheme) -> tuple[Scheme, str]:
    return services.scheme_publish(actor=request.user, scheme=scheme), "考核结果已发布。"


@step("revise")
def _revise(request: HttpRequest, scheme: Scheme) -> tuple[Scheme, str]:
    new = services.scheme_revise(actor=request.user, scheme=scheme)
    return new, f"已生成第{new.version}版方案；已发布的结果保持不变。"


@never_cache
@login_required
@require_POST
def scheme_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    scheme = selectors.scheme_for(request.user, pk)
    fn = STEPS.get(name)
    if fn is None:
        raise Http404("没有这个操作。")
    try:
        scheme, done = fn(request, scheme)
    except (PermissionDenied, InvalidTransition, ValidationError) as exc:
        alert, status = _refusal(exc)
        return _scheme_page(request, scheme, alert=alert, status=status)
    messages.success(request, done)
    return redirect("assessment:scheme", pk=scheme.pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int, code: str = "") -> HttpResponse:
    """修改或新增指标: on a published scheme the change makes a new version."""
    scheme = selectors.scheme_for(request.user, pk)
    indicator: Indicator | None = scheme.indicators.filter(code=code).first() if code else None
    if code and indicator is None:
        raise Http404("没有这个指标。")
    initial: dict[str, Any] = {}
    if indicator is not None:
        p = indicator.params
        initial = {
            "code": indicator.code, "category": indicator.category, "name": indicator.name,
            "max_points": indicator.max_points, "kind": indicator.kind,
            "formula": indicator.formula, "rule": indicator.rule,
            "full_at": p.get("full_at"), "zero_at": p.get("zero_at"), "per": p.get("per"),
            "minimum": p.get("min"), "on_empty": p.get("on_empty", "missing"),
            "description": indicator.description,
        }  # fmt: skip
    form = IndicatorForm(request.POST or None, initial=initial)
    context: dict[str, Any] = {
        "scheme": scheme,
        "indicator": indicator,
        "form": form,
        "figures": sorted(figures.REGISTRY.values(), key=lambda f: f.key),
    }
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cd = form.cleaned_data
            fields = services.IndicatorFields(
                code=cd["code"].strip(),
                name=cd["name"].strip(),
                max_points=cd["max_points"],
                kind=cd["kind"],
                formula=cd["formula"].strip(),
                rule=cd["rule"] if cd["kind"] == Kind.AUTO else "",
                params=form.params(),
                category=cd["category"],
                description=cd["description"],
            )
            try:
                saved = services.indicator_save(actor=request.user, scheme=scheme, fields=fields)
            except (PermissionDenied, ValidationError) as exc:
                context["alert"], status = _refusal(exc)
            else:
                if saved.scheme_id != scheme.pk:
                    messages.success(
                        request,
                        f"该方案已发布，修改保存在第{saved.scheme.version}版；已发布的结果保持不变。",
                    )
                else:
                    messages.success(request, f"已保存指标 {saved.code}。")
                return redirect("assessment:scheme", pk=saved.scheme_id)
        else:
            context["alert"] = "请修改下列问题后再提交。"
        return render(request, "assessment/staff/indicator.html", context, status=status)
    return render(request, "assessment/staff/indicator.html", context)


@never_cache
@login_required
def organ_card(request: HttpRequest, pk: int) -> HttpResponse:
    """One assessed organ's card (`?organ=`, else the first): every indicator with its value,
    score, explanation and the first records behind it."""
    scheme = selectors.scheme_for(request.user, pk)
    wanted = request.GET.get("organ", "")
    first = scheme.organs.order_by("tree_key").values_list("pk", flat=True).first()
    organ_pk = int(wanted) if wanted.isdigit() else first
    if organ_pk is None:
        raise Http404("本方案没有考核对象。")
    row = selectors.organ_card(scheme, organ_pk)
    context = {
        "scheme": scheme,
        "row": row,
        "rules": {c.indicator.pk: selectors.rule_text(c.indicator) for c in row.cells},
    }
    return render(request, "assessment/staff/organ.html", context)


def _result_page(
    request: HttpRequest,
    result_pk: int,
    *,
    bound: dict[str, Any] | None = None,
    alert: str = "",
    status: int = 200,
) -> HttpResponse:
    result = selectors.result_for(request.user, result_pk)
    editable = result.scheme.status == Status.DRAFT
    forms = {"enter": EnterForm(), "adjust": AdjustForm()}
    forms.update(bound or {})
    context = {
        "result": result,
        "scheme": result.scheme,
        "indicator": result.indicator,
        "records": selectors.records(result),
        "adjustments": selectors.adjustments(result),
        "rule": selectors.rule_text(result.indicator),
        "value_text": figures.show(result.value, selectors.unit_of(result.indicator))
        if result.value is not None or result.score is None
        else "无此类事项",
        "editable": editable,
        "forms": forms,
        "alert": alert,
        "final": selectors.Cell(
            result=result,
            indicator=result.indicator,
            adjust=sum((a.delta for a in result.adjustments.all()), start=0),  # type: ignore[arg-type]
        ).score_text,
    }
    return render(request, "assessment/staff/result.html", context, status=status)


@never_cache
@login_required
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _result_page(request, pk)


@never_cache
@login_required
@require_POST
def result_enter(request: HttpRequest, pk: int) -> HttpResponse:
    result = selectors.result_for(request.user, pk)
    form = EnterForm(request.POST)
    if not form.is_valid():
        return _result_page(
            request, pk, bound={"enter": form}, alert="请修改下列问题后再提交。", status=400
        )
    cd = form.cleaned_data
    try:
        services.result_enter(
            actor=request.user,
            result=result,
            value=cd["value"],
            evidence=cd["evidence"],
            link=cd["link"],
        )
    except (PermissionDenied, ValidationError) as exc:
        alert, status = _refusal(exc)
        return _result_page(request, pk, bound={"enter": form}, alert=alert, status=status)
    messages.success(request, "已填报。")
    return redirect("assessment:result", pk=pk)


@never_cache
@login_required
@require_POST
def result_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    result = selectors.result_for(request.user, pk)
    form = AdjustForm(request.POST)
    if not form.is_valid():
        return _result_page(
            request, pk, bound={"adjust": form}, alert="请修改下列问题后再提交。", status=400
        )
    cd = form.cleaned_data
    try:
        services.adjustment_add(
            actor=request.user, result=result, delta=cd["delta"], reason=cd["reason"]
        )
    except (PermissionDenied, ValidationError) as exc:
        alert, status = _refusal(exc)
        return _result_page(request, pk, bound={"adjust": form}, alert=alert, status=status)
    messages.success(request, "已调整分值，理由已记录。")
    return redirect("assessment:result", pk=pk)


@never_cache
@login_required
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = selectors.scheme_for(request.user, pk)
    response = HttpResponse(
        exports.scorecard_xlsx(scheme),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = quote(f"{scheme.title}（第{scheme.version}版）.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
