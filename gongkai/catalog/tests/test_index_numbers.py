"""索引号 (legal-rules §5.2): one template, serials unique and gap-free per organ and period."""

from __future__ import annotations

import re
import threading
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection, connections, transaction

from gongkai.catalog.models import Item
from gongkai.catalog.services import workflow
from gongkai.catalog.services.index_numbers import next_index_number


@pytest.fixture
def template(settings):
    def use(**over):
        settings.GONGKAI = {**settings.GONGKAI, **over}

    use(INDEX_NUMBER_TEMPLATE="{org_code9}/{yyyy}-{serial:05d}", INDEX_SERIAL_RESET="year")
    return use


def serial(number: str) -> int:
    return int(number.rsplit("-", 1)[1])


def test_serials_are_consecutive_per_organ(organ, make_organ, template) -> None:
    other = make_organ("另一个局")
    day = date(2026, 3, 2)
    ours = [next_index_number(organ=organ, on=day) for _ in range(3)]
    theirs = [next_index_number(organ=other, on=day) for _ in range(2)]
    assert ours == [f"{organ.org_code}/2026-{n:05d}" for n in (1, 2, 3)]
    assert theirs == [f"{other.org_code}/2026-{n:05d}" for n in (1, 2)]


def test_serials_start_again_each_year(organ, template) -> None:
    assert serial(next_index_number(organ=organ, on=date(2026, 12, 31))) == 1
    assert serial(next_index_number(organ=organ, on=date(2026, 12, 31))) == 2
    assert next_index_number(organ=organ, on=date(2027, 1, 1)) == f"{organ.org_code}/2027-00001"
    # A late publication dated in the old year continues the old year's run.
    assert serial(next_index_number(organ=organ, on=date(2026, 6, 1))) == 3


def test_monthly_reset_when_configured(organ, template) -> None:
    template(INDEX_NUMBER_TEMPLATE="{org_code}/{yyyymm}-{serial:03d}", INDEX_SERIAL_RESET="month")
    assert next_index_number(organ=organ, on=date(2026, 3, 31)) == f"{organ.org_code}/202603-001"
    assert next_index_number(organ=organ, on=date(2026, 3, 1)) == f"{organ.org_code}/202603-002"
    assert next_index_number(organ=organ, on=date(2026, 4, 1)) == f"{organ.org_code}/202604-001"


def test_template_may_use_the_credit_code(organ, template) -> None:
    template(INDEX_NUMBER_TEMPLATE="{uscc}-{yyyy}-{serial:04d}")
    assert next_index_number(organ=organ, on=date(2026, 3, 2)) == f"{organ.credit_code}-2026-0001"


def test_a_rolled_back_publication_frees_its_number(organ, template) -> None:
    day = date(2026, 3, 2)
    assert serial(next_index_number(organ=organ, on=day)) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert serial(next_index_number(organ=organ, on=day)) == 2
        raise RuntimeError("签发失败")
    assert serial(next_index_number(organ=organ, on=day)) == 2


def test_publication_takes_the_number_of_its_local_day(make_draft, publish, organ) -> None:
    # 16:30 UTC on 31 December is already 1 January in Beijing: the new year's first number.
    with time_machine.travel(datetime(2026, 12, 31, 9, 0, tzinfo=UTC), tick=False):
        first, second = publish(make_draft(title="一")), publish(make_draft(title="二"))
    with time_machine.travel(datetime(2026, 12, 31, 16, 30, tzinfo=UTC), tick=False):
        third = publish(make_draft(title="三"))
    assert [first.index_number, second.index_number] == [
        f"{organ.org_code}/2026-00001",
        f"{organ.org_code}/2026-00002",
    ]
    assert third.index_number == f"{organ.org_code}/2027-00001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_publishes_get_unique_gap_free_serials(make_draft, staff, organ) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("并发签发测试需要 PostgreSQL（SQLite 内存测试库不支持多连接写入）")
    items = []
    for i in range(6):
        it = workflow.item_submit(actor=staff["editor"], item=make_draft(title=f"并发{i}"))
        items.append(
            workflow.item_pass_secrecy(
                actor=staff["secrecy"], item=it, opinion="经审查，同意公开。"
            )
        )
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(items))

    def run(it: Item) -> None:
        try:
            barrier.wait()
            workflow.item_publish(actor=staff["approver"], item=it)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(it,)) for it in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Item.objects.filter(organ=organ).values_list("index_number", flat=True))
    serials = sorted(int(re.sub(r".*-", "", n)) for n in numbers)
    assert serials == list(range(1, len(items) + 1))
