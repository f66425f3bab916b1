"""Mounted at reports/check/ (namespace "report_check"): the public report check tool."""

from django.urls import path

from gongkai.reports.views import checking

urlpatterns = [
    path("", checking.public_check, name="check"),
]
