"""The public page of a published assessment: the scorecard (organs × indicators, totals) and
the scheme it was scored under. No records behind the figures (they name applicants and letter
writers); the office pages have them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.assessment import selectors


def index(request: HttpRequest) -> HttpResponse:
    schemes = list(selectors.published_schemes().order_by("-year", "organ__tree_key")[:100])
    return render(request, "assessment/public/index.html", {"schemes": schemes})


def scheme(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.published_scheme(pk)
    card = selectors.scorecard(found)
    rules = {i.pk: selectors.rule_text(i) for i in card.indicators}
    return render(
        request, "assessment/public/scheme.html", {"scheme": found, "card": card, "rules": rules}
    )
