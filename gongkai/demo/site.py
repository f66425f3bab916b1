"""The demo city's site identity: what its footer and header show (《政府网站发展指引》).

Written by `gongkai demo` into the site file (`GONGKAI_SITE_FILE`, var/site.toml under
`make run`), which the settings read over their defaults (`core/conf.py: gongkai_from_environ`).
The identity is configuration, not data: a real deployment sets its own, and the demo never
replaces a site file that exists. Every number is fictional (division 990100 does not exist).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from gongkai.core.site_file import site_file, write_site_file
from gongkai.demo import vocab

SITE_IDENTITY: dict[str, str] = {
    "SITE_NAME": f"{vocab.CITY}人民政府信息公开平台",
    "SITE_SPONSOR": f"{vocab.CITY}人民政府办公室",
    "SITE_CONTACT": f"{vocab.AREA_CODE}-86190000（工作日 9:00—17:00）",
    "SITE_ID_CODE": f"{vocab.CITY_DIVISION}0001",
    "SITE_ICP": f"{vocab.CITY_SHORT}ICP备20260001号",
    "SITE_PSB": f"{vocab.CITY_SHORT}公网安备 {vocab.CITY_DIVISION}02000001号",
}

HEADING = (
    "网站标识（gongkai demo 为演示城市写入，重启后生效；可直接修改，环境变量优先于本文件）。\n"
    "Site identity written by `gongkai demo` for the demo city; edit freely."
)


def write_demo_site_file(environ: Mapping[str, str]) -> tuple[Path | None, bool]:
    """(the site file, whether it was written now); (None, False) when none is configured."""
    path = site_file(environ)
    if path is None:
        return None, False
    return path, write_site_file(path, SITE_IDENTITY, heading=HEADING)
