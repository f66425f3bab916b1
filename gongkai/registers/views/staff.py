"""Back office of the registers (/office/registers/): the 规范性文件 register, 清理 campaigns,
双随机 pools and draws. Login required in every view; every write goes through a service, which
checks the roles again (a hidden form is never a guard).

A refused write comes back to the page with its Chinese message (`messages`), nothing written:
`ValidationError` and `InvalidTransition` as messages, `PermissionDenied` as 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.catalog.models import Item
from gongkai.core.staff_views import attempt, form_errors
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import role_map, roles_for
from gongkai.registers import forms, method, selectors
from gongkai.registers.models import (
    Campaign,
    CampaignLine,
    CheckKind,
    Draw,
    DrawResult,
    DrawStatus,
    EntryStatus,
    NumberSeries,
    Pool,
    PoolKind,
    RegisterEntry,
)
from gongkai.registers.services import campaigns, draws, register
from gongkai.registers.services.campaigns import PROPOSERS
from gongkai.registers.transitions import KEEPERS

# ---- helpers ---------------------------------------------------------------------------------


def _organs_where(user: Any, roles: frozenset[str] | set[str]) -> list[Organ]:
    if getattr(user, "is_superuser", False):
        return list(Organ.objects.order_by("tree_key"))
    ids = [pk for pk, held in role_map(user).items() if held & set(roles)]
    return list(Organ.objects.filter(pk__in=ids).order_by("tree_key"))


def _require_any(user: Any, roles: frozenset[str] | set[str]) -> list[Organ]:
    organs = _organs_where(user, roles)
    if not organs:
        raise PermissionDenied("您没有办理此事项的岗位权限。")
    return organs


def _chosen_organ(request: HttpRequest, organs: list[Organ]) -> Organ | None:
    raw = request.POST.get("organ") or request.GET.get("organ") or ""
    if not raw:
        return organs[0] if len(organs) == 1 else None
    return next((o for o in organs if str(o.pk) == raw), None)


def _visible(user: Any, organ: Organ) -> set[str]:
    roles = roles_for(user, organ)
    if not roles:
        raise Http404("没有找到该记录。")
    return roles


# ---- index and number series ----------------------------------------------------------------


@never_cache
@login_required
def index(request: HttpRequest) -> HttpResponse:
    context = selectors.staff_overview(request.user)
    context["may_keep"] = bool(_organs_where(request.user, KEEPERS))
    context["may_admin"] = bool(_organs_where(request.user, {Role.ORGAN_ADMIN}))
    return render(request, "registers/staff/index.html", context)


@never_cache
@login_required
def series(request: HttpRequest) -> HttpResponse:
    organs = _require_any(request.user, {Role.ORGAN_ADMIN})
    form = forms.SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organ = _chosen_organ(request, organs)
        if organ is None:
            messages.error(request, "请选择机关。")
        elif attempt(
            request,
            lambda: register.series_set(
                actor=request.user,
                organ=organ,
                agency=form.cleaned_data["agency"],
                template=form.cleaned_data["template"],
            ),
            f"已设置{organ.display_name}的规范性文件编号规则。",
        ):
            return redirect("office_registers:series")
    elif request.method == "POST":
        messages.error(request, form_errors(form))
    rows = [(o, NumberSeries.objects.filter(organ=o).first()) for o in organs]
    return render(request, "registers/staff/series.html", {"form": form, "rows": rows})


# ---- entries ---------------------------------------------------------------------------------


@never_cache
@login_required
def entry_new(request: HttpRequest) -> HttpResponse:
    organs = _require_any(request.user, KEEPERS)
    form = forms.EntryForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            item = Item.objects.filter(
                pk=form.cleaned_data["item"], organ__in=organs, revision_of__isnull=True
            ).first()
            if item is None:
                messages.error(request, "没有找到该信息，或您不是其发布机关的采编。")
            else:
                result: dict[str, RegisterEntry] = {}

                def write() -> None:
                    result["entry"] = register.entry_register(
                        actor=request.user,
                        item=item,
                        number=form.cleaned_data["number"] or "",
                        validity_years=form.cleaned_data["validity_years"],
                    ).entry

                if attempt(request, write, "已登记。"):
                    return redirect("office_registers:entry", result["entry"].pk)
        else:
            messages.error(request, form_errors(form))
    candidates = (
        Item.objects.filter(organ__in=organs, kind="policy", revision_of__isnull=True)
        .exclude(norm_entry__isnull=False)
        .select_related("organ")
        .order_by("-id")[:50]
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "registers/staff/entry_new.html",
        {"form": form, "candidates": candidates},
        status=status,
    )


@never_cache
@login_required
def entry_view(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(RegisterEntry.objects.select_related("organ", "item"), pk=pk)
    roles = _visible(request.user, entry.organ)
    context = {
        "entry": entry,
        "checks": list(entry.checks.all()),
        "missing": register.missing_before_signing(entry),
        "may_keep": bool(roles & KEEPERS),
        "may_sign": Role.APPROVER in roles,
        "check_form": forms.CheckForm(),
        "sign_form": forms.SignForm(),
        "file_form": forms.CheckForm(initial={"kind": CheckKind.FILING}),
        "renew_form": forms.RenewForm(),
        "Status": EntryStatus,
    }
    return render(request, "registers/staff/entry.html", context)


@require_POST
@login_required
def entry_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    entry = get_object_or_404(RegisterEntry.objects.select_related("organ"), pk=pk)
    _visible(request.user, entry.organ)
    back = redirect("office_registers:entry", entry.pk)
    user = request.user
    if name == "check":
        form: Any = forms.CheckForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            attempt(
                request,
                lambda: register.check_record(
                    actor=user,
                    entry=entry,
                    kind=data["kind"],
                    held_on=data["held_on"],
                    body=data["body"],
                    conclusion=data["conclusion"],
                ),
                "已登记记录。",
            )
            return back
    elif name == "sign":
        form = forms.SignForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            attempt(
                request,
                lambda: register.entry_sign(
                    actor=user,
                    entry=entry,
                    signed_on=data["signed_on"],
                    effective_on=data["effective_on"],
                ),
                "已签发。",
            )
            return back
    elif name == "file":
        form = forms.CheckForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            attempt(
                request,
                lambda: register.entry_file(
                    actor=user,
                    entry=entry,
                    held_on=data["held_on"],
                    body=data["body"],
                    conclusion=data["conclusion"],
                ),
                "已登记备案。",
            )
            return back
    elif name == "renew":
        form = forms.RenewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            attempt(
                request,
                lambda: register.entry_renew(
                    actor=user, entry=entry, years=data["years"], reason=data["reason"] or ""
                ),
                "已延续有效期。",
            )
            return back
    else:
        raise Http404("没有这项操作。")
    messages.error(request, form_errors(form))
    return back


# ---- 清理 ---------------------------------------------------------------------------------------


@never_cache
@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    organs = _require_any(request.user, {Role.ORGAN_ADMIN})
    form = forms.CampaignForm(request.POST or None)
    if request.method == "POST":
        organ = _chosen_organ(request, organs)
        if not form.is_valid():
            messages.error(request, form_errors(form))
        elif organ is None:
            messages.error(request, "请选择组织清理的机关。")
        else:
            made: dict[str, Campaign] = {}

            def write() -> None:
                made["c"] = campaigns.campaign_open(
                    actor=request.user,
                    organ=organ,
                    title=form.cleaned_data["title"],
                    basis=form.cleaned_data["basis"],
                    deadline=form.cleaned_data["deadline"],
                )

            if attempt(request, write, "已发起清理，各机关可对本机关文件提出意见。"):
                return redirect("office_registers:campaign", made["c"].pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "registers/staff/campaign_new.html",
        {"form": form, "organs": organs},
        status=status,
    )


def _campaign_roles(user: Any, campaign: Campaign) -> tuple[set[str], set[int]]:
    """The user's roles in the campaign's organ, and the organs of lines they may propose for."""
    own = roles_for(user, campaign.organ)
    organs = {line.entry.organ for line in campaign.lines.select_related("entry__organ")}
    proposing = {o.pk for o in organs if roles_for(user, o) & PROPOSERS}
    if not (own & PROPOSERS) and not proposing:
        raise Http404("没有找到该清理。")
    return own, proposing


@never_cache
@login_required
def campaign_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("organ"), pk=pk)
    own, proposing = _campaign_roles(request.user, campaign)
    lines = list(campaign.lines.select_related("entry__organ", "entry__item", "proposed_by"))
    for line in lines:
        line.may_propose = line.entry.organ_id in proposing  # type: ignore[attr-defined]
        line.form = forms.ProposeForm(  # type: ignore[attr-defined]
            initial={"line": line.pk, "proposal": line.proposal, "reason": line.reason},
            auto_id=f"line{line.pk}-%s",
        )
    context = {
        "campaign": campaign,
        "lines": lines,
        "may_publish": Role.ORGAN_ADMIN in own and campaign.status == "open",
        "waiting": sum(1 for line in lines if not line.proposal),
    }
    return render(request, "registers/staff/campaign.html", context)


@require_POST
@login_required
def campaign_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("organ"), pk=pk)
    _campaign_roles(request.user, campaign)
    back = redirect("office_registers:campaign", campaign.pk)
    if name == "publish":
        attempt(
            request,
            lambda: campaigns.campaign_publish(actor=request.user, campaign=campaign),
            "清理结果已公布。",
        )
        return back
    if name != "propose":
        raise Http404("没有这项操作。")
    form = forms.ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return back
    line = CampaignLine.objects.filter(campaign=campaign, pk=form.cleaned_data["line"]).first()
    if line is None:
        messages.error(request, "没有找到该文件。")
        return back
    attempt(
        request,
        lambda: campaigns.campaign_propose(
            actor=request.user,
            line=line,
            proposal=form.cleaned_data["proposal"] or "",
            reason=form.cleaned_data["reason"] or "",
        ),
        "已提出清理意见。",
    )
    return back


# ---- 双随机 --------------------------------------------------------------------------------------


@never_cache
@login_required
def pool_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    pool = None
    if pk is not None:
        pool = get_object_or_404(Pool.objects.select_related("organ"), pk=pk)
        if not roles_for(request.user, pool.organ) & KEEPERS:
            raise Http404("没有找到该名录库。")
        organs = [pool.organ]
    else:
        organs = _require_any(request.user, KEEPERS)
    initial: dict[str, Any] = {}
    if pool is not None:
        initial = {
            "kind": pool.kind,
            "name": pool.name,
            "text": method.canonical_text(draws.pool_members(pool)),
        }
    form = forms.PoolForm(request.POST or None, initial=initial)
    if request.method == "POST":
        organ = pool.organ if pool is not None else _chosen_organ(request, organs)
        if not form.is_valid():
            messages.error(request, form_errors(form))
        elif organ is None:
            messages.error(request, "请选择机关。")
        else:
            saved: dict[str, Pool] = {}

            def write() -> None:
                saved["p"] = draws.pool_save(
                    actor=request.user,
                    organ=organ,
                    kind=form.cleaned_data["kind"],
                    name=form.cleaned_data["name"],
                    text=form.cleaned_data["text"],
                    pool=pool,
                )

            if attempt(request, write, "名录库已保存。"):
                return redirect("office_registers:pool", saved["p"].pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "registers/staff/pool.html",
        {"form": form, "pool": pool, "organs": organs},
        status=status,
    )


@never_cache
@login_required
def draw_new(request: HttpRequest) -> HttpResponse:
    organs = _require_any(request.user, KEEPERS)
    form = forms.DrawForm(request.POST or None)
    pools = Pool.objects.filter(organ__in=organs).select_related("organ")
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, form_errors(form))
        else:
            data = form.cleaned_data
            subjects = pools.filter(pk=data["subjects"], kind=PoolKind.SUBJECTS).first()
            inspectors = pools.filter(pk=data["inspectors"], kind=PoolKind.INSPECTORS).first()
            if subjects is None or inspectors is None:
                messages.error(request, "请选择本机关的检查对象名录库和执法检查人员名录库。")
            else:
                made: dict[str, Draw] = {}

                def write() -> None:
                    made["d"] = draws.draw_announce(
                        actor=request.user,
                        organ=subjects.organ,
                        title=data["title"],
                        subjects=subjects,
                        inspectors=inspectors,
                        subject_count=data["subject_count"],
                        inspectors_per_subject=data["inspectors_per_subject"],
                    )

                if attempt(request, write, "已公告：名录库哈希值和种子承诺值已公开。"):
                    return redirect("office_registers:draw", made["d"].pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "subject_pools": [p for p in pools if p.kind == PoolKind.SUBJECTS],
        "inspector_pools": [p for p in pools if p.kind == PoolKind.INSPECTORS],
    }
    return render(request, "registers/staff/draw_new.html", context, status=status)


@never_cache
@login_required
def draw_view(request: HttpRequest, pk: int) -> HttpResponse:
    draw = get_object_or_404(Draw.objects.select_related("organ"), pk=pk)
    roles = _visible(request.user, draw.organ)
    results = list(draw.results.all())
    for result in results:
        result.form = forms.OutcomeForm(  # type: ignore[attr-defined]
            initial={"result": result.pk, "outcome": result.outcome, "note": result.outcome_note},
            auto_id=f"result{result.pk}-%s",
        )
    context = {
        "draw": draw,
        "results": results,
        "may_keep": bool(roles & KEEPERS),
        "perform_form": forms.PerformForm(),
        "Status": DrawStatus,
    }
    return render(request, "registers/staff/draw.html", context)


@require_POST
@login_required
def draw_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    draw = get_object_or_404(Draw.objects.select_related("organ"), pk=pk)
    _visible(request.user, draw.organ)
    back = redirect("office_registers:draw", draw.pk)
    if name == "draw":
        form: Any = forms.PerformForm(request.POST)
        if form.is_valid():
            attempt(
                request,
                lambda: draws.draw_perform(
                    actor=request.user, draw=draw, public_value=form.cleaned_data["public_value"]
                ),
                "已抽取，种子和结果已公开。",
            )
            return back
    elif name == "outcome":
        form = forms.OutcomeForm(request.POST)
        if form.is_valid():
            result = DrawResult.objects.filter(draw=draw, pk=form.cleaned_data["result"]).first()
            if result is None:
                messages.error(request, "没有找到该检查对象。")
                return back
            data = form.cleaned_data
            attempt(
                request,
                lambda: draws.draw_outcome(
                    actor=request.user,
                    result=result,
                    outcome=data["outcome"],
                    note=data["note"],
                    on=data["on"],
                ),
                "已登记检查结果。",
            )
            return back
    elif name == "conclude":
        attempt(
            request,
            lambda: draws.draw_conclude(actor=request.user, draw=draw),
            "检查结果已公开。",
        )
        return back
    else:
        raise Http404("没有这项操作。")
    messages.error(request, form_errors(form))
    return back
