"""Public pages: the register, a published cleanup list, a draw and its verification page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.registers import method
from gongkai.registers.models import PoolKind, Proposal
from gongkai.registers.services.campaigns import campaign_open, campaign_propose, campaign_publish
from gongkai.registers.services.draws import draw_announce, draw_perform, pool_save
from gongkai.registers.tests.test_services_campaigns import signed_entry

pytestmark = pytest.mark.django_db

SUBJECTS = "\n".join(f"91331100MA3{n:07d}\t岚山县第{n}号药店" for n in range(1, 11))
INSPECTORS = "\n".join(f"44{n:06d}\t执法员{n}" for n in range(1, 6))


@pytest.fixture
def drawn(people: dict[str, Any], dept: Any) -> Any:
    subjects = pool_save(
        actor=people["editor"], organ=dept, kind=PoolKind.SUBJECTS, name="药店", text=SUBJECTS
    )
    inspectors = pool_save(
        actor=people["editor"], organ=dept, kind=PoolKind.INSPECTORS, name="人员", text=INSPECTORS
    )
    draw = draw_announce(
        actor=people["editor"],
        organ=dept,
        title="药品零售企业抽查",
        subjects=subjects,
        inspectors=inspectors,
        subject_count=3,
    )
    return draw


def test_the_seed_stays_secret_until_the_draw(
    client: Client, drawn: Any, people: dict[str, Any]
) -> None:
    page = client.get(reverse("registers:draw", args=[drawn.pk])).content.decode()
    assert drawn.seed_commitment in page and drawn.subjects_sha256 in page
    assert drawn.seed not in page
    assert client.post(reverse("registers:verify", args=[drawn.pk])).status_code == 404
    text = client.get(reverse("registers:pool_text", args=[drawn.pk, "subjects"])).content
    assert method.sha256_hex(text.decode()) == drawn.subjects_sha256
    draw_perform(actor=people["editor"], draw=drawn)
    page = client.get(reverse("registers:draw", args=[drawn.pk])).content.decode()
    assert drawn.seed in page and "岚山县第" in page


def _verify(client: Client, draw: Any, subjects: str) -> str:
    response = client.post(
        reverse("registers:verify", args=[draw.pk]),
        {
            "subjects_text": subjects,
            "inspectors_text": draw.inspectors_text,
            "seed": draw.seed,
            "public_value": draw.public_value,
        },
    )
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_re_runs_the_draw_and_altered_pools_do_not_match(
    client: Client, drawn: Any, people: dict[str, Any]
) -> None:
    """Bad input of issue 19: the verification of altered pools says it does not match."""
    drawn = draw_perform(actor=people["editor"], draw=drawn, public_value="2026153期 07")
    page = _verify(client, drawn, drawn.subjects_text)
    assert '<strong id="verdict">一致</strong>' in page
    altered = drawn.subjects_text.replace("岚山县第2号药店", "岚山县第2号诊所")
    page = _verify(client, drawn, altered)
    assert '<strong id="verdict">不一致</strong>' in page and "与公告不一致" in page
    bad = client.post(
        reverse("registers:verify", args=[drawn.pk]),
        {"subjects_text": "只有名称", "inspectors_text": drawn.inspectors_text, "seed": drawn.seed},
    )
    assert bad.status_code == 400 and "编码 名称" in bad.content.decode()


def test_register_and_published_cleanup_pages(
    client: Client, people: dict[str, Any], county: Any, series: Any, policy: Callable[..., Any]
) -> None:
    entry = signed_entry(people, policy("岚山县就业见习管理办法"))
    page = client.get(reverse("registers:index")).content.decode()
    assert entry.number in page and "岚山县就业见习管理办法" in page
    campaign = campaign_open(actor=people["office"], organ=county, title="2026年度清理")
    assert client.get(reverse("registers:campaign", args=[campaign.pk])).status_code == 404
    line = campaign.lines.get()
    campaign_propose(
        actor=people["editor"],
        line=line,
        proposal=Proposal.DECLARE_INVALID,
        reason="调整对象已消失，实际已失效。",
    )
    campaign_publish(actor=people["office"], campaign=campaign)
    page = client.get(reverse("registers:campaign", args=[campaign.pk])).content.decode()
    assert "宣布失效的文件目录（1 件）" in page and "调整对象已消失" in page
