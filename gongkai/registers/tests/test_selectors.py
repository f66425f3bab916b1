"""The annual report's 规范性文件 row (table 二) computed from the register."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from gongkai.catalog.services.workflow import item_set_validity
from gongkai.registers.selectors import NormativeCounts, normative_counts
from gongkai.registers.services.register import entry_register, registers_lapse_due
from gongkai.registers.tests.test_services_campaigns import signed_entry

pytestmark = pytest.mark.django_db


def test_issued_repealed_and_in_force_for_a_year(
    people: dict[str, Any], dept: Any, series: Any, policy: Callable[..., Any]
) -> None:
    from gongkai.registers.models import RegisterEntry

    a = signed_entry(people, policy("甲"))  # 签发 2026-01-06, in force
    b = signed_entry(people, policy("乙"))
    c = signed_entry(people, policy("丙"))
    entry_register(actor=people["editor"], item=policy("未签发"))  # registered only: not counted
    # 乙 repealed in 2026 through the catalog's own 有效性 change.
    item_set_validity(
        actor=people["approver"],
        item=b.item,
        validity="repealed",
        changed_on=date(2026, 6, 30),
        note="被岚人社规〔2026〕9号废止",
    )
    # 丙 signed back in 2020 (five years): lapses on 2025-01-06.
    RegisterEntry.objects.filter(pk=c.pk).update(
        signed_on=date(2020, 1, 6), effective_on=date(2020, 1, 6), expires_on=date(2025, 1, 6)
    )
    registers_lapse_due(today=date(2025, 1, 6))
    assert normative_counts(organ=dept, year=2026) == NormativeCounts(
        issued=2, repealed=1, in_force=1
    )
    assert normative_counts(organ=dept, year=2024) == NormativeCounts(
        issued=0, repealed=0, in_force=1
    )
    assert normative_counts(organ=dept, year=2025) == NormativeCounts(
        issued=0, repealed=0, in_force=0
    )
    assert a.pk


def test_the_item_page_snippet_shows_number_and_validity_history(
    people: dict[str, Any], series: Any, policy: Callable[..., Any]
) -> None:
    from django.template import Context, Template

    entry = signed_entry(people, policy("甲"))
    item = entry.item
    item_set_validity(
        actor=people["approver"],
        item=item,
        validity="amended",
        changed_on=date(2026, 6, 30),
        note="第三条已修改",
    )
    html = Template("{% load registers_tags %}{% norm_register item %}").render(
        Context({"item": item})
    )
    assert entry.number in html and "已修改（第三条已修改）" in html
    other = policy("未登记")
    assert (
        Template("{% load registers_tags %}{% norm_register item %}")
        .render(Context({"item": other}))
        .strip()
        == ""
    )
