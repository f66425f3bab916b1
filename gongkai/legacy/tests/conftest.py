"""Fixtures of the legacy import tests: a county department, its 公开办管理员 who also holds the
保密审查 and 签发 posts (an import that publishes), one who holds only 公开办管理员, an editor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gongkai.legacy.models import SourceKind
from gongkai.legacy.services.imports import ImportOptions, ImportReport, import_site
from gongkai.legacy.sources import archive_source
from gongkai.orgs.models import Organ


@pytest.fixture
def dept(make_organ: Callable[..., Organ]) -> Organ:
    return make_organ("岚山县人力资源和社会保障局", level=Organ.Level.COUNTY)


@pytest.fixture
def people(make_user: Callable[..., Any], dept: Organ) -> dict[str, Any]:
    return {
        "importer": make_user(
            "lg-importer", organ=dept, roles=("organ_admin", "secrecy", "approver")
        ),
        "admin": make_user("lg-admin", organ=dept, roles=("organ_admin",)),
        "editor": make_user("lg-editor", organ=dept, roles=("editor",)),
    }


@pytest.fixture
def run_archive(dept: Organ, people: dict[str, Any]) -> Callable[..., ImportReport]:
    """Import a folder (as the importer unless told) and return the report."""

    def run(folder: Path, *, actor: Any = "importer", **options: Any) -> ImportReport:
        who = people[actor] if isinstance(actor, str) else actor
        base_url = options.pop("base_url", "")
        source = archive_source(folder, base_url=base_url)
        opts = ImportOptions(source_label=str(folder), source_kind=SourceKind.ARCHIVE, **options)
        return import_site(actor=who, organ=dept, source=source, options=opts)

    return run
