from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "政府信息公开工作年度报告"

    def ready(self) -> None:
        # The report follows its catalog item (`item_transitioned`, sent on commit).
        from gongkai.reports import receivers  # noqa: F401
