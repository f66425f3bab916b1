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


def test_the_annual_report_counts_the_register_where_one_is_kept(
    people: dict[str, Any],
    county: Any,
    dept: Any,
    series: Any,
    policy: Callable[..., Any],
    make_user: Callable[..., Any],
) -> None:
    """Done-means of issue 19: table 二's 规范性文件 row of an organ that keeps a register comes
    from the register (only what was 签发), while an organ without one in the same 汇总 is
    still counted from its catalog columns."""
    from gongkai.catalog.models import Column
    from gongkai.catalog.services import workflow
    from gongkai.catalog.services.items import ItemFields, item_create
    from gongkai.reports.builders import SCOPE_SELF, SCOPE_SUBTREE, build_tables

    signed_entry(people, policy("甲"))
    signed_entry(people, policy("乙"))
    entry_register(actor=people["editor"], item=policy("登记未签发"))  # the register: not made
    policy("未登记的政策文件")  # in the catalog's 政策文件 column, never registered
    # The county government keeps no register: its 政策文件 column counts.
    editor = make_user("c-editor", organ=county, roles=("editor",))
    secrecy = make_user("c-secrecy", organ=county, roles=("secrecy",))
    approver = make_user("c-approver", organ=county, roles=("approver",))
    fields = ItemFields(
        title="岚山县营商环境若干措施", formed_on=date(2026, 4, 1), body="<p>一、</p>"
    )
    column = Column.objects.get(organ=county, code="policy")
    item = item_create(actor=editor, organ=county, column=column, fields=fields).item
    item = workflow.item_submit(actor=editor, item=item)
    item = workflow.item_pass_secrecy(actor=secrecy, item=item, opinion="同意公开。")
    workflow.item_publish(actor=approver, item=item)

    def row(organ: Any, scope: str) -> dict[str, Any]:
        tables = build_tables(
            organ, year=2026, scope=scope, start=date(2026, 1, 1), end=date(2026, 12, 31), manual={}
        )
        return tables["table2"]["normative_documents"]

    assert row(dept, SCOPE_SELF) == {"issued": 2, "repealed": 0, "in_force": 2}
    assert row(county, SCOPE_SELF) == {"issued": 1, "repealed": 0, "in_force": 1}
    assert row(county, SCOPE_SUBTREE) == {"issued": 3, "repealed": 0, "in_force": 3}


def test_the_policy_library_shows_the_register_number_by_the_doc_number(
    people: dict[str, Any], series: Any, policy: Callable[..., Any]
) -> None:
    from django.test import Client
    from django.urls import reverse

    from gongkai.catalog.models import Item, ItemKind

    one = signed_entry(people, policy("甲")).item
    other = policy("未登记的政策文件")
    Item.objects.filter(pk__in=[one.pk, other.pk]).update(kind=ItemKind.POLICY)
    html = Client().get(reverse("portal:policies")).content.decode()
    assert "未登记的政策文件" in html and "甲" in html
    assert html.count("登记编号 岚人社规〔2026〕1号") == 1
    assert "登记编号 岚人社规〔2026〕2号" not in html
