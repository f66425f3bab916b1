from django.urls import path

from gongkai.gazette.views import staff

urlpatterns = [
    path("", staff.index, name="index"),
    path("issues/new/", staff.issue_new, name="issue_new"),
    path("issues/<int:pk>/", staff.issue_view, name="issue"),
    path("issues/<int:pk>/edit/", staff.issue_edit, name="issue_edit"),
    path("issues/<int:pk>/act/<slug:name>/", staff.issue_act, name="issue_act"),
    path("issues/<int:pk>/<slug:which>.pdf", staff.issue_file, name="file"),
]
