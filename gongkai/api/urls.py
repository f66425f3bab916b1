"""Mounted by config/urls.py at /api/v1/: the OpenAPI document is /api/v1/openapi.json."""

from gongkai.api.api import api

urlpatterns = [*api.urls[0]]
