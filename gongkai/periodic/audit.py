"""Audit actions of the periodic disclosure other than the dataset's transitions."""

from __future__ import annotations

from gongkai.core.audit import AuditAction, AuditDataLabels


class PeriodicAudit(AuditAction):
    SCHEDULE_CREATE = "periodic_schedule.create", "新建定期公开事项"
    SCHEDULE_ACTIVE = "periodic_schedule.active", "启用或停用定期公开事项"
    TRIGGER = "periodic_occurrence.trigger", "登记触发日期"
    FULFIL = "periodic_occurrence.fulfil", "关联已公开信息"
    REMIND = "periodic_occurrence.remind", "定期公开到期提醒"
    OVERDUE = "periodic_occurrence.overdue", "定期公开逾期提醒"


def _audit_data() -> AuditDataLabels:
    from gongkai.periodic.models import Frequency

    return AuditDataLabels(
        labels={
            "periodic_schedule.create:title": "公开事项",
            "periodic_schedule.create:frequency": "公开频次",
            "periodic_schedule.create:rule": "公开期限",
            "periodic_schedule.create:template": "模板",
            "periodic_schedule.active:is_active": "启用",
            "periodic_occurrence.trigger:period": "周期",
            "periodic_occurrence.trigger:trigger_on": "触发日期",
            "periodic_occurrence.trigger:due_on": "应公开日期",
            "periodic_occurrence.fulfil:period": "周期",
            "periodic_occurrence.fulfil:item": "已公开信息",
            "periodic_occurrence.fulfil:fulfilled_on": "公开日期",
            "periodic_occurrence.remind:period": "周期",
            "periodic_occurrence.remind:due_on": "应公开日期",
            "periodic_occurrence.remind:recipients": "提醒人数",
            "periodic_occurrence.overdue:period": "周期",
            "periodic_occurrence.overdue:due_on": "应公开日期",
            "periodic_occurrence.overdue:recipients": "提醒人数",
            "periodic_dataset.upload:rows": "数据行数",
            "periodic_dataset.upload:source": "上传文件",
            "periodic_dataset.publish:period": "周期",
        },
        values={"periodic_schedule.create:frequency": dict(Frequency.choices)},
        hidden=frozenset({"periodic_dataset.upload:sha256"}),
    )


AUDIT_DATA = _audit_data()
