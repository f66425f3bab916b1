"""Audit actions of the working-day calendar."""

from gongkai.core.audit import AuditAction


class WorkcalAudit(AuditAction):
    VERSION_CREATED = "workcal.version_created", "生成工作日历版本"
    YEAR_IMPORTED = "workcal.year_imported", "导入年度放假安排"
    YEAR_EDITED = "workcal.year_edited", "修改年度放假安排"
    YEAR_DELETED = "workcal.year_deleted", "删除年度放假安排"
