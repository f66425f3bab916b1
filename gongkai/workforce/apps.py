from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "gongkai.workforce"
    label = "workforce"
    verbose_name = "政府信息公开工作人员、经费和培训"

    def ready(self) -> None:
        from gongkai.workforce import receivers  # noqa: F401 - connects the receivers
