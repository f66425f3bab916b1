from django.urls import path

from gongkai.workplans.views import staff

urlpatterns = [
    path("", staff.index, name="index"),
    path("import/", staff.plan_import, name="import"),
    path("overdue/", staff.overdue, name="overdue"),
    path("<int:pk>/", staff.plan_detail, name="plan"),
    path("<int:pk>/matrix/", staff.plan_matrix, name="matrix"),
    path("<int:pk>/selfcheck/", staff.selfcheck, name="selfcheck"),
    path("<int:pk>/selfcheck.docx", staff.selfcheck_docx, name="selfcheck_docx"),
    path("points/<int:pk>/assign/", staff.point_assign, name="assign"),
    path("tasks/<int:pk>/", staff.task_detail, name="task"),
    path("tasks/<int:pk>/act/<slug:name>/", staff.task_action, name="act"),
    path("evidence/<int:pk>/", staff.evidence_file, name="evidence"),
]
