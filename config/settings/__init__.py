"""gongkai's settings package.

- `config.settings.base`: what every process runs with (development, production);
- `config.settings.test`: the test run (`pyproject.toml` points pytest and mypy at it).

`DJANGO_SETTINGS_MODULE=config.settings` (the default of the `gongkai` command, manage.py and
wsgi, and what existing deployments name) means `base`. It is loaded lazily, on the first
setting read from this package, because Python runs this file before any module of the package:
loading `base` here would make `config.settings.test` run base's production checks (the secret
key) before it could say it is a test.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any


def _base() -> ModuleType:
    return import_module("config.settings.base")


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(_base(), name)


def __dir__() -> list[str]:
    return dir(_base())
