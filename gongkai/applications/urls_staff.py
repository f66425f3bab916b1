"""Back-office pages of 依申请公开, mounted at /office/applications/ (namespace `office_apps`)."""

from django.urls import path

from gongkai.applications.views import case, staff

urlpatterns = [
    path("", staff.queue_view, name="queue"),
    path("export.csv", staff.export_csv, name="export"),
    path("new/", staff.register_view, name="register"),
    path("frequent/", staff.frequent_view, name="frequent"),
    path("frequent/propose/", staff.propose_view, name="propose"),
    path("<int:pk>/", case.case_view, name="case"),
    path("<int:pk>/act/<slug:name>/", case.case_action, name="act"),
    path("<int:pk>/documents/<int:doc_pk>/", staff.document_download, name="document"),
]
