"""schemathesis against the live OpenAPI document (issue 16 §4): every operation, called through
the WSGI application with generated valid and invalid input, answers no 5xx and nothing its
schema does not declare (status codes, content types, bodies, headers). Staff operations run
with the token of a system administrator, so the writes behind them are reached too.

Bounded: a fixed number of examples per operation, derandomised (the same cases every run, so
CI is repeatable; GONGKAI_API_FUZZ_EXAMPLES=500 searches harder locally).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gongkai.core.ratelimit import Limit

EXAMPLES = int(os.environ.get("GONGKAI_API_FUZZ_EXAMPLES", "25"))

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]


@pytest.fixture
def _one_connection() -> Iterator[None]:
    """Keep the test's database connection across the WSGI requests, as Django's test client
    does: the handler would close it after each request (CONN_MAX_AGE=0), and with it the
    test's transaction (PostgreSQL)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz(
    world: dict[str, Any], make_user: Any, monkeypatch: Any, _one_connection: None
) -> dict[str, str]:
    """Data to find (the `world` of the other tests) and a superuser's token; rate limits out
    of the way (their 429 has its own tests), except the 查询码 failures, kept as they are."""
    from gongkai.api import common
    from gongkai.api.services import token_create

    monkeypatch.setattr(common, "PUBLIC_PER_IP", Limit("api-ip-fuzz", 10**9, 60))
    monkeypatch.setattr(common, "STAFF_PER_TOKEN", Limit("api-token-fuzz", 10**9, 60))
    root = make_user("fuzz-root", is_superuser=True, is_staff=True)
    secret = token_create(actor=None, user=root, name="schemathesis").secret
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case: Any, fuzz: dict[str, str]) -> None:
    headers = {}
    # Staff operations get the token, unless the case is about a missing or bad one (then it is
    # sent as generated, and must be refused with a 401).
    negative_header = case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER)
    if case.path.startswith("/api/v1/staff/") and not negative_header:
        headers = fuzz
    case.call_and_validate(headers=headers, checks=CHECKS)
