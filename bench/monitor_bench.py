"""Website monitor benchmark (not a test): crawl throughput against a local site.

    .venv/bin/python bench/monitor_bench.py --pages 2000 --concurrency 8 [--seed 1]

Prints ONE JSON object:
  {"pages": N, "site": {...}, "runs": [{"mode": …, "concurrency": …, "rate": …, "seconds": …,
   "pages_per_s": …, "mb_per_s": …, "single_veto": […], "findings": …}, …],
   "classify": {"pages_per_s": …, "ms_per_page": …}}

The site is served on 127.0.0.1 by a ThreadingHTTPServer in a process of its own (never the
internet): a home page, 20 column pages, and article pages of about 4 KB of Chinese text each
(a third in GBK without a charset header, some with dates missing, 2 % injected with hidden
gambling links, 1 % of links dead). Runs:
  - "crawl": the crawler alone (fetch, decode, parse, links), no rate limit;
  - "inspect": the full inspection (crawl + spam/tamper detection on every page + the site
    checks), no rate limit, at `--concurrency` and at 1;
  - "inspect_polite": the same at the default per-host limit (10 requests/s), what a daily run
    of one site costs in wall time.
"classify" is `check_doc` alone on the parsed pages (one thread), for the CPU share.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import random
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("GONGKAI_ALLOW_DEV_SECRET", "1")

PHRASES = [
    "为进一步贯彻落实《中华人民共和国政府信息公开条例》", "按照市委、市政府的统一部署",
    "各乡镇人民政府、街道办事处，市直各单位", "现将有关事项通知如下", "切实加强组织领导",
    "福利彩票公益金安排用于养老服务", "开齐开足体育课，保证学生每天体育活动时间",
    "推进政务公开标准化规范化建设", "认真做好政策解读和回应关切", "请结合实际认真贯彻执行",
]  # fmt: skip
COLUMNS = [
    "要闻",
    "部门动态",
    "乡镇动态",
    "通知公告",
    "政策文件",
    "人事信息",
    "规划计划",
    "互动交流",
]


def build_site(pages: int, seed: int) -> dict[str, tuple[bytes, str]]:
    rng = random.Random(seed)
    site: dict[str, tuple[bytes, str]] = {}
    per_column = max(pages // 20, 1)
    nav = "".join(
        f"<li><a href='/c{n}/'>{COLUMNS[n % len(COLUMNS)]}{n}</a></li>" for n in range(20)
    )
    nav = f"<nav><ul><li><a href='/'>首页</a></li>{nav}</ul></nav>"
    home = []
    for c in range(20):
        rows = []
        for a in range(per_column):
            n = c * per_column + a
            day = f"2026-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}"
            day = "2026-06-29" if a == 0 else day
            rows.append(
                f"<li><a href='/c{c}/a{n}.html'>关于做好第{n}项工作的通知</a>"
                f"<span>{day}</span></li>"
            )
            text = "。".join(rng.choice(PHRASES) for _ in range(60))
            dated = "" if n % 25 == 0 else f"<p>发布时间：{day}</p>"
            extra = ""
            if n % 50 == 7:
                extra = (
                    "<div style='position:absolute;left:-9999px'>"
                    "<a href='http://bet365-casino.example.com/'>bet365娱乐城</a></div>"
                )
            if n % 100 == 3:
                extra += f"<a href='/c{c}/missing{n}.html'>附件</a>"
            body = f"{nav}<h1>关于做好第{n}项工作的通知</h1>{dated}<p>{text}</p>{extra}"
            page = f"<html><head><title>第{n}项工作</title></head><body>{body}</body></html>"
            if n % 3 == 0:  # GBK, no charset anywhere
                site[f"/c{c}/a{n}.html"] = (page.encode("gbk"), "text/html")
            else:
                site[f"/c{c}/a{n}.html"] = (page.encode(), "text/html; charset=utf-8")
            if a == 0:
                home.append(rows[-1])
        column = (
            f"<html><head><title>栏目{c}</title></head><body>{nav}<ul>{''.join(rows)}</ul>"
            "</body></html>"
        )
        site[f"/c{c}/"] = (column.encode(), "text/html; charset=utf-8")
    index = (
        f"<html><head><title>测试市人民政府</title></head><body>{nav}<ul>{''.join(home)}</ul>"
        "</body></html>"
    )
    site["/"] = (index.encode(), "text/html; charset=utf-8")
    return site


def serve(site: dict[str, tuple[bytes, str]], ready: Any, port: Any) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body in separate writes: no 40 ms stalls

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def handle(self) -> None:
            with contextlib.suppress(ConnectionResetError, BrokenPipeError):
                super().handle()

        def _send(self, body: bool) -> None:
            found = site.get(self.path)
            data, kind = found if found else (b"not found", "text/plain")
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

        def do_GET(self) -> None:
            self._send(True)

        def do_HEAD(self) -> None:
            self._send(False)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port.value = server.server_address[1]
    ready.set()
    server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--polite-pages", type=int, default=200, help="pages of the rate-limited run"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from datetime import date

    from gongkai.monitor.crawler import CrawlConfig, Crawler, crawl
    from gongkai.monitor.detect.classify import check_doc
    from gongkai.monitor.inspect import Inspection
    from gongkai.monitor.services.runs import scan

    site = build_site(args.pages, args.seed)
    ready = multiprocessing.Event()
    port = multiprocessing.Value("i", 0)
    server = multiprocessing.Process(target=serve, args=(site, ready, port), daemon=True)
    server.start()
    ready.wait(10)
    url = f"http://127.0.0.1:{port.value}/"
    total = len(site) + args.pages // 100  # pages and the dead links
    config: dict[str, Any] = {
        "max_pages": total + 10,
        "max_depth": 5,
        "max_per_shape": 100000,
        "check_external": False,
    }

    runs = []
    docs = []

    def timed(mode: str, concurrency: int, rate: float, limit: int | None = None) -> None:
        conf = CrawlConfig(concurrency=concurrency, per_host_per_second=rate, **config)  # type: ignore[arg-type]
        if limit:
            conf.max_pages = limit
        started = time.perf_counter()
        out: dict[str, Any] = {"mode": mode, "concurrency": concurrency, "rate": rate or "none"}
        if mode == "crawl":
            fetched = list(crawl(Crawler(url, conf)))
            seconds = time.perf_counter() - started
            docs.extend(f.doc for f in fetched if f.doc is not None)
            pages = len(fetched)
            size = sum(f.size for f in fetched)
        else:
            insp = Inspection(base_url=url, today=date(2026, 6, 30), own_site=False)
            report = scan(url, inspection=insp, config=conf)
            seconds = time.perf_counter() - started
            pages = len(insp.pages)
            size = sum(len(site.get(p.url[len(url) - 1 :], (b"", ""))[0]) for p in insp.pages)
            out["single_veto"] = report.single_veto
            out["findings"] = len(report.findings)
            out["compromised_pages"] = report.checks["tamper"]["compromised_pages"]
        out.update(
            pages=pages,
            seconds=round(seconds, 2),
            pages_per_s=round(pages / seconds, 1),
            mb_per_s=round(size / seconds / 1e6, 2),
        )
        runs.append(out)

    timed("crawl", args.concurrency, 0)
    timed("inspect", args.concurrency, 0)
    timed("inspect", 1, 0)
    timed("inspect_polite", args.concurrency, 10, limit=args.polite_pages)

    started = time.perf_counter()
    for doc in docs:
        check_doc(doc, url=doc.url)
    seconds = time.perf_counter() - started
    classify = {
        "pages": len(docs),
        "pages_per_s": round(len(docs) / seconds, 1),
        "ms_per_page": round(seconds / len(docs) * 1000, 2),
    }
    server.terminate()
    sizes = [len(b) for b, _ in site.values()]
    print(
        json.dumps(
            {
                "pages": args.pages,
                "site": {
                    "urls": len(site),
                    "mean_kb": round(sum(sizes) / len(sizes) / 1024, 1),
                    "cpus": os.cpu_count(),
                },
                "runs": runs,
                "classify": classify,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
