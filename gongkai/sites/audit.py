"""Audit actions of the sites (no state machine: a site is configuration, not a case)."""

from __future__ import annotations

from gongkai.core.audit import AuditAction, AuditDataLabels


class SitesAudit(AuditAction):
    CREATE = "site.create", "新建网站"
    UPDATE = "site.update", "修改网站"
    MAKE_PRIMARY = "site.make_primary", "设为主站"


def _audit_data() -> AuditDataLabels:
    """Keys qualified by their action: the labels of every installed app are merged."""
    from gongkai.sites.models import Layout

    labels: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    for action in ("site.create", "site.update"):
        labels |= {
            f"{action}:hosts": "域名",
            f"{action}:changed": "修改项",
            f"{action}:root_organ": "主办机关",
            f"{action}:layout": "首页版式",
        }
        values[f"{action}:layout"] = dict(Layout.choices)
    labels["site.make_primary:previous"] = "原主站"
    return AuditDataLabels(labels=labels, values=values)


AUDIT_DATA = _audit_data()
