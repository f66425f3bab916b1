from django.urls import path

from gongkai.gazette.views import public

urlpatterns = [
    path("", public.index, name="index"),
    path("search/", public.search, name="search"),
    path("<int:organ>/<int:year>/", public.year, name="year"),
    path("issues/<int:pk>/", public.issue, name="issue"),
    path("issues/<int:pk>/<slug:which>.pdf", public.issue_file, name="file"),
]
