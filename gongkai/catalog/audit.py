"""Audit actions of the catalog outside its transition table (those derive from `Event`)."""

from gongkai.core.audit import AuditAction


class CatalogAudit(AuditAction):
    ITEM_UPDATE = "item.update", "修改草稿"
    ATTACHMENT_ADD = "attachment.add", "上传附件"
    ATTACHMENT_REMOVE = "attachment.remove", "删除附件"
    FINDING_ACKNOWLEDGE = "finding.acknowledge", "确认保密扫描发现"
    COLUMN_ADD = "column.add", "新增栏目"
    COLUMN_RENAME = "column.rename", "栏目改名"
    COLUMN_MOVE = "column.move", "栏目调整顺序"
    COLUMN_ENABLE = "column.enable", "启用栏目"
    COLUMN_DISABLE = "column.disable", "停用栏目"
