from django.urls import path

from gongkai.sites.views import public

urlpatterns = [
    path("site.css", public.site_css, name="css"),
]
