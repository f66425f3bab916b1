"""政策文件库: the site's policy documents by 有效性, organ, year and 文号, no search word needed.

A reader who holds a document asks first whether it is still in force (条例 Art. 20(一): the
normative documents an organ issued are disclosed; the 有效性 of each is shown with its date).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from gongkai.catalog.selectors import policy_documents, policy_validity_counts, policy_years
from gongkai.portal import selectors
from gongkai.portal.views.catalog import paginate
from gongkai.registers.selectors import register_numbers


def policies(request: HttpRequest) -> HttpResponse:
    f = selectors.parse_policy_filters(request.GET)
    counts = policy_validity_counts()
    page = paginate(request, policy_documents(f))
    # 统一编号 (国办发〔2018〕37号): a registered document shows its 登记编号 beside its 文号.
    numbers = register_numbers([item.pk for item in page])
    for item in page:
        item.register_number = numbers.get(item.pk, "")  # type: ignore[attr-defined]
    context = {
        "f": f,
        "active": any([f.validity, f.organ, f.year, f.doc_number]),
        "page": page,
        "organs": selectors.organ_choices(),
        "years": policy_years(),
        "validities": [(v, label, counts.get(v, 0)) for v, label in selectors.VALIDITY_LABELS],
        "total": sum(counts.values()),
        "crumbs": [("首页", reverse("portal:home")), ("政策文件库", None)],
        "column_name": "政策文件库",
        "column_type": "信息公开目录",
    }
    return render(request, "portal/policies.html", context)
