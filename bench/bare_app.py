"""The yardstick of the portal benchmark: one Django view that returns a short page, nothing else.

Served by bench/portal_bench.py with exactly the gunicorn command line of `gongkai serve`
(`gunicorn_command`), so that the ratio of a portal page's requests/s to this view's is what
the portal costs above Django and gunicorn themselves on the same machine, in the same run.
No middleware, no database, no templates.
"""

from __future__ import annotations

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-only-not-secret",  # noqa: S106 - a benchmark's throwaway server
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
        USE_TZ=True,
    )

from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<!doctype html><title>ok</title><p>ok</p>")


urlpatterns = [path("", bare)]

application = get_wsgi_application()
