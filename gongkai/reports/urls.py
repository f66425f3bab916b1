"""Mounted at office/reports/ (namespace "reports")."""

from django.urls import path

from gongkai.reports.views import batch, checking, office, oversight

urlpatterns = [
    path("", office.report_index, name="index"),
    path("deadlines/", oversight.deadlines, name="deadlines"),
    path("quarterly/", oversight.quarterly, name="quarterly"),
    path("imports/", checking.import_list, name="imports"),
    path("imports/new/", checking.import_new, name="import"),
    path("imports/<int:pk>/", checking.import_detail, name="import_detail"),
    path("lint/", batch.lint_batch, name="lint_batch"),
    path("<int:pk>/", office.report_detail, name="detail"),
    path("<int:pk>/figures/", office.report_figures, name="figures"),
    path("<int:pk>/sections/", office.report_sections, name="sections"),
    path("<int:pk>/redraft/", office.report_redraft, name="redraft"),
    path("<int:pk>/acknowledge/", office.report_acknowledge, name="acknowledge"),
    path("<int:pk>/publish/", office.report_publish, name="publish"),
    path("<int:pk>/reopen/", office.report_reopen, name="reopen"),
    path("<int:pk>/submit/", office.report_submit_upward, name="submit"),
    path("<int:pk>/export/<str:fmt>/", office.report_export, name="export"),
]
