"""The site file (`GONGKAI_SITE_FILE`): a site's identity in one TOML file an operator edits, read
over the defaults and under the environment variables (issue 13 point 18)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from gongkai.core.conf import gongkai_from_environ, problems
from gongkai.core.site_file import SITE_FILE_ENV, write_site_file


def test_the_site_file_sits_between_defaults_and_environment(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    assert write_site_file(
        path,
        {"SITE_NAME": "岚川市人民政府信息公开平台", "SITE_ICP": '岚ICP备"1"号'},
        heading="演示",
    )
    values = gongkai_from_environ({SITE_FILE_ENV: str(path)})
    assert values["SITE_NAME"] == "岚川市人民政府信息公开平台"
    assert values["SITE_ICP"] == '岚ICP备"1"号'  # quotes survive the round trip
    assert values["SITE_SPONSOR"] == ""  # not in the file: the default
    env = {SITE_FILE_ENV: str(path), "GONGKAI_SITE_NAME": "环境变量中的名称"}
    assert gongkai_from_environ(env)["SITE_NAME"] == "环境变量中的名称"
    # Without the variable, or before the file exists, nothing changes.
    assert gongkai_from_environ({})["SITE_NAME"] == "政府信息公开平台"
    missing = {SITE_FILE_ENV: str(tmp_path / "none.toml")}
    assert gongkai_from_environ(missing)["SITE_NAME"] == "政府信息公开平台"


def test_an_existing_file_is_never_replaced(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text('SITE_NAME = "运维人员改过的名称"\n', encoding="utf-8")
    assert not write_site_file(path, {"SITE_NAME": "演示"}, heading="演示")
    assert gongkai_from_environ({SITE_FILE_ENV: str(path)})["SITE_NAME"] == "运维人员改过的名称"


def test_a_broken_file_stops_with_a_clear_message_and_unknown_keys_are_reported(
    tmp_path: Path,
) -> None:
    path = tmp_path / "site.toml"
    path.write_text("SITE_NAME = 没有引号\n", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="格式有误"):
        gongkai_from_environ({SITE_FILE_ENV: str(path)})
    path.write_text('SITE_NAEM = "拼错"\n', encoding="utf-8")
    values = gongkai_from_environ({SITE_FILE_ENV: str(path)})
    assert [p.key for p in problems(values)] == ["SITE_NAEM"]
