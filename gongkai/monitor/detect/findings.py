"""One finding: what a check saw, how serious, and the evidence a person can verify."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class Severity:
    """Ordered severities; only HIGH makes a page 被篡改 (compromised)."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    ORDER = {INFO: 0, LOW: 1, MEDIUM: 2, HIGH: 3}
    LABELS = {INFO: "提示", LOW: "轻微", MEDIUM: "可疑", HIGH: "严重"}


@dataclass
class Finding:
    check: str
    severity: str
    evidence: str
    url: str = ""
    snippet: str = ""
    path: str = ""
    indicator: str = ""  # the single-veto indicator it fails, when it fails one
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        return {k: v for k, v in out.items() if v not in ("", {}, None) or k in _ALWAYS}


_ALWAYS = {"check", "severity", "evidence"}


def worst(findings: list[Finding]) -> str:
    return max((f.severity for f in findings), key=Severity.ORDER.__getitem__, default="")
