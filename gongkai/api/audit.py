"""Audit actions of the open API: a token created or revoked (what it then does is audited by
the services it calls, under its user)."""

from gongkai.core.audit import AuditAction, AuditDataLabels


class ApiAudit(AuditAction):
    TOKEN_CREATE = "api.token_create", "创建接口令牌"
    TOKEN_REVOKE = "api.token_revoke", "吊销接口令牌"


#: How the data of these actions reads in the 办理记录 (`gongkai.core.audit.audit_data_text`).
AUDIT_DATA = AuditDataLabels(
    labels={
        "token": "令牌编号",
        "name": "令牌名称",
        "prefix": "令牌前缀",
        "user": "所属账号",
        "expires_at": "有效期至",
    },
)
