"""Typed settings (`core/conf.py`): one declaration per key, one way to read it, a system check."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from gongkai.core import checks
from gongkai.core.conf import GongkaiSettings, gongkai_from_environ, gongkai_settings, problems

ROOT = Path(__file__).resolve().parents[3]
DECLARED = {f.name for f in fields(GongkaiSettings)}


def _sources() -> list[Path]:
    return [
        p
        for p in (ROOT / "gongkai").rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts
    ]


def test_settings_are_read_one_way() -> None:
    """No module reads `settings.GONGKAI…` itself: only `gongkai_settings()` (and the check)."""
    allowed = {ROOT / "gongkai/core/conf.py", ROOT / "gongkai/core/checks.py"}
    direct = re.compile(r"settings\.GONGKAI|getattr\(settings, [\"']GONGKAI")
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in _sources()
        if p not in allowed
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if direct.search(line)
    ]
    assert offenders == []


def test_every_key_read_is_declared() -> None:
    read = {
        key
        for p in _sources()
        if p.name != "conf.py"
        for key in re.findall(r"gongkai_settings\(\)\.([A-Z_0-9]+)", p.read_text(encoding="utf-8"))
    }
    assert read, "the pattern no longer finds the reads"
    assert read <= DECLARED
    # Read through getattr with a computed name (reports/deadlines.py, portal/checks.py).
    for kind in ("DEPARTMENT", "GOVERNMENT", "TOWNSHIP"):
        assert f"ANNUAL_REPORT_{kind}_DEADLINE" in DECLARED
    for key in ("FEE_TIERS", "APPLY_MIN_FILL_SECONDS", "DUE_SOON_WORKING_DAYS", "SCHEDULE"):
        assert key in DECLARED


def test_every_key_has_a_docstring() -> None:
    source = (ROOT / "gongkai/core/conf.py").read_text(encoding="utf-8")
    for name in DECLARED:
        assert re.search(rf"\n    {name}: .*?\)\n    \"\"\"", source, re.S), name


def test_missing_keys_get_their_defaults() -> None:
    with override_settings(GONGKAI={}):
        conf = gongkai_settings()
    assert conf.PUBLICATION_DEADLINE_WORKING_DAYS == 20  # Art. 26
    assert conf.DUE_SOON_WORKING_DAYS == 3
    assert conf.ANNUAL_REPORT_DEPARTMENT_DEADLINE == "01-31"  # Art. 49
    assert conf.ANNUAL_REPORT_GOVERNMENT_DEADLINE == "03-31"
    assert conf.FEE_TIERS == {} and conf.APPLY_MIN_FILL_SECONDS == 4
    assert conf.MAX_UPLOAD_MB == 50 and conf.SCHEDULE == {}


def test_the_cache_follows_overrides(settings: Any) -> None:
    before = gongkai_settings()
    assert gongkai_settings() is before  # cached
    settings.GONGKAI = {**settings.GONGKAI, "SITE_NAME": "岚川市政府信息公开"}
    assert gongkai_settings().SITE_NAME == "岚川市政府信息公开"
    with override_settings(GONGKAI={**settings.GONGKAI, "MAX_UPLOAD_MB": 1}):
        assert gongkai_settings().MAX_UPLOAD_MB == 1
    assert gongkai_settings().MAX_UPLOAD_MB == before.MAX_UPLOAD_MB


def test_environment_variables_fill_their_keys() -> None:
    values = gongkai_from_environ(
        {
            "GONGKAI_SITE_NAME": "岚川市",
            "GONGKAI_ENABLE_REDACTED_ATTRIBUTE": "yes",
            "GONGKAI_FEE_TIME_EXCLUDED": "0",
            "GONGKAI_MAX_UPLOAD_MB": "20",
            "GONGKAI_INDEX_SERIAL_RESET": "month",
        }
    )
    assert set(values) == DECLARED
    assert values["SITE_NAME"] == "岚川市"
    assert values["ENABLE_REDACTED_ATTRIBUTE"] is True
    assert values["FEE_TIME_EXCLUDED"] is False
    assert values["MAX_UPLOAD_MB"] == 20
    assert values["INDEX_SERIAL_RESET"] == "month"
    assert values["PUBLICATION_DEADLINE_WORKING_DAYS"] == 20
    assert problems(values) == []
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_MAX_UPLOAD_MB"):
        gongkai_from_environ({"GONGKAI_MAX_UPLOAD_MB": "50MB"})


def test_every_environment_variable_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for f in fields(GongkaiSettings):
        if f.metadata["env"]:
            assert f"`{f.metadata['env']}`" in readme, f.metadata["env"]


def test_the_shipped_settings_pass_the_check() -> None:
    assert checks.gongkai_settings_valid() == []


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("MAX_UPLOAD_MB", "50", "应为整数 int，现为 str"),
        ("DUE_SOON_WORKING_DAYS", True, "应为整数 int，现为 bool"),
        ("ENABLE_REDACTED_ATTRIBUTE", "yes", "应为布尔值 bool"),
        ("FEE_TIERS", [], "应为映射 dict"),
        ("SCHEDULE", {"gongkai.core.tests.scheduled.ping": 0}, "应为正数"),
        ("INDEX_SERIAL_RESET", "week", "'year' 或 'month'"),
        ("ANNUAL_REPORT_TOWNSHIP_DEADLINE", "02-30", "MM-DD"),
        ("INDEX_NUMBER_TEMPLATE", "{org_code9}-{year}", "无法按令牌"),
        ("FEE_TIERS", {"by_page": []}, "'by_item'"),
        ("FEE_TIERS", {"by_item": [(1, 10)]}, "起始件/页"),
        ("PUBLICATION_DEADLINE_WORKING_DAYS", 0, "应为正数"),
    ],
)
def test_wrong_types_and_values_are_errors(
    key: str, value: Any, message: str, settings: Any
) -> None:
    settings.GONGKAI = {**settings.GONGKAI, key: value}
    errors = checks.gongkai_settings_valid()
    assert [e.id for e in errors] == ["gongkai.E011"]
    assert key in errors[0].msg and message in errors[0].msg


def test_unknown_keys_are_errors(settings: Any) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "ENABLE_REDACTED_ATRIBUTE": True}
    errors = checks.gongkai_settings_valid()
    assert [e.id for e in errors] == ["gongkai.E010"]
    assert "ENABLE_REDACTED_ATRIBUTE" in errors[0].msg
    assert "gongkai/core/conf.py" in (errors[0].hint or "")
    # The typed view ignores it (the check is what reports it).
    assert (
        gongkai_settings().ENABLE_REDACTED_ATTRIBUTE
        is settings.GONGKAI["ENABLE_REDACTED_ATTRIBUTE"]
    )
