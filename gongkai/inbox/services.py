"""Writes of the inbox: send a notice to its recipients, mark read, settle.

`notice_send` is the one way any app tells a person something (docs/new-app.md: apps above the
inbox call it from their services, receivers and jobs). It writes every recipient's notice in one
transaction and leaves the e-mail to a task started on commit, so a rolled-back change tells no
one and a slow mail server never holds a request.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.inbox.models import Notice, NoticeKind
from gongkai.orgs.models import Organ

log = logging.getLogger(__name__)

TITLE_MAX = 200
KEY_MAX = 200


def subject_of(obj: models.Model) -> tuple[str, str]:
    """How a notice names the record it is about (as an audit event does)."""
    return obj._meta.label_lower, str(obj.pk)


def _check_link(link: str) -> None:
    # A notice links to a page of this site; the open view redirects there, so no other host.
    if link and (not link.startswith("/") or link.startswith("//") or "\\" in link):
        raise ValueError(f"notice link must be a path on this site, not {link!r}")


@transaction.atomic
def notice_send(
    *,
    recipients: Iterable[Any],
    kind: NoticeKind,
    key: str,
    title: str,
    body: str = "",
    link: str = "",
    organ: Organ | None = None,
    subject: models.Model | None = None,
    exclude: Iterable[int | None] = (),
) -> list[Notice]:
    """One notice per recipient for the occasion `key`; the new ones are e-mailed on commit.

    A recipient who already holds `key` is skipped (a job run twice sends one notice), as are
    inactive accounts and `exclude` (the person who caused the event needs no notice of it).
    Returns the notices created now.
    """
    if not key or len(key) > KEY_MAX:
        raise ValueError(f"notice key must be 1–{KEY_MAX} characters: {key!r}")
    if not title.strip():
        raise ValueError("a notice needs a title")
    _check_link(link)
    skip = {pk for pk in exclude if pk is not None}
    people: dict[int, Any] = {}
    for user in recipients:
        if user is not None and user.pk not in skip and getattr(user, "is_active", False):
            people.setdefault(user.pk, user)
    if not people:
        return []
    held = set(
        Notice.objects.filter(recipient_id__in=list(people), key=key).values_list(
            "recipient_id", flat=True
        )
    )
    subject_type, subject_id = subject_of(subject) if subject is not None else ("", "")
    created: list[Notice] = []
    for pk, user in people.items():
        if pk in held:
            continue
        notice = Notice(
            recipient=user,
            kind=kind,
            key=key,
            title=title.strip()[:TITLE_MAX],
            body=body.strip(),
            link=link,
            organ=organ,
            subject_type=subject_type,
            subject_id=subject_id,
        )
        try:
            with transaction.atomic():  # a concurrent run may have written it since the read
                notice.save()
        except IntegrityError:
            continue
        created.append(notice)
    mailed = [n.pk for n in created if getattr(n.recipient, "email", "")]
    if mailed:
        from gongkai.inbox.tasks import email_notices

        transaction.on_commit(partial(email_notices.enqueue, mailed), robust=True)
    return created


def _own(actor: Actor, notice: Notice) -> None:
    if getattr(actor, "pk", None) is None or notice.recipient_id != actor.pk:  # type: ignore[union-attr]
        raise PermissionDenied("这不是您的通知。")


@transaction.atomic
def notice_mark_read(*, actor: Actor, notice: Notice) -> Notice:
    """The recipient has seen the notice (opening it does this too)."""
    _own(actor, notice)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


@transaction.atomic
def notices_mark_all_read(*, actor: Actor, notices: models.QuerySet[Notice]) -> int:
    """Mark the actor's unread notices among `notices` (the page's filter) as read."""
    pk = getattr(actor, "pk", None)
    if pk is None:
        raise PermissionDenied("请先登录。")
    return notices.filter(recipient_id=pk, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notices_settle(
    *, subject: models.Model, kinds: Iterable[NoticeKind] | None = None, keep_key: str = ""
) -> int:
    """The matter of `subject` moved on: its open notices (of `kinds`) no longer wait. Those of
    the occasion `keep_key` stay open (a newer reminder replaces the older ones, not itself)."""
    subject_type, subject_id = subject_of(subject)
    qs = Notice.objects.filter(
        subject_type=subject_type, subject_id=subject_id, settled_at__isnull=True
    )
    if kinds is not None:
        qs = qs.filter(kind__in=[str(k) for k in kinds])
    if keep_key:
        qs = qs.exclude(key=keep_key)
    return qs.update(settled_at=timezone.now())
