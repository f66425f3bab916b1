from django.apps import AppConfig


class GazetteConfig(AppConfig):
    name = "gongkai.gazette"
    label = "gazette"
    verbose_name = "政府公报"

    def ready(self) -> None:
        from gongkai.gazette import receivers  # noqa: F401 - connects the receivers
