"""Public pages of the registers (/registers/): the 规范性文件 register, the published 清理
lists, and the 双随机 draws with the page that lets anyone re-run a draw (`method.py`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from gongkai.core import ratelimit as rl
from gongkai.registers import forms, method, selectors
from gongkai.registers.models import Campaign, CampaignStatus, Draw, DrawStatus

PAGE_SIZE = 100
#: Re-running a draw costs one HMAC per pool member and per subject drawn: 30 an hour per address.
VERIFY_PER_IP = rl.Limit("registers-verify-ip", 30, 3600)


def _crumbs(*rows: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        ("首页", reverse("portal:home")),
        ("规范性文件与双随机", reverse("registers:index")),
        *rows,
    ]


def index(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:50]
    entries = selectors.public_entries(q=q)
    context = {
        "entries": list(entries[:PAGE_SIZE]),
        "total": entries.count(),
        "q": q,
        "campaigns": selectors.published_campaigns(),
        "draws": selectors.public_draws()[:20],
        "crumbs": _crumbs(),
    }
    return render(request, "registers/public/index.html", context)


def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Campaign.objects.select_related("organ"), pk=pk, status=CampaignStatus.PUBLISHED
    )
    context = {
        "campaign": found,
        "groups": selectors.campaign_groups(found),
        "crumbs": _crumbs((found.title, "")),
    }
    return render(request, "registers/public/campaign.html", context)


def draws(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registers/public/draws.html",
        {"draws": selectors.public_draws()[:200], "crumbs": _crumbs(("双随机抽查", ""))},
    )


def _draw_context(draw: Draw) -> dict[str, object]:
    return {
        "draw": draw,
        "results": list(draw.results.all()) if draw.seed_revealed else [],
        "method_name": method.METHOD_NAME,
        "method_doc": method.__doc__,
        "Status": DrawStatus,
        "crumbs": _crumbs(("双随机抽查", reverse("registers:draws")), (draw.title, "")),
    }


def draw(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Draw.objects.select_related("organ"), pk=pk)
    context = _draw_context(found)
    if found.seed_revealed:
        context["form"] = forms.VerifyForm(
            initial={
                "subjects_text": found.subjects_text,
                "inspectors_text": found.inspectors_text,
                "seed": found.seed,
                "public_value": found.public_value,
            }
        )
    return render(request, "registers/public/draw.html", context)


def pool_text(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    """The pool exactly as hashed (UTF-8, no final newline): SHA-256 of this file = the hash."""
    found = get_object_or_404(Draw, pk=pk)
    texts = {"subjects": found.subjects_text, "inspectors": found.inspectors_text}
    if which not in texts:
        raise Http404("没有该名录。")
    response = HttpResponse(texts[which].encode("utf-8"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="draw-{found.pk}-{which}.txt"'
    return response


@never_cache
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    """Re-run the draw from the pools and seed given (prefilled with the published ones): the
    page says whether each hash, the seed and the result match what was published."""
    found = get_object_or_404(Draw.objects.select_related("organ"), pk=pk)
    if not found.seed_revealed:
        raise Http404("抽取完成后才能验证。")
    context = _draw_context(found)
    form = forms.VerifyForm(request.POST or None)
    context["form"] = form
    context["verify_url"] = reverse("registers:verify", args=[found.pk])
    status = 200
    if request.method == "POST" and not rl.acquire(VERIFY_PER_IP, rl.client_ip(request)):
        context["alert"] = (
            f"验证过于频繁，请 {rl.minutes_left(VERIFY_PER_IP)} 分钟后再试；"
            "也可以下载名录，按抽取方法说明自行计算。"
        )
        status = 429
    elif request.method == "POST":
        if form.is_valid():
            try:
                context["verification"] = method.verify(
                    subjects_text=form.cleaned_data["subjects_text"],
                    inspectors_text=form.cleaned_data["inspectors_text"],
                    seed=form.cleaned_data["seed"],
                    public_value=form.cleaned_data["public_value"] or "",
                    subject_count=found.subject_count,
                    inspectors_per_subject=found.inspectors_per_subject,
                    published_subjects_sha256=found.subjects_sha256,
                    published_inspectors_sha256=found.inspectors_sha256,
                    published_commitment=found.seed_commitment,
                    published_result=selectors.published_result(found),
                )
            except ValidationError as exc:
                context["alert"] = "；".join(exc.messages)
                status = 400
        else:
            status = 400
    return render(request, "registers/public/draw.html", context, status=status)
