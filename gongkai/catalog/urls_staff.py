"""Back-office URLs of catalog items, mounted by `gongkai.office.urls` under /office/items/.

They are part of the office's URL namespace ("office:item" …), so templates and redirects name
them as before; the views live here, in the app that owns items.
"""

from django.urls import path

from gongkai.catalog.views import policy_picker, staff, staff_revisions, staff_workflow

urlpatterns = [
    path("new/", staff.item_create_view, name="item_create"),
    path("policies/", policy_picker.policy_search_view, name="policy_search"),
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
    path(
        "<int:pk>/findings/<int:finding_pk>/require-change/",
        staff_workflow.finding_require_change_view,
        name="finding_require_change",
    ),
    path(
        "<int:pk>/require-changes/",
        staff_workflow.require_changes_view,
        name="item_require_changes",
    ),
    path("<int:pk>/pass-secrecy/", staff_workflow.pass_secrecy_view, name="item_pass"),
    path("<int:pk>/return/", staff_workflow.return_view, name="item_return"),
    path("<int:pk>/publish/", staff_workflow.publish_view, name="item_publish"),
    path("<int:pk>/schedule/", staff_workflow.schedule_view, name="item_schedule"),
    path("<int:pk>/withdraw/", staff_workflow.withdraw_view, name="item_withdraw"),
    path("<int:pk>/validity/", staff_workflow.validity_view, name="item_validity"),
    # 审核, 修订, 恢复发布, 有效性 proposals (issue 13 §1–3).
    path(
        "<int:pk>/approve-review/", staff_revisions.approve_review_view, name="item_approve_review"
    ),
    path("<int:pk>/revise/", staff_revisions.revise_view, name="item_revise"),
    path("<int:pk>/abandon/", staff_revisions.abandon_view, name="item_abandon"),
    path("<int:pk>/versions/<int:number>/", staff_revisions.version_view, name="item_version"),
    path("<int:pk>/restore/", staff_revisions.restore_view, name="item_restore"),
    path(
        "<int:pk>/restore/decline/",
        staff_revisions.decline_restore_view,
        name="item_decline_restore",
    ),
    path(
        "<int:pk>/validity/propose/",
        staff_revisions.propose_validity_view,
        name="item_propose_validity",
    ),
    path(
        "<int:pk>/validity/approve/",
        staff_revisions.approve_validity_view,
        name="item_approve_validity",
    ),
    path(
        "<int:pk>/validity/decline/",
        staff_revisions.decline_validity_view,
        name="item_decline_validity",
    ),
]
