"""`gongkai demo` names the demo site (issue 13 point 18): the header, titles and footer of the
demo show 岚川市's name, sponsor, contact, 网站标识码 and 备案 numbers, written into the site file
that `make run` points GONGKAI_SITE_FILE at."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.management import call_command

from gongkai.core.conf import gongkai_from_environ
from gongkai.core.site_file import SITE_FILE_ENV
from gongkai.demo.site import SITE_IDENTITY


def test_the_demo_writes_its_identity_into_the_site_file(
    make_organ: Any, tmp_path: Path, monkeypatch: Any, client: Any, settings: Any
) -> None:
    path = tmp_path / "site.toml"
    monkeypatch.setenv(SITE_FILE_ENV, str(path))
    make_organ("岚川市人民政府")  # a demo database loaded before the site file existed
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert str(path) in out.getvalue()
    values = gongkai_from_environ({SITE_FILE_ENV: str(path)})
    for key, value in SITE_IDENTITY.items():
        assert values[key] == value
    # What the next process (make run's `gongkai serve`) shows.
    settings.GONGKAI = {**settings.GONGKAI, **SITE_IDENTITY}
    html = client.get("/").content.decode()
    assert f"<title>{SITE_IDENTITY['SITE_NAME']}</title>" in html
    footer = html.split('<footer class="site-footer">', 1)[1]
    for label in ("主办单位：", "联系方式：", "网站标识码：", SITE_IDENTITY["SITE_ICP"]):
        assert label in footer
    assert SITE_IDENTITY["SITE_PSB"] in footer
    # Run again: an existing file (perhaps edited since) is left alone.
    path.write_text('SITE_NAME = "运维人员改过的名称"\n', encoding="utf-8")
    call_command("demo", "--if-empty", stdout=io.StringIO())
    assert "运维人员改过的名称" in path.read_text(encoding="utf-8")


def test_without_a_site_file_the_demo_says_how_to_name_the_site(
    make_organ: Any, monkeypatch: Any
) -> None:
    monkeypatch.delenv(SITE_FILE_ENV, raising=False)
    make_organ("岚川市人民政府")
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "GONGKAI_SITE_FILE" in out.getvalue()
