from django.urls import path

from gongkai.portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("column/<int:pk>/", views.column, name="column"),
    path("item/<int:pk>/", views.item_detail, name="item"),
    path("attachment/<int:pk>/", views.attachment_download, name="attachment"),
    path("prefs/script/", views.set_script, name="set_script"),
    path("prefs/large/", views.set_large, name="set_large"),
]
