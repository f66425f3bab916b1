"""Audit actions of the lists other than their version transitions (derived from the machine)."""

from __future__ import annotations

from gongkai.core.audit import AuditAction, AuditDataLabels


class InventoriesAudit(AuditAction):
    ENTRY_SAVE = "inventory_entry.save", "保存清单事项"
    ENTRY_REMOVE = "inventory_entry.remove", "删除清单事项"
    DRAFT_DISCARD = "inventory_version.discard", "删除清单草稿"
    GUIDE_SAVE = "service_guide.save", "保存办事指南"
    REVIEW = "negative_list.review", "复核负面清单事项"
    REVIEW_NOTICE = "negative_list.review_notice", "负面清单复核提醒"


def _audit_data() -> AuditDataLabels:
    """Keys qualified by their action: the labels of every installed app are merged."""
    from gongkai.inventories.models import Kind, ReviewConclusion

    return AuditDataLabels(
        labels={
            "inventory_version.create:kind": "清单类型",
            "inventory_version.create:number": "版本号",
            "inventory_version.create:based_on": "复制自版本",
            "inventory_version.publish:number": "版本号",
            "inventory_version.publish:entries": "事项数",
            "inventory_version.publish:added": "新增",
            "inventory_version.publish:removed": "删除",
            "inventory_version.publish:changed": "修改",
            "inventory_version.supersede:number": "版本号",
            "inventory_version.discard:number": "版本号",
            "inventory_entry.save:name": "事项名称",
            "inventory_entry.save:number": "版本号",
            "inventory_entry.remove:name": "事项名称",
            "inventory_entry.remove:number": "版本号",
            "service_guide.save:title": "事项名称",
            "service_guide.save:missing": "缺少的要素",
            "service_guide.save:changed": "修订的要素",
            "negative_list.review:entry": "不予公开事项",
            "negative_list.review:conclusion": "复核结论",
            "negative_list.review:next_review_on": "下次复核日期",
            "negative_list.review_notice:entries": "待复核事项",
            "negative_list.review_notice:recipients": "提醒人数",
        },
        values={
            "inventory_version.create:kind": dict(Kind.choices),
            "negative_list.review:conclusion": dict(ReviewConclusion.choices),
        },
    )


AUDIT_DATA = _audit_data()
