from django.urls import path

from gongkai.monitor.views import staff

urlpatterns = [
    path("", staff.dashboard, name="dashboard"),
    path("sites/new/", staff.site_create, name="site_create"),
    path("sites/<int:pk>/", staff.site_detail, name="site"),
    path("sites/<int:pk>/edit/", staff.site_edit, name="site_edit"),
    path("sites/<int:pk>/run/", staff.run_now, name="run_now"),
    path("sites/<int:pk>/columns/", staff.column_add, name="column_add"),
    path(
        "sites/<int:pk>/columns/<int:column_pk>/delete/", staff.column_remove, name="column_remove"
    ),
    path("runs/<int:pk>/", staff.run_detail, name="run"),
]
