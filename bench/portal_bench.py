"""Portal benchmark (not a test): public pages against a bare Django view, in one run.

    .venv/bin/python bench/portal_bench.py [--var-dir var/bench] [--duration 10]
        [--connections 16] [--threads 2] [--workers 2] [--page-cache on|off]

Starts the site as `make run` does (`gongkai migrate`, `collectstatic`, `gongkai demo
--if-empty`, then `gongkai serve`: gunicorn, the task worker and the scheduler) on its own
state directory, after running the queued tasks (`gongkai db_worker --batch`: the demo queues
an indexing task per item, which a running site has long done), and the bare view of
bench/bare_app.py with the same gunicorn command line (`serve.gunicorn_command`). Each page
is loaded with wrk (when installed; else a Python client with the same threads and
connections) for --duration seconds after one warm-up request; the bare view is loaded before
and after the pages and its mean is the yardstick.

"First request after a change": for each page, `gongkai pagecache bump structure` (what an
organ or column edit does; a publication makes fewer pages stale) and one timed GET, three
times; the median is printed as `first_after_change_ms`.

Prints ONE JSON object:
  {"tool": "wrk", "connections": 16, "threads": 2, "duration_s": 10, "workers": 2,
   "bare": {"requests_per_s": …, "p50_ms": …, "p99_ms": …, "errors": 0, "runs": [...]},
   "pages": {"item": {"url": …, "requests_per_s": …, "p50_ms": …, "p99_ms": …, "errors": 0,
                      "ratio": 0.62, "first_after_change_ms": …}, …},
   "goal": {"cached_ratio": 0.5, "search_ratio": 0.25, "p99_ms": 30},
   "met": {"item": true, …}}
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.core.management.commands.serve import gunicorn_command  # noqa: E402

SEARCH_PAGES = {"search", "search_phrase"}
GOAL = {"cached_ratio": 0.5, "search_ratio": 0.25, "p99_ms": 30.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 - our local server
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server at {url} did not come up")


def get(url: str) -> tuple[int, bytes, float]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as r:  # noqa: S310
        body = r.read()
        status = r.status
    return status, body, (time.perf_counter() - start) * 1000


# ---- load generators -------------------------------------------------------------------------

_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", text.strip())
    if not m:
        return float("nan")
    return float(m.group(1)) * _UNIT[m.group(2)]


def run_wrk(url: str, *, threads: int, connections: int, duration: int) -> dict[str, Any]:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url]
    out = subprocess.run(  # noqa: S603 - wrk from the PATH, our arguments
        command,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    pct = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        # Sync gunicorn workers close every connection; wrk counts a read of a closed
        # connection as a "read" error, which is not a failed request. Connects, writes and
        # timeouts are.
        errors += int(m.group(1)) + int(m.group(3)) + int(m.group(4))
    return {
        "requests_per_s": round(rps, 1),
        "p50_ms": round(_ms(pct.get("50", "nan")), 2),
        "p99_ms": round(_ms(pct.get("99", "nan")), 2),
        "errors": errors,
    }


def run_python(url: str, *, threads: int, connections: int, duration: int) -> dict[str, Any]:
    """The same load without wrk: `connections` threads, each asking in a loop."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def worker() -> None:
        nonlocal errors
        while time.monotonic() < stop:
            try:
                status, _, ms = get(url)
                ok = status == 200
            except OSError:
                ok, ms = False, 0.0
            with lock:
                if ok:
                    latencies.append(ms)
                else:
                    errors += 1

    pool = [threading.Thread(target=worker) for _ in range(connections)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 2)

    return {
        "requests_per_s": round(len(latencies) / duration, 1),
        "p50_ms": pct(0.5) if latencies else None,
        "p99_ms": pct(0.99) if latencies else None,
        "errors": errors,
    }


# ---- the site --------------------------------------------------------------------------------


