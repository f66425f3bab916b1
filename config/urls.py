from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("office/applications/", include(("gongkai.applications.urls_staff", "office_apps"))),
    path("office/mailbox/", include(("gongkai.mailbox.urls_staff", "office_mailbox"))),
    path(
        "office/participation/",
        include(("gongkai.participation.urls_staff", "office_participation")),
    ),
    path("office/workplans/", include(("gongkai.workplans.urls_staff", "workplans"))),
    path("office/registers/", include(("gongkai.registers.urls_staff", "office_registers"))),
    path("office/gazette/", include(("gongkai.gazette.urls_staff", "office_gazette"))),
    path("office/periodic/", include(("gongkai.periodic.urls_staff", "office_periodic"))),
    path("office/workforce/", include(("gongkai.workforce.urls_staff", "workforce"))),
    path(
        "office/inventories/",
        include(("gongkai.inventories.urls_staff", "office_inventories")),
    ),
    path("office/sites/", include(("gongkai.sites.urls_staff", "office_sites"))),
    path("office/inbox/", include(("gongkai.inbox.urls_staff", "inbox"))),
    path("office/monitor/", include(("gongkai.monitor.urls_staff", "monitor"))),
    path("office/assessment/", include(("gongkai.assessment.urls_staff", "assessment"))),
    path("office/legacy/", include(("gongkai.legacy.urls_staff", "legacy"))),
    path("office/reports/", include(("gongkai.reports.urls", "reports"))),
    path("office/api-tokens/", include(("gongkai.api.urls_staff", "api_tokens"))),
    path("office/", include(("gongkai.office.urls", "office"))),
    path("mailbox/", include(("gongkai.mailbox.urls_public", "mailbox"))),
    path("participation/", include(("gongkai.participation.urls_public", "participation"))),
    path("apply/", include(("gongkai.applications.urls_public", "apply"))),
    path("registers/", include(("gongkai.registers.urls_public", "registers"))),
    path("gazette/", include(("gongkai.gazette.urls_public", "gazette"))),
    path("periodic/", include(("gongkai.periodic.urls_public", "periodic"))),
    path("assessment/", include(("gongkai.assessment.urls_public", "assessment_public"))),
    path("inventories/", include(("gongkai.inventories.urls_public", "inventories"))),
    path("reports/check/", include(("gongkai.reports.urls_public", "report_check"))),
    path("", include(("gongkai.sites.urls_public", "sites"))),  # /site.css
    path("api/v1/", include(("gongkai.api.urls", "api_v1"))),
    path("", include(("gongkai.portal.urls", "portal"))),
]

# Chinese error pages (gongkai/portal/views/errors.py); Django's own are English.
handler400 = "gongkai.portal.views.errors.bad_request"
handler403 = "gongkai.portal.views.errors.forbidden"
handler404 = "gongkai.portal.views.errors.not_found"
handler500 = "gongkai.portal.views.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
