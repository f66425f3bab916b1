"""`users_with_role`: who holds a post in an organ, by the one rule of `permissions.py`."""

from __future__ import annotations

from gongkai.orgs.models import Role
from gongkai.orgs.permissions import roles_for, users_with_role


def test_holders_direct_and_through_the_admin_above(make_organ, make_user) -> None:
    city = make_organ("测试市人民政府")
    dept = make_organ("测试市教育局", parent=city)
    reviewer = make_user("rev", organ=dept, roles=(Role.REVIEWER,))
    dept_admin = make_user("dadm", organ=dept, roles=(Role.ORGAN_ADMIN,))
    city_admin = make_user("cadm", organ=city, roles=(Role.ORGAN_ADMIN,))
    secrecy = make_user("sec", organ=dept, roles=(Role.SECRECY,))
    make_user("gone", organ=dept, roles=(Role.REVIEWER,), is_active=False)
    make_user("boss", is_superuser=True)  # every role everywhere, but nobody's post

    assert set(users_with_role(dept, {Role.REVIEWER})) == {reviewer, dept_admin, city_admin}
    assert set(users_with_role(dept, {Role.REVIEWER}, inherited=False)) == {reviewer, dept_admin}
    assert set(users_with_role(dept, {Role.SECRECY})) == {secrecy}  # admins hold no 保密审查
    assert set(users_with_role(city, {Role.ORGAN_ADMIN})) == {city_admin}
    # The same rule as roles_for: everyone listed holds one of the roles there.
    for user in users_with_role(dept, {Role.REVIEWER}):
        assert Role.REVIEWER in roles_for(user, dept)
