"""Audit actions of the catalog outside its transition table (those derive from `Event`)."""

from gongkai.core.audit import AuditAction, AuditDataLabels, field_labels


class CatalogAudit(AuditAction):
    ITEM_UPDATE = "item.update", "修改草稿"
    ATTACHMENT_ADD = "attachment.add", "上传附件"
    ATTACHMENT_REMOVE = "attachment.remove", "删除附件"
    FINDING_ACKNOWLEDGE = "finding.acknowledge", "确认保密扫描发现"
    FINDING_REQUIRE_CHANGE = "finding.require_change", "保密扫描发现标记为须删改"
    REVISION_OPEN = "item.revision_open", "新建修订稿"
    REVISION_APPLY = "item.revision_apply", "修订签发，公开文本已更新"
    COLUMN_ADD = "column.add", "新增栏目"
    COLUMN_RENAME = "column.rename", "栏目改名"
    COLUMN_MOVE = "column.move", "栏目调整顺序"
    COLUMN_ENABLE = "column.enable", "启用栏目"
    COLUMN_DISABLE = "column.disable", "停用栏目"


def _audit_data() -> AuditDataLabels:
    from gongkai.catalog.models import Item, ScanFinding, Validity

    findings = dict(ScanFinding.Kind.choices)
    return AuditDataLabels(
        labels={
            "findings": "保密扫描发现（条）",
            # Qualified: the reports app uses `findings` for its checks (发现问题).
            "item.submit:findings": "保密扫描发现（条）",
            "item.approve_review:findings": "保密扫描发现（条）",
            "source": "位置",
            "scheduled_for": "定时发布时间",
            "index_number": "索引号",
            "size": "大小（字节）",
            "direction": "方向",
            "position": "调整后位置",
            "item.validity:from": "有效性",
            "item.expire:from": "有效性",
            "item.update:changed": "修改的项目",
            "attachment.add:name": "附件",
            "attachment.remove:name": "附件",
            "column.rename:from": "栏目名称",
            "column.add:name": "栏目名称",
            "finding.acknowledge:kind": "发现类型",
            "finding.require_change:kind": "发现类型",
            "item.revision_apply:version": "被替换的版本（存入历史版本）",
            "item.publish_revision:version": "被替换的版本（存入历史版本）",
            "item.propose_validity:to": "拟变更有效性",
            "item.decline_validity:to": "拟变更有效性",
            "item.propose_validity:changed_on": "拟变更日期",
        },
        values={
            "item.validity:from": dict(Validity.choices),
            "item.expire:from": dict(Validity.choices),
            "item.update:changed": field_labels(Item),
            "finding.acknowledge:kind": findings,
            "finding.require_change:kind": findings,
            "item.propose_validity:to": dict(Validity.choices),
            "item.decline_validity:to": dict(Validity.choices),
            "direction": {"up": "上移", "down": "下移"},
        },
        # Row ids and file hashes: nothing staff act on in the record (a revision and the
        # item it corrects link each other on their pages).
        hidden=frozenset(
            {"finding", "sha256", "column.add:parent", "revision", "revision_of", "proposed_by"}
        ),
    )


#: How the data of these actions reads in the 办理记录 (`gongkai.core.audit.audit_data_text`).
AUDIT_DATA = _audit_data()
