"""Backup and restore: the database and the uploaded files, in one .tar.gz with a manifest.

SQLite is copied with its online backup API (consistent while the portal runs); PostgreSQL
with pg_dump's custom format, restored with pg_restore. Uploaded files go in beside it: the
public ones (MEDIA_ROOT) as media/, the private ones (PRIVATE_MEDIA_ROOT) as private/.
The manifest lists how many rows each table held and every file with its SHA-256,
and a restore checks both before it reports success.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 2
# Format 1 held only media/ (before private storage); its private files are moved out on restore.
READABLE_FORMATS = (1, 2)
# Archive folder -> the setting naming where it is restored.
FILE_ROOTS = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}


class BackupError(Exception):
    pass


def _table_counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.db_table] = model._base_manager.count()
    return dict(sorted(counts.items()))


def _media_files() -> dict[str, str]:
    """Every uploaded file as "media/<name>" or "private/<name>", with its SHA-256."""
    files = {}
    for folder, setting in FILE_ROOTS.items():
        root = Path(getattr(settings, setting))
        if root.exists():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    files[f"{folder}/{path.relative_to(root).as_posix()}"] = hashlib.sha256(
                        path.read_bytes()
                    ).hexdigest()
    return files


def _pg_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["-h", db.get("HOST") or "localhost", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def backup(target_dir: Path) -> Path:
    """Write a backup file into target_dir and return its path."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = target_dir / f"backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(work / "database.sqlite3") as copy:
                connection.connection.backup(copy)
            database = "database.sqlite3"
        elif connection.vendor == "postgresql":
            args, env = _pg_env()
            subprocess.run(
                ["pg_dump", *args, "-Fc", "-f", str(work / "database.dump"), connection.settings_dict["NAME"]],
                check=True,
                env=env,
                capture_output=True,
            )
            database = "database.dump"
        else:
            raise BackupError(_("No backup method for the %(vendor)s database.") % {"vendor": connection.vendor})
        manifest = {
            "format": FORMAT,
            "vendor": connection.vendor,
            "created": timezone.now().isoformat(),
            "database": database,
            "tables": _table_counts(),
            "media": _media_files(),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(work / database, arcname=database)
            for folder, setting in FILE_ROOTS.items():
                if Path(getattr(settings, setting)).exists():
                    tar.add(getattr(settings, setting), arcname=folder)
    return archive


PORTAL_APPS = ("accounts", "organizations", "campaigns", "registrations")


def _database_has_data() -> bool:
    """Whether the portal's own tables hold rows (Django re-creates content types and permissions by itself). An
    empty database, not even migrated, holds none."""
    tables = set(connection.introspection.table_names())
    return any(
        model._base_manager.exists()
        for model in apps.get_models()
        if model._meta.app_label in PORTAL_APPS and model._meta.managed and model._meta.db_table in tables
    )


def restore(archive: Path, *, force: bool = False) -> dict:
    """Restore a backup into the configured database and MEDIA_ROOT; returns the manifest.

    Refuses to overwrite a database that holds data unless force=True.
    """
    if _database_has_data() and not force:
        raise BackupError(_("The database already holds data; restore with --force to replace it."))
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive, "r:gz") as tar:
        work = Path(work)
        tar.extractall(work, filter="data")  # "data" refuses absolute paths, links out of the tree, devices
        manifest = json.loads((work / "manifest.json").read_text())
        if manifest.get("format") not in READABLE_FORMATS or manifest.get("vendor") != connection.vendor:
            raise BackupError(
                _("This backup is for %(theirs)s; the database is %(ours)s.")
                % {"theirs": manifest.get("vendor"), "ours": connection.vendor}
            )
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(work / manifest["database"]) as source:
                source.backup(connection.connection)
        else:
            connections.close_all()
            args, env = _pg_env()
            subprocess.run(
                [
                    "pg_restore",
                    *args,
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "-d",
                    connection.settings_dict["NAME"],
                    str(work / manifest["database"]),
                ],
                check=True,
                env=env,
                capture_output=True,
            )
        for folder, setting in FILE_ROOTS.items():
            if (work / folder).exists():
                shutil.copytree(work / folder, Path(getattr(settings, setting)), dirs_exist_ok=True)
    if manifest["format"] == 1:
        from .storage import move_private_files_out_of_public

        move_private_files_out_of_public(apps)
        manifest["media"] = _media_files()  # checked by row counts only: the files moved folders
    problems = verify(manifest)
    if problems:
        raise BackupError(_("Restored, but the check failed: %(problems)s") % {"problems": "; ".join(problems[:10])})
    return manifest


def verify(manifest: dict) -> list[str]:
    """Differences between the manifest and what the database and MEDIA_ROOT now hold."""
    problems = []
    counts = _table_counts()
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"{table}: {counts.get(table)} rows, expected {expected}")
    files = _media_files()
    for name, digest in manifest["media"].items():
        if files.get(name) != digest:
            problems.append(f"{name} missing or different")
    return problems


def backup_keeping(target_dir: Path, keep: int) -> str:
    """A new backup in `target_dir`, then only the newest `keep` backups kept there (the periodic job)."""
    archive = backup(target_dir)
    archives = sorted(Path(target_dir).glob("backup-*.tar.gz"), key=lambda path: path.stat().st_mtime, reverse=True)
    for old in archives[keep:]:
        old.unlink(missing_ok=True)
    return archive.name
