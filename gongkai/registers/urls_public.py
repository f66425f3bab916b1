from django.urls import path

from gongkai.registers.views import public

urlpatterns = [
    path("", public.index, name="index"),
    path("cleanups/<int:pk>/", public.campaign, name="campaign"),
    path("draws/", public.draws, name="draws"),
    path("draws/<int:pk>/", public.draw, name="draw"),
    path("draws/<int:pk>/<slug:which>.txt", public.pool_text, name="pool_text"),
    path("draws/<int:pk>/verify/", public.verify, name="verify"),
]
