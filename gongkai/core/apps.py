from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = "基础（审计日志、工作日历）"

    def ready(self) -> None:
        from django.contrib import admin

        # Registers the system checks (gongkai.W001: next year's holiday notice not loaded).
        from gongkai.core import (
            checks,  # noqa: F401
            login_audit,
        )
        from gongkai.core.login_forms import AdminLoginForm

        # Issue 16 §2: sign-ins and admin permission changes audited; the admin's sign-in form
        # with the lockout message and the second factor.
        login_audit.connect()
        admin.site.login_form = AdminLoginForm
