"""/office/legacy/: the runs and their reports, for the 公开办管理员 of the organ only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.urls import reverse

from gongkai.legacy.models import LegacyRun
from gongkai.legacy.services.imports import ImportReport
from gongkai.legacy.tests.sites import write_site


def test_admin_sees_runs_and_report(
    tmp_path: Path,
    run_archive: Callable[..., ImportReport],
    people: dict[str, Any],
    login: Callable[[Any], Any],
) -> None:
    write_site(tmp_path, "dahan")
    run_archive(tmp_path)
    run = LegacyRun.objects.get()
    client = login(people["admin"])
    index = client.get(reverse("legacy:index"))
    assert index.status_code == 200
    assert str(tmp_path) in index.content.decode()
    detail = client.get(reverse("legacy:run", args=[run.pk]))
    text = detail.content.decode()
    assert detail.status_code == 200
    assert "11330100MB0000001X/2024-00011" in text
    assert "主题分类未能对应：不存在的分类" in text
    assert "页面没有信息公开表头" in text
    drafts = client.get(reverse("legacy:run", args=[run.pk]), {"outcome": "draft"})
    assert "岚山县就业补贴申领办法" not in drafts.content.decode()


def test_others_are_refused(
    tmp_path: Path,
    run_archive: Callable[..., ImportReport],
    people: dict[str, Any],
    login: Callable[[Any], Any],
    make_user: Callable[..., Any],
    make_organ: Callable[..., Any],
    client: Any,
) -> None:
    write_site(tmp_path, "plain")
    run_archive(tmp_path)
    run = LegacyRun.objects.get()
    assert client.get(reverse("legacy:index")).status_code == 302  # to the login page
    editor = login(people["editor"])
    assert editor.get(reverse("legacy:index")).status_code == 403
    other = make_user("lg-other", organ=make_organ("另一个局"), roles=("organ_admin",))
    elsewhere = login(other)
    assert elsewhere.get(reverse("legacy:index")).status_code == 200
    assert elsewhere.get(reverse("legacy:run", args=[run.pk])).status_code == 403
