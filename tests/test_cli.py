"""The `gongkai` console script (gongkai/cli.py): offline analysis commands need no secret key,
every other command still does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"GONGKAI_SECRET_KEY", "GONGKAI_ALLOW_DEV_SECRET", "GONGKAI_DEBUG"}
        and k != "DJANGO_SETTINGS_MODULE"
    }
    env["GONGKAI_VAR_DIR"] = str(tmp_path / "var")
    return env


def test_a_page_check_runs_without_a_secret_key_and_prints_only_json(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>关于做好2026年春季学期学生资助工作的通知</title></head>"
        "<body><p>各县（区）教育局：现将有关事项通知如下。</p></body></html>",
        encoding="utf-8",
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "gongkai.cli", "monitor", "check-page", str(page), "--json"],
        cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "clean"


def test_other_commands_still_require_the_secret_key(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "check"],
        cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert "GONGKAI_SECRET_KEY" in done.stderr
