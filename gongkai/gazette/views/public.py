"""Public pages of the 政府公报 (/gazette/): the archive by year, an issue with its 目录导航
and downloads (the generated PDF, the original), and 检索公报 over the entries' titles and 文号.

A draft issue does not exist for the public (404); a withdrawn one keeps its page, saying so,
without contents or downloads (a link printed elsewhere does not silently die)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from gongkai.gazette import forms, selectors
from gongkai.gazette.models import GazetteIssue, IssueStatus
from gongkai.gazette.pdf import sections_of
from gongkai.orgs.models import Organ


def _crumbs(*rows: tuple[str, str]) -> list[tuple[str, str]]:
    return [("首页", reverse("portal:home")), ("政府公报", reverse("gazette:index")), *rows]


def index(request: HttpRequest) -> HttpResponse:
    """Every gazette with its years; the newest year of the first gazette shown at once."""
    gazettes = [(organ, selectors.archive_years(organ)) for organ in selectors.gazettes()]
    latest: list[GazetteIssue] = []
    if gazettes and gazettes[0][1]:
        organ, years = gazettes[0]
        latest = selectors.issues_of_year(organ, years[0]["year"])
    context = {
        "gazettes": gazettes,
        "latest": latest,
        "form": forms.SearchForm(),
        "crumbs": _crumbs(),
    }
    return render(request, "gazette/public/index.html", context)


def year(request: HttpRequest, organ: int, year: int) -> HttpResponse:
    found = get_object_or_404(Organ, pk=organ)
    issues = selectors.issues_of_year(found, year)
    if not issues:
        raise Http404("该年度没有出版的公报")
    context = {
        "organ": found,
        "gazette_name": f"{found.name}公报",
        "year": year,
        "years": selectors.archive_years(found),
        "issues": issues,
        "crumbs": _crumbs((f"{found.name}公报 {year}年", "")),
    }
    return render(request, "gazette/public/year.html", context)


def issue(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(selectors.public_issue_pages(), pk=pk)
    withdrawn = found.status == IssueStatus.WITHDRAWN
    entries = [] if withdrawn else selectors.entries_of(found)
    context = {
        "issue": found,
        "withdrawn": withdrawn,
        "sections": sections_of(entries),
        "entry_count": len(entries),
        "crumbs": _crumbs(
            (
                f"{found.gazette_name} {found.year}年",
                reverse("gazette:year", args=[found.organ_id, found.year]),
            ),
            (f"第{found.number}期", ""),
        ),
    }
    return render(request, "gazette/public/issue.html", context)


def issue_file(request: HttpRequest, pk: int, which: str) -> FileResponse:
    found = get_object_or_404(selectors.published_issues(), pk=pk)
    return file_response(found, which)


def file_response(issue: GazetteIssue, which: str) -> FileResponse:
    field = {"pdf": issue.pdf, "original": issue.original}.get(which)
    if not field:
        raise Http404("本期公报没有该文件")
    try:
        handle = field.open("rb")
    except OSError as exc:
        raise Http404("文件缺失") from exc
    suffix = "（原版）" if which == "original" else ""
    name = f"{issue.gazette_name}{issue.year}年第{issue.number}期{suffix}.pdf"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")


def search(request: HttpRequest) -> HttpResponse:
    form = forms.SearchForm(request.GET or None)
    results = None
    total = 0
    if form.is_valid():
        data = form.cleaned_data
        q = (data.get("q") or "").strip()
        organ = Organ.objects.filter(pk=data["organ"]).first() if data.get("organ") else None
        if q or data.get("year"):
            found = selectors.search_entries(q=q, organ=organ, year=data.get("year"))
            total = found.count()
            results = list(found[: selectors.SEARCH_SIZE])
    context = {
        "form": form,
        "results": results,
        "total": total,
        "crumbs": _crumbs(("检索公报", "")),
    }
    return render(request, "gazette/public/search.html", context)
