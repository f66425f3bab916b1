"""The token pages, mounted at /office/api-tokens/ (namespace `api_tokens`); login required."""

from django.urls import path

from gongkai.api.views import staff

urlpatterns = [
    path("", staff.token_list, name="list"),
    path("<int:pk>/revoke/", staff.token_revoke_view, name="revoke"),
]
