from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "gongkai.sites"
    label = "sites"
    verbose_name = "网站集约化"

    def ready(self) -> None:
        from gongkai.sites import receivers  # noqa: F401 - connects the receivers
