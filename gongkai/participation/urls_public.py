from django.urls import path

from gongkai.participation.views import public

urlpatterns = [
    path("", public.index, name="index"),
    path("consultations/<int:pk>/", public.consultation, name="consultation"),
    path("consultations/<int:pk>/draft/", public.draft_attachment, name="draft"),
    path("surveys/<int:pk>/", public.survey, name="survey"),
    path("proposals/", public.proposals, name="proposals"),
    path("proposals/<int:pk>/", public.proposal, name="proposal"),
    path("responses/", public.responses, name="responses"),
]
