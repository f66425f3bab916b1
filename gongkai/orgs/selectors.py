"""Reads of the organ tree and its people: how a person is named in a picker, and the accounts
a 公开办管理员 manages. Writes are in `gongkai.orgs.services`; who may do what is
`gongkai.orgs.permissions`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from gongkai.orgs.models import Membership, Organ, Role


def display_name(user: Any) -> str:
    """The person's name as staff know it (full name, else the login name)."""
    full: str = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full.strip() or str(user.get_username())


#: Attribute `people_with_posts` sets on each user: the organs of the posts it read.
POSTS_ATTR = "_gongkai_post_organs"


def people_with_posts(memberships: QuerySet[Membership]) -> list[Any]:
    """The distinct users of `memberships`, by login name, each carrying the organs of those
    posts (tree order) for `person_labels`: one query for a whole picker."""
    people: dict[int, Any] = {}
    rows = memberships.select_related("user", "organ").order_by("user__username", "organ__tree_key")
    for m in rows:
        user = people.setdefault(m.user_id, m.user)
        held: list[Organ] = user.__dict__.setdefault(POSTS_ATTR, [])
        if m.organ not in held:
            held.append(m.organ)
    return list(people.values())


def person_labels(users: Iterable[Any], *, organs: Iterable[Organ] = ()) -> dict[int, str]:
    """user pk → “张伟（岚川市教育局）”: namesakes in a picker are told apart by their organ.

    The organ named is the first, in tree order, where the person holds a post, preferring
    `organs` (those the picker is about); a person with posts in several organs gets “等”.
    Users from `people_with_posts` carry their posts; for others, one query for all."""
    people = list(users)
    preferred = {o.pk for o in organs}
    posts: dict[int, list[Organ]] = {
        u.pk: list(u.__dict__[POSTS_ATTR]) for u in people if POSTS_ATTR in u.__dict__
    }
    missing = [u.pk for u in people if u.pk not in posts]
    rows = (
        Membership.objects.filter(user_id__in=missing)
        .select_related("organ")
        .order_by("organ__tree_key")
    )
    for m in rows if missing else ():
        held = posts.setdefault(m.user_id, [])
        if m.organ not in held:
            held.append(m.organ)
    labels: dict[int, str] = {}
    for user in people:
        held = sorted(posts.get(user.pk, []), key=lambda o: (o.pk not in preferred, o.tree_key))
        name = display_name(user)
        if not held:
            labels[user.pk] = name
            continue
        more = "等" if len(held) > 1 else ""
        labels[user.pk] = f"{name}（{held[0].name}{more}）"
    return labels


def person_label(user: Any, *, organs: Iterable[Organ] = ()) -> str:
    return person_labels([user], organs=organs)[user.pk]


# ---- accounts (公开办管理员) ---------------------------------------------------------------


@dataclass
class AccountRow:
    """One account on the accounts page: the person and their posts in the admin's organs."""

    user: Any
    label: str
    posts: list[tuple[Organ, list[str]]] = field(default_factory=list)  # organ, role labels


def accounts_in(organs: Iterable[Organ]) -> QuerySet[Any]:
    """Accounts holding any post in `organs` (the organs a 公开办管理员 manages)."""
    ids = Membership.objects.filter(organ__in=list(organs)).values("user_id")
    return get_user_model().objects.filter(pk__in=ids)


def account_rows(organs: list[Organ], *, organ: Organ | None = None) -> list[AccountRow]:
    """Accounts with posts in `organs` (or only in `organ`), by organ in tree order, then name;
    each with the posts it holds there (posts elsewhere are not the admin's to see)."""
    scope = [organ] if organ is not None else organs
    labels = dict(Role.choices)
    memberships = (
        Membership.objects.filter(organ__in=scope)
        .select_related("user", "organ")
        .order_by("organ__tree_key", "user__last_name", "user__first_name", "user__username")
    )
    rows: dict[int, AccountRow] = {}
    for m in memberships:
        row = rows.get(m.user_id)
        if row is None:
            row = rows[m.user_id] = AccountRow(user=m.user, label=display_name(m.user))
        for held_organ, roles in row.posts:
            if held_organ.pk == m.organ_id:
                roles.append(str(labels.get(m.role, m.role)))
                break
        else:
            row.posts.append((m.organ, [str(labels.get(m.role, m.role))]))
    people = list(rows.values())
    names: dict[str, int] = {}
    for row in people:
        names[row.label] = names.get(row.label, 0) + 1
    for row in people:
        if names[row.label] > 1:  # namesakes: the login name tells them apart
            row.label = f"{row.label}（{row.user.get_username()}）"
    return people


def roles_of_user_in(user: Any, organ: Organ) -> set[str]:
    """The roles granted to `user` in `organ` itself (not inherited): what the role form shows."""
    return set(
        Membership.objects.filter(user_id=user.pk, organ=organ).values_list("role", flat=True)
    )
