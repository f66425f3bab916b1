from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai.catalog.views import staff, staff_workflow
from gongkai.office import organ_views, views

urlpatterns = [
    path(
        "login/",
        # LoginView puts the request's host into `site_name`; keep the platform's name instead.
        auth_views.LoginView.as_view(
            template_name="office/login.html",
            extra_context={"site_name": settings.GONGKAI["SITE_NAME"]},
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.dashboard, name="dashboard"),
    # Lists behind the dashboard counters.
    path("mine/", views.drafts_list, name="drafts"),
    path("pending/", views.pending_list, name="pending"),
    path("timeliness/", views.timeliness_list, name="timeliness"),
    path("interpretations/", views.interpretation_list, name="interpretations"),
    path("items/", views.all_items_list, name="items"),
    # Catalog items (gongkai.catalog.views.staff*).
    path("items/new/", staff.item_create_view, name="item_create"),
    path("items/<int:pk>/", staff_workflow.item_detail_view, name="item"),
    path("items/<int:pk>/edit/", staff.item_edit_view, name="item_edit"),
    path(
        "items/<int:pk>/attachments/<int:attachment_pk>/remove/",
        staff.attachment_remove_view,
        name="attachment_remove",
    ),
    path(
        "items/<int:pk>/attachments/<int:attachment_pk>/",
        staff.attachment_download_view,
        name="attachment_download",
    ),
    path("items/<int:pk>/submit/", staff_workflow.submit_view, name="item_submit"),
    path(
        "items/<int:pk>/findings/<int:finding_pk>/acknowledge/",
        staff_workflow.finding_acknowledge_view,
        name="finding_acknowledge",
    ),
    path("items/<int:pk>/pass-secrecy/", staff_workflow.pass_secrecy_view, name="item_pass"),
    path("items/<int:pk>/return/", staff_workflow.return_view, name="item_return"),
    path("items/<int:pk>/publish/", staff_workflow.publish_view, name="item_publish"),
    path("items/<int:pk>/schedule/", staff_workflow.schedule_view, name="item_schedule"),
    path("items/<int:pk>/withdraw/", staff_workflow.withdraw_view, name="item_withdraw"),
    path("items/<int:pk>/validity/", staff_workflow.validity_view, name="item_validity"),
    # 公开办管理员: 公开指南 and catalog columns.
    path("organs/", organ_views.organ_list, name="organs"),
    path("organs/<int:pk>/guide/", organ_views.organ_guide, name="organ_guide"),
    path("organs/<int:pk>/columns/", organ_views.organ_columns, name="organ_columns"),
    path(
        "organs/<int:pk>/columns/<int:column_pk>/",
        organ_views.column_change,
        name="column_change",
    ),
]
