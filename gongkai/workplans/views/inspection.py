"""Back office of the 督查: rounds (list, plan, detail with its checklist), the organ × checklist
matrix of results, findings (raise, list, detail with the 整改 actions, evidence files) and the
督查通报 DOCX. Login required in every view; the services check the roles again.

A refused action re-renders the page with the Chinese message: `PermissionDenied` (403),
`InvalidTransition` (409), `ValidationError` (400). The 督查 stays internal: no public page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.fsm import InvalidTransition
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import organs_with_role
from gongkai.workplans import selectors
from gongkai.workplans.actions import FINDING_ACTIONS, FindingAction
from gongkai.workplans.bulletin import bulletin_docx, bulletin_title
from gongkai.workplans.forms import (
    FindingForm,
    LineForm,
    OrgansForm,
    RoundForm,
    TemplateLinesForm,
)
from gongkai.workplans.models import (
    Finding,
    FindingEvidence,
    InspectionRound,
    RoundStatus,
    Verdict,
)
from gongkai.workplans.services import findings as finding_svc
from gongkai.workplans.services import inspection as svc
from gongkai.workplans.transitions import ROUND_MACHINE, RoundEvent
from gongkai.workplans.views.acting import (
    fixed_roles,
    refusal_code,
    refusal_message,
    run_action,
)

PAGE_SIZE = 100
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _targets(offices: list[Organ]) -> Any:
    """Organs strictly below one of the user's 公开办 organs (what a round may inspect)."""
    from django.db.models import Q

    q = Q(pk__in=[])
    for office in offices:
        q |= Q(path__startswith=office.path) & ~Q(pk=office.pk)
    return Organ.objects.filter(q)


