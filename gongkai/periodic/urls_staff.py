from django.urls import path

from gongkai.periodic.views import staff

urlpatterns = [
    path("", staff.index, name="index"),
    path("calendar/", staff.calendar, name="calendar"),
    path("schedules/from-template/", staff.from_template, name="from_template"),
    path("schedules/new/", staff.schedule_new, name="schedule_new"),
    path("schedules/<int:pk>/", staff.schedule_view, name="schedule"),
    path("schedules/<int:pk>/act/<slug:name>/", staff.schedule_act, name="schedule_act"),
    path("schedules/<int:pk>/upload/", staff.dataset_upload, name="upload"),
    path("data/<int:pk>/", staff.dataset_view, name="dataset"),
    path("data/<int:pk>/act/<slug:name>/", staff.dataset_act, name="dataset_act"),
]
