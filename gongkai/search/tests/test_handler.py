"""The backend handler: `SEARCH_BACKENDS` read like `CACHES`, the fallback chosen there too."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from gongkai.search.checks import search_backend_configured
from gongkai.search.database import DatabaseBackend
from gongkai.search.dummy import DummyBackend
from gongkai.search.handler import (
    InvalidSearchBackend,
    get_backend,
    search_backend,
    search_backends,
)
from gongkai.search.selectors import search_items


@pytest.fixture
def configure(settings: Any) -> Any:
    def set_backends(**aliases: dict[str, Any]) -> None:
        settings.SEARCH_BACKENDS = aliases  # setting_changed resets the handler

    yield set_backends
    search_backends.reset()


def test_the_fallback_backend_comes_from_the_settings(configure, db):
    configure(default={"BACKEND": "dummy"}, fallback={"BACKEND": "dummy"})
    get_backend().mark_ready(False)
    answering = search_backends.reading()
    assert type(answering) is DummyBackend and answering is not get_backend()


def test_without_a_fallback_entry_the_database_answers(configure, db):
    configure(default={"BACKEND": "dummy"})
    get_backend().mark_ready(False)
    assert isinstance(search_backends.reading(), DatabaseBackend)
    get_backend().mark_ready(False)  # the rebuild it asked for ran inline (tests)
    assert search_items("就业补贴").from_database


def test_a_ready_index_answers_itself(configure, db):
    configure(default={"BACKEND": "dummy"})
    get_backend().mark_ready(True)
    assert search_backends.reading() is get_backend()
    assert not search_items("就业补贴").from_database


def test_a_fallback_instance_is_never_shared(configure, db):
    """The database backend keeps the candidates of the query it answers."""
    configure(default={"BACKEND": "dummy"})
    get_backend().mark_ready(False)
    first = search_backends.reading()
    get_backend().mark_ready(False)
    second = search_backends.reading()
    assert type(first) is type(second) is DatabaseBackend and first is not second


def test_one_backend_per_process_shared_by_its_threads(configure):
    configure(default={"BACKEND": "dummy"})
    seen: list[Any] = []
    thread = threading.Thread(target=lambda: seen.append(get_backend()))
    thread.start()
    thread.join()
    assert seen == [get_backend()]


def test_the_proxy_follows_the_default_alias(configure):
    configure(default={"BACKEND": "dummy"})
    assert search_backend.name == "dummy"
    configure(default={"BACKEND": "database"})
    assert search_backend.name == "database"


def test_unknown_aliases_and_backends_are_errors(configure):
    configure(default={"BACKEND": "dummy"}, fallback={"BACKEND": "gongkai.search.nowhere.Backend"})
    with pytest.raises(InvalidSearchBackend):
        search_backends["elsewhere"]
    with pytest.raises(InvalidSearchBackend):
        search_backends.fallback()
    errors = search_backend_configured()
    assert [e.id for e in errors] == ["search.E101"]
    assert "fallback" in errors[0].msg
