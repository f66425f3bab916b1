from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = "基础（审计日志、工作日历）"

    def ready(self) -> None:
        # Registers the system checks (gongkai.W001: next year's holiday notice not loaded).
        from gongkai.core import checks  # noqa: F401
