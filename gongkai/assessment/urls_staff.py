from django.urls import path

from gongkai.assessment.views import staff

urlpatterns = [
    path("", staff.index, name="index"),
    path("<int:pk>/", staff.scheme_detail, name="scheme"),
    path("<int:pk>/act/<slug:name>/", staff.scheme_step, name="step"),
    path("<int:pk>/indicators/new/", staff.indicator_edit, name="indicator_new"),
    path("<int:pk>/indicators/<str:code>/", staff.indicator_edit, name="indicator"),
    path("<int:pk>/card/", staff.organ_card, name="organ"),  # ?organ=<pk>
    path("<int:pk>/export.xlsx", staff.export_xlsx, name="export"),
    path("results/<int:pk>/", staff.result_detail, name="result"),
    path("results/<int:pk>/enter/", staff.result_enter, name="enter"),
    path("results/<int:pk>/adjust/", staff.result_adjust, name="adjust"),
]
