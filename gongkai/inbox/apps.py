from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "gongkai.inbox"
    label = "inbox"
    verbose_name = "通知"
