from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = "公开目录与主动公开"

    def ready(self) -> None:
        from gongkai.catalog import receivers  # noqa: F401 - connects the receivers
