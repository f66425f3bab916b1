"""年报体检 on the labelled corpus of real reports (../shared/samples/reports-wild).

The texts are others' words and stay in ../shared; these tests read them when present and skip
when absent. The labels are ours (gongkai/reports/parsing/wild_labels.yaml).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO.parent / "shared" / "samples" / "reports-wild"
LABELS = REPO / "gongkai" / "reports" / "parsing" / "wild_labels.yaml"

needs_corpus = pytest.mark.skipif(
    not (CORPUS / "INDEX.tsv").is_file(), reason="../shared/samples/reports-wild 不存在"
)


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location(
        "report_lint_bench", REPO / "bench" / "report_lint_bench.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labels_are_ours_and_complete() -> None:
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    assert len(labels) == 74 and len({item["file"] for item in labels}) == 74
    for item in labels:
        assert {"file", "organ", "level", "year", "tables", "totals", "errors"} <= set(item)
        assert 1990 < item["year"] < 2030
        for error in item["errors"]:
            assert error["rule"][:1] in ("L", "R") and error["what"]


@needs_corpus
def test_every_labelled_report_is_in_the_corpus() -> None:
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    assert all((CORPUS / item["file"]).is_file() for item in labels)


@needs_corpus
def test_corpus_goal() -> None:
    result = _bench().run(CORPUS, LABELS)
    assert result["recognised"] == result["reports"] == 74
    assert result["year_correct"] == 74
    assert result["totals"]["correct"] == result["totals"]["labelled"]
    assert result["errors"]["caught"] >= 0.9 * result["errors"]["labelled"]
    assert result["false_alarms"]["per_20_reports"] <= 1


def test_bench_skips_cleanly_without_the_corpus(tmp_path: Path) -> None:
    result = _bench().run(tmp_path / "absent", LABELS)
    assert "skipped" in result
