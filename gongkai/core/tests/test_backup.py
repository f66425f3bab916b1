"""`gongkai backup` / `gongkai restore` (issue 16 §1): an instance with data is backed up and
restored into an EMPTY instance (its own database and media directory), and the two compare
equal row for row and file for file; a non-empty instance and corrupt archives are refused with
a Chinese message, leaving the instance as it was.

Everything runs as the operator would: the `gongkai` commands in subprocesses, each instance
with its own database (SQLite files; on PostgreSQL, databases created and dropped here) and its
own GONGKAI_VAR_DIR / GONGKAI_MEDIA_ROOT.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
PG_URL = os.environ.get("GONGKAI_DATABASE_URL", "")
ON_POSTGRES = PG_URL.startswith(("postgres://", "postgresql://"))

DATA_SCRIPT = r"""
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from gongkai.catalog.models import Column
from gongkai.catalog.services.items import ItemFields, attachment_add, item_create
from gongkai.core.identifiers import make_org_code, make_uscc
from gongkai.core.security_models import StaffTOTP
from gongkai.orgs.models import Membership, Organ
from gongkai.orgs.services import organ_create
from datetime import date
import struct, zlib

def png(shade):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    raw = b"".join(b"\x00" + bytes([shade, 40, 90]) * 8 for _ in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))

code = make_org_code("70000001")
organ = organ_create(actor=None, organ=Organ(
    name="岚川市人力资源和社会保障局", kind=Organ.Kind.DEPARTMENT, level=Organ.Level.CITY,
    org_code=code, credit_code=make_uscc(registration="11", division="330100", org_code9=code),
    gio_name="办公室", gio_phone="0571-12345678", review_step=False))
