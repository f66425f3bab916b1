"""办事指南 (issue 19 §3): saved by the organ's keepers; every change after the first is a
revision with its note (the guide's history on the portal). A guide may be saved with an
element missing (it is written over time), but it is then flagged 服务不实用 wherever guides
are listed (`rules.guide_missing_elements`, `selectors.guides_missing_elements`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.core.cache_tags import SITE, bump_on_commit
from gongkai.inventories import rules
from gongkai.inventories.audit import InventoriesAudit
from gongkai.inventories.models import GuideRevision, ServiceGuide
from gongkai.inventories.services.versions import organ_tag
from gongkai.inventories.transitions import KEEPERS
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import require_roles


@dataclass(frozen=True)
class GuideFields:
    title: str
    basis: str = ""
    conditions: str = ""
    materials: str = ""
    process: str = ""
    time_limit: str = ""
    fees: str = ""
    location: str = ""
    phone: str = ""
    online_url: str = ""


@transaction.atomic
def guide_save(
    *,
    actor: Actor,
    organ: Organ,
    fields: GuideFields,
    guide: ServiceGuide | None = None,
    note: str = "",
) -> ServiceGuide:
    """Create a guide, or revise one (with `note`, required: why it changed)."""
    if guide is not None:
        guide = ServiceGuide.objects.select_for_update().select_related("organ").get(pk=guide.pk)
        organ = guide.organ
    require_roles(
        actor, organ, KEEPERS, message="只有本机关的采编人员或公开办管理员可以编辑办事指南。"
    )
    values = {name: str(value).strip() for name, value in asdict(fields).items()}
    errors: dict[str, str] = {}
    if not values["title"]:
        errors["title"] = "请填写事项名称。"
    if values["online_url"]:
        try:
            URLValidator(schemes=["http", "https"])(values["online_url"])
        except ValidationError:
            errors["online_url"] = "网上办理地址应为 http:// 或 https:// 开头的网址。"
    changed: list[str] = []
    if guide is not None:
        changed = [name for name, value in values.items() if getattr(guide, name) != value]
        if not changed:
            raise ValidationError("办事指南没有任何修改。")
        if not note.strip():
            errors["note"] = "请填写修订说明：办事指南每次修订都须说明修订内容。"
    if errors:
        raise ValidationError(errors)
    if guide is None:
        guide = ServiceGuide(organ=organ, created_by=user_of(actor))
    else:
        guide.revision += 1
        GuideRevision.objects.create(
            guide=guide,
            number=guide.revision,
            note=note.strip(),
            before={name: getattr(guide, name) for name in values},
            changed=changed,
            revised_by=user_of(actor),
        )
    for name, value in values.items():
        setattr(guide, name, value)
    guide.save()
    missing = rules.guide_missing_elements(guide.elements())
    audit_record(
        actor=actor,
        action=InventoriesAudit.GUIDE_SAVE,
        obj=guide,
        organ_id=organ.pk,
        comment=note.strip(),
        data={"title": guide.title, "missing": missing, "changed": changed},
    )
    bump_on_commit(organ_tag(organ.pk), SITE)
    return guide
