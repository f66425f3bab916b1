"""Back-office URLs of catalog items, mounted by `gongkai.office.urls` under /office/items/.

They are part of the office's URL namespace ("office:item" …), so templates and redirects name
them as before; the views live here, in the app that owns items.
"""

from django.urls import path

from gongkai.catalog.views import staff, staff_workflow

urlpatterns = [
    path("new/", staff.item_create_view, name="item_create"),
    path("<int:pk>/", staff_workflow.item_detail_view, name="item"),
    path("<int:pk>/edit/", staff.item_edit_view, name="item_edit"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/remove/",
        staff.attachment_remove_view,
        name="attachment_remove",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        staff.attachment_download_view,
        name="attachment_download",
    ),
    path("<int:pk>/submit/", staff_workflow.submit_view, name="item_submit"),
    path(
        "<int:pk>/findings/<int:finding_pk>/acknowledge/",
        staff_workflow.finding_acknowledge_view,
        name="finding_acknowledge",
    ),
    path("<int:pk>/pass-secrecy/", staff_workflow.pass_secrecy_view, name="item_pass"),
    path("<int:pk>/return/", staff_workflow.return_view, name="item_return"),
    path("<int:pk>/publish/", staff_workflow.publish_view, name="item_publish"),
    path("<int:pk>/schedule/", staff_workflow.schedule_view, name="item_schedule"),
    path("<int:pk>/withdraw/", staff_workflow.withdraw_view, name="item_withdraw"),
    path("<int:pk>/validity/", staff_workflow.validity_view, name="item_validity"),
]
