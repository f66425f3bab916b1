"""The inbox, mounted at /office/inbox/ (namespace `inbox`); login required in every view."""

from django.urls import path

from gongkai.inbox import views

urlpatterns = [
    path("", views.inbox_view, name="list"),
    path("read-all/", views.notices_read_all, name="read_all"),
    path("<int:pk>/", views.notice_open, name="open"),
    path("<int:pk>/read/", views.notice_read, name="read"),
]
