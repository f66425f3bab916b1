from django.urls import path

from gongkai.assessment.views import public

urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.scheme, name="scheme"),
]
