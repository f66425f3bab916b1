"""The rule data of `data/indicators.yaml`, read once (and again when the file changes)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

INDICATORS_FILE = Path(__file__).resolve().parent / "data" / "indicators.yaml"


@lru_cache(maxsize=2)
def _load(mtime: float) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(INDICATORS_FILE.read_text(encoding="utf-8"))
    return data


def indicators() -> dict[str, Any]:
    return _load(INDICATORS_FILE.stat().st_mtime)


def crawler_defaults() -> dict[str, Any]:
    conf: dict[str, Any] = indicators()["crawler"]
    return conf
