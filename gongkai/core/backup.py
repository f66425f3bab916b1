"""Backup and restore of a whole instance (issue 16 §1): `gongkai backup`, `gongkai restore`.

One archive (`.tar.gz`) holds:
- `manifest.json`: format version, when, from which database engine, the migrations applied,
  the number of rows of every model, and the SHA-256 of every other member;
- `database.jsonl`: every row, in Django's JSON-lines serialisation with natural keys
  (`dumpdata --natural-foreign --natural-primary`, times to the microsecond), so a backup made
  on SQLite restores on PostgreSQL and the other way round. Left out: content types and
  permissions (every instance creates its own at `migrate`; rows point at them by natural key)
  and sessions (everyone signs in again);
- `media/…`: the uploaded files (attachments, letters, documents) under MEDIA_ROOT.

The search index is not in the archive: it is derived from the catalog and rebuilt after a
restore (`gongkai search reindex`, run by `restore` unless `--no-reindex`).

Restore goes into an EMPTY instance only (no accounts, organs or audit events in the database,
no files in MEDIA_ROOT); anything else is refused with a Chinese message, never merged. The
archive is verified whole (checksums, every row parsed, migrations known to this code) before
anything is written; the rows are loaded in one transaction after which every model must hold at
least the manifest's rows, and the media files are unpacked next to MEDIA_ROOT and moved into
place only inside that transaction: a corrupt archive or a failed load leaves the instance as it
was.

Large PostgreSQL sites may prefer `pg_dump -Fc` for the database (docs/deploy.md); this command
is what every deployment can run, whatever its engine.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "gongkai-backup"
FORMAT_VERSION = 1
DATABASE_MEMBER = "database.jsonl"
MANIFEST_MEMBER = "manifest.json"
MEDIA_PREFIX = "media/"
#: Not backed up: recreated by `migrate` (rows refer to them by natural key), or sessions.
EXCLUDED = ("contenttypes", "auth.permission", "sessions")
CHUNK = 1024 * 1024
#: The dump's format: JSON lines, times to the microsecond (core/backup_format.py).
DUMP_FORMAT = "gkjsonl"
serializers.register_serializer(DUMP_FORMAT, "gongkai.core.backup_format")


class BackupError(Exception):
    """A backup or restore refused, with a Chinese message for the operator."""


@dataclass(frozen=True)
class RestoreResult:
    rows: int
    media_files: int
    manifest: dict[str, Any]


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def _applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _dumped_models() -> list[Any]:
    skip_apps = {e for e in EXCLUDED if "." not in e}
    skip_models = {e for e in EXCLUDED if "." in e}
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in skip_apps
        and m._meta.label_lower not in skip_models
        and m._meta.managed
        and not m._meta.proxy
    ]


def _counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.using(using).count() for m in _dumped_models()}


@contextmanager
def _snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Every table read from one consistent snapshot, without blocking the site's writers:
    PostgreSQL: a read-only repeatable-read transaction; SQLite (WAL): a deferred transaction,
    a read snapshot (Django's own transactions there take the write lock at once)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor == "sqlite" and connection.get_autocommit():
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")
        return
    yield


def _dump_counts(dump: Path) -> dict[str, int]:
    """Rows per model in a dump (the manifest's counts: what restore must find loaded)."""
    counts = {m._meta.label_lower: 0 for m in _dumped_models()}
    with dump.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                label = json.loads(line)["model"]
                counts[label] = counts.get(label, 0) + 1
    return counts


def create_backup(output: Path, *, log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Write the archive to `output` (through `<output>.part`, renamed when complete)."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".gongkai-backup-") as tmp:
        dump = Path(tmp) / DATABASE_MEMBER
        with _snapshot():
            call_command(
                "dumpdata",
                format=DUMP_FORMAT,
                output=str(dump),
                natural_foreign=True,
                natural_primary=True,
                exclude=list(EXCLUDED),
                verbosity=0,
            )
        counts = _dump_counts(dump)
        log(f"数据库：{sum(counts.values())} 行")
        files = list(_media_files(media_root))
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": connections[DEFAULT_DB_ALIAS].vendor,
            "migrations": _applied_migrations(),
            "counts": counts,
            "files": {DATABASE_MEMBER: _sha256_file(dump)},
            "search_index": "not included: rebuilt after restore (gongkai search reindex)",
        }
        for path in files:
            member = MEDIA_PREFIX + path.relative_to(media_root).as_posix()
            manifest["files"][member] = _sha256_file(path)
        part = output.with_name(output.name + ".part")
        with tarfile.open(part, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST_MEMBER)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=DATABASE_MEMBER)
            for path in files:
                tar.add(path, arcname=MEDIA_PREFIX + path.relative_to(media_root).as_posix())
        os.replace(part, output)
        log(f"附件等文件：{len(files)} 个")
    return manifest


# ---- restore ----------------------------------------------------------------------------------


