"""notice_send (one notice per recipient and occasion, e-mail on commit), read, settle."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.inbox.models import Notice, NoticeKind
from gongkai.inbox.services import (
    notice_mark_read,
    notices_mark_all_read,
    notices_settle,
    subject_of,
)


def test_one_notice_per_recipient_and_key(send, make_user) -> None:
    a, b = make_user("amy"), make_user("bob")
    created = send([a, b, a, None])
    assert sorted(n.recipient_id for n in created) == [a.pk, b.pk]
    # The same occasion again (a job run twice): nobody gets a second notice.
    assert send([a, b]) == []
    assert Notice.objects.count() == 2
    # A new occasion is a new notice.
    assert len(send([a], key="k2")) == 1


def test_inactive_and_excluded_people_get_nothing(send, make_user) -> None:
    gone = make_user("gone", is_active=False)
    actor, other = make_user("actor"), make_user("other")
    created = send([gone, actor, other], exclude=[actor.pk, None])
    assert [n.recipient for n in created] == [other]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("key", ""),
        ("key", "x" * 201),
        ("title", "  "),
        ("link", "https://evil.example.com/"),
        ("link", "//evil.example.com/"),
        ("link", "office/items/1/"),
    ],
)
def test_bad_notices_are_refused_and_nothing_is_written(send, make_user, field, value) -> None:
    with pytest.raises(ValueError):
        send([make_user()], **{field: value})
    assert Notice.objects.count() == 0


def test_subject_is_named_like_an_audit_object(send, make_user, organ) -> None:
    (notice,) = send([make_user()], subject=organ)
    assert (notice.subject_type, notice.subject_id) == ("orgs.organ", str(organ.pk))
    assert subject_of(organ) == ("orgs.organ", str(organ.pk))


def test_email_goes_out_on_commit_to_people_with_an_address(
    send, make_user, mailoutbox, settings, django_capture_on_commit_callbacks
) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "OFFICE_URL": "https://gk.example.gov.cn/"}
    with_mail = make_user("wang", email="wang@example.gov.cn", first_name="伟", last_name="王")
    without = make_user("li")
    with django_capture_on_commit_callbacks(execute=True):
        send([with_mail, without])
        assert mailoutbox == []  # not before the commit
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["wang@example.gov.cn"]
    assert (
        "待保密审查：关于做好就业补贴申领工作的通知" in mail.subject and "等我处理" in mail.subject
    )
    assert "https://gk.example.gov.cn/office/items/1/" in mail.body
    assert Notice.objects.get(recipient=with_mail).emailed_at is not None
    assert Notice.objects.get(recipient=without).emailed_at is None


def test_a_rolled_back_change_tells_no_one(
    send, make_user, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send([make_user(email="x@example.gov.cn")])
        raise RuntimeError("the change failed")
    assert Notice.objects.count() == 0 and mailoutbox == []


def test_mark_read_is_for_the_recipient_only(send, make_user) -> None:
    owner, other = make_user(), make_user()
    (notice,) = send([owner])
    with pytest.raises(PermissionDenied):
        notice_mark_read(actor=other, notice=notice)
    with pytest.raises(PermissionDenied):
        notice_mark_read(actor=None, notice=notice)
    assert Notice.objects.get(pk=notice.pk).read_at is None
    notice_mark_read(actor=owner, notice=notice)
    first = Notice.objects.get(pk=notice.pk).read_at
    assert first is not None
    notice_mark_read(actor=owner, notice=notice)  # again: the first reading time stays
    assert Notice.objects.get(pk=notice.pk).read_at == first


def test_mark_all_read_touches_only_the_actors_notices(send, make_user) -> None:
    me, other = make_user(), make_user()
    send([me, other], key="a")
    send([me, other], key="b")
    assert notices_mark_all_read(actor=me, notices=Notice.objects.all()) == 2
    assert Notice.objects.filter(recipient=other, read_at__isnull=True).count() == 2
    with pytest.raises(PermissionDenied):
        notices_mark_all_read(actor=None, notices=Notice.objects.all())


def test_settle_closes_the_subjects_open_notices(send, make_user, organ, make_organ) -> None:
    user = make_user()
    send([user], key="w", subject=organ)
    send([user], key="r", subject=organ, kind=NoticeKind.RETURNED)
    send([user], key="s", subject=organ, kind=NoticeKind.DUE_SOON)
    send([user], key="elsewhere", subject=make_organ())
    assert notices_settle(subject=organ, kinds=[NoticeKind.WAITING, NoticeKind.RETURNED]) == 2
    assert notices_settle(subject=organ, kinds=[NoticeKind.DUE_SOON], keep_key="s") == 0
    assert notices_settle(subject=organ) == 1
    assert Notice.objects.get(key="elsewhere").settled_at is None
