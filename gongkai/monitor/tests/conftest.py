from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from gongkai.monitor.tests.sites import LocalSite


@pytest.fixture
def local_site() -> Iterator[Callable[..., LocalSite]]:
    """Start local test sites on 127.0.0.1; all are stopped after the test."""
    started: list[LocalSite] = []

    def start(routes: dict[str, Any] | None = None) -> LocalSite:
        site = LocalSite(routes).__enter__()
        started.append(site)
        return site

    yield start
    for site in started:
        site.__exit__(None, None, None)
