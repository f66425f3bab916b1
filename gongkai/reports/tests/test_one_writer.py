"""`AnnualReport.status` has one writer: `REPORT_MACHINE.fire` (gongkai/core/fsm.py).

Read as a syntax tree, so a write spread over several lines is found too: every module of the
source tree that names `AnnualReport` (tests and migrations aside) is searched for assignments
to `.status`, `setattr(…, "status", …)` and `status=` given to `update`, `create`,
`get_or_create`, `update_or_create`, `bulk_update` or the model's constructor (also inside
`defaults={…}`). `tests/test_skeleton.py` checks every status field line by line; this one
is the report's own, stricter check.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # gongkai/
WRITING_CALLS = {"update", "create", "get_or_create", "update_or_create", "bulk_update"}


def _sources() -> list[Path]:
    return [
        p
        for p in ROOT.rglob("*.py")
        if "tests" not in p.parts
        and "migrations" not in p.parts
        and "AnnualReport" in p.read_text(encoding="utf-8")
    ]


def _has_status_key(node: ast.expr) -> bool:
    return isinstance(node, ast.Dict) and any(
        isinstance(k, ast.Constant) and k.value == "status" for k in node.keys
    )


def status_writes(source: str) -> list[int]:
    """Line numbers of writes to a `status` field in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr == "status" for t in targets):
                found.append(node.lineno)
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "setattr" and any(
            isinstance(a, ast.Constant) and a.value == "status" for a in node.args[1:2]
        ):
            found.append(node.lineno)
        if name in WRITING_CALLS or name == "AnnualReport":
            for kw in node.keywords:
                if kw.arg == "status" or (kw.arg == "defaults" and _has_status_key(kw.value)):
                    found.append(node.lineno)
                if kw.arg is None and _has_status_key(kw.value):  # **{"status": …}
                    found.append(node.lineno)
    return found


def test_only_the_machine_writes_the_report_status() -> None:
    sources = _sources()
    assert ROOT / "reports" / "services.py" in sources  # the search looks where writes were
    offenders = [
        f"{path.relative_to(ROOT.parent)}:{line}"
        for path in sources
        for line in status_writes(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "AnnualReport.status written outside REPORT_MACHINE.fire:\n" + (
        "\n".join(offenders)
    )


def test_the_check_finds_each_kind_of_write() -> None:
    writes = [
        "report.status = AnnualReport.Status.PUBLISHED",
        "self.report.status: str = 'draft'",
        "setattr(report, 'status', 'published')",
        "AnnualReport.objects.filter(pk=1).update(\n    data={},\n    status='draft',\n)",
        "AnnualReport.objects.create(organ=o, year=2025, status='published')",
        "AnnualReport(organ=o, status='draft')",
        "AnnualReport.objects.update_or_create(organ=o, defaults={'status': 'draft'})",
        "qs.update(**{'status': 'draft'})",
    ]
    for source in writes:
        assert status_writes(source), source
    reads = [
        "if report.status == AnnualReport.Status.DRAFT: pass",
        "AnnualReport.objects.filter(status='published')",
        "AnnualReport.objects.exclude(status='draft').update(data={})",
        "REPORT_MACHINE.fire(actor=None, obj=report, event=Event.PUBLISHED)",
    ]
    for source in reads:
        assert not status_writes(source), source
