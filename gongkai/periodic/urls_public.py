from django.urls import path

from gongkai.periodic.views import public

urlpatterns = [
    path("", public.index, name="index"),
    path("organs/<int:pk>/", public.organ, name="organ"),
    path("data/<int:pk>/", public.dataset, name="dataset"),
    path("data/<int:pk>.csv", public.dataset_csv, name="dataset_csv"),
    path("data/<int:pk>.xlsx", public.dataset_xlsx, name="dataset_xlsx"),
]
