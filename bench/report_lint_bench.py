"""年报体检 benchmark (not a test): the report linter over the labelled corpus of real reports.

    .venv/bin/python bench/report_lint_bench.py [--corpus ../shared/samples/reports-wild]
        [--labels gongkai/reports/parsing/wild_labels.yaml] [--per-report]

Reads every labelled report with `gongkai.reports.parsing.lint.lint_report` and compares with
our hand labels (gongkai/reports/parsing/wild_labels.yaml):

- recognised: the report is read as an annual report (not "not a report");
- year_correct: the year found equals the labelled year;
- totals_correct: table 三 总计 cells we labelled, read exactly;
- errors_caught: labelled real errors that a finding of the same rule (kind error or warning)
  reports; errors outside every rule (typos) are counted apart;
- false_alarms: error or warning findings that match no labelled error (parser doubts are shown
  apart and never count as alarms).

Prints ONE JSON object:
  {"reports": 74, "recognised": 74, "year_correct": 74, "totals": {"labelled": …, "correct": …},
   "errors": {"labelled": …, "caught": …, "rate": 0.9, "outside_rules": …},
   "false_alarms": {"total": …, "per_20_reports": …, "by_report": {...}},
   "doubts": …, "goal": {...}, "met": {...}}
Exits 0 and prints {"skipped": "…"} when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def run(corpus: Path, labels_path: Path, per_report: bool = False) -> dict[str, Any]:
    import django
    import yaml

    django.setup()
    from gongkai.reports.parsing.lint import lint_report

    labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
    recognised = year_ok = 0
    totals_labelled = totals_ok = 0
    labelled = caught = outside = doubts = 0
    alarms: dict[str, list[str]] = {}
    missed: dict[str, list[str]] = {}
    rows: dict[str, Any] = {}
    present = 0
    for label in labels:
        path = corpus / label["file"]
        if not path.is_file():
            continue
        present += 1
        result = lint_report(path.read_bytes(), name=label["file"])
        parsed = result.parsed
        recognised += parsed.is_report
        year_ok += parsed.year == label["year"]
        t3 = parsed.tables.get("table3", {})
        for row, total in (label.get("totals") or {}).items():
            totals_labelled += 1
            totals_ok += t3.get(row, {}).get("total") == total
        wanted = [e["rule"] for e in label.get("errors") or []]
        findings = [f for f in result.findings if f.kind in ("error", "warning")]
        doubts += len(result.doubts)
        outside += len(label.get("errors_outside_rules") or [])
        labelled += len(wanted)
        rules_found = [f.rule for f in findings]
        for rule in wanted:
            if rule in rules_found:
                caught += 1
            else:
                missed.setdefault(label["file"], []).append(rule)
        unmatched = [f"{f.rule} {f.message[:60]}" for f in findings if f.rule not in wanted]
        if unmatched:
            alarms[label["file"]] = unmatched
        if per_report:
            rows[label["file"]] = {
                "year": parsed.year,
                "format": parsed.format,
                "errors": [f"{f.rule} {f.message[:50]}" for f in result.errors],
                "warnings": [f"{f.rule} {f.message[:50]}" for f in result.warnings],
                "doubts": len(result.doubts),
            }
    if not present:
        return {"skipped": f"语料目录不存在或为空：{corpus}"}
    false_total = sum(len(v) for v in alarms.values())
    out: dict[str, Any] = {
        "reports": present,
        "recognised": recognised,
        "year_correct": year_ok,
        "totals": {"labelled": totals_labelled, "correct": totals_ok},
        "errors": {
            "labelled": labelled,
            "caught": caught,
            "rate": round(caught / labelled, 3) if labelled else None,
            "missed": missed,
            "outside_rules": outside,
        },
        "false_alarms": {
            "total": false_total,
            "per_20_reports": round(false_total * 20 / present, 2),
            "by_report": alarms,
        },
        "doubts": doubts,
        "goal": {"errors_caught_rate": 0.9, "false_alarms_per_20_reports": 1},
    }
    out["met"] = {
        "errors_caught": bool(labelled) and caught / labelled >= 0.9,
        "false_alarms": false_total * 20 / present <= 1,
        "recognised_with_year": recognised == present and year_ok == present,
    }
    if per_report:
        out["by_report"] = rows
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared/samples/reports-wild"))
    parser.add_argument("--labels", default=str(ROOT / "gongkai/reports/parsing/wild_labels.yaml"))
    parser.add_argument("--per-report", action="store_true")
    args = parser.parse_args()
    result = run(Path(args.corpus), Path(args.labels), args.per_report)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
