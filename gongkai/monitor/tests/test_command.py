"""The CLI contract (issue 17 §6): `gongkai monitor check-page FILE [--url URL] --json` and
`gongkai monitor scan URL [--max-pages N] --json`, one JSON object on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.monitor.tests.sites import LocalSite, Route
from gongkai.monitor.tests.test_scan import bad_site

ROOT = Path(__file__).resolve().parents[3]
HACKED = (
    "<html><head><title>小9直播体育官方网站 某县人民政府</title></head><body><p>正文</p>"
    "<div style='display:none'><a href='http://bet-casino.com/'>bet365</a></div></body></html>"
)


def run(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("monitor", *args, stdout=out)
    return json.loads(out.getvalue())


def test_check_page_json(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HACKED, encoding="utf-8")
    result = run("check-page", str(page), "--url", "http://www.x.gov.cn/a.html", "--json")
    assert result["verdict"] == "compromised"
    assert result["findings"] and all(
        {"check", "severity", "evidence"} <= set(f) for f in result["findings"]
    )
    clean = tmp_path / "clean.txt"
    clean.write_text("关于做好民政工作的通知\n福利彩票公益金安排3200万元。\n", encoding="gbk")
    result = run("check-page", str(clean), "--json")
    assert result == {**result, "verdict": "clean", "findings": []}
    assert result["encoding"] == "gb18030"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check-page", "/no/such/file.html", "--json"], "文件不存在"),
        (["check-page", "/", "--json"], "不是文件"),
    ],
)
def test_check_page_bad_input(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("monitor", *args)


def test_check_page_bad_url(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    with pytest.raises(CommandError, match="--url"):
        call_command("monitor", "check-page", str(page), "--url", "www.x.gov.cn", "--json")


@pytest.mark.django_db
def test_scan_json(local_site: Callable[..., LocalSite]) -> None:
    site = bad_site(local_site)
    result = run(
        "scan", site.url, "--max-pages", "30", "--today", "2026-06-30", "--rate", "1000", "--json"
    )
    assert (
        "栏目不更新" in result["single_veto"]
        and "安全、泄密事故等严重问题" in result["single_veto"]
    )
    assert result["findings"] and all(
        {"check", "severity", "evidence"} <= set(f) for f in result["findings"]
    )
    assert result["pages"] <= 30


@pytest.mark.django_db
def test_scan_of_an_empty_page(local_site: Callable[..., LocalSite]) -> None:
    site = local_site({"/": Route(b"")})
    result = run("scan", site.url, "--json", "--rate", "1000")
    assert "首页不更新" in result["single_veto"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scan", "www.x.gov.cn", "--json"], "应以 http:// 或 https:// 开头"),
        (["scan", "http://x.gov.cn/", "--today", "2026-13-01"], "日期格式"),
        (["scan", "http://x.gov.cn/", "--rate", "0"], "--rate"),
    ],
)
def test_scan_bad_input(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("monitor", *args)


def test_scan_rejects_a_non_positive_max_pages() -> None:
    with pytest.raises(CommandError, match="应为正整数"):
        call_command("monitor", "scan", "http://x.gov.cn/", "--max-pages", "0")


def test_the_gongkai_console_script_dispatches_the_subcommand(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HACKED, encoding="utf-8")
    script = Path(sys.executable).parent / "gongkai"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    done = subprocess.run(  # noqa: S603 - our own console script
        [str(script), "monitor", "check-page", str(page), "--json"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "compromised"
