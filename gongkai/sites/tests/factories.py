"""Objects of the sites for the authorisation matrix (`tests/test_authz_matrix.py`): the
platform's primary site (the portal), rooted at the top organ, saved by its 公开办管理员. Its
host is not the test client's, so requests still fall back to it as the primary site."""

from __future__ import annotations

from typing import Any

from gongkai.orgs.models import Organ
from gongkai.sites.services import SiteFields, site_save


def authz_objects(*, root: Organ, admin: Any) -> dict[str, Any]:
    fields = SiteFields(
        name=f"{root.name}信息公开平台",
        root_organ=root,
        hosts=("portal.localhost",),
        is_primary=True,
    )
    return {"site_portal": site_save(actor=admin, fields=fields)}
