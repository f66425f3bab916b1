"""The site file (`GONGKAI_SITE_FILE`): a site's identity in one TOML file an operator edits,
read by `core/conf.py` over the defaults and under the environment variables."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

#: Names the site file: a TOML file of `GONGKAI` keys (`SITE_NAME = "…"`) read over the
#: defaults and under the environment variables, so that a site's identity can live in one file
#: an operator edits. `make run` points it at var/site.toml, which `gongkai demo` writes with the
#: demo city's identity when it loads the demo (and never over an existing file).
SITE_FILE_ENV = "GONGKAI_SITE_FILE"


def site_file(environ: Mapping[str, str]) -> Path | None:
    raw = environ.get(SITE_FILE_ENV, "").strip()
    return Path(raw) if raw else None


def read_site_file(path: Path) -> dict[str, Any]:
    """The keys of a site file; {} when it does not exist yet. Unknown keys are kept (the
    system check `gongkai.E010` reports them) rather than silently dropped."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ImproperlyConfigured(f"无法读取网站配置文件 {path}：{exc}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ImproperlyConfigured(f"网站配置文件 {path} 格式有误（应为 TOML）：{exc}") from None


def write_site_file(path: Path, values: Mapping[str, str], *, heading: str) -> bool:
    """Write string `values` as a site file; an existing file (an operator's) is never replaced.
    Returns whether the file was written."""
    if path.exists():
        return False
    lines = [f"# {line}" for line in heading.splitlines()]
    # A JSON string is a valid TOML basic string (same quotes and escapes).
    lines += [f"{key} = {json.dumps(str(v), ensure_ascii=False)}" for key, v in values.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return True
