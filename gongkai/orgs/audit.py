"""Audit actions of the organ tree, its memberships and the accounts a 公开办管理员 manages.

No password, not even a hash, is ever part of the audit data: a reset records who reset whose
password and whether it was generated, nothing more."""

from gongkai.core.audit import AuditAction, AuditDataLabels, field_labels


class OrgsAudit(AuditAction):
    ORGAN_CREATE = "organ.create", "新建机关"
    ORGAN_CHANGE = "organ.change", "修改机关信息"
    ORGAN_GUIDE = "organ.guide", "修改公开指南"
    MEMBERSHIP_GRANT = "membership.grant", "授予岗位"
    ROLE_REVOKE = "membership.revoke", "撤销岗位"
    USER_CREATE = "user.create", "新建账号"
    USER_CHANGE = "user.change", "修改账号信息"
    USER_DEACTIVATE = "user.deactivate", "停用账号"
    USER_REACTIVATE = "user.reactivate", "启用账号"
    PASSWORD_RESET = "user.password_reset", "重置密码"


def _audit_data() -> AuditDataLabels:
    from gongkai.orgs.models import Organ, Role

    return AuditDataLabels(
        labels={
            "user": "账号",
            "username": "用户名",
            "full_name": "姓名",
            "email": "电子邮箱",
            "organ": "机关",
            "roles": "岗位",
            "generated": "系统随机生成",
            "organ.change:fields": "修改的项目",
            "organ.guide:changed": "修改的项目",
            "user.change:changed": "修改的项目",
        },
        values={
            "role": dict(Role.choices),
            "roles": dict(Role.choices),
            "organ.change:fields": field_labels(Organ),
            "organ.guide:changed": field_labels(Organ),
            "user.change:changed": {"full_name": "姓名", "email": "电子邮箱"},
        },
    )


#: How the data of these actions reads in the 办理记录 (`gongkai.core.audit.audit_data_text`).
AUDIT_DATA = _audit_data()