def gongkai(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "gongkai.cli", *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def discover(base: str) -> dict[str, str]:
    """A page of each kind, found by following the demo site's own links."""
    home = get(base + "/")[1].decode()
    organ = re.search(r'href="(/organ/\d+/)"', get(base + "/organs/")[1].decode())
    if organ is None:
        raise SystemExit("no organ on /organs/")
    organ_html = get(base + organ.group(1))[1].decode()
    column = re.search(r'href="(/column/\d+/)"', organ_html)
    item = re.search(r'href="(/item/\d+/)"', home)
    if column is None or item is None:
        raise SystemExit("no column or item link")
    organ_id = organ.group(1).strip("/").split("/")[1]
    return {
        "home": "/",
        "item": item.group(1),
        "organs": "/organs/",
        "organ": organ.group(1),
        "column": column.group(1),
        "guide": f"/organ/{organ_id}/guide/",
        "browse": "/browse/",
        "policies": "/policies/",
        "site_rss": "/rss/",
        "organ_atom": f"/organ/{organ_id}/atom/",
        "sitemap": "/sitemap.xml",
        "search": "/search/?q=%E5%B0%B1%E4%B8%9A",  # 就业
        "search_phrase": "/search/?q=%E5%AE%89%E5%85%A8%E7%94%9F%E4%BA%A7",  # 安全生产
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--var-dir", default=str(ROOT / "var" / "bench"))
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--page-cache", choices=["on", "off"], default="on")
    ap.add_argument("--only", nargs="*", help="page names to load (default: all)")
    args = ap.parse_args()

    var = Path(args.var_dir).resolve()
    var.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GONGKAI_VAR_DIR": str(var),
        "GONGKAI_ALLOW_DEV_SECRET": "1",
        "GONGKAI_SITE_FILE": str(var / "site.toml"),
        "GONGKAI_PAGE_CACHE": "1" if args.page_cache == "on" else "0",
    }
    gongkai(env, "migrate", "--noinput")
    gongkai(env, "collectstatic", "--noinput", "-v0")
    gongkai(env, "demo", "--if-empty")
    # A site that has been running has indexed what it published: run the queued indexing
    # tasks (the demo queues one per item) before measuring, as the worker would have.
    gongkai(env, "db_worker", "--batch", "--no-startup-delay")
    gongkai(env, "pagecache", "clear")

    port, bare_port = free_port(), free_port()
    site = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gongkai.cli", "serve", "--port", str(port),
         "--workers", str(args.workers)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    bare_cmd = [
        *gunicorn_command(
            "bare_app:application", host="127.0.0.1", port=bare_port, workers=args.workers
        ),
        *("--pythonpath", str(ROOT / "bench")),
    ]
    bare = subprocess.Popen(  # noqa: S603
        bare_cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base, bare_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{bare_port}/"
    load = run_wrk if shutil.which("wrk") else run_python
    opts = {"threads": args.threads, "connections": args.connections, "duration": args.duration}
    try:
        wait_until_up(base + "/")
        wait_until_up(bare_url)
        pages = discover(base)
        if args.only:
            pages = {k: v for k, v in pages.items() if k in args.only}
        bare_runs = [load(bare_url, **opts)]
        results: dict[str, dict[str, Any]] = {}
        for name, path in pages.items():
            url = base + path
            status, _, _ = get(url)  # warm-up: the first render fills the cache
            if status != 200:
                raise SystemExit(f"{url}: {status}")
            results[name] = {"url": path, **load(url, **opts)}
        bare_runs.append(load(bare_url, **opts))
        for name, path in pages.items():
            times = []
            for _ in range(3):
                gongkai(env, "pagecache", "bump", "structure")
                times.append(get(base + path)[2])
            results[name]["first_after_change_ms"] = round(statistics.median(times), 1)
    finally:
        for proc in (site, bare):
            proc.terminate()
        for proc in (site, bare):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()

    bare_rps = statistics.mean(r["requests_per_s"] for r in bare_runs)
    met = {}
    for name, r in results.items():
        r["ratio"] = round(r["requests_per_s"] / bare_rps, 3)
        target = GOAL["search_ratio"] if name in SEARCH_PAGES else GOAL["cached_ratio"]
        met[name] = bool(
            r["ratio"] >= target and r["errors"] == 0 and r["p99_ms"] <= GOAL["p99_ms"]
        )
    print(
        json.dumps(
            {
                "tool": load.__name__.removeprefix("run_"),
                "page_cache": args.page_cache,
                **opts,
                "workers": args.workers,
                "cpus": os.cpu_count(),
                "bare": {
                    "requests_per_s": round(bare_rps, 1),
                    "p50_ms": bare_runs[-1]["p50_ms"],
                    "p99_ms": bare_runs[-1]["p99_ms"],
                    "errors": sum(r["errors"] for r in bare_runs),
                    "runs": bare_runs,
                },
                "pages": results,
                "goal": GOAL,
                "met": met,
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
