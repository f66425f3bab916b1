"""The 公报's services: numbering (a number used twice refused), the 目录 (only published
public items of the organ's subtree, once per gazette), publish and withdraw."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.catalog.services import workflow
from gongkai.core.fsm import InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.gazette.models import GazetteIssue, IssueStatus, Section
from gongkai.gazette.services import issues

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


def _create(people: dict[str, Any], organ: Any, **kw: Any) -> GazetteIssue:
    values: dict[str, Any] = {"year": 2026, "number": 4, "issued_on": date(2026, 4, 15)}
    values.update(kw)
    return issues.issue_create(actor=people["office"], organ=organ, today=TODAY, **values)


def test_a_number_used_twice_in_a_year_is_refused(
    people: dict[str, Any], city: Any, issue: GazetteIssue
) -> None:
    with pytest.raises(ValidationError) as refused:
        _create(people, city, number=3)
    assert "2026年第3期已经存在，同一年度的期号不能使用两次" in str(refused.value)
    with pytest.raises(ValidationError, match="总第45期已经存在"):
        _create(people, city, number=4, total_number=45)
    # The same number in another year, or in another organ's 公报, is a different issue.
    _create(people, city, year=2025, number=3, issued_on=date(2025, 3, 1))
    assert GazetteIssue.objects.filter(organ=city, number=3).count() == 2


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"number": 0}, "期号应为1至366之间的整数"),
        ({"issued_on": date(2025, 12, 30)}, "不在2026年内"),
        ({"issued_on": None}, "请填写出版日期"),
        ({"year": 2031, "issued_on": date(2031, 1, 1)}, "年份应在"),
    ],
)
def test_bad_issue_input_is_refused(
    people: dict[str, Any], city: Any, kw: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        _create(people, city, **kw)
    assert not GazetteIssue.objects.exists()


def test_only_the_organs_office_or_reviewer_creates(people: dict[str, Any], city: Any) -> None:
    for name in ("editor", "stranger", "city_editor"):
        with pytest.raises(PermissionDenied):
            issues.issue_create(
                actor=people[name], organ=city, year=2026, number=1, issued_on=TODAY, today=TODAY
            )
    made = issues.issue_create(
        actor=people["reviewer"], organ=city, year=2026, number=1, issued_on=TODAY, today=TODAY
    )
    assert made.status == IssueStatus.DRAFT
    assert AuditEvent.objects.filter(action="gazette_issue.create", object_id=str(made.pk)).exists()


def test_an_unpublished_item_is_refused(
    people: dict[str, Any], issue: GazetteIssue, make_item: Callable[..., Any], section: Section
) -> None:
    draft = make_item(published=False)
    with pytest.raises(ValidationError, match="只有已发布的主动公开信息才能编入公报"):
        issues.entry_add(actor=people["office"], issue=issue, item=draft, section=section)
    assert not issue.entries.exists()


def test_an_item_outside_the_subtree_is_refused(
    people: dict[str, Any],
    issue: GazetteIssue,
    make_item: Callable[..., Any],
    other: Any,
    section: Section,
) -> None:
    foreign = make_item("青川县关于春耕生产的通知", organ=other, doc_number="青政〔2026〕1号")
    with pytest.raises(ValidationError, match="只能编入本机关及其下级机关发布的信息"):
        issues.entry_add(actor=people["office"], issue=issue, item=foreign, section=section)


def test_an_item_is_printed_by_one_issue_only(
    people: dict[str, Any],
    city: Any,
    issue: GazetteIssue,
    make_item: Callable[..., Any],
    section: Section,
) -> None:
    item = make_item()
    issues.entry_add(actor=people["office"], issue=issue, item=item, section=section)
    with pytest.raises(ValidationError, match="已编入本期公报"):
        issues.entry_add(actor=people["office"], issue=issue, item=item, section=section)
    later = _create(people, city)
    with pytest.raises(ValidationError, match="该信息已刊登于《岚山市人民政府公报》2026年第3期"):
        issues.entry_add(actor=people["office"], issue=later, item=item, section=section)


def test_a_disabled_section_is_refused(
    people: dict[str, Any], issue: GazetteIssue, make_item: Callable[..., Any]
) -> None:
    closed = Section.objects.create(name="专题", order=60, active=False)
    with pytest.raises(ValidationError, match="栏目“专题”已停用"):
        issues.entry_add(actor=people["office"], issue=issue, item=make_item(), section=closed)


def test_entries_are_ordered_and_moved_within_their_section(
    people: dict[str, Any], issue: GazetteIssue, make_item: Callable[..., Any], section: Section
) -> None:
    first = make_item("第一篇通知", doc_number="岚财〔2026〕1号")
    second = make_item("第二篇通知", doc_number="岚财〔2026〕2号")
    rules_section = Section.objects.get(name="规章")
    a = issues.entry_add(actor=people["office"], issue=issue, item=first, section=section)
    b = issues.entry_add(actor=people["office"], issue=issue, item=second, section=section)
    assert (a.position, b.position) == (1, 2)
    issues.entry_move(actor=people["office"], entry=b, direction="up")
    order = list(issue.entries.order_by("position").values_list("item__title", flat=True))
    assert order == ["第二篇通知", "第一篇通知"]
    with pytest.raises(ValidationError, match="不能再移动"):
        issues.entry_move(actor=people["office"], entry=b, direction="up")
    third = make_item("岚山市预算管理办法", doc_number="岚政规〔2026〕5号")
    c = issues.entry_add(actor=people["office"], issue=issue, item=third, section=rules_section)
    assert c.position == 1  # positions count within a section
    issues.entry_remove(actor=people["office"], entry=a)
    assert issue.entries.count() == 2
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"gazette_issue.entry_add", "gazette_issue.entry_move"} <= actions
    assert "gazette_issue.entry_remove" in actions


def test_publish_and_withdraw(
    people: dict[str, Any], issue: GazetteIssue, make_item: Callable[..., Any], section: Section
) -> None:
    with pytest.raises(ValidationError, match="目录为空，不能出版"):
        issues.issue_publish(actor=people["office"], issue=issue, make_pdf=False)
    item = make_item()
    issues.entry_add(actor=people["office"], issue=issue, item=item, section=section)
    with pytest.raises(PermissionDenied):
        issues.issue_publish(actor=people["stranger"], issue=issue, make_pdf=False)
    issue = issues.issue_publish(actor=people["reviewer"], issue=issue, make_pdf=False)
    assert issue.status == IssueStatus.PUBLISHED and issue.published_at is not None
    # Published: the 目录 is fixed.
    with pytest.raises(ValidationError, match="已出版，目录和文件不能再修改"):
        issues.entry_remove(actor=people["office"], entry=issue.entries.get())
    with pytest.raises(InvalidTransition):
        issues.issue_publish(actor=people["office"], issue=issue, make_pdf=False)
    # 撤回: only the 公开办管理员, with a reason.
    with pytest.raises(PermissionDenied):
        issues.issue_withdraw(actor=people["reviewer"], issue=issue, reason="期号有误。")
    with pytest.raises(ValidationError, match="请填写撤回理由"):
        issues.issue_withdraw(actor=people["office"], issue=issue, reason="  ")
    issue = issues.issue_withdraw(actor=people["office"], issue=issue, reason="期号有误。")
    assert issue.status == IssueStatus.WITHDRAWN and issue.withdraw_reason == "期号有误。"
    row = AuditEvent.objects.get(action="gazette_issue.withdraw")
    assert (row.from_state, row.to_state) == ("published", "withdrawn")


def test_an_item_withdrawn_after_it_was_added_stops_the_publication(
    people: dict[str, Any], issue: GazetteIssue, make_item: Callable[..., Any], section: Section
) -> None:
    item = make_item()
    issues.entry_add(actor=people["office"], issue=issue, item=item, section=section)
    workflow.item_withdraw(actor=people["approver"], item=item, reason="内容有误，撤回。")
    with pytest.raises(ValidationError, match="已不是公开发布状态，请移出后再出版"):
        issues.issue_publish(actor=people["office"], issue=issue, make_pdf=False)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT


def test_a_withdrawn_issue_frees_its_items_for_another(
    people: dict[str, Any],
    city: Any,
    issue: GazetteIssue,
    make_item: Callable[..., Any],
    section: Section,
) -> None:
    item = make_item()
    issues.entry_add(actor=people["office"], issue=issue, item=item, section=section)
    issue = issues.issue_publish(actor=people["office"], issue=issue, make_pdf=False)
    issues.issue_withdraw(actor=people["office"], issue=issue, reason="重新编排。")
    again = _create(people, city)
    assert issues.entry_add(actor=people["office"], issue=again, item=item, section=section)
