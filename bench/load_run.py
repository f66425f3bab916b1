"""Mixed load against the site as `make run` serves it (not a test; prints JSON).

    .venv/bin/python bench/load_run.py [--var-dir var/bench] [--seconds 60] [--clients 16]

The site is prepared and started as in bench/portal_bench.py (migrate, collectstatic, the demo
when empty, the queued tasks run, then `gongkai serve`: gunicorn with 2 workers, the task worker
and the scheduler). Then `--clients` threads, each a citizen with its own cookies, loop for
`--seconds` over a mix:
  70 %  portal pages (home, an item, a column, an organ, browse, the 政策文件库, a feed),
  15 %  search with one of 20 common words,
  10 %  the 查询码 status page (GET, then a lookup with a wrong code: answered, then limited),
Each client connects from a loopback address of its own (127.0.0.100 + n), as citizens do.
   5 %  an application through the public form (GET the form, wait out the minimum fill time
        on the client's clock, POST with a valid ID number and the form's tokens).
Each request counts in its kind: requests, p50/p99 latency, errors (5xx, refused or reset
connections, timeouts: the target is zero) and `limited` (the form's or the lookup's rate limit
answered as designed: a 429, or the form redisplayed with the limit's message). For submits,
`accepted` counts the redirects to the receipt and the script checks afterwards that each
accepted application is in the database with its 查询码 (none lost).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from portal_bench import discover, free_port, gongkai, wait_until_up  # noqa: E402

from gongkai.core.identifiers import resident_id_check_char  # noqa: E402

WORDS = [
    *("就业", "补贴", "安全生产", "预算", "决算", "通知", "公告", "教育", "医疗", "住房"),
    *("交通", "环境", "农业", "民政", "统计", "规划", "招聘", "年度报告", "政策解读", "养老"),
]


def resident_id(rng: random.Random) -> str:
    first17 = f"110105{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    first17 += f"{rng.randint(0, 999):03d}"
    return first17 + resident_id_check_char(first17)


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_kind: dict[str, dict[str, Any]] = {}
        self.receipts: list[str] = []

    def add(self, kind: str, ms: float, *, error: bool = False, limited: bool = False) -> None:
        with self.lock:
            row = self.by_kind.setdefault(
                kind, {"latencies": [], "errors": 0, "limited": 0, "accepted": 0}
            )
            row["latencies"].append(ms)
            row["errors"] += int(error)
            row["limited"] += int(limited)


class FromAddress(urllib.request.HTTPHandler):
    """Connect from a given loopback address: each simulated citizen has an address of their
    own, as real citizens do (the form's per-address limit then applies per citizen)."""

    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def http_open(self, req: urllib.request.Request) -> Any:
        def connect(host: str, **kw: Any) -> http.client.HTTPConnection:
            return http.client.HTTPConnection(host, source_address=(self.address, 0), **kw)

        return self.do_open(connect, req)


class Client:
    def __init__(
        self, base: str, stats: Stats, rng: random.Random, min_fill: float, address: str
    ) -> None:
        self.base, self.stats, self.rng, self.min_fill = base, stats, rng, min_fill
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            FromAddress(address), urllib.request.HTTPCookieProcessor(self.jar)
        )
        self.form: tuple[float, str, str] | None = None  # fetched at, url, html

    def request(
        self, kind: str, path: str, data: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(  # noqa: S310 - our local server
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        start = time.perf_counter()
        try:
            with self.opener.open(req, timeout=30) as r:
                status, text, url = r.status, r.read().decode(), r.geturl()
        except urllib.error.HTTPError as e:
            status, text, url = e.code, e.read().decode(errors="replace"), path
        except OSError:
            self.stats.add(kind, (time.perf_counter() - start) * 1000, error=True)
            return 0, "", ""
        ms = (time.perf_counter() - start) * 1000
        limited = status == 429 or "过于频繁" in text
        self.stats.add(kind, ms, error=status >= 500, limited=limited)
        return status, text, url

    def page(self, pages: list[str]) -> None:
        self.request("page", self.rng.choice(pages))

    def search(self) -> None:
        self.request("search", "/search/?q=" + urllib.parse.quote(self.rng.choice(WORDS)))

    def status(self) -> None:
        self.request("status", "/apply/status/")
        code = "".join(self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))
        token = self._csrf()
        self.request(
            "status",
            "/apply/status/",
            {"csrfmiddlewaretoken": token, "code": code, "tail": "1234"},
        )

    def _csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return str(cookie.value)
        return ""

    def submit(self, form_url: str) -> None:
        if self.form is None:
            status, html, _ = self.request("submit", form_url)
            if status == 200:
                self.form = (time.monotonic(), form_url, html)
            return
        fetched, url, html = self.form
        if time.monotonic() - fetched < self.min_fill + 0.5:
            return  # a citizen is still filling it in
        self.form = None
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
        rng = self.rng
        data = {
            **fields,
            "applicant_type": "natural",
            "name": rng.choice("王李张刘陈杨赵黄周吴") + rng.choice(["晓明", "丽华", "建国", "芳"]),
            "id_type": "resident_id",
            "id_number": resident_id(rng),
            "phone": f"139{rng.randint(10000000, 99999999)}",
            "email": "",
            "address": f"岚川市人民路{rng.randint(1, 999)}号",
            "description": f"{rng.randint(2020, 2025)}年度{rng.choice(WORDS)}有关信息",
            "info_form": "electronic",
            "delivery": "online",
            "website": "",
        }
        status, text, final = self.request("submit", url, data)
        if "/apply/receipt/" in final or "/apply/done/" in final:
            with self.stats.lock:
                self.stats.by_kind["submit"]["accepted"] += 1
                if m := re.search(r'id="query-code">([^<]+)<', text):
                    self.stats.receipts.append(m.group(1))


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(len(values) * p))], 1) if values else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--var-dir", default=str(ROOT / "var" / "bench"))
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    var = Path(args.var_dir).resolve()
    var.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GONGKAI_VAR_DIR": str(var),
        "GONGKAI_ALLOW_DEV_SECRET": "1",
        "GONGKAI_SITE_FILE": str(var / "site.toml"),
    }
    gongkai(env, "migrate", "--noinput")
    gongkai(env, "collectstatic", "--noinput", "-v0")
    gongkai(env, "demo", "--if-empty")
    gongkai(env, "db_worker", "--batch", "--no-startup-delay")
    port = free_port()
    site = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gongkai.cli", "serve", "--port", str(port)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    stats = Stats()
    try:
        wait_until_up(base + "/")
        found = discover(base)
        pages = [found[k] for k in ("home", "item", "column", "organ", "browse", "policies")]
        pages.append(found["site_rss"])
        index = urllib.request.urlopen(base + "/apply/", timeout=30).read().decode()  # noqa: S310
        forms = sorted(set(re.findall(r'href="(/apply/organ/\d+/)"', index)))
        stop = time.monotonic() + args.seconds

        def run(n: int) -> None:
            rng = random.Random(args.seed * 1000 + n)
            client = Client(base, stats, rng, min_fill=4.0, address=f"127.0.0.{100 + n}")
            form_url = rng.choice(forms)
            while time.monotonic() < stop:
                roll = rng.random()
                if roll < 0.70:
                    client.page(pages)
                elif roll < 0.85:
                    client.search()
                elif roll < 0.95:
                    client.status()
                else:
                    client.submit(form_url)

        threads = [threading.Thread(target=run, args=(n,)) for n in range(args.clients)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        site.terminate()
        try:
            site.wait(timeout=20)
        except subprocess.TimeoutExpired:
            site.kill()

    # None lost: every accepted application is stored with the 查询码 its receipt showed.
    db = sqlite3.connect(var / "gongkai.sqlite3")
    stored = {row[0] for row in db.execute("SELECT query_code FROM applications_application")}
    lost = [code for code in stats.receipts if code not in stored]
    total = sum(len(r["latencies"]) for r in stats.by_kind.values())
    print(
        json.dumps(
            {
                "seconds": round(elapsed, 1),
                "clients": args.clients,
                "requests": total,
                "requests_per_s": round(total / elapsed, 1),
                "errors": sum(r["errors"] for r in stats.by_kind.values()),
                "kinds": {
                    kind: {
                        "requests": len(r["latencies"]),
                        "p50_ms": pct(r["latencies"], 0.5),
                        "p99_ms": pct(r["latencies"], 0.99),
                        "errors": r["errors"],
                        "limited": r["limited"],
                        **({"accepted": r["accepted"]} if kind == "submit" else {}),
                    }
                    for kind, r in sorted(stats.by_kind.items())
                },
                "receipts_checked": len(stats.receipts),
                "lost_applications": len(lost),
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
