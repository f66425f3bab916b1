"""Security headers Django 5.2 does not set itself (issue 16 §1): Content-Security-Policy and
Permissions-Policy. HSTS, X-Content-Type-Options, Referrer-Policy and Cross-Origin-Opener-Policy
come from Django's SecurityMiddleware, X-Frame-Options from its clickjacking middleware.

The policy allows no inline script and no script from elsewhere (`script-src 'self'`): every
script of the platform is a file under static/js/ (templates hold none; a test keeps it so).
Inline style attributes stay allowed (a few indentation widths), which cannot run code.
Settings: CONTENT_SECURITY_POLICY and PERMISSIONS_POLICY (strings; empty sends no header),
CONTENT_SECURITY_POLICY_REPORT_ONLY (send it as Content-Security-Policy-Report-Only).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DEFAULT_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
DEFAULT_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = str(getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_CSP))
        self.csp_header = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )
        self.permissions = str(getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.csp and self.csp_header not in response:
            response[self.csp_header] = self.csp
        if self.permissions and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions
        return response
