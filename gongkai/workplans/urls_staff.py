from django.urls import path

from gongkai.workplans.views import inspection, staff

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
    # 督查 (issue 20 §2): rounds, the results matrix, findings and their 整改, the 通报.
    path("inspections/", inspection.rounds, name="rounds"),
    path("inspections/new/", inspection.round_create, name="round_create"),
    path("inspections/<int:pk>/", inspection.round_detail, name="round"),
    path("inspections/<int:pk>/do/<slug:name>/", inspection.round_post, name="round_post"),
    path("inspections/<int:pk>/matrix/", inspection.round_matrix, name="round_matrix"),
    path("inspections/<int:pk>/findings/new/", inspection.finding_create, name="finding_create"),
    path("inspections/<int:pk>/bulletin.docx", inspection.round_docx, name="round_docx"),
    path("findings/", inspection.findings, name="findings"),
    path("findings/<int:pk>/", inspection.finding_detail, name="finding"),
    path("findings/<int:pk>/act/<slug:name>/", inspection.finding_act, name="finding_act"),
    path("findings/evidence/<int:pk>/", inspection.finding_evidence, name="finding_evidence"),
]
