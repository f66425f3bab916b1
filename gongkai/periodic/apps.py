from django.apps import AppConfig


class PeriodicConfig(AppConfig):
    name = "gongkai.periodic"
    label = "periodic"
    verbose_name = "重点领域定期公开"

    def ready(self) -> None:
        from gongkai.periodic import receivers  # noqa: F401 - connects the receivers
