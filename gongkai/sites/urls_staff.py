from django.urls import path

from gongkai.sites.views import staff

urlpatterns = [
    path("", staff.index, name="index"),
    path("new/", staff.edit, name="new"),
    path("<int:pk>/", staff.edit, name="edit"),
]
