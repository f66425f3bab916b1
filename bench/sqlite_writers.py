"""Concurrent writers on SQLite (not a test; prints JSON): is "database is locked" ever raised?

    .venv/bin/python bench/sqlite_writers.py [--source-var var/bench] [--writers 20] [--writes 25]

Works on a copy of the portal benchmark's database (WAL mode and the busy timeout of
config/settings/base.py apply as on a site). `--writers` processes start together; each writes
`--writes` times through the services: a draft created and then submitted (two transactions:
the item with its audit event, then the submission with its 保密 scan findings, the row lock
and the audit event). Any exception is counted by its message. Prints the writes done, the
failures by kind ("database is locked" among them: the target is zero), and the writes per
second over the run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WRITER = """
import json, sys, time
from collections import Counter
from django.utils import timezone
from gongkai.catalog.models import Column
from gongkai.catalog.services import workflow
from gongkai.catalog.services.items import ItemFields, item_create
from gongkai.orgs.models import Membership, Organ, Role
organ = Organ.objects.filter(
    columns__code="policy", memberships__role=Role.EDITOR).order_by("pk").first()
editor = Membership.objects.filter(organ=organ, role=Role.EDITOR).first().user
column = Column.objects.get(organ=organ, code="policy")
failures = Counter(); done = 0
while time.time() < %(start)f:
    time.sleep(0.01)
for n in range(%(writes)d):
    try:
        item = item_create(actor=editor, organ=organ, column=column, fields=ItemFields(
            title=f"并发写入测试{%(writer)d}-{n}", body="<p>并发写入。</p>",
            formed_on=timezone.localdate())).item
        workflow.item_submit(actor=editor, item=item)
        done += 1
    except Exception as exc:
        failures[str(exc)[:80]] += 1
print("RESULT " + json.dumps({"done": done, "failures": failures}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source-var", default=str(ROOT / "var" / "bench"))
    ap.add_argument("--var-dir", default=str(ROOT / "var" / "writers"))
    ap.add_argument("--writers", type=int, default=20)
    ap.add_argument("--writes", type=int, default=25)
    args = ap.parse_args()
    source, var = Path(args.source_var).resolve(), Path(args.var_dir).resolve()
    if not (source / "gongkai.sqlite3").exists():
        raise SystemExit(f"{source} 中没有数据库：先运行 bench/portal_bench.py")
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    src, dst = sqlite3.connect(source / "gongkai.sqlite3"), sqlite3.connect(var / "gongkai.sqlite3")
    src.backup(dst)
    dst.close()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GONGKAI_VAR_DIR": str(var),
        "GONGKAI_ALLOW_DEV_SECRET": "1",
        # Tasks the writes queue (search indexing) stay queued: only the writers write.
    }
    start = time.time() + 8  # every process imported and connected before the first write
    procs = [
        subprocess.Popen(  # noqa: S603 - our own interpreter
            [
                sys.executable,
                "-m",
                "gongkai.cli",
                "shell",
                "-c",
                WRITER % {"start": start, "writes": args.writes, "writer": n},
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for n in range(args.writers)
    ]
    done, failures = 0, Counter[str]()
    for proc in procs:
        out, _ = proc.communicate()
        for line in out.splitlines():
            if line.startswith("RESULT "):
                result = json.loads(line[7:])
                done += result["done"]
                failures.update(result["failures"])
    elapsed = time.time() - start
    print(
        json.dumps(
            {
                "writers": args.writers,
                "writes_each": args.writes,
                "writes_done": done,
                "failures": dict(failures),
                "database_is_locked": sum(n for k, n in failures.items() if "locked" in k),
                "seconds": round(elapsed, 1),
                "writes_per_s": round(done / elapsed, 1),
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
