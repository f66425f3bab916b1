"""`Application.status` has exactly one writer: `APP_MACHINE.fire` (gongkai/core/fsm.py).

Reads every module of `gongkai/` (tests and migrations aside) and fails on any other write: an
assignment to `.status`, a `status=` given to a create or update, `setattr(…, "status", …)`, or
`update_fields` naming it. Inside the applications app every such write counts; elsewhere those
on an application (`Application…`, `app.status`, `application.status`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import gongkai

ROOT = Path(gongkai.__file__).resolve().parent
APP = ROOT / "applications"
WRITERS = {"update", "create", "get_or_create", "update_or_create", "bulk_create", "bulk_update"}
APP_NAMES = {"app", "application"}


def _about_application(node: ast.AST) -> bool:
    text = ast.unparse(node)
    return "Application" in text or text.split(".")[0] in APP_NAMES


def _writes(node: ast.AST) -> list[ast.AST]:
    """The expressions whose `status` `node` writes (the object, or the call that writes it)."""
    if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return [
            sub.value
            for target in targets
            for sub in ast.walk(target)
            if isinstance(sub, ast.Attribute) and sub.attr == "status"
        ]
    if not isinstance(node, ast.Call):
        return []
    func, names = node.func, {k.arg for k in node.keywords}
    writer = (isinstance(func, ast.Attribute) and func.attr in WRITERS) or (
        isinstance(func, ast.Name) and func.id == "Application"
    )
    found: list[ast.AST] = [func] if writer and "status" in names else []
    if isinstance(func, ast.Name) and func.id == "setattr" and len(node.args) > 1:
        field = node.args[1]
        if isinstance(field, ast.Constant) and field.value == "status":
            found.append(node.args[0])
    found += [
        func
        for kw in node.keywords
        if kw.arg == "update_fields" and "'status'" in ast.unparse(kw.value)
    ]
    return found


def status_writes(source: str, *, whole_app: bool) -> list[int]:
    """Line numbers of writes to a `status` field (`whole_app`: any model's counts)."""
    return [
        node.lineno  # type: ignore[attr-defined]
        for node in ast.walk(ast.parse(source))
        for written in _writes(node)
        if whole_app or _about_application(written)
    ]


def _modules() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.relative_to(ROOT).parts
        and "migrations" not in path.relative_to(ROOT).parts
    ]


def test_only_the_machine_writes_application_status() -> None:
    offenders = []
    for path in _modules():
        whole_app = APP in path.parents
        for line in status_writes(path.read_text(encoding="utf-8"), whole_app=whole_app):
            offenders.append(f"{path.relative_to(ROOT.parent)}:{line}")
    assert offenders == [], "Application.status written outside APP_MACHINE.fire"


def test_the_check_finds_each_kind_of_write() -> None:
    planted = """
app.status = "answered"
Application.objects.filter(pk=1).update(status="answered")
Application.objects.create(organ=o, status="answered")
Application(status="processing")
setattr(app, "status", "answered")
app.save(update_fields=["status"])
"""
    assert status_writes(planted, whole_app=False) == [2, 3, 4, 5, 6, 7]
    reads = """
Application.objects.filter(status="processing")
x = app.status
report.status = "published"
"""
    assert status_writes(reads, whole_app=False) == []
    assert status_writes('report.status = "published"', whole_app=True) == [1]
