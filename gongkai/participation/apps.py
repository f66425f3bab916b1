from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "gongkai.participation"
    label = "participation"
    verbose_name = "公众参与"

    def ready(self) -> None:
        from gongkai.participation import receivers  # noqa: F401 - connects the receivers
