from django.apps import AppConfig


class WorkplansConfig(AppConfig):
    name = "gongkai.workplans"
    label = "workplans"
    verbose_name = "政务公开工作要点与责任分解"

    def ready(self) -> None:
        from gongkai.workplans import receivers  # noqa: F401 - connects the receivers
