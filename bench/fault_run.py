"""kill -9 in the middle of publishing and of application submits, then restart (not a test).

    .venv/bin/python bench/fault_run.py [--source-var var/bench] [--items 300] [--clients 8]

Works on a copy of the portal benchmark's state (bench/portal_bench.py fills it with the demo)
in a directory of its own, on SQLite (the embedded default, the one most exposed to a torn write).

1. Publishing: `--items` drafts of one organ are taken to 待签发 and scheduled for release a few
   seconds ahead; `gongkai release_scheduled` (the worker's release task) is started and killed
   with SIGKILL while it publishes; then run again to completion. Checked: every item is
   published exactly once (one release or publish audit event each; an item whose preparation
   ended after its time is published at once by 签发), every published item has its 索引号
   and the 索引号 are unique; none is left between states.
2. Application submits: `gongkai serve` runs; `--clients` citizens (each from its own loopback
   address 127.0.0.x, as different citizens are) fill the public form and submit; the whole
   serve process group (gunicorn master and workers, task worker, scheduler) is killed with
   SIGKILL while they do; then restarted, and the citizens submit again. Checked: every
   submission that was answered with the done page is stored with the 查询码 it showed; every
   stored application has its 查询码 and 申请编号, the 申请编号 are unique, and each has one
   registration in the audit log; after the restart the queue has no task left RUNNING for
   longer than the recovery allows.
Prints ONE JSON object with the counts.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from load_run import resident_id  # noqa: E402
from portal_bench import free_port, wait_until_up  # noqa: E402

PREPARE = """
from datetime import timedelta
from django.db import transaction
from django.utils import timezone
from gongkai.catalog.models import Column
from gongkai.catalog.services import workflow
from gongkai.catalog.services.items import ItemFields, item_create
from gongkai.orgs.models import Membership, Organ, Role
organ = Organ.objects.filter(
    columns__code="policy", memberships__role=Role.EDITOR).order_by("pk").first()
users = {m.role: m.user for m in Membership.objects.filter(organ=organ)}
editor = users.get(Role.EDITOR); approver = users.get(Role.APPROVER)
secrecy = users.get(Role.SECRECY) or approver; reviewer = users.get(Role.REVIEWER) or approver
column = Column.objects.get(organ=organ, code="policy")
at = timezone.now() + timedelta(seconds=%(ahead)d)
for n in range(%(items)d):
    item = item_create(actor=editor, organ=organ, column=column, fields=ItemFields(
        title=f"故障演练定时发布信息第{n + 1}号", body="<p>故障演练。</p>",
        formed_on=timezone.localdate())).item
    item = workflow.item_submit(actor=editor, item=item)
    if item.organ.review_step:
        item = workflow.item_approve_review(actor=reviewer, item=item)
    for f in item.findings.all():
        workflow.finding_acknowledge(actor=secrecy, finding=f)
    item = workflow.item_pass_secrecy(actor=secrecy, item=item, opinion="同意公开。")
    workflow.item_publish(actor=approver, item=item, at=at)
