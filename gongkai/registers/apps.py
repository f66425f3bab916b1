from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "gongkai.registers"
    label = "registers"
    verbose_name = "规范性文件登记与双随机抽查"

    def ready(self) -> None:
        from gongkai.registers import receivers  # noqa: F401 - connects the receivers
