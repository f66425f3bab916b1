from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.applications import receivers  # noqa: F401 - connects the receivers
