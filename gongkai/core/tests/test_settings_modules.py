"""The settings package: base runs no test branch, test settings are their own module, and a
process without a secret key stops unless development mode asks for the public key."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
PRINT_KEY = (
    "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
)


def _import_settings(tmp_path: Path, module: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"GONGKAI_SECRET_KEY", "GONGKAI_ALLOW_DEV_SECRET", "GONGKAI_DEBUG"}
    }
    env.update(DJANGO_SETTINGS_MODULE=module, GONGKAI_VAR_DIR=str(tmp_path), **extra)
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", PRINT_KEY],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_without_a_secret_key_the_default_settings_refuse_to_load(tmp_path: Path) -> None:
    done = _import_settings(tmp_path, "config.settings")
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "GONGKAI_SECRET_KEY" in done.stderr and "请设置环境变量" in done.stderr
    assert "Set the environment variable GONGKAI_SECRET_KEY" in done.stderr
    assert _import_settings(tmp_path, "config.settings.base").returncode != 0


def test_with_a_secret_key_the_default_settings_load(tmp_path: Path) -> None:
    done = _import_settings(tmp_path, "config.settings", GONGKAI_SECRET_KEY="k" * 60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "k" * 60


def test_development_mode_uses_the_public_key(tmp_path: Path) -> None:
    from config.settings.base import DEV_SECRET_KEY

    for extra in ({"GONGKAI_ALLOW_DEV_SECRET": "1"}, {"GONGKAI_DEBUG": "1"}):
        done = _import_settings(tmp_path, "config.settings", **extra)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == DEV_SECRET_KEY
    assert _import_settings(tmp_path, "config.settings", GONGKAI_ALLOW_DEV_SECRET="0").returncode
    # The test settings say so themselves.
    done = _import_settings(tmp_path, "config.settings.test")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == DEV_SECRET_KEY


def test_make_run_and_only_make_run_sets_development_mode() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run: export GONGKAI_ALLOW_DEV_SECRET \?= 1$", makefile, re.M)
    assert makefile.count("GONGKAI_ALLOW_DEV_SECRET") == 1


def test_base_has_no_are_we_testing_branch() -> None:
    base = (ROOT / "config/settings/base.py").read_text(encoding="utf-8")
    assert not re.search(r"TESTING|pytest|sys\.modules", base)


def test_the_suite_runs_on_the_test_settings() -> None:
    assert settings.SETTINGS_MODULE == "config.settings.test"
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    assert settings.SEARCH_BACKENDS["default"]["BACKEND"] == "dummy"
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 0
