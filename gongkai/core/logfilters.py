"""Logging filters (wired in `LOGGING`, config/settings/base.py).

A refused request is not an error of the platform: Django logs every `PermissionDenied` (403)
with its full traceback (issue 16: 120 tracebacks in one probe run drowned the real errors).
`PermissionDeniedOneLine` keeps the one line ("Forbidden (Permission denied): /office/…") and
the message of the refusal, and drops the traceback. Real errors (500) keep theirs.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class PermissionDeniedOneLine(logging.Filter):
    """On `django.request`: a 403 from PermissionDenied is logged as one line, no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, PermissionDenied):
            record.exc_info = None
            record.exc_text = None
            reason = str(exc)
            if reason:
                record.msg = f"{record.msg}（{reason.replace('%', '%%')}）"
        return True
