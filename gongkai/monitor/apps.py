from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "gongkai.monitor"
    label = "monitor"
    verbose_name = "网站监管"

    def ready(self) -> None:
        from gongkai.monitor import receivers  # noqa: F401 - connects the receivers
