"""Where a cached portal page's time goes, in one process (not a test; prints a cProfile table).

    .venv/bin/python bench/portal_hit_profile.py [/item/1426/] [--var-dir var/bench] [-n 2000]

Calls `config.wsgi.application` directly (no gunicorn, no sockets) on the state directory the
portal benchmark filled (bench/portal_bench.py), first once to fill the cache, then N times,
printing the mean time per request and the 30 most expensive calls.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default="/")
    ap.add_argument("--var-dir", default=str(ROOT / "var" / "bench"))
    ap.add_argument("-n", type=int, default=2000)
    args = ap.parse_args()
    var = Path(args.var_dir).resolve()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        GONGKAI_VAR_DIR=str(var),
        GONGKAI_ALLOW_DEV_SECRET="1",  # noqa: S106 - a switch, not a password
        GONGKAI_SITE_FILE=str(var / "site.toml"),
    )
    sys.path.insert(0, str(ROOT))
    from config.wsgi import application

    def call() -> dict[str, Any]:
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": args.path, "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000",
            "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http",
            "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.errors": sys.stderr,
        }  # fmt: skip
        seen: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc: Any = None) -> Any:
            seen.update(status=status, headers=dict(headers))
            return lambda data: None

        b"".join(application(environ, start_response))
        return seen

    call()
    first = call()
    print(first["status"], "cache:", first["headers"].get("X-Gongkai-Cache", "miss"))
    start = time.perf_counter()
    for _ in range(args.n):
        call()
    print(f"per request: {(time.perf_counter() - start) / args.n * 1e6:.0f} µs")
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.n):
        call()
    profile.disable()
    pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