def instance_contents(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """What makes this instance not empty (Chinese, for the refusal); [] when empty."""
    found: list[str] = []
    if _applied_migrations(using):
        from gongkai.core.models import AuditEvent

        users = get_user_model()._default_manager.using(using).count()
        if users:
            found.append(f"{users} 个账号")
        if apps.is_installed("gongkai.orgs"):
            organs = apps.get_model("orgs", "Organ")._default_manager.using(using).count()
            if organs:
                found.append(f"{organs} 个机关")
        events = AuditEvent.objects.using(using).count()
        if events:
            found.append(f"{events} 条审计记录")
    media = next(_media_files(Path(settings.MEDIA_ROOT)), None)
    if media is not None:
        found.append(f"附件目录 {settings.MEDIA_ROOT} 中已有文件")
    return found


def _safe_member(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"备份文件中有不安全的路径 {name!r}，已拒绝恢复。")
    return path


def _read_archive(archive: Path, workdir: Path) -> dict[str, Any]:
    """Unpack into `workdir` and verify everything; returns the manifest."""
    if not archive.is_file():
        raise BackupError(f"找不到备份文件 {archive}。")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            names = [m.name for m in members]
            if MANIFEST_MEMBER not in names or DATABASE_MEMBER not in names:
                raise BackupError("备份文件不完整：缺少 manifest.json 或 database.jsonl。")
            for member in members:
                _safe_member(member.name)
                if not (member.isfile() or member.isdir()):
                    raise BackupError(f"备份文件中有链接或特殊文件 {member.name!r}，已拒绝恢复。")
            tar.extractall(workdir, filter="data")
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise BackupError(f"备份文件已损坏或不是本平台的备份（{exc}），未做任何恢复。") from None
    try:
        manifest = json.loads((workdir / MANIFEST_MEMBER).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise BackupError("备份文件的清单（manifest.json）已损坏，未做任何恢复。") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("这不是本平台的备份文件（清单格式不符），未做任何恢复。")
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(f"备份格式版本 {manifest.get('version')!r} 不受支持，未做任何恢复。")
    files = manifest.get("files") or {}
    on_disk = {
        p.relative_to(workdir).as_posix()
        for p in workdir.rglob("*")
        if p.is_file() and p.name != MANIFEST_MEMBER
    }
    if set(files) != on_disk:
        raise BackupError("备份文件内容与清单不符（有文件缺失或多出），未做任何恢复。")
    for name, digest in files.items():
        if _sha256_file(workdir / name) != digest:
            raise BackupError(f"备份文件中 {name} 的校验值不符（文件已损坏），未做任何恢复。")
    known = {tuple(m) for m in _known_migrations()}
    unknown = [f"{a}.{n}" for a, n in manifest.get("migrations", []) if (a, n) not in known]
    if unknown:
        raise BackupError(
            "备份来自更新版本的平台（本程序不认识其数据库迁移 "
            + "、".join(unknown[:5])
            + "），请先升级程序再恢复。"
        )
    _parse_all(workdir / DATABASE_MEMBER)
    return manifest


def _known_migrations() -> list[list[str]]:
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [[app, name] for app, name in loader.disk_migrations]


def _parse_all(dump: Path) -> None:
    """Every line is a JSON object of a known model (before anything is written)."""
    with dump.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                apps.get_model(row["model"])
            except (ValueError, KeyError, LookupError, TypeError):
                raise BackupError(
                    f"备份中的数据库第 {number} 行无法读取（文件已损坏），未做任何恢复。"
                ) from None


def restore_backup(archive: Path, *, log: Callable[[str], None] = lambda s: None) -> RestoreResult:
    """Restore `archive` into this (empty, migrated) instance; BackupError when refused."""
    contents = instance_contents()
    if contents:
        raise BackupError(
            "只能恢复到空的实例：当前数据库或附件目录中已有数据（"
            + "，".join(contents)
            + "）。请新建空数据库并执行 gongkai migrate，清空附件目录后再恢复。"
        )
    media_root = Path(settings.MEDIA_ROOT).resolve()
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".gongkai-restore-") as tmp:
        workdir = Path(tmp)
        manifest = _read_archive(archive, workdir)
        log("备份文件校验通过。")
        staged_media = workdir / MEDIA_PREFIX.rstrip("/")
        media_count = sum(1 for name in manifest["files"] if name.startswith(MEDIA_PREFIX))
        moved = False
        try:
            with transaction.atomic():
                call_command("loaddata", str(workdir / DATABASE_MEMBER), verbosity=0)
                counts = _counts()
                expected = manifest.get("counts", {})
                # At least the backup's rows: this version's migrations may have added
                # reference rows (topics, calendar years) the backup did not have.
                wrong = {
                    k: (v, counts.get(k, 0)) for k, v in expected.items() if counts.get(k, 0) < v
                }
                if wrong:
                    raise BackupError(
                        "恢复后的数据行数与备份清单不符（"
                        + "，".join(
                            f"{k}: 应为{a}，实为{b}" for k, (a, b) in list(wrong.items())[:5]
                        )
                        + "），已撤销恢复。"
                    )
                if staged_media.is_dir():
                    if media_root.exists():
                        if next(_media_files(media_root), None) is not None:
                            raise BackupError("附件目录在恢复过程中出现了文件，已撤销恢复。")
                        shutil.rmtree(media_root)  # empty folders only (checked)
                    os.replace(staged_media, media_root)
                    moved = True
        except Exception as exc:
            if moved:  # the commit failed after the files were moved: put them back
                os.replace(media_root, staged_media)
                media_root.mkdir(exist_ok=True)
            if isinstance(exc, BackupError):
                raise
            raise BackupError(f"恢复数据库时出错，已撤销恢复，实例未改变：{exc}") from exc
    log(f"已恢复 {sum(manifest.get('counts', {}).values())} 行数据、{media_count} 个文件。")
    return RestoreResult(
        rows=sum(manifest.get("counts", {}).values()), media_files=media_count, manifest=manifest
    )
