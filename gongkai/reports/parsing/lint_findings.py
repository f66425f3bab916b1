"""What the 年报体检 reports (`LintFinding`) and how a finding points at its sentence: shared by the
checks in `lint.py` and the domain checks in `lint_domain.py`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["error", "warning", "doubt"]

_SENTENCE = re.compile(r"[^。;；!?！？\n]+")
_TOWNSHIP = re.compile(r"(?:镇|乡|街道|街道办事处|办事处)(?:人民政府|党委)?$")
_TOWNSHIP_SELF = re.compile(r"我(?:镇|乡|街道|街办|街)|本(?:镇|乡|街道)")


@dataclass
class LintFinding:
    rule: str
    kind: Kind
    cells: list[str]
    message: str
    quote: str = ""
    start: int = -1  # offset of the quote in the checked text (-1: about the tables)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "kind": self.kind,
            "severity": self.kind,
            "cells": list(self.cells),
            "message": self.message,
            "quote": self.quote,
            "start": self.start,
        }


def _sentence_at(text: str, pos: int) -> tuple[str, int]:
    start = max(text.rfind(c, 0, pos) for c in "。\n；;") + 1
    ends = [i for i in (text.find(c, pos) for c in "。\n；;") if i >= 0]
    end = min(ends) if ends else len(text)
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    return piece.strip(), start + lead
