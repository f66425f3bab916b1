"""The back office: import (parse → confirm → save), assign, report, accept, matrix, refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gongkai.orgs.models import Organ
from gongkai.workplans.models import Plan, Status, Task
from gongkai.workplans.tests.conftest import PLAN_TEXT, png_bytes

pytestmark = pytest.mark.django_db


def _import_data(city: Organ, **extra: Any) -> dict[str, Any]:
    return {"organ": city.pk, "year": 2026, "title": "", "source": "own", "doc_number": "",
            "text": PLAN_TEXT, **extra}  # fmt: skip


def test_import_is_shown_for_confirmation_then_saved(
    client: Any, city: Organ, housing: Organ, people: dict[str, Any]
) -> None:
    client.force_login(people["office"])
    assert client.get(reverse("workplans:import")).status_code == 200
    preview = client.post(reverse("workplans:import"), _import_data(city, step="preview"))
    page = preview.content.decode()
    assert preview.status_code == 200 and "核对工作要点" in page and "市网信办" in page
    assert 'name="phrase_' in page and not Plan.objects.exists()  # nothing saved yet
    phrases = [m for m in preview.context["matches"] if not m.matched]
    index = [m.phrase for m in preview.context["matches"]].index(phrases[0].phrase) + 1
    data = _import_data(city, step="save", **{f"phrase_{index}": "市网信办",
                                              f"choice_{index}": housing.pk})  # fmt: skip
    saved = client.post(reverse("workplans:import"), data)
    plan = Plan.objects.get()
    assert saved.status_code == 302 and saved["Location"] == reverse(
        "workplans:plan", args=[plan.pk]
    )
    point = plan.points.get(title="开展新媒体管理")
    assert list(point.lead_organs.all()) == [housing]
    page = client.get(saved["Location"]).content.decode()
    assert "（二）做好财政预决算公开" in page and "市财政局牵头，市住建局配合" in page


def test_bad_imports_are_refused_with_a_message(
    client: Any, city: Organ, people: dict[str, Any]
) -> None:
    client.force_login(people["office"])
    empty = client.post(reverse("workplans:import"), _import_data(city, text=""))
    assert empty.status_code == 400 and "导入内容为空" in empty.content.decode()
    fake = SimpleUploadedFile("要点.docx", b"not a word file at all", "application/octet-stream")
    bad = client.post(reverse("workplans:import"), {**_import_data(city, text=""), "file": fake})
    assert bad.status_code == 400 and "不是有效的 Word（DOCX）文档" in bad.content.decode()
    image = SimpleUploadedFile("要点.docx", png_bytes(), "image/png")
    bad = client.post(reverse("workplans:import"), {**_import_data(city, text=""), "file": image})
    assert bad.status_code == 400 and "不是有效的 Word（DOCX）文档" in bad.content.decode()
    assert not Plan.objects.exists()
    client.force_login(people["finance"])
    assert client.get(reverse("workplans:import")).status_code == 403


def test_assign_outside_the_subtree_is_refused_on_the_page(
    client: Any, point: Any, finance: Organ, elsewhere: Organ, people: dict[str, Any]
) -> None:
    client.force_login(people["office"])
    url = reverse("workplans:assign", args=[point.pk])
    page = client.get(url).content.decode()
    assert "测试市财政局" in page and "另一市人民政府" not in page
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    data = {"title": "公开预算", "organ": elsewhere.pk, "deadline": deadline}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "“另一市人民政府”不在测试市人民政府的管辖范围内" in refused.content.decode()
    assert not Task.objects.exists()
    done = client.post(url, {**data, "organ": finance.pk})
    assert done.status_code == 302 and Task.objects.get().organ == finance
    client.force_login(people["finance"])
    assert client.get(url).status_code == 404


def test_report_accept_through_the_task_page(
    client: Any, assign: Callable[..., Task], finance: Organ, people: dict[str, Any],
    settings: Any, tmp_path: Any,
) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    task = assign(finance)
    url = reverse("workplans:task", args=[task.pk])
    client.force_login(people["finance"])
    page = client.get(url).content.decode()
    assert 'id="act-report"' in page and 'id="act-accept"' not in page
    act = reverse("workplans:act", args=[task.pk, "report"])
    bad = client.post(act, {"text": "已经完成全部工作。", "links": "/item/987654/"})
    assert bad.status_code == 400 and "尚未公开发布，不能作为佐证材料" in bad.content.decode()
    upload = SimpleUploadedFile("截图.png", png_bytes(), "image/png")
    done = client.post(act, {"text": "已经完成全部工作。", "files": [upload]})
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.status == Status.REPORTED
    evidence = task.progress.get().evidence.get()
    download = client.get(reverse("workplans:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(
        b"\x89PNG"
    )
    # The department cannot accept; the 公开办 can.
    refused = client.post(reverse("workplans:act", args=[task.pk, "accept"]), {})
    assert refused.status_code == 403
    client.force_login(people["office"])
    page = client.get(url).content.decode()
    assert 'id="act-accept"' in page and 'id="act-return"' in page
    accepted = client.post(reverse("workplans:act", args=[task.pk, "accept"]), {"comment": "同意"})
    assert accepted.status_code == 302
    task.refresh_from_db()
    assert task.status == Status.DONE
    again = client.post(reverse("workplans:act", args=[task.pk, "accept"]), {})
    assert again.status_code == 409 and "任务当前状态为“已完成”" in again.content.decode()
    matrix = client.get(reverse("workplans:matrix", args=[task.plan_id])).content.decode()
    assert "牵头·已完成" in matrix
    index = client.get(reverse("workplans:index")).content.decode()
    assert task.plan.title in index


def test_breakdown_from_the_task_page(
    client: Any, assign: Callable[..., Task], county: Organ, county_dept: Organ,
    people: dict[str, Any],
) -> None:  # fmt: skip
    task = assign(county, deadline=timezone.localdate() + timedelta(days=30))
    client.force_login(people["county_office"])
    page = client.get(reverse("workplans:task", args=[task.pk])).content.decode()
    assert 'id="act-breakdown"' in page
    data = {"title": "县财政局公开预算", "organ": county_dept.pk,
            "deadline": task.deadline.isoformat()}  # fmt: skip
    done = client.post(reverse("workplans:act", args=[task.pk, "breakdown"]), data)
    assert done.status_code == 302, done.content.decode()
    assert task.subtasks.get().organ == county_dept


def test_overdue_list(
    client: Any, assign: Callable[..., Task], finance: Organ, people: dict[str, Any]
) -> None:
    task = assign(finance)
    Task.objects.filter(pk=task.pk).update(deadline=timezone.localdate() - timedelta(days=3))
    client.force_login(people["finance"])
    page = client.get(reverse("workplans:overdue")).content.decode()
    assert task.title in page
    client.force_login(people["housing"])
    assert task.title not in client.get(reverse("workplans:overdue")).content.decode()


def test_the_jinzhong_seed_previews_when_present(
    client: Any, city: Organ, finance: Organ, county: Organ, people: dict[str, Any]
) -> None:
    """The 晋中 2018 工作要点 (read, never copied): its organ groups are matched to the tree,
    the rest listed for a person to choose, and nothing is saved before confirmation."""
    from gongkai.workplans.tests.test_parsing import SEED

    if not SEED.exists():
        pytest.skip("seed not present")
    client.force_login(people["office"])
    data = _import_data(city, step="preview", text=SEED.read_text(encoding="utf-8"))
    response = client.post(reverse("workplans:import"), data)
    assert response.status_code == 200 and not Plan.objects.exists()
    matches = {m.phrase: m for m in response.context["matches"]}
    assert matches["各县（区、市）人民政府"].organs == [county]
    assert finance in matches["市直各单位"].organs and matches["市财政局"].organs == [finance]
    assert not matches["市发改委"].matched  # no such organ in this tree: a person chooses
    assert len(response.context["points"]) == 36
