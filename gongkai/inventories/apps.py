from django.apps import AppConfig


class InventoriesConfig(AppConfig):
    name = "gongkai.inventories"
    label = "inventories"
    verbose_name = "权责清单、公共服务事项清单与负面清单"

    def ready(self) -> None:
        from gongkai.inventories import receivers  # noqa: F401 - connects the receivers
