import pytest

from gongkai.core.audit import audit_record
from gongkai.core.models import AuditEvent, AuditLogImmutableError


def test_audit_events_cannot_be_changed_or_deleted(organ) -> None:
    event = audit_record(actor=None, action="test.action", obj=organ, comment="原始意见")
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
