from django.urls import path

from gongkai.inventories.views import public

urlpatterns = [
    path("", public.index, name="index"),
    path("organs/<int:pk>/", public.organ, name="organ"),
    path("organs/<int:pk>/guides/", public.guides, name="guides"),
    path("guides/<int:pk>/", public.guide, name="guide"),
    path("organs/<int:pk>/<slug:kind>/", public.inventory, name="inventory"),
    path("organs/<int:pk>/<slug:kind>/history/", public.history, name="history"),
    path("organs/<int:pk>/<slug:kind>/v<int:number>/", public.version, name="version"),
]
