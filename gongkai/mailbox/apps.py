from django.apps import AppConfig


class MailboxConfig(AppConfig):
    name = "gongkai.mailbox"
    label = "mailbox"
    verbose_name = "互动交流（信箱）"

    def ready(self) -> None:
        from gongkai.mailbox import receivers  # noqa: F401 - connects the receivers
