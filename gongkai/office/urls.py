from django.contrib.auth import views as auth_views
from django.urls import include, path

from gongkai.catalog import urls_staff
from gongkai.core.conf import gongkai_settings
from gongkai.core.login_forms import OfficeLoginForm
from gongkai.office import account_views, organ_views, security_views, views

urlpatterns = [
    path(
        "login/",
        # LoginView puts the request's host into `site_name`; keep the platform's name instead.
        auth_views.LoginView.as_view(
            template_name="office/login.html",
            authentication_form=OfficeLoginForm,
            extra_context={"site_name": gongkai_settings().SITE_NAME},
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # One's own second factor (动态口令): enrol, remove (issue 16 §2).
    path("security/", security_views.totp_settings, name="security"),
    path("", views.dashboard, name="dashboard"),
    # Lists behind the dashboard counters.
    path("mine/", views.drafts_list, name="drafts"),
    path("pending/", views.pending_list, name="pending"),
    path("timeliness/", views.timeliness_list, name="timeliness"),
    path("interpretations/", views.interpretation_list, name="interpretations"),
    path("items/", views.all_items_list, name="items"),
    # Catalog items: the catalog's own staff URLs, in this namespace.
    path("items/", include(urls_staff.urlpatterns)),
    # 公开办管理员: 公开指南 and catalog columns.
    path("organs/", organ_views.organ_list, name="organs"),
    path("organs/<int:pk>/guide/", organ_views.organ_guide, name="organ_guide"),
    path("organs/<int:pk>/columns/", organ_views.organ_columns, name="organ_columns"),
    path(
        "organs/<int:pk>/columns/<int:column_pk>/",
        organ_views.column_change,
        name="column_change",
    ),
    # 公开办管理员: accounts and posts of its organ and the organs below it.
    path("accounts/", account_views.account_list, name="accounts"),
    path("accounts/new/", account_views.account_new, name="account_new"),
    path("accounts/<int:pk>/", account_views.account_detail, name="account_detail"),
    path("accounts/<int:pk>/edit/", account_views.account_edit, name="account_edit"),
    path("accounts/<int:pk>/grant/", account_views.account_grant, name="account_grant"),
    path("accounts/<int:pk>/revoke/", account_views.account_revoke, name="account_revoke"),
    path("accounts/<int:pk>/active/", account_views.account_active, name="account_active"),
    path("accounts/<int:pk>/password/", account_views.account_password, name="account_password"),
]
