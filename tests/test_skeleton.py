"""The skeleton every app follows (docs/new-app.md), checked over the whole source tree.

- every workflow status has exactly one writer: its state machine's `fire` (gongkai/core/fsm.py);
- imports point downward only: portal/office → domain apps → orgs → core;
- every audit action is an enum member, never a free string.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "gongkai"


def _sources() -> list[Path]:
    return [p for p in ROOT.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]


#: Status fields of records that have a state machine, and the one module allowed to set them.
_STATUS_WRITE = re.compile(
    r"""(\.status\s*=(?!=))            # obj.status = …
      | (\.update\([^)]*\bstatus\s*=)   # queryset.update(status=…)
      | (setattr\([^,]+,\s*["']status["'])""",
    re.VERBOSE,
)

#: `CalendarYear.status` says whether a holiday notice was published (data, not a workflow).
_NOT_A_WORKFLOW = {ROOT / "core" / "workcal" / "services.py"}


def test_every_status_has_one_writer_the_state_machine() -> None:
    offenders = []
    for path in _sources():
        if path == ROOT / "core" / "fsm.py" or path in _NOT_A_WORKFLOW:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _STATUS_WRITE.search(line):
                offenders.append(f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}")
    assert offenders == [], "status written outside gongkai/core/fsm.py:\n" + "\n".join(offenders)


def test_the_status_writer_check_catches_a_write() -> None:
    assert _STATUS_WRITE.search("    report.status = AnnualReport.Status.PUBLISHED")
    assert _STATUS_WRITE.search("Item.objects.filter(pk=1).update(status='published')")
    assert not _STATUS_WRITE.search("if item.status == Status.DRAFT:")


#: Layers, lowest first. A module may import its own app and any app in a lower layer.
LAYERS: list[set[str]] = [
    {"core"},
    {"orgs"},
    {"inbox"},  # notices: every domain app above sends through it (issue 13 §8)
    {"catalog"},
    {
        "search",
        "applications",
        "mailbox",  # issue 18
        "registers",
        "participation",
        "workforce",
        "inventories",  # 权责清单, 公共服务事项清单, 办事指南, 负面清单 (issue 19 §3)
        "sites",  # 网站集约化 (issue 20 §5): many sites on one platform; the portal reads it
        "periodic",  # 重点领域定期公开 (issue 19 §4): schedules, calendar, datasets
        "gazette",  # 政府公报 (issue 19 §2): issues of catalog items; the item page names its issue
    },
    # workforce: staff, budget, training figures (issue 20 §4), below reports (年报 narrative)
    # participation: 公众参与 (issue 18 §3-6: 征求意见, 调查, 建议提案, 舆情), beside the mailbox
    # registers: 规范性文件 register and 双随机 draws (issue 19 §1, §5), below reports (table 二)
    {"reports"},  # counts applications for the annual report (Art. 50 tables 四, 五)
    {"workplans"},  # 工作要点 and 责任分解 (issue 20): evidence from the catalog
    {"monitor"},  # 网站监管 (issue 17): reads catalog and, when installed, the mailbox
    {"assessment"},  # 考核 scorecards (issue 20 §3): reads every domain app's records
    {"legacy"},  # 旧网站信息导入 (issue 19 §6): crawls with the monitor, writes through catalog
    {"office", "portal", "api"},  # api: the open API (issue 16 §4), beside the portal
    {"demo"},  # generates demo data through every app's services
]
_LAYER_OF = {app: n for n, apps in enumerate(LAYERS) for app in apps}


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "gongkai":
                found.add(parts[1])
    return found


def test_imports_point_downward_only() -> None:
    upward = []
    for path in _sources():
        rel = path.relative_to(ROOT)
        app = rel.parts[0] if len(rel.parts) > 1 else ""
        if app not in _LAYER_OF:
            continue
        for other in _imported_apps(path) - {app}:
            if other in _LAYER_OF and _LAYER_OF[other] >= _LAYER_OF[app]:
                upward.append(f"gongkai/{rel} imports gongkai.{other}")
    assert upward == [], "imports that do not point downward:\n" + "\n".join(sorted(upward))


@pytest.mark.parametrize("app", sorted(_LAYER_OF))
def test_audit_actions_are_enums_not_strings(app: str) -> None:
    literal = re.compile(r"""\baction\s*=\s*f?["']""")
    offenders = []
    for path in (ROOT / app).rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "audit_record" not in text:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if literal.search(line) and "add_argument" not in line:
                offenders.append(f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}")
    assert offenders == [], "audit actions written as strings:\n" + "\n".join(offenders)
