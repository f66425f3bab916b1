from django.urls import path

from gongkai.inventories.views import staff

urlpatterns = [
    path("", staff.index, name="index"),
    path("flagged-guides/", staff.flagged, name="flagged"),
    path("reviews/", staff.due_reviews, name="reviews"),
    path("organs/<int:pk>/", staff.organ_view, name="organ"),
    path("organs/<int:pk>/guides/new/", staff.guide_new, name="guide_new"),
    path("organs/<int:pk>/<slug:kind>/", staff.inventory_view, name="inventory"),
    path("organs/<int:pk>/<slug:kind>/draft/", staff.draft_start, name="draft_start"),
    path("guides/<int:pk>/", staff.guide_edit, name="guide"),
    path("versions/<int:pk>/", staff.version_view, name="version"),
    path("versions/<int:pk>/entries/new/", staff.entry_new, name="entry_new"),
    path("versions/<int:pk>/publish/", staff.version_publish, name="publish"),
    path("versions/<int:pk>/discard/", staff.draft_discard, name="discard"),
    path("entries/<int:pk>/", staff.entry_edit, name="entry"),
    path("entries/<int:pk>/remove/", staff.entry_remove, name="entry_remove"),
    path("entries/<int:pk>/review/", staff.review, name="review"),
]