print(organ.pk)
"""


def run_gongkai(env: dict[str, str], *args: str, check: bool = True) -> str:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "gongkai.cli", *args],
        env=env, cwd=ROOT, check=check, capture_output=True, text=True,
    ).stdout  # fmt: skip


def publishing(env: dict[str, str], db: Path, items: int) -> dict[str, Any]:
    ahead = 10 + items // 4  # preparing takes a while (about 0.1-0.2 s an item here)
    run_gongkai(env, "shell", "-c", PREPARE % {"items": items, "ahead": ahead})
    con = sqlite3.connect(db)
    while con.execute(
        "SELECT COUNT(*) FROM catalog_item WHERE title LIKE ? AND status='scheduled' "
        "AND scheduled_for > strftime('%Y-%m-%d %H:%M:%f', 'now')",
        ("故障演练定时发布信息第%",),
    ).fetchone()[0]:
        time.sleep(0.2)
    proc = subprocess.Popen(
        [sys.executable, "-m", "gongkai.cli", "release_scheduled"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    title = "故障演练定时发布信息第%"
    published_at_kill = 0
    for _ in range(600):  # kill once some, not all, are published
        published_at_kill = con.execute(
            "SELECT COUNT(*) FROM catalog_item WHERE title LIKE ? AND status='published'",
            (title,),
        ).fetchone()[0]
        if published_at_kill >= items // 4 or proc.poll() is not None:
            break
        time.sleep(0.02)
    killed_mid_run = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    run_gongkai(env, "release_scheduled")
    rows = con.execute(
        "SELECT id, status, index_number FROM catalog_item WHERE title LIKE ?", (title,)
    ).fetchall()
    numbers = [r[2] for r in rows if r[2]]
    ids = [r[0] for r in rows]
    releases = dict(
        con.execute(
            "SELECT object_id, COUNT(*) FROM core_auditevent "
            "WHERE action IN ('item.release', 'item.publish') GROUP BY object_id"
        ).fetchall()
    )
    return {
        "items": len(rows),
        "killed_mid_run": killed_mid_run,
        "published_when_killed": published_at_kill,
        "published_after_restart": sum(1 for r in rows if r[1] == "published"),
        "not_published": sum(1 for r in rows if r[1] != "published"),
        "published_without_index_number": sum(1 for r in rows if r[1] == "published" and not r[2]),
        "duplicate_index_numbers": len(numbers) - len(set(numbers)),
        "items_not_published_exactly_once": sum(
            1 for i in ids if releases.get(str(i), releases.get(i, 0)) != 1
        ),
    }


class Citizen(threading.Thread):
    def __init__(self, n: int, port: int, forms: list[str], stop: threading.Event) -> None:
        super().__init__()
        self.address = f"127.0.0.{n + 10}"
        self.port, self.forms, self.stop = port, forms, stop
        self.rng = random.Random(n)
        self.accepted: list[str] = []
        self.failed = 0

    def _request(
        self, method: str, path: str, body: str = "", cookies: str = ""
    ) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.address, 0)
        )
        headers = {"Cookie": cookies, "Referer": f"http://127.0.0.1:{self.port}{path}"}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body or None, headers=headers)
        r = conn.getresponse()
        data = r.read().decode(errors="replace")
        conn.close()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.submit_once()
            except OSError:
                self.failed += 1
                time.sleep(0.5)

    def submit_once(self) -> None:
        form = self.rng.choice(self.forms)
        status, headers, html = self._request("GET", form)
        cookie = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", ""))
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
        time.sleep(4.5)  # the form's minimum fill time
        data = {
            **fields,
            "applicant_type": "natural", "name": "演练申请人", "id_type": "resident_id",
            "id_number": resident_id(self.rng), "phone": f"139{self.rng.randint(10**7, 10**8 - 1)}",
            "address": "岚川市人民路1号", "description": "故障演练申请的政府信息",
            "info_form": "electronic", "delivery": "online", "website": "", "email": "",
        }  # fmt: skip
        jar = f"csrftoken={cookie.group(1)}" if cookie else ""
        status, headers, _ = self._request("POST", form, urllib.parse.urlencode(data), jar)
        session = re.search(r"sessionid=([^;]+)", headers.get("set-cookie", ""))
        if status == 302 and "/apply/done/" in headers.get("location", "") and session:
            _, _, done = self._request(
                "GET", "/apply/done/", cookies=f"sessionid={session.group(1)}"
            )
            if m := re.search(r'id="query-code">([^<]+)<', done):
                self.accepted.append(m.group(1))


def start_site(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gongkai.cli", "serve", "--port", str(port)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: one SIGKILL takes every process
    )  # fmt: skip


def submits(env: dict[str, str], db: Path, clients: int) -> dict[str, Any]:
    port = free_port()
    site = start_site(env, port)
    wait_until_up(f"http://127.0.0.1:{port}/apply/")
    with urllib_open(f"http://127.0.0.1:{port}/apply/") as index:
        forms = sorted(set(re.findall(r'href="(/apply/organ/\d+/)"', index)))
    before = (
        sqlite3.connect(db).execute("SELECT COUNT(*) FROM applications_application").fetchone()[0]
    )
    stop = threading.Event()
    citizens = [Citizen(n, port, forms, stop) for n in range(clients)]
    for c in citizens:
        c.start()
    time.sleep(12)
    os.killpg(site.pid, signal.SIGKILL)  # mid-burst: gunicorn, its workers, the task worker
    site.wait()
    time.sleep(2)
    site = start_site(env, port)
    wait_until_up(f"http://127.0.0.1:{port}/apply/")
    time.sleep(12)
    stop.set()
    for c in citizens:
        c.join()
    time.sleep(3)  # let the restarted worker pick up what was queued
    os.killpg(site.pid, signal.SIGTERM)
    site.wait()
    con = sqlite3.connect(db)
    codes = {r[0] for r in con.execute("SELECT query_code FROM applications_application")}
    refs = [
        r[0]
        for r in con.execute("SELECT reference FROM applications_application WHERE reference != ''")
    ]
    accepted = [code for c in citizens for code in c.accepted]
    rows = con.execute(
        "SELECT id, query_code, reference FROM applications_application ORDER BY id"
    ).fetchall()
    registered = dict(
        con.execute(
            "SELECT object_id, COUNT(*) FROM core_auditevent WHERE action IN "
            "('application.register', 'application.register_unconfirmed') GROUP BY object_id"
        ).fetchall()
    )
    new_rows = rows[before:]
    running = con.execute(
        "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status='RUNNING'"
    ).fetchone()[0]
    return {
        "clients": clients,
        "submissions_accepted": len(accepted),
        "connection_failures_during_kill": sum(c.failed for c in citizens),
        "accepted_but_not_stored": sum(1 for code in accepted if code not in codes),
        "stored_new": len(rows) - before,
        "without_code_or_reference": sum(1 for r in new_rows if not r[1] or not r[2]),
        "duplicate_references": len(refs) - len(set(refs)),
        "new_without_one_registration": sum(
            1 for r in new_rows if registered.get(str(r[0]), registered.get(r[0], 0)) != 1
        ),
        "tasks_left_running": running,
    }


class urllib_open:  # noqa: N801 - a tiny context manager reading a page
    def __init__(self, url: str) -> None:
        import urllib.request

        self.response = urllib.request.urlopen(url, timeout=30)  # noqa: S310

    def __enter__(self) -> str:
        return str(self.response.read().decode())

    def __exit__(self, *exc: Any) -> None:
        self.response.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source-var", default=str(ROOT / "var" / "bench"))
    ap.add_argument("--var-dir", default=str(ROOT / "var" / "faults"))
    ap.add_argument("--items", type=int, default=300)
    ap.add_argument("--clients", type=int, default=8)
    args = ap.parse_args()
    source, var = Path(args.source_var).resolve(), Path(args.var_dir).resolve()
    if not (source / "gongkai.sqlite3").exists():
        raise SystemExit(f"{source} 中没有数据库：先运行 bench/portal_bench.py")
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    src = sqlite3.connect(source / "gongkai.sqlite3")
    dst = sqlite3.connect(var / "gongkai.sqlite3")
    src.backup(dst)  # a consistent copy, WAL included
    dst.close()
    for name in ("media", "site.toml"):
        if (source / name).is_dir():
            shutil.copytree(source / name, var / name)
        elif (source / name).exists():
            shutil.copy(source / name, var / name)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GONGKAI_VAR_DIR": str(var),
        "GONGKAI_ALLOW_DEV_SECRET": "1",
        "GONGKAI_SITE_FILE": str(var / "site.toml"),
    }
    run_gongkai(env, "collectstatic", "--noinput", "-v0")
    db = var / "gongkai.sqlite3"
    result = {
        "publishing": publishing(env, db, args.items),
        "application_submits": submits(env, db, args.clients),
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
