"""Audit actions of the website monitor."""

from __future__ import annotations

from gongkai.core.audit import AuditAction, AuditDataLabels


class MonitorAudit(AuditAction):
    SITE_REGISTER = "monitor.site_register", "登记监测网站"
    SITE_UPDATE = "monitor.site_update", "修改监测网站"
    COLUMN_SAVE = "monitor.column_save", "设置监测栏目"
    COLUMN_DELETE = "monitor.column_delete", "删除监测栏目"
    RUN = "monitor.run", "发起网站检查"
    ALERT = "monitor.alert", "网站篡改告警"


def _audit_data() -> AuditDataLabels:
    from gongkai.monitor.models import ColumnKind, Platform, SiteKind

    return AuditDataLabels(
        labels={
            "base_url": "首页地址",
            "kind": "类型",
            "platform": "建设方式",
            "column": "栏目",
            "url": "页面",
            "pages": "页面数",
            "verdict": "结论",
        },
        values={
            "kind": {**dict(SiteKind.choices), **dict(ColumnKind.choices)},
            "platform": dict(Platform.choices),
        },
    )


AUDIT_DATA = _audit_data()
