from django.urls import path

from gongkai.mailbox.views import public

urlpatterns = [
    path("", public.index, name="index"),
    path("letters/<int:pk>/", public.letter_page, name="letter"),
    path("write/<int:channel_pk>/", public.write, name="write"),
    path("done/", public.done, name="done"),
    path("lookup/", public.lookup, name="lookup"),
    path("mine/", public.mine, name="mine"),
    path("mine/rate/", public.rate, name="rate"),
    path("mine/leave/", public.leave, name="leave"),
    path("statistics/", public.statistics_page, name="statistics"),
    path("statistics.xlsx", public.statistics_export, name="statistics_xlsx"),
]
