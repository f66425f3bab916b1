from django.urls import path

from gongkai.workforce.views import staff

urlpatterns = [
    path("", staff.index, name="index"),
    path("export.xlsx", staff.export, name="export"),
    path("organs/<int:organ_pk>/<int:year>/", staff.edit, name="edit"),
    path("evidence/<int:pk>/", staff.evidence_file, name="evidence"),
    path("evidence/<int:pk>/remove/", staff.evidence_remove, name="evidence_remove"),
]
