"""Public pages of 依申请公开, mounted at /apply/ (namespace `apply`)."""

from django.urls import path

from gongkai.applications.views import public

urlpatterns = [
    path("", public.index, name="index"),
    path("organ/<int:organ_pk>/", public.apply_form, name="form"),
    path("done/", public.done, name="done"),
    path("receipt/<int:pk>/", public.receipt, name="receipt"),
    path("status/", public.status_lookup, name="status"),
    path("status/case/", public.case, name="case"),
    path("status/case/correct/", public.correct, name="correct"),
    path("status/case/withdraw/", public.withdraw, name="withdraw"),
    path("status/case/documents/<int:doc_pk>/", public.document, name="document"),
    path("status/leave/", public.leave, name="leave"),
    path("frequent/", public.frequent, name="frequent"),
]
