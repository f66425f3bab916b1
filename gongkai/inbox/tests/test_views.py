"""The inbox page: my own notices only, filters, open (read + go), mark read, the header badge."""

from __future__ import annotations

from django.urls import reverse

from gongkai.inbox.models import Notice, NoticeKind


def test_login_required(client) -> None:
    for url in [reverse("inbox:list"), reverse("inbox:open", args=[1])]:
        response = client.get(url)
        assert response.status_code == 302 and "/office/login/" in response["Location"]


def test_list_shows_my_notices_with_filters(login, send, make_user) -> None:
    me, other = make_user("me"), make_user("other")
    send([me], key="a", title="待签发：甲")
    send([me], key="b", kind=NoticeKind.RETURNED, title="已退回：乙", body="退回意见：请补充文号")
    send([other], key="c", title="别人的通知丙")
    client = login(me)
    page = client.get(reverse("inbox:list")).content.decode()
    assert "待签发：甲" in page and "已退回：乙" in page and "退回意见：请补充文号" in page
    assert "别人的通知丙" not in page
    returned = client.get(reverse("inbox:list"), {"show": "returned"}).content.decode()
    assert "已退回：乙" in returned and "待签发：甲" not in returned
    assert 'aria-current="page">已退回' in returned
    assert "<title>通知：已退回" in returned
    # A made-up filter shows everything instead of failing.
    assert client.get(reverse("inbox:list"), {"show": "<x>", "page": "zz"}).status_code == 200


def test_open_marks_read_and_goes_to_the_page(login, send, make_user) -> None:
    me = make_user()
    (notice,) = send([me], link="/office/items/7/")
    response = login(me).get(reverse("inbox:open", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == "/office/items/7/"
    assert Notice.objects.get(pk=notice.pk).read_at is not None


def test_somebody_elses_notice_is_a_404_and_stays_unread(login, send, make_user) -> None:
    me, other = make_user(), make_user()
    (theirs,) = send([other])
    client = login(me)
    assert client.get(reverse("inbox:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("inbox:read", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("inbox:open", args=[99999])).status_code == 404
    assert Notice.objects.get(pk=theirs.pk).read_at is None


def test_mark_one_read_needs_a_post_and_returns_to_the_list(login, send, make_user) -> None:
    me = make_user()
    (notice,) = send([me])
    client = login(me)
    assert client.get(reverse("inbox:read", args=[notice.pk])).status_code == 405
    back = reverse("inbox:list") + "?show=waiting"
    response = client.post(reverse("inbox:read", args=[notice.pk]), {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert Notice.objects.get(pk=notice.pk).read_at is not None
    # An outside address in `next` is not followed.
    response = client.post(
        reverse("inbox:read", args=[notice.pk]), {"next": "https://evil.example.com/"}
    )
    assert response["Location"] == reverse("inbox:list")


def test_mark_all_read_in_the_current_filter(login, send, make_user) -> None:
    me, other = make_user(), make_user()
    send([me, other], key="a")
    send([me], key="b", kind=NoticeKind.OVERDUE)
    client = login(me)
    response = client.post(reverse("inbox:read_all"), {"show": "waiting"}, follow=True)
    assert "已将 1 条通知标为已读" in response.content.decode()
    assert Notice.objects.get(recipient=me, key="b").read_at is None
    assert Notice.objects.get(recipient=other, key="a").read_at is None
    client.post(reverse("inbox:read_all"))
    assert not Notice.objects.filter(recipient=me, read_at__isnull=True).exists()


def test_header_shows_the_unread_count_on_every_office_page(login, send, make_user) -> None:
    me = make_user()
    send([me], key="a")
    send([me], key="b")
    client = login(me)
    page = client.get(reverse("office:dashboard")).content.decode()
    assert 'class="unread-count">2<span class="visually-hidden"> 条未读</span>' in page
    Notice.objects.filter(recipient=me).update(settled_at="2026-03-02T09:00:00+08:00")
    page = client.get(reverse("inbox:list")).content.decode()
    assert "unread-count" not in page  # dealt with elsewhere: nothing waits
    assert "已处理" in page


def test_large_mode_page_loads_its_counterpart_styles(login, send, make_user, client) -> None:
    me = make_user()
    send([me])
    client.cookies["gk_large"] = "1"
    page = login(me).get(reverse("inbox:list")).content.decode()
    assert 'class="large-mode"' in page and "css/inbox.css" in page
