from django.urls import path

from gongkai.registers.views import staff

urlpatterns = [
    path("", staff.index, name="index"),
    path("series/", staff.series, name="series"),
    path("entries/new/", staff.entry_new, name="entry_new"),
    path("entries/<int:pk>/", staff.entry_view, name="entry"),
    path("entries/<int:pk>/act/<slug:name>/", staff.entry_act, name="entry_act"),
    path("campaigns/new/", staff.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", staff.campaign_view, name="campaign"),
    path("campaigns/<int:pk>/act/<slug:name>/", staff.campaign_act, name="campaign_act"),
    path("pools/new/", staff.pool_edit, name="pool_new"),
    path("pools/<int:pk>/", staff.pool_edit, name="pool"),
    path("draws/new/", staff.draw_new, name="draw_new"),
    path("draws/<int:pk>/", staff.draw_view, name="draw"),
    path("draws/<int:pk>/act/<slug:name>/", staff.draw_act, name="draw_act"),
]
