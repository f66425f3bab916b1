import pytest

from gongkai.core.audit import AuditAction, action_label, audit_record
from gongkai.core.models import AuditEvent, AuditLogImmutableError
from gongkai.orgs.audit import OrgsAudit


class _TestAudit(AuditAction):
    ACTION = "test.action", "测试动作"


def test_audit_events_cannot_be_changed_or_deleted(organ) -> None:
    event = audit_record(actor=None, action=_TestAudit.ACTION, obj=organ, comment="原始意见")
    event.comment = "篡改"
    with pytest.raises(AuditLogImmutableError):
        event.save()
    with pytest.raises(AuditLogImmutableError):
        event.delete()
    with pytest.raises(AuditLogImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(comment="篡改")
    with pytest.raises(AuditLogImmutableError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).comment == "原始意见"
    assert event.actor_label == "系统"
    assert event.action == "test.action"


def test_a_free_string_is_not_an_audit_action(organ) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(TypeError):
        audit_record(actor=None, action="organ.create", obj=organ)  # type: ignore[arg-type]
    assert AuditEvent.objects.count() == before


def test_recorded_actions_read_back_in_chinese() -> None:
    from gongkai.catalog.transitions import ITEM_MACHINE  # noqa: F401 - registers item actions

    assert action_label(OrgsAudit.MEMBERSHIP_GRANT.value) == "授予岗位"
    assert action_label("item.publish") == "签发并发布"
    assert action_label("unknown.thing") == "unknown.thing"
