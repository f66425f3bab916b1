"""The 所解读的政策文件 picker's search: `?q=` → a short JSON list for `static/js/policy-picker.js`.

Only published 政策文件 of organs the user may see, matched by title or 文号, as the item form's
own list (`ItemForm._policy_picker`); the form validates the choice again on save.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from gongkai.catalog.forms import POLICY_PICKER_LIMIT, policy_label
from gongkai.catalog.selectors import items_visible_to, published_policies


@login_required
@require_GET
def policy_search_view(request: HttpRequest) -> JsonResponse:
    query = request.GET.get("q", "")[:100]
    found = list(
        published_policies(items_visible_to(request.user), query)[: POLICY_PICKER_LIMIT + 1]
    )
    return JsonResponse(
        {
            "results": [
                {"id": p.pk, "label": policy_label(p)} for p in found[:POLICY_PICKER_LIMIT]
            ],
            "more": len(found) > POLICY_PICKER_LIMIT,
        }
    )
