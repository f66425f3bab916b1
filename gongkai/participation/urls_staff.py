from django.urls import path

from gongkai.participation.views import staff

urlpatterns = [
    path("", staff.index, name="index"),
    path("consultations/new/", staff.consultation_new, name="consultation_new"),
    path("consultations/<int:pk>/", staff.consultation, name="consultation"),
    path("consultations/<int:pk>/act/<slug:name>/", staff.consultation_act, name="act"),
    path(
        "consultations/<int:pk>/attachment/",
        staff.consultation_attachment,
        name="consultation_attachment",
    ),
    path("surveys/new/", staff.survey_new, name="survey_new"),
    path("surveys/<int:pk>/", staff.survey, name="survey"),
    path("proposals/", staff.proposals, name="proposals"),
    path("proposals/new/", staff.proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/", staff.proposal, name="proposal"),
    path("opinions/", staff.opinions, name="opinions"),
    path("opinions/new/", staff.opinion_new, name="opinion_new"),
    path("opinions/<int:pk>/", staff.opinion, name="opinion"),
]
