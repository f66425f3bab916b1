"""Applicant endpoint: the progress of an application by 查询码 + 尾号, as on the status page.

The lookup is the status page's own (`gongkai.applications.lookup`): the same failure limits
per address and per code, and one answer whether a code is unknown or the tail is wrong. The
code travels in the body of a POST, never in a URL (URLs end up in logs). No personal data is
returned: not the name, contact details nor the text of the request.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from gongkai.api import schemas
from gongkai.api.common import responses
from gongkai.applications import selectors as app_selectors
from gongkai.applications.lookup import status_lookup
from gongkai.core.ratelimit import client_ip

router = Router(tags=["依申请公开"])


@router.post(
    "/status",
    response=responses(schemas.ApplicationStatusOut),
    summary="查询办理进度",
)
def application_status(request: HttpRequest, body: schemas.StatusLookupIn) -> object:
    result = status_lookup(ip=client_ip(request), data={"code": body.code, "tail": body.tail})
    app = result.application
    if app is None:
        errors = {}
        if result.form is not None and not result.form.is_valid():
            errors = {k: [str(m) for m in v] for k, v in result.form.errors.items()}
        code = "rate_limited" if result.status == 429 else "not_matched"
        if errors:
            code = "bad_request"
        return Status(result.status, {"code": code, "detail": result.message, "errors": errors})
    running = app.status in app_selectors.RUNNING_STATES
    return {
        "reference": app.reference,
        "organ_name": app.organ.name,
        "status": app.status,
        "status_label": app.get_status_display(),
        "submitted_on": app.submitted_on,
        "receipt_date": app.receipt_date,
        "due_date": app.due_date if running else None,
        "extended": app.extended,
        "outcome_label": app.get_outcome_display() if app.outcome else "",
        "answered_on": app.answered_on,
        "timeline": app_selectors.public_timeline(app),
        "documents": [str(d) for d in app.documents.filter(public=True)],
    }
