"""A 403 is one log line, not a traceback (issue 16: 120 tracebacks in one probe run drowned the
real errors); a real error keeps its traceback."""

from __future__ import annotations

import logging
from typing import Any

from django.urls import reverse


def test_permission_denied_logs_one_line_without_traceback(
    client, make_user, organ, caplog
) -> None:
    secrecy = make_user("only-secrecy", organ=organ, roles=("secrecy",))
    client.force_login(secrecy)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("office_apps:register"))
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    record = records[0]
    assert record.exc_info is None and record.exc_text is None
    line = record.getMessage()
    assert line.startswith("Forbidden (Permission denied): /office/applications/new/")
    assert "\n" not in line and "Traceback" not in caplog.text


def test_a_real_error_keeps_its_traceback(caplog) -> None:
    """The filter only touches PermissionDenied."""
    from gongkai.core.logfilters import PermissionDeniedOneLine

    logger = logging.getLogger("django.request")
    assert any(isinstance(f, PermissionDeniedOneLine) for f in logger.filters)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        try:
            raise RuntimeError("boom")
        except RuntimeError as exc:
            logger.error("Internal Server Error: %s", "/x/", exc_info=exc)
    record: Any = caplog.records[-1]
    assert record.exc_info is not None and "Traceback" in caplog.text
