"""`gongkai import site DIR --organ … [--dry-run] [--report FILE]`."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.catalog.models import Item
from gongkai.legacy.models import LegacyRun
from gongkai.legacy.tests.sites import write_site


def test_dry_run_report_file(tmp_path: Path, dept: Any) -> None:
    site = tmp_path / "site"
    write_site(site, "trs")
    out, report = StringIO(), tmp_path / "report.json"
    call_command(
        "import", "site", str(site), "--organ", dept.org_code, "--dry-run",
        "--report", str(report), stdout=out,
    )  # fmt: skip
    assert "试导入" in out.getvalue()
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["dry_run"] is True and len(data["pages"]) == 4
    assert Item.objects.count() == 0 and LegacyRun.objects.count() == 0


def test_import_with_user_and_column(tmp_path: Path, dept: Any, people: dict[str, Any]) -> None:
    write_site(tmp_path, "plain")
    out = StringIO()
    call_command(
        "import", "site", str(tmp_path), "--organ", str(dept.pk), "--user", "lg-importer",
        "--column", "art20-02", "--limit", "2", "--json", stdout=out,
    )  # fmt: skip
    data = json.loads(out.getvalue())
    assert data["counts"]["published"] == 2
    assert set(Item.objects.values_list("column__code", flat=True)) == {"art20-02"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organ", "NOPE"], "找不到机关"),
        (["--user", "nobody"], "找不到用户"),
        ([], "须用 --user 指定导入人"),
        (["--user", "lg-importer", "--column", "nope"], "没有代码为“nope”的栏目"),
        (["--user", "lg-editor"], "公开办管理员"),
    ],
)
def test_bad_input(
    tmp_path: Path, dept: Any, people: dict[str, Any], args: list[str], message: str
) -> None:
    write_site(tmp_path, "plain")
    if "--organ" not in args:
        args = [*args, "--organ", dept.org_code]
    with pytest.raises(CommandError, match=message):
        call_command("import", "site", str(tmp_path), *args, stdout=StringIO())


def test_not_a_folder(dept: Any) -> None:
    with pytest.raises(CommandError, match="不是网址，也不是文件夹"):
        call_command("import", "site", "/no/such/dir", "--organ", dept.org_code, "--dry-run")