User = get_user_model()
editor = User.objects.create_user("li.na", password="Lanchuan-2026", first_name="李娜")
Membership.objects.create(user=editor, organ=organ, role="editor")
StaffTOTP.objects.create(user=editor, secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", last_step=7)
group = Group.objects.create(name="审计员")
group.permissions.add(Permission.objects.get(codename="view_auditevent"))
editor.groups.add(group)
column = Column.objects.get(organ=organ, code="policy")
for n in range(3):
    item = item_create(actor=editor, organ=organ, column=column, fields=ItemFields(
        title=f"关于做好第{n + 1}批就业补贴申领工作的通知", formed_on=date(2026, 3, 2),
        body="<p>各有关单位：现就就业补贴申领工作通知如下。</p>")).item
    attachment_add(actor=editor, item=item, name=f"附件{n + 1}.png", data=png(60 * n))
print("OK")
"""


@dataclass
class Instance:
    name: str
    var: Path
    url: str

    @property
    def media(self) -> Path:
        return self.var / "media"

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("GONGKAI_") and k != "DJANGO_SETTINGS_MODULE"
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            GONGKAI_ALLOW_DEV_SECRET="1",
            GONGKAI_VAR_DIR=str(self.var),
            GONGKAI_MEDIA_ROOT=str(self.media),
            GONGKAI_DATABASE_URL=self.url,
            GONGKAI_TASKS_IMMEDIATE="1",
            GONGKAI_SEARCH_BACKEND="database",
        )
        return env

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
            [sys.executable, *args],
            capture_output=True,
            text=True,
            env=self.env(),
            cwd=ROOT,
            timeout=600,
            check=False,
        )

    def gongkai(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("-m", "gongkai.cli", *args, "--skip-checks")


def _pg_admin(sql: str) -> None:
    import psycopg

    base = PG_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(base.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(scope="module")
def instances(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Instance]]:
    prefix = os.environ.get("GONGKAI_TEST_DATABASE_NAME", "test_gongkai") + "_backup"
    made: dict[str, Instance] = {}
    for name in ("a", "b", "c"):
        var = tmp_path_factory.mktemp(f"instance_{name}")
        if ON_POSTGRES:
            db = f"{prefix}_{name}"
            _pg_admin(f'DROP DATABASE IF EXISTS "{db}"')
            _pg_admin(f'CREATE DATABASE "{db}"')
            url = PG_URL.rsplit("/", 1)[0] + "/" + db
        else:
            url = f"sqlite:///{var / 'gongkai.sqlite3'}"
        made[name] = Instance(name, var, url)
    yield made
    if ON_POSTGRES:
        for name in made:
            _pg_admin(f'DROP DATABASE IF EXISTS "{prefix}_{name}"')


def _clone_empty(source: Instance, target: Instance) -> None:
    """Copy a freshly migrated instance (cheaper than a second `migrate`)."""
    if ON_POSTGRES:
        target_db = target.url.rsplit("/", 1)[1]
        _pg_admin(f'DROP DATABASE IF EXISTS "{target_db}"')
        _pg_admin(f'CREATE DATABASE "{target_db}" TEMPLATE "{source.url.rsplit("/", 1)[1]}"')
    else:
        for suffix in ("", "-wal"):
            if (source.var / f"gongkai.sqlite3{suffix}").exists():
                shutil.copyfile(
                    source.var / f"gongkai.sqlite3{suffix}", target.var / f"gongkai.sqlite3{suffix}"
                )


@pytest.fixture(scope="module")
def backed_up(instances: dict[str, Instance]) -> Path:
    a, c = instances["a"], instances["c"]
    done = a.gongkai("migrate", "-v0")
    assert done.returncode == 0, done.stderr
    _clone_empty(a, c)  # C: a migrated, empty instance (for the corrupt archives)
    done = a.run("-c", DATA_SCRIPT)
    assert done.returncode == 0 and "OK" in done.stdout, done.stderr
    archive = a.var / "a.tar.gz"
    done = a.gongkai("backup", str(archive))
    assert done.returncode == 0, done.stderr
    assert "已备份到" in done.stdout and archive.is_file()
    assert not archive.with_name(archive.name + ".part").exists()
    return archive


def _members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {
            m.name: tar.extractfile(m).read()  # type: ignore[union-attr]
            for m in tar.getmembers()
            if m.isfile()
        }


def _rows(archive: Path) -> list[str]:
    return sorted(_members(archive)["database.jsonl"].decode().splitlines())


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_restore_into_an_empty_instance_compares_equal(
    instances: dict[str, Instance], backed_up: Path
) -> None:
    a, b = instances["a"], instances["b"]
    done = b.gongkai("restore", str(backed_up))
    assert done.returncode == 0, done.stderr
    assert "恢复完成" in done.stdout
    # Files: the same names and bytes.
    assert _files(b.media) == _files(a.media) and len(_files(a.media)) == 3
    # Rows: a backup of the restored instance holds exactly the rows of the original.
    again = b.var / "b.tar.gz"
    assert b.gongkai("backup", str(again)).returncode == 0
    original, restored = _rows(backed_up), _rows(again)
    assert restored == original
    manifest = json.loads(_members(backed_up)["manifest.json"])
    assert manifest["counts"]["orgs.organ"] == 1 and manifest["counts"]["catalog.item"] == 3
    assert manifest["counts"]["core.auditevent"] > 0 and manifest["counts"]["core.stafftotp"] == 1
    assert json.loads(_members(again)["manifest.json"])["counts"] == manifest["counts"]
    # The restored instance works: the account signs in with its password, the index answers.
    check = b.run(
        "-c",
        "import django; django.setup();"
        "from django.contrib.auth import authenticate;"
        "from gongkai.catalog.models import Attachment;"
        "u = authenticate(username='li.na', password='Lanchuan-2026');"
        "print('AUTH', u is not None, [g.name for g in u.groups.all()]);"
        "print('FILES', all(a.file.read() for a in Attachment.objects.all()))",
    )
    assert "AUTH True ['审计员']" in check.stdout and "FILES True" in check.stdout, check.stderr


def test_restore_into_a_non_empty_instance_is_refused(
    instances: dict[str, Instance], backed_up: Path
) -> None:
    a = instances["a"]
    before = _files(a.media)
    done = a.gongkai("restore", str(backed_up))
    assert done.returncode != 0
    assert "只能恢复到空的实例" in done.stderr and "个账号" in done.stderr
    assert _files(a.media) == before


def _repack(archive: Path, target: Path, change: Any) -> Path:
    """A copy of `archive` with members changed by `change(members) -> members`."""
    members = change(_members(archive))
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def _with_manifest_fixed(members: dict[str, bytes]) -> dict[str, bytes]:
    """Checksums recomputed: the archive is consistent, its content is what is wrong."""
    manifest = json.loads(members["manifest.json"])
    manifest["files"] = {
        n: hashlib.sha256(d).hexdigest() for n, d in members.items() if n != "manifest.json"
    }
    members["manifest.json"] = json.dumps(manifest).encode()
    return members


def _corrupt_archives(archive: Path, where: Path) -> dict[str, tuple[Path, str]]:
    raw = archive.read_bytes()
    truncated = where / "truncated.tar.gz"
    truncated.write_bytes(raw[: len(raw) // 2])
    garbage = where / "garbage.tar.gz"
    garbage.write_bytes(gzip.compress(b"not a tar archive at all" * 100))

    def flip_row(m: dict[str, bytes]) -> dict[str, bytes]:
        m["database.jsonl"] = m["database.jsonl"].replace(
            "就业补贴".encode(), "就业补帖".encode(), 1
        )
        return m

    def broken_row(m: dict[str, bytes]) -> dict[str, bytes]:
        m["database.jsonl"] += b'{"model": "catalog.item", "pk": 1, "fields": \n'
        return _with_manifest_fixed(m)

    def dangling_row(m: dict[str, bytes]) -> dict[str, bytes]:
        # A well-formed row whose organ does not exist: the database refuses it at the end of
        # the load, after every other row went in; all of them must go.
        rows = [json.loads(line) for line in m["database.jsonl"].decode().splitlines()]
        membership = next(r for r in rows if r["model"] == "orgs.membership")
        membership["fields"]["organ"] = 999999
        m["database.jsonl"] = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()
        return _with_manifest_fixed(m)

    def traversal(m: dict[str, bytes]) -> dict[str, bytes]:
        m["media/../../escaped.txt"] = b"x"
        return _with_manifest_fixed(m)

    def missing_file(m: dict[str, bytes]) -> dict[str, bytes]:
        del m[next(n for n in m if n.startswith("media/"))]
        return m

    cases = {
        "truncated": (truncated, "已损坏"),
        "garbage": (garbage, "未做任何恢复"),
        "checksum": (_repack(archive, where / "flip.tar.gz", flip_row), "校验值不符"),
        "unreadable_row": (_repack(archive, where / "row.tar.gz", broken_row), "无法读取"),
        "dangling_row": (_repack(archive, where / "fk.tar.gz", dangling_row), "已撤销恢复"),
        "traversal": (_repack(archive, where / "trav.tar.gz", traversal), "不安全的路径"),
        "missing_file": (_repack(archive, where / "miss.tar.gz", missing_file), "与清单不符"),
    }
    return cases


def test_corrupt_archives_are_refused_and_nothing_is_restored(
    instances: dict[str, Instance], backed_up: Path, tmp_path: Path
) -> None:
    c = instances["c"]
    count = (
        "import django; django.setup();"
        "from django.contrib.auth import get_user_model;"
        "from gongkai.core.models import AuditEvent;"
        "from gongkai.catalog.models import Item;"
        "print('ROWS', get_user_model().objects.count(), AuditEvent.objects.count(),"
        " Item.objects.count())"
    )
    wrong = []
    for case, (archive, message) in _corrupt_archives(backed_up, tmp_path).items():
        done = c.gongkai("restore", str(archive), "--no-reindex")
        rows = c.run("-c", count).stdout.strip()
        files = _files(c.media) if c.media.exists() else {}
        if done.returncode == 0 or message not in done.stderr or rows != "ROWS 0 0 0" or files:
            wrong.append(
                f"{case}: rc={done.returncode} {rows} files={len(files)} {done.stderr[-300:]}"
            )
    assert not (c.var.parent / "escaped.txt").exists()
    assert wrong == []
    # And the instance is still good for the real archive.
    done = c.gongkai("restore", str(backed_up), "--no-reindex")
    assert done.returncode == 0, done.stderr
    assert c.run("-c", count).stdout.strip() != "ROWS 0 0 0"
