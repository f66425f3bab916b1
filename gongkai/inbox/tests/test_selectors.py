"""My notices, the filters of the issue (等我处理, 已退回, 即将到期, 已超期), unread counts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from gongkai.inbox import selectors
from gongkai.inbox.models import Notice, NoticeKind


@pytest.fixture
def mine(send, make_user):
    me, other = make_user("me"), make_user("other")
    for kind in NoticeKind:
        send([me, other], key=f"{kind}-1", kind=kind, title=f"{kind.label}一")
    return me, other


def test_each_filter_shows_its_kind_and_only_my_notices(mine) -> None:
    me, _other = mine
    assert selectors.my_notices(me).count() == len(NoticeKind)
    for key, kind in [
        ("waiting", NoticeKind.WAITING),
        ("returned", NoticeKind.RETURNED),
        ("due_soon", NoticeKind.DUE_SOON),
        ("overdue", NoticeKind.OVERDUE),
    ]:
        rows = list(selectors.my_notices(me, key))
        assert [(n.kind, n.recipient_id) for n in rows] == [(kind, me.pk)]
    assert selectors.my_notices(AnonymousUser()).count() == 0


def test_settled_notices_leave_the_waiting_filters_but_stay_in_all(mine) -> None:
    me, _ = mine
    Notice.objects.filter(recipient=me, kind=NoticeKind.WAITING).update(settled_at=timezone.now())
    assert selectors.my_notices(me, "waiting").count() == 0
    assert selectors.my_notices(me).filter(kind=NoticeKind.WAITING).count() == 1
    assert selectors.unread_count(me) == len(NoticeKind) - 1


def test_unknown_filter_is_all_not_an_error(mine) -> None:
    me, _ = mine
    assert selectors.show_for("<script>").key == ""
    assert selectors.my_notices(me, "nonsense").count() == len(NoticeKind)


def test_unread_counts(mine) -> None:
    me, _other = mine
    Notice.objects.filter(recipient=me, kind=NoticeKind.INFO).update(read_at=timezone.now())
    counts = selectors.unread_by_show(me)
    assert counts[""] == len(NoticeKind) - 1 and counts["unread"] == len(NoticeKind) - 1
    assert counts["waiting"] == counts["returned"] == counts["overdue"] == 1
    assert selectors.unread_count(me) == len(NoticeKind) - 1
    assert selectors.unread_count(AnonymousUser()) == 0
    assert [n.kind for n in selectors.latest_unread(me, 2)] == [
        NoticeKind.OVERDUE,
        NoticeKind.DUE_SOON,
    ]


def test_somebody_elses_notice_is_a_404(mine) -> None:
    me, other = mine
    theirs = Notice.objects.filter(recipient=other).first()
    assert theirs is not None
    with pytest.raises(Http404):
        selectors.notice_for(me, theirs.pk)
    with pytest.raises(Http404):
        selectors.notice_for(AnonymousUser(), theirs.pk)
    assert selectors.notice_for(other, theirs.pk) == theirs
