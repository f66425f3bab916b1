"""orgs.permissions: the one role rule (`roles_for`) and the per-request role map agree."""

from __future__ import annotations

from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import role_map, roles_for


def test_role_map_agrees_with_roles_for(make_organ, make_user, organ) -> None:
    child = make_organ("下属单位", parent=organ)
    grandchild = make_organ("下下级", parent=child)
    unrelated = make_organ("无关机关")
    user = make_user("admin_and_secrecy", organ=organ, roles=("organ_admin",))
    from gongkai.orgs.models import Membership

    Membership.objects.create(user=user, organ=grandchild, role="secrecy")
    Membership.objects.create(user=user, organ=unrelated, role="approver")
    computed = role_map(user)
    for o in Organ.objects.all():
        assert computed.get(o.pk, set()) == roles_for(user, o), o.name
