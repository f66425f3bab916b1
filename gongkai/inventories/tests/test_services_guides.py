"""办事指南: saved with a missing element it is flagged 服务不实用; a revision needs its note."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.models import AuditEvent
from gongkai.inventories.models import GuideRevision, ServiceGuide
from gongkai.inventories.selectors import guides_missing_elements
from gongkai.inventories.services.guides import GuideFields, guide_save
from gongkai.orgs.models import Organ

pytestmark = pytest.mark.django_db

FULL = GuideFields(
    title="食品经营许可（新办）",
    basis="《中华人民共和国食品安全法》第三十五条",
    conditions="有与经营的食品品种、数量相适应的经营场所。",
    materials="1. 食品经营许可申请书；2. 营业执照复印件。",
    process="申请—受理—审查—决定—发证",
    time_limit="法定20个工作日，承诺10个工作日",
    fees="不收费",
    location="岚山县政务服务中心二楼市场监管窗口",
    phone="0000-1234567",
)


def _with(**kw: str) -> GuideFields:
    return GuideFields(**{**FULL.__dict__, **kw})


def test_a_guide_with_an_empty_phone_is_flagged(
    people: dict[str, Any], dept: Organ, county: Organ, other: Organ
) -> None:
    complete = guide_save(actor=people["editor"], organ=dept, fields=FULL)
    flagged = guide_save(
        actor=people["editor"], organ=dept, fields=_with(title="广告发布登记", phone="  ")
    )
    found = guides_missing_elements(county)  # the county's subtree holds the department
    assert [(f.guide.pk, f.missing) for f in found] == [(flagged.pk, ["咨询电话"])]
    assert complete.pk not in {f.guide.pk for f in found}
    assert guides_missing_elements(other) == []  # another subtree
    assert flagged.phone == ""  # stored stripped: the selector's query sees it
    event = AuditEvent.objects.filter(action="service_guide.save").last()
    assert event is not None and event.data["missing"] == ["咨询电话"]


def test_a_revision_needs_its_note_and_keeps_what_was_before(
    people: dict[str, Any], dept: Organ
) -> None:
    guide = guide_save(actor=people["editor"], organ=dept, fields=FULL)
    with pytest.raises(ValidationError, match="请填写修订说明"):
        guide_save(actor=people["editor"], organ=dept, guide=guide, fields=_with(fees="按规定收费"))
    with pytest.raises(ValidationError, match="没有任何修改"):
        guide_save(actor=people["editor"], organ=dept, guide=guide, fields=FULL, note="无")
    guide_save(
        actor=people["editor"],
        organ=dept,
        guide=guide,
        fields=_with(time_limit="承诺5个工作日"),
        note="压缩承诺时限。",
    )
    guide.refresh_from_db()
    revision = GuideRevision.objects.get()
    assert guide.revision == 1 and guide.time_limit == "承诺5个工作日"
    assert revision.before["time_limit"] == FULL.time_limit and revision.changed == ["time_limit"]


def test_bad_guides_are_refused(people: dict[str, Any], dept: Organ) -> None:
    with pytest.raises(ValidationError, match="请填写事项名称"):
        guide_save(actor=people["editor"], organ=dept, fields=_with(title=" "))
    with pytest.raises(ValidationError, match="网上办理地址"):
        guide_save(actor=people["editor"], organ=dept, fields=_with(online_url="javascript:x"))
    with pytest.raises(PermissionDenied):
        guide_save(actor=people["other"], organ=dept, fields=FULL)
    with pytest.raises(PermissionDenied):  # 签发 alone does not write guides
        guide_save(actor=people["approver"], organ=dept, fields=FULL)
    assert not ServiceGuide.objects.exists()
