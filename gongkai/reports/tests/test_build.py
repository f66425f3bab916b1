"""Builder: how cases count, R1 by construction, table 二 from the catalog, subtree sums."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

from gongkai.reports.builders import (
    applications_table,
    build_report_data,
    challenges_table,
    quarter_bounds,
)
from gongkai.reports.definitions import TABLE3_PART_COLUMNS, format_for_year
from gongkai.reports.tests.factories import make_case, make_challenge, random_cases

pytestmark = pytest.mark.django_db
Y = 2025
START, END = date(Y, 1, 1), date(Y, 12, 31)


def t3(organ: Any, year: int = Y) -> Any:
    return applications_table(
        format_for_year(year), [organ.pk], date(year, 1, 1), date(year, 12, 31)
    )


def test_each_case_counts_once_by_its_dates(organ: Any) -> None:
    make_case(organ, received=date(2024, 12, 20))  # open since last year → 上年结转 + 结转下年度
    make_case(organ, received=date(2024, 12, 28), closed=date(2025, 1, 10), outcome="partial")
    make_case(organ, received=date(2024, 11, 1), closed=date(2024, 12, 1))  # closed last year
    make_case(
        organ, received=date(2025, 3, 1), closed=date(2025, 3, 20), outcome="denied.third_party"
    )
    make_case(organ, received=date(2025, 12, 30), closed=date(2026, 1, 6))  # closes next year
    make_case(organ, received=date(2025, 5, 5), closed=date(2025, 5, 8), withdrawn=True)
    make_case(organ, received=None)  # receipt not yet confirmed: not received
    make_case(organ, received=date(2026, 1, 3))  # next year
    table = t3(organ)
    assert table["new_received"]["total"] == 3
    assert table["carried_over"]["total"] == 2
    assert table["partial"]["total"] == 1
    assert table["denied.third_party"]["total"] == 1
    assert table["other.other"]["total"] == 1  # the withdrawn case
    assert table["total_processed"]["total"] == 3
    assert table["carried_forward"]["total"] == 2
    assert table["new_received"]["natural_person"] == 3


def test_applicant_columns(organ: Any) -> None:
    make_case(organ, received=date(2025, 2, 1), natural=False, subtype="legal_services")
    make_case(organ, received=date(2025, 2, 1), natural=False, subtype="")
    table = t3(organ)
    assert table["new_received"]["legal_services"] == 1
    assert table["new_received"]["other"] == 1
    assert table["new_received"]["natural_person"] == 0
    assert table["new_received"]["total"] == 2


def test_close_date_before_receipt_is_read_as_receipt(organ: Any) -> None:
    make_case(organ, received=date(2025, 1, 3), closed=date(2024, 12, 30))
    table = t3(organ)
    assert table["new_received"]["total"] == 1
    assert table["total_processed"]["total"] == 1


def test_2019_format_folds_other_rows(organ: Any) -> None:
    make_case(
        organ, received=date(2020, 3, 1), closed=date(2020, 3, 9), outcome="other.no_correction"
    )
    table = t3(organ, 2020)
    assert "other.no_correction" not in table
    assert table["other"]["total"] == 1


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_r1_r2_r3_hold_by_construction_on_generated_data(organ: Any, seed: int) -> None:
    rng = random.Random(seed)
    random_cases(organ, rng, n=150, first=date(2023, 6, 1), last=date(2026, 2, 1))
    fmt = format_for_year(Y)
    table = t3(organ)
    for col in [*TABLE3_PART_COLUMNS, "total"]:
        assert (
            table["new_received"][col] + table["carried_over"][col]
            == table["total_processed"][col] + table["carried_forward"][col]
        ), col
        leaves = sum(table[k][col] for k in fmt.table3_leaf_keys)
        assert leaves == table["total_processed"][col]
    for row, cols in table.items():
        assert cols["total"] == sum(cols[c] for c in TABLE3_PART_COLUMNS), row
    # R8 across years: this year's 上年结转 is last year's 结转下年度.
    assert t3(organ, 2024)["carried_forward"] == table["carried_over"]


def test_r1_with_the_validator_when_installed(organ: Any) -> None:
    validation = pytest.importorskip("gongkai.reports.validation")
    random_cases(organ, random.Random(7), n=80, first=date(2024, 6, 1), last=date(2025, 12, 31))
    data = build_report_data(organ, Y, manual={})
    findings = validation.validate_report(data, previous=build_report_data(organ, Y - 1))
    assert not [f for f in findings if f.rule in {"R1", "R2", "R3", "R4", "R8"}]


def test_table4_counts_filed_and_pending(organ: Any) -> None:
    app = make_case(
        organ, received=date(2024, 3, 1), closed=date(2024, 3, 20), outcome="denied.process_info"
    )
    make_challenge(app, filed=date(2024, 5, 1))  # pending since last year, decided this year
    app.challenges.model.objects.filter(application=app).update(
        decided_on=date(2025, 2, 1), result="corrected"
    )
    make_challenge(
        app, kind="litigation_direct", filed=date(2025, 6, 1)
    )  # still pending at year end
    make_challenge(
        app,
        kind="litigation_after_review",
        filed=date(2025, 7, 1),
        decided=date(2025, 9, 1),
        result="upheld",
    )
    make_challenge(
        app, filed=date(2025, 11, 1), decided=date(2026, 1, 5), result="upheld"
    )  # pending on Dec 31
    make_challenge(app, filed=date(2023, 1, 1), decided=date(2023, 6, 1))  # long finished
    table = challenges_table([organ.pk], START, END)
    assert table["review"] == {"upheld": 0, "corrected": 1, "other": 0, "pending": 1, "total": 2}
    assert table["litigation_direct"]["pending"] == 1
    assert table["litigation_after_review"]["upheld"] == 1


def test_relevant_until_picks_the_cases_of_a_period(organ: Any) -> None:
    """The indexed RELEVANT_UNTIL selects exactly the cases the rule counts: received by the end,
    and open, or answered, withdrawn or received on or after the start (a close date before
    the receipt date read as the receipt date)."""
    from django.db.models import Q

    from gongkai.applications.models import RELEVANT_UNTIL, Application

    random_cases(organ, random.Random(11), n=120, first=date(2023, 6, 1), last=date(2026, 2, 1))
    make_case(organ, received=date(2025, 1, 3), closed=date(2024, 12, 30))  # a data slip
    received = Application.objects.filter(organ=organ, receipt_date__isnull=False)
    for start, end in ((START, END), quarter_bounds(2025, 3), quarter_bounds(2026, 1)):
        by_rule = received.filter(receipt_date__lte=end).filter(
            Q(answered_on__isnull=True, withdrawn_on__isnull=True)
            | Q(answered_on__gte=start)
            | Q(withdrawn_on__gte=start)
            | Q(receipt_date__gte=start)
        )
        by_index = (
            received.alias(until=RELEVANT_UNTIL)
            .filter(receipt_date__lte=end)
            .filter(until__gte=start)
        )
        assert set(by_index.values_list("pk", flat=True)) == set(
            by_rule.values_list("pk", flat=True)
        )
        assert by_rule.exists()


def test_table2_from_catalog_and_manual(organ: Any, make_draft: Any, publish: Any) -> None:
    from gongkai.catalog.models import Genre, Item

    genre, _ = Genre.objects.get_or_create(name="命令（令）")
    for title, written in (("甲", date(2024, 5, 1)), ("乙", date(2025, 2, 1))):
        publish(make_draft(title=f"关于{title}的通知", written_on=written))
    rule = publish(make_draft(title="某办法", written_on=date(2025, 4, 1), genre=genre))
    Item.objects.filter(title="关于甲的通知").update(
        validity="repealed", validity_changed_on=date(2025, 8, 1)
    )
    data = build_report_data(organ, Y, manual={"table2.licensing.decisions": 120})
    t2 = data.tables["table2"]
    assert t2["normative_documents"] == {"issued": 1, "repealed": 1, "in_force": 1}
    assert t2["regulations"] == {"issued": 1, "repealed": 0, "in_force": 1}
    assert t2["licensing"]["decisions"] == 120
    assert t2["punishment"]["decisions"] is None  # not entered: blank, never 0 (R7)
    assert rule.index_number


def test_table2_follows_the_items_columns(organ: Any, make_draft: Any, publish: Any) -> None:
    """Table 二 counts the 第二十条第（一）项 and 政策文件 columns and items of kind 政策文件
    (`Item.policy_document`), also after a column changes what it is."""
    from gongkai.catalog.models import Column

    finance = Column.objects.get(organ=organ, code="art20-07")
    for column, kind in (("art20-01", "general"), ("art20-07", "policy"), ("art20-07", "general")):
        col = Column.objects.get(organ=organ, code=column)
        publish(make_draft(column=col, kind=kind, written_on=date(2025, 3, 1)))

    def issued() -> Any:
        return build_report_data(organ, Y).tables["table2"]["normative_documents"]["issued"]

    assert issued() == 2
    finance.article = "20.1"
    finance.save()
    assert issued() == 3


def test_regulations_blank_when_none_in_catalog(organ: Any) -> None:
    data = build_report_data(organ, Y)
    assert data.tables["table2"]["regulations"]["issued"] is None
    assert data.tables["table2"]["normative_documents"]["issued"] == 0


def test_subtree_sums_cases_and_manual_figures(make_organ: Any, make_user: Any) -> None:
    from gongkai.reports.services import report_open, report_save_figures

    city = make_organ("测试市人民政府", kind="government")
    dept = make_organ("测试市教育局", parent=city)
    admin = make_user(organ=city, roles=("organ_admin",))
    make_case(city, received=date(2025, 1, 5))
    make_case(dept, received=date(2025, 2, 5), closed=date(2025, 2, 9))
    for organ, n in ((city, "3"), (dept, "4")):
        report = report_open(actor=admin, organ=organ, year=Y, today=date(2026, 1, 5))
        report_save_figures(
            actor=admin, report=report, figures={"table2.licensing.decisions": (n, "许可系统")}
        )
    total = build_report_data(city, Y, scope="subtree")
    assert total.tables["table3"]["new_received"]["total"] == 2
    assert total.tables["table2"]["licensing"]["decisions"] == 7
    assert build_report_data(city, Y).tables["table3"]["new_received"]["total"] == 1


def test_quarter_bounds() -> None:
    assert quarter_bounds(2025, 1) == (date(2025, 1, 1), date(2025, 3, 31))
    assert quarter_bounds(2025, 4) == (date(2025, 10, 1), date(2025, 12, 31))
    with pytest.raises(ValueError):
        quarter_bounds(2025, 5)
