"""Tasks: assignment within the subtree, the cascade, progress with evidence, accept/return."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.fsm import InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.inbox.models import Notice
from gongkai.orgs.models import Organ
from gongkai.workplans.models import Evidence, Progress, Status, Task
from gongkai.workplans.services.tasks import (
    TaskFields,
    item_from_link,
    task_accept,
    task_report,
    task_return,
)
from gongkai.workplans.tests.conftest import TODAY, docx_bytes, png_bytes

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def published_item(city: Organ, make_user: Callable[..., Any]) -> Any:
    """A published 主动公开 item of the city (walked through the catalog's services)."""
    from datetime import date

    from gongkai.catalog.models import Column
    from gongkai.catalog.services import workflow
    from gongkai.catalog.services.items import ItemFields, item_create

    editor = make_user("wp-city-editor", organ=city, roles=("editor",))
    secrecy = make_user("wp-city-secrecy", organ=city, roles=("secrecy",))
    approver = make_user("wp-city-approver", organ=city, roles=("approver",))
    column = Column.objects.get(organ=city, code="policy")
    fields = ItemFields(title="测试市2026年财政预算公开", formed_on=date(2026, 3, 2),
                        body="<p>预算如下。</p>")  # fmt: skip
    item = item_create(actor=editor, organ=city, column=column, fields=fields).item
    draft_fields = ItemFields(
        title="尚未发布的草稿", formed_on=date(2026, 3, 2), body="<p>草稿</p>"
    )
    draft = item_create(actor=editor, organ=city, column=column, fields=draft_fields).item
    item = workflow.item_submit(actor=editor, item=item)
    item = workflow.item_pass_secrecy(actor=secrecy, item=item, opinion="同意公开。")
    item = workflow.item_publish(actor=approver, item=item)
    item.draft = draft  # type: ignore[attr-defined]
    return item


def test_assign_within_the_subtree(
    assign: Callable[..., Task], finance: Organ, housing: Organ, people: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        task = assign(finance, co_organs=[housing], outputs="公开预决算", indicator="网站专栏链接")
    assert task.status == Status.ASSIGNED and task.assigned_by.name == "测试市人民政府"
    assert list(task.co_organs.all()) == [housing]
    event = AuditEvent.objects.get(action="work_task.assign")
    assert event.data["organ"] == "测试市财政局" and event.to_state == "assigned"
    waiting = Notice.objects.get(recipient=people["finance"], kind="waiting")
    assert "新分派的工作任务" in waiting.title and waiting.link.endswith(f"/tasks/{task.pk}/")
    assert Notice.objects.filter(recipient=people["housing"], kind="info").exists()


def test_a_task_outside_the_subtree_is_refused(
    assign: Callable[..., Task], finance: Organ, elsewhere: Organ, people: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError, match="“另一市人民政府”不在测试市人民政府的管辖范围内"):
        assign(elsewhere)
    with pytest.raises(ValidationError, match="不在测试市人民政府的管辖范围内"):
        assign(finance, co_organs=[elsewhere])
    assert not Task.objects.exists()
    # Only the plan organ's 公开办 assigns; a department's people may not.
    with pytest.raises(PermissionDenied):
        assign(finance, actor=people["finance_admin"])


def test_deadlines(assign: Callable[..., Task], finance: Organ) -> None:
    with pytest.raises(ValidationError, match="不能早于今天"):
        assign(finance, deadline=TODAY - timedelta(days=1))


def test_tasks_cascade_within_the_receiving_organs_subtree(
    assign: Callable[..., Task], city: Organ, county: Organ, county_dept: Organ, finance: Organ,
    people: dict[str, Any],
) -> None:  # fmt: skip
    task = assign(county)
    sub = assign(county_dept, parent=task, actor=people["county_office"], title="县财政局公开")
    assert sub.parent == task and sub.assigned_by == county and sub.plan == task.plan
    with pytest.raises(ValidationError, match="“测试市财政局”不在测试市东湖县人民政府的管辖范围内"):
        assign(finance, parent=task, actor=people["county_office"])
    with pytest.raises(ValidationError, match="不能分派给本机关"):
        assign(county, parent=task, actor=people["county_office"])
    with pytest.raises(ValidationError, match="不能晚于上级任务"):
        assign(county_dept, parent=task, actor=people["county_office"],
               deadline=task.deadline + timedelta(days=1))  # fmt: skip
    with pytest.raises(PermissionDenied):  # the county department cannot break it down
        assign(county_dept, parent=task, actor=people["county_dept"])


def test_report_accept_and_return(
    assign: Callable[..., Task], finance: Organ, people: dict[str, Any], published_item: Any,
    settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    task = assign(finance)
    with pytest.raises(PermissionDenied):  # the 公开办 accepts; it cannot be accepted unreported
        task_report(actor=people["approver"], task=task, text="已完成预算公开。")
    with pytest.raises(InvalidTransition, match="不能执行“通过验收”"):
        task_accept(actor=people["office"], task=task)
    with django_capture_on_commit_callbacks(execute=True):
        progress = task_report(
            actor=people["finance"], task=task, text="已在网站公开本级预算。",
            links=[f"https://www.example.gov.cn/item/{published_item.pk}/"],
            files=[("公开截图.png", png_bytes()), ("说明.docx", docx_bytes("说明"))],
        )  # fmt: skip
    task.refresh_from_db()
    assert task.status == Status.REPORTED and task.reported_on is not None
    kinds = sorted(progress.evidence.values_list("kind", "file_kind"))
    assert kinds == [("file", "docx"), ("file", "png"), ("item", "")]
    stored = progress.evidence.get(file_kind="png")
    with stored.file.open("rb") as fh:
        assert fh.read().startswith(b"\x89PNG") and stored.sha256
    assert Notice.objects.filter(recipient=people["office"], kind="waiting").exists()
    with pytest.raises(PermissionDenied):  # the department cannot accept its own report
        task_accept(actor=people["finance_admin"], task=task)
    with pytest.raises(ValidationError, match="请填写退回意见"):
        task_return(actor=people["office"], task=task, comment=" ")
    with django_capture_on_commit_callbacks(execute=True):
        task = task_return(actor=people["office"], task=task, comment="缺少部门预算链接。")
    assert task.status == Status.RETURNED and task.return_comment == "缺少部门预算链接。"
    assert Progress.objects.get(pk=progress.pk).decision == "returned"
    returned = Notice.objects.get(recipient=people["finance"], kind="returned")
    assert returned.body == "缺少部门预算链接。"
    task_report(actor=people["finance"], task=task, text="已补充部门预算链接。",
                links=[str(published_item.pk)])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        task = task_accept(actor=people["office"], task=task, comment="同意。")
    assert task.status == Status.DONE and task.done_on is not None
    assert not Notice.objects.filter(subject_id=str(task.pk), settled_at__isnull=True,
                                     kind__in=["waiting", "returned"]).exists()  # fmt: skip


def test_evidence_linking_an_unpublished_item_is_refused(
    assign: Callable[..., Task], finance: Organ, people: dict[str, Any], published_item: Any
) -> None:
    task = assign(finance)
    draft = published_item.draft
    with pytest.raises(ValidationError, match="“尚未发布的草稿”尚未公开发布，不能作为佐证材料"):
        task_report(
            actor=people["finance"],
            task=task,
            text="已完成全部工作。",
            links=[f"/item/{draft.pk}/"],
        )
    with pytest.raises(ValidationError, match="编号为 999999 的信息尚未公开发布"):
        task_report(
            actor=people["finance"], task=task, text="已完成全部工作。", links=["/item/999999/"]
        )
    with pytest.raises(ValidationError, match="不是本平台信息的链接"):
        task_report(actor=people["finance"], task=task, text="已完成全部工作。",
                    links=["https://example.com/news/1.html"])  # fmt: skip
    task.refresh_from_db()
    assert task.status == Status.ASSIGNED
    assert not Progress.objects.exists() and not Evidence.objects.exists()


def test_an_upload_that_lies_about_its_type_is_refused(
    assign: Callable[..., Task], finance: Organ, people: dict[str, Any]
) -> None:
    task = assign(finance)
    with pytest.raises(ValidationError, match=r"说明\.docx"):
        task_report(actor=people["finance"], task=task, text="已完成全部工作。",
                    files=[("说明.docx", b"<html><script>alert(1)</script></html>")])  # fmt: skip
    with pytest.raises(ValidationError, match="请填写进展情况"):
        task_report(actor=people["finance"], task=task, text="")
    assert not Progress.objects.exists()


@pytest.mark.parametrize(
    ("link", "pk"),
    [("12", 12), ("/item/12/", 12), ("https://a.gov.cn/item/12/", 12), ("/item/12/?x=1", 12),
     ("/news/12/", None), ("", None)],
)  # fmt: skip
def test_item_from_link(link: str, pk: int | None) -> None:
    assert item_from_link(link) == pk


def test_fields_dataclass_is_typed(finance: Organ) -> None:
    fields = TaskFields(title="x", organ=finance, deadline=TODAY)
    assert fields.co_organs == () and fields.indicator == ""


def test_a_task_broken_down_is_accepted_after_its_subtasks(
    assign: Callable[..., Task], county: Organ, county_dept: Organ, people: dict[str, Any]
) -> None:
    task = assign(county)
    sub = assign(county_dept, parent=task, actor=people["county_office"], title="县财政局公开")
    task_report(actor=people["county_office"], task=task, text="县本级已完成公开。", on=TODAY)
    with pytest.raises(InvalidTransition, match="下级任务尚未全部通过验收"):
        task_accept(actor=people["office"], task=task, on=TODAY)
    task_report(actor=people["county_dept"], task=sub, text="县财政局已完成公开。", on=TODAY)
    with pytest.raises(
        PermissionDenied
    ):  # the county's 公开办 accepts its sub-task, not the city's
        task_accept(actor=people["finance_admin"], task=sub, on=TODAY)
    task_accept(actor=people["county_office"], task=sub, on=TODAY)
    assert task_accept(actor=people["office"], task=task, on=TODAY).status == Status.DONE
