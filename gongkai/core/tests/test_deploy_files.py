"""deploy/ (issue 16 §1): the systemd units run real `gongkai` commands with the production
settings, nginx proxies to the socket gunicorn binds, logrotate accepts its file, and gunicorn
started as the web unit starts it serves the site with the production headers."""

from __future__ import annotations

import configparser
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import get_commands

from gongkai.core.conf import GongkaiSettings

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def _unit(path: Path) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    # systemd continues a line with a trailing backslash.
    parser.read_string(path.read_text(encoding="utf-8").replace("\\\n", " "))
    return parser


def _env_example() -> dict[str, str]:
    lines = (DEPLOY / "gongkai.env.example").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def test_every_unit_runs_a_real_command_with_the_production_settings() -> None:
    assert {p.stem for p in UNITS} >= {
        "gongkai-web",
        "gongkai-worker",
        "gongkai-scheduler",
        "gongkai-backup",
    }
    commands = get_commands()
    for path in UNITS:
        service = _unit(path)["Service"]
        assert service["EnvironmentFile"] == "/etc/gongkai/gongkai.env", path.name
        assert service["User"] == "gongkai" and service.get("NoNewPrivileges") == "true"
        exec_start = service["ExecStart"].split()
        program = Path(exec_start[0]).name
        if program == "gongkai":
            assert exec_start[1] in commands, f"{path.name}: gongkai {exec_start[1]}"
        else:
            assert program == "gunicorn" and "config.wsgi:application" in exec_start
            assert "python:config.gunicorn" in exec_start
    assert (DEPLOY / "systemd/gongkai-backup.timer").is_file()


def test_the_env_file_names_the_production_settings_and_known_variables() -> None:
    env = _env_example()
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    declared = {f.metadata["env"] for f in GongkaiSettings.__dataclass_fields__.values()}
    settings_text = "".join(
        (ROOT / f"config/settings/{m}.py").read_text(encoding="utf-8")
        for m in ("base", "production")
    )
    unknown = [
        k for k in env if k.startswith("GONGKAI_") and k not in declared and k not in settings_text
    ]
    assert unknown == []


def test_nginx_proxies_to_the_web_socket_and_says_https() -> None:
    conf = (DEPLOY / "nginx/gongkai.conf").read_text(encoding="utf-8")
    web = _unit(DEPLOY / "systemd/gongkai-web.service")["Service"]["ExecStart"]
    socket_path = re.search(r"--bind unix:(\S+)", web)
    assert socket_path and f"server unix:{socket_path.group(1)}" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "proxy_set_header Host $host;" in conf
    body = re.search(r"client_max_body_size (\d+)m;", conf)
    assert body and int(body.group(1)) > GongkaiSettings().MAX_UPLOAD_MB
    assert "return 301 https://" in conf


@pytest.mark.skipif(shutil.which("logrotate") is None, reason="logrotate not installed")
def test_logrotate_accepts_its_file(tmp_path: Path) -> None:
    done = subprocess.run(  # noqa: S603 - fixed arguments
        ["logrotate", "-d", "-s", str(tmp_path / "state"), str(DEPLOY / "logrotate/gongkai")],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "error:" not in done.stderr.lower()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_gunicorn_serves_the_production_settings(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update(
        {
            k: v
            for k, v in _env_example().items()
            if not k.startswith(("GONGKAI_DATABASE", "GONGKAI_CACHE"))
        }
    )
    env.update(
        GONGKAI_SECRET_KEY=secrets.token_urlsafe(64),
        GONGKAI_VAR_DIR=str(tmp_path),
        GONGKAI_MEDIA_ROOT=str(tmp_path / "media"),
        GONGKAI_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        GONGKAI_SEARCH_BACKEND="dummy",
    )
    # collectstatic as the install does: production serves hashed static files.
    collect = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert collect.returncode == 0, collect.stderr
    web = _unit(DEPLOY / "systemd/gongkai-web.service")["Service"]["ExecStart"].split()
    args = web[web.index("config.wsgi:application") :]
    args[args.index("--bind") + 1] = f"127.0.0.1:{port}"
    args[args.index("--workers") + 1] = "1"
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and the unit's arguments
        [sys.executable, "-m", "gunicorn", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/office/login/"
        host = env["GONGKAI_ALLOWED_HOSTS"].split(",")[0]
        opener = urllib.request.build_opener(_NoRedirect)
        secure = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})
        status, headers, body = 0, {}, ""
        for _ in range(120):
            try:
                with opener.open(secure, timeout=5) as response:
                    status, headers = response.status, dict(response.headers)
                    body = response.read().decode()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        assert status == 200, "gunicorn did not answer"
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "/static/css/" in body
        plain = urllib.request.Request(url, headers={"Host": host})
        with pytest.raises(urllib.error.HTTPError) as caught:
            opener.open(plain, timeout=5)
        caught.value.close()
        assert caught.value.code == 301
        assert caught.value.headers["Location"] == f"https://{host}/office/login/"
    finally:
        server.terminate()
        server.wait(timeout=30)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
