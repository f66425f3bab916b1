from django.apps import AppConfig


class LegacyConfig(AppConfig):
    name = "gongkai.legacy"
    label = "legacy"
    verbose_name = "旧网站信息导入"

    def ready(self) -> None:
        from gongkai.legacy import receivers  # noqa: F401 - connects the receivers
