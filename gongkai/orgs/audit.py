"""Audit actions of the organ tree and its memberships."""

from gongkai.core.audit import AuditAction


class OrgsAudit(AuditAction):
    ORGAN_CREATE = "organ.create", "新建机关"
    ORGAN_CHANGE = "organ.change", "修改机关信息"
    ORGAN_GUIDE = "organ.guide", "修改公开指南"
    MEMBERSHIP_GRANT = "membership.grant", "授予岗位"