@never_cache
@login_required
def rounds(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "rounds": list(selectors.rounds_for(request.user)[:PAGE_SIZE]),
        "can_create": bool(organs_with_role(request.user, Role.ORGAN_ADMIN)),
        "overdue_count": selectors.overdue_findings(request.user, today=today).count(),
    }
    return render(request, "workplans/staff/rounds.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    offices = organs_with_role(request.user, Role.ORGAN_ADMIN)
    if not offices:
        raise PermissionDenied("您不是任何机关的公开办管理员。")
    form = RoundForm(request.POST or None, offices=offices, targets=_targets(offices))
    context: dict[str, Any] = {"form": form}
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cd = form.cleaned_data
            fields = svc.RoundFields(
                title=cd["title"], year=cd["year"], scope=cd["scope"],
                starts_on=cd["starts_on"], ends_on=cd["ends_on"],
            )  # fmt: skip
            try:
                round_ = svc.round_create(
                    actor=request.user, organ=cd["organ"], fields=fields, organs=list(cd["organs"])
                )
            except (PermissionDenied, ValidationError) as exc:
                context["alert"], status = refusal_message(exc), refusal_code(exc)
            else:
                messages.success(request, "督查已制定，请编制督查清单。")
                return redirect("workplans:round", pk=round_.pk)
        else:
            context["alert"] = "请修改下列问题后再提交。"
        return render(request, "workplans/staff/round_form.html", context, status=status)
    return render(request, "workplans/staff/round_form.html", context)


def render_round(
    request: HttpRequest,
    round_: InspectionRound,
    *,
    bound: dict[str, Form] | None = None,
    alert: str = "",
    status: int = 200,
) -> HttpResponse:
    round_.refresh_from_db()
    organs = [ro.organ for ro in round_.organs.select_related("organ")]
    forms: dict[str, Form] = {
        "from_template": TemplateLinesForm(auto_id="tpl-%s"),
        "add_line": LineForm(auto_id="line-%s"),
        "organs": OrgansForm(
            initial={"organs": organs}, targets=_targets([round_.organ]), auto_id="org-%s"
        ),
    }
    forms.update(bound or {})
    events = [
        e
        for e in ROUND_MACHINE.allowed_events(round_.status)
        if ROUND_MACHINE.may(request.user, round_, e)
    ]
    context = {
        "round": round_,
        "organs": organs,
        "lines": list(round_.lines.select_related("point").order_by("order", "pk")),
        "findings": list(round_.findings.select_related("organ").order_by("deadline", "pk")),
        "summary": selectors.round_summary(round_),
        "verdicts": Verdict.choices,
        "events": events,
        "forms": forms,
        "alert": alert,
        "today": timezone.localdate(),
        "editable": round_.status != RoundStatus.CONCLUDED,
        "planned": round_.status == RoundStatus.PLANNED,
    }
    return render(request, "workplans/staff/round.html", context, status=status)


@never_cache
@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_round(request, selectors.round_for_office(request.user, pk))


def _round_ops(request: HttpRequest, round_: InspectionRound) -> dict[str, Callable[[], str]]:
    """Each POST of the round page: run the service, return the success message."""
    user, post = request.user, request.POST

    def start() -> str:
        svc.round_start(actor=user, round_=round_)
        return "督查已开始，已通知被督查机关。"

    def conclude() -> str:
        svc.round_conclude(actor=user, round_=round_)
        return "督查已结束。"

    def from_tasks() -> str:
        return f"已从工作要点任务加入 {svc.checklist_from_tasks(actor=user, round_=round_)} 项。"

    def from_template() -> str:
        n = svc.checklist_from_template(actor=user, round_=round_, codes=post.getlist("codes"))
        return f"已从模板加入 {n} 项。"

    def add_line() -> str:
        svc.checklist_add(
            actor=user, round_=round_, text=post.get("text", ""), basis=post.get("basis", "")
        )
        return "已加入督查要点。"

    def remove_line() -> str:
        raw = post.get("line", "")
        line = round_.lines.filter(pk=int(raw)).first() if raw.isdigit() else None
        if line is None:
            raise ValidationError("没有这个督查要点。")
        svc.checklist_remove(actor=user, round_=round_, line=line)
        return "已删除督查要点。"

    def organs() -> str:
        ids = [int(x) for x in post.getlist("organs") if x.isdigit()]
        chosen = list(Organ.objects.filter(pk__in=ids))
        svc.round_set_organs(actor=user, round_=round_, organs=chosen)
        return "已更新被督查机关。"

    return {
        RoundEvent.START.value: start,
        RoundEvent.CONCLUDE.value: conclude,
        "from_tasks": from_tasks,
        "from_template": from_template,
        "add_line": add_line,
        "remove_line": remove_line,
        "organs": organs,
    }


@never_cache
@login_required
@require_POST
def round_post(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    round_ = selectors.round_for_office(request.user, pk)
    op = _round_ops(request, round_).get(name)
    if op is None:
        raise Http404("没有这个操作。")
    try:
        done = op()
    except (PermissionDenied, InvalidTransition, ValidationError) as exc:
        return render_round(request, round_, alert=refusal_message(exc), status=refusal_code(exc))
    messages.success(request, done)
    return redirect("workplans:round", pk=round_.pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def round_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    """The organ × checklist matrix: one verdict, note and evidence link per cell."""
    round_ = selectors.round_for_office(request.user, pk)
    matrix = selectors.round_matrix(round_)
    context: dict[str, Any] = {"round": round_, "matrix": matrix, "verdicts": Verdict.choices}
    status = 200
    if request.method == "POST":
        post = request.POST
        cells = [
            svc.ResultInput(
                organ=cell["organ"],
                line=line,
                verdict=post.get(f"v_{cell['name']}", ""),
                note=post.get(f"n_{cell['name']}", ""),
                evidence_link=post.get(f"e_{cell['name']}", ""),
            )
            for line, row in matrix.rows()
            for cell in row
        ]
        try:
            n = svc.results_record(actor=request.user, round_=round_, cells=cells)
        except (PermissionDenied, ValidationError) as exc:
            context["alert"], status = refusal_message(exc), refusal_code(exc)
        else:
            messages.success(request, f"已保存 {n} 项督查结果。")
            return redirect("workplans:round_matrix", pk=round_.pk)
    posted = request.POST if status != 200 else None
    grid = []
    for line, row in matrix.rows():
        for cell in row:
            result, key = cell["result"], cell["name"]
            cell["v"] = posted.get(f"v_{key}", "") if posted else (result.verdict if result else "")
            cell["n"] = posted.get(f"n_{key}", "") if posted else (result.note if result else "")
            cell["e"] = (
                posted.get(f"e_{key}", "") if posted else (result.evidence_link if result else "")
            )
        grid.append((line, row))
    context["grid"] = grid
    context["open"] = round_.status == RoundStatus.IN_PROGRESS
    return render(request, "workplans/staff/round_matrix.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_for_office(request.user, pk)
    organs = [ro.organ for ro in round_.organs.select_related("organ")]
    lines = list(round_.lines.order_by("order", "pk"))
    initial = {k: request.GET[k] for k in ("organ", "line") if request.GET.get(k, "").isdigit()}
    form = FindingForm(request.POST or None, organs=organs, lines=lines, initial=initial)
    context: dict[str, Any] = {"round": round_, "form": form}
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cd = form.cleaned_data
            organ = next(o for o in organs if o.pk == cd["organ"])
            line = next((x for x in lines if x.pk == cd["line"]), None)
            try:
                finding = finding_svc.finding_raise(
                    actor=request.user, round_=round_, organ=organ, line=line,
                    problem=cd["problem"], requirement=cd["requirement"],
                    deadline=cd["deadline"],
                )  # fmt: skip
            except (PermissionDenied, ValidationError) as exc:
                context["alert"], status = refusal_message(exc), refusal_code(exc)
            else:
                messages.success(request, f"已向{organ.name}提出整改要求。")
                return redirect("workplans:finding", pk=finding.pk)
        else:
            context["alert"] = "请修改下列问题后再提交。"
        return render(request, "workplans/staff/finding_form.html", context, status=status)
    return render(request, "workplans/staff/finding_form.html", context)


@never_cache
@login_required
def round_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """督查通报 as a 公文 DOCX (internal: downloaded by the organiser, never published here)."""
    round_ = selectors.round_for_office(request.user, pk)
    data = bulletin_docx(round_, today=timezone.localdate())
    response = HttpResponse(data, content_type=DOCX)
    filename = quote(f"{bulletin_title(round_)}.docx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@never_cache
@login_required
def findings(request: HttpRequest) -> HttpResponse:
    """督查问题: those of the rounds the user organised and those its organs must put right;
    `?overdue=1` the ones past their 整改期限 and not yet submitted."""
    today = timezone.localdate()
    late = request.GET.get("overdue") == "1"
    qs = (
        selectors.overdue_findings(request.user, today=today)
        if late
        else selectors.visible_findings(request.user)
    )
    rows = list(qs.order_by("deadline", "pk")[:PAGE_SIZE])
    context = {
        "findings": rows,
        "overdue": {f.pk for f in rows if selectors.finding_overdue(f, today)},
        "total": qs.count(),
        "late": late,
    }
    return render(request, "workplans/staff/findings.html", context)


def render_finding(
    request: HttpRequest,
    finding: Finding,
    roles: set[str],
    *,
    bound: dict[str, Form] | None = None,
    alert: str = "",
    status: int = 200,
) -> HttpResponse:
    finding.refresh_from_db()
    offered = FINDING_ACTIONS.available(
        actor=request.user, subject=finding, roles_of=fixed_roles(roles)
    )
    actions = {a.name: a for a in offered if isinstance(a, FindingAction)}
    forms = {name: action.form() for name, action in actions.items()}
    forms.update({k: v for k, v in (bound or {}).items() if k in actions})
    for name, form in forms.items():
        form.auto_id = f"{name}-%s"
    today = timezone.localdate()
    context = {
        "finding": finding,
        "actions": actions,
        "forms": forms,
        "alert": alert,
        "overdue": selectors.finding_overdue(finding, today),
        "evidence": list(finding.evidence.select_related("item")),
        "timeline": selectors.finding_timeline(finding),
        "organiser": "inspection_office" in roles,
    }
    return render(request, "workplans/staff/finding.html", context, status=status)


@never_cache
@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding, roles = selectors.finding_for_user(request.user, pk)
    return render_finding(request, finding, roles)


@never_cache
@login_required
@require_POST
def finding_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    finding, roles = selectors.finding_for_user(request.user, pk)
    action_class = FINDING_ACTIONS.get(name)
    if action_class is None or not issubclass(action_class, FindingAction):
        raise Http404("没有这个办理操作。")
    action = action_class(actor=request.user, subject=finding, roles_of=fixed_roles(roles))

    def refuse(form: Form, message: str, code: int) -> HttpResponse:
        return render_finding(
            request, finding, roles, bound={name: form}, alert=message, status=code
        )

    refused = run_action(request, name=name, action=action, refuse=refuse)
    if refused is not None:
        return refused
    return redirect("workplans:finding", pk=finding.pk)


@never_cache
@login_required
def finding_evidence(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(FindingEvidence, pk=pk, kind="file")
    selectors.finding_for_user(request.user, evidence.finding_id)  # 404 unless visible
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)
