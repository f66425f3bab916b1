"""双随机 draws through the services: announce (hashes, commitment), draw, outcomes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.fsm import InvalidTransition
from gongkai.registers import method, selectors
from gongkai.registers.models import DrawStatus, Outcome, PoolKind
from gongkai.registers.services.draws import (
    draw_announce,
    draw_conclude,
    draw_outcome,
    draw_perform,
    pool_save,
)

pytestmark = pytest.mark.django_db

SUBJECTS = "\n".join(f"91331100MA2{n:07d} 岚山县第{n}号餐饮店" for n in range(1, 13))
INSPECTORS = "\n".join(f"33110{n:05d} 执法员{n}" for n in range(1, 7))


@pytest.fixture
def pools(people: dict[str, Any], dept: Any) -> tuple[Any, Any]:
    subjects = pool_save(
        actor=people["editor"], organ=dept, kind=PoolKind.SUBJECTS, name="餐饮单位", text=SUBJECTS
    )
    inspectors = pool_save(
        actor=people["editor"],
        organ=dept,
        kind=PoolKind.INSPECTORS,
        name="执法人员",
        text=INSPECTORS,
    )
    return subjects, inspectors


def test_announce_fixes_pools_and_seed_then_the_draw_is_verifiable(
    people: dict[str, Any], dept: Any, pools: tuple[Any, Any]
) -> None:
    subjects, inspectors = pools
    draw = draw_announce(
        actor=people["editor"],
        organ=dept,
        title="2026年餐饮单位食品安全抽查",
        subjects=subjects,
        inspectors=inspectors,
        subject_count=4,
        inspectors_per_subject=2,
    )
    assert draw.status == DrawStatus.ANNOUNCED and not draw.seed_revealed
    assert draw.subjects_sha256 == method.sha256_hex(draw.subjects_text)
    assert draw.seed_commitment == method.commitment(draw.seed)
    # The pool changes after the announcement: the draw keeps what it announced.
    pool_save(
        actor=people["editor"],
        organ=dept,
        kind=PoolKind.SUBJECTS,
        name="餐饮单位",
        text=SUBJECTS + "\n91331100MA29999999 新开业的店",
        pool=subjects,
    )
    draw = draw_perform(actor=people["editor"], draw=draw, public_value="03 11 25")
    assert draw.status == DrawStatus.DRAWN and draw.results.count() == 4
    check = method.verify(
        subjects_text=draw.subjects_text,
        inspectors_text=draw.inspectors_text,
        seed=draw.seed,
        public_value="03 11 25",
        subject_count=4,
        inspectors_per_subject=2,
        published_subjects_sha256=draw.subjects_sha256,
        published_inspectors_sha256=draw.inspectors_sha256,
        published_commitment=draw.seed_commitment,
        published_result=selectors.published_result(draw),
    )
    assert check.ok
    with pytest.raises(InvalidTransition):
        draw_perform(actor=people["editor"], draw=draw)
    with pytest.raises(ValidationError, match="尚有 4 个"):
        draw_conclude(actor=people["editor"], draw=draw)
    results = list(draw.results.all())
    with pytest.raises(ValidationError, match="问题及处理情况"):
        draw_outcome(actor=people["editor"], result=results[0], outcome=Outcome.RECTIFY)
    for r in results:
        draw_outcome(actor=people["editor"], result=r, outcome=Outcome.NO_PROBLEM)
    assert draw_conclude(actor=people["editor"], draw=draw).status == DrawStatus.CONCLUDED


def test_bad_draw_inputs_are_refused(
    people: dict[str, Any], dept: Any, pools: tuple[Any, Any]
) -> None:
    subjects, inspectors = pools
    with pytest.raises(ValidationError, match="1 至 12"):
        draw_announce(
            actor=people["editor"],
            organ=dept,
            title="抽查",
            subjects=subjects,
            inspectors=inspectors,
            subject_count=13,
        )
    with pytest.raises(ValidationError, match="分别选择"):
        draw_announce(
            actor=people["editor"],
            organ=dept,
            title="抽查",
            subjects=inspectors,
            inspectors=subjects,
            subject_count=1,
        )
    with pytest.raises(PermissionDenied):
        draw_announce(
            actor=people["outsider"],
            organ=dept,
            title="抽查",
            subjects=subjects,
            inspectors=inspectors,
            subject_count=1,
        )
    with pytest.raises(ValidationError, match="重复"):
        pool_save(
            actor=people["editor"],
            organ=dept,
            kind=PoolKind.INSPECTORS,
            name="x",
            text="1 甲\n1 乙",
        )


def test_an_id_number_as_a_member_code_is_refused(people: dict[str, Any], dept: Any) -> None:
    """The pools are published: no 身份证号 in them."""
    with pytest.raises(ValidationError, match="身份证号码"):
        pool_save(
            actor=people["editor"],
            organ=dept,
            kind=PoolKind.INSPECTORS,
            name="人员",
            text="11010519491231002X 张三\n33110000001 李四",
        )
