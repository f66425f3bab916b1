from django.urls import path

from gongkai.legacy.views import staff

urlpatterns = [
    path("", staff.index, name="index"),
    path("runs/<int:pk>/", staff.run_detail, name="run"),
]
