"""Backup and restore: the database first, then the documents through the storage API.

`backup_to(DIR)` takes one snapshot of the database — pg_dump's custom format, run on a
snapshot exported from a REPEATABLE READ transaction, or SQLite's online backup — and lists
the stored documents in that same snapshot; it then copies each of them out through the
storage API (any backend of STORAGES), checking each against its row's SHA-256. A file
written after the snapshot belongs to no row in the dump and is not needed.

`restore_from(DIR)` refuses a database that has any table; it loads the dump, puts every file
back through the storage API (never over a different one), checks that every stored document
matches its row's SHA-256, hands back the tasks that were running when the backup was taken
and renders the notices still pending.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from pathlib import Path, PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

MANIFEST = "manifest.json"
FILES = "files"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """The backup or restore cannot go on (the message says why)."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_documents() -> list[tuple[str, str]]:
    """(storage name, SHA-256) of every stored document the database refers to."""
    from permits.models import Attachment, Notice

    rows = list(Attachment.objects.values_list("storage_name", "sha256"))
    rows += Notice.objects.exclude(storage_name="").values_list("storage_name", "sha256")
    return sorted(set(rows))


def _pg_env() -> dict:
    settings = connection.settings_dict
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return env


def _pg_args() -> list[str]:
    settings = connection.settings_dict
    args = [
        "--host",
        settings.get("HOST") or "127.0.0.1",
        "--port",
        str(settings.get("PORT") or 5432),
    ]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    return args


def _dump_database(target: Path) -> list[tuple[str, str]]:
    """Write the database into `target`; the documents of that very snapshot."""
    vendor = connection.vendor
    path = target / DUMPS[vendor]
    if vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            command = ["pg_dump", "--format=custom", f"--snapshot={snapshot}", *_pg_args()]
            command += ["--file", str(path), connection.settings_dict["NAME"]]
            subprocess.run(command, check=True, env=_pg_env(), capture_output=True)  # noqa: S603
            return stored_documents()
    if vendor == "sqlite":
        # The online backup is itself one consistent copy: the documents are read from it.
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        try:
            connection.connection.backup(copy)
            return _documents_in(copy)
        finally:
            copy.close()
    raise BackupError(f"no backup for the {vendor} database")


def _documents_in(copy: sqlite3.Connection) -> list[tuple[str, str]]:
    from permits.models import Attachment, Notice

    rows = copy.execute(
        f"SELECT storage_name, sha256 FROM {Attachment._meta.db_table} "  # noqa: S608
        f"UNION SELECT storage_name, sha256 FROM {Notice._meta.db_table} "
        "WHERE storage_name <> ''"
    ).fetchall()
    return sorted(set(rows))


def _local_path(root: Path, name: str) -> Path:
    parts = PurePosixPath(name).parts
    if not parts or ".." in parts or PurePosixPath(name).is_absolute():
        raise BackupError(f"unsafe stored name {name!r}")
    return root.joinpath(*parts)


def backup_to(target: Path) -> dict:
    """Back up into `target` (made if missing; must be empty); the manifest written."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    documents = _dump_database(target)
    files, missing = [], []
    for name, sha in documents:
        try:
            with default_storage.open(name, "rb") as handle:
                data = handle.read()
        except OSError:
            missing.append(name)  # deleted after the snapshot (its row went first)
            continue
        if _sha256(data) != sha:
            raise BackupError(f"{name}: the stored file does not match its row's SHA-256")
        path = _local_path(target / FILES, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        files.append({"name": name, "sha256": sha, "size": len(data)})
    manifest = {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "dump": DUMPS[connection.vendor],
        "files": files,
        "missing": missing,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


def _load_database(source: Path, manifest: dict) -> None:
    if connection.introspection.table_names():
        raise BackupError("the database is not empty: restore only into an empty database")
    vendor = connection.vendor
    if manifest["database"] != vendor:
        raise BackupError(f"a {manifest['database']} backup cannot go into {vendor}")
    dump = source / manifest["dump"]
    if vendor == "postgresql":
        connection.close()
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        command += [
            "--single-transaction",
            *_pg_args(),
            "--dbname",
            connection.settings_dict["NAME"],
        ]
        subprocess.run([*command, str(dump)], check=True, env=_pg_env(), capture_output=True)  # noqa: S603
    else:
        connection.ensure_connection()
        origin = sqlite3.connect(dump)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()


def _put_back(source: Path, manifest: dict) -> int:
    for entry in manifest["files"]:
        name = entry["name"]
        data = _local_path(source / FILES, name).read_bytes()
        if _sha256(data) != entry["sha256"]:
            raise BackupError(f"{name}: the backup's copy is damaged")
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                if _sha256(handle.read()) != entry["sha256"]:
                    raise BackupError(f"{name}: a different file is stored under this name")
            continue
        if default_storage.save(name, ContentFile(data)) != name:
            raise BackupError(f"{name}: the storage chose another name")
    return len(manifest["files"])


def verify_documents() -> list[str]:
    """The stored documents whose file is missing or differs from its row's SHA-256."""
    bad = []
    for name, sha in stored_documents():
        try:
            with default_storage.open(name, "rb") as handle:
                if _sha256(handle.read()) != sha:
                    bad.append(name)
        except OSError:
            bad.append(name)
    return bad


def _finish_documents() -> dict:
    """Tasks running at backup time belong to workers that are gone: back to the queue.
    Notices still pending (or failed) are rendered here, now."""
    from django_tasks_db.models import DBTaskResult

    from permits.models import Notice, NoticeState
    from permits.notices.tasks import render_now

    requeued = DBTaskResult.objects.filter(status="RUNNING").update(status="READY", started_at=None)
    waiting = Notice.objects.exclude(state=NoticeState.READY)
    waiting.update(claimed_until=None, claimed_by="")
    outcomes = [render_now(pk, retry=False) for pk in waiting.values_list("pk", flat=True)]
    return {
        "tasks_requeued": requeued,
        "notices_rendered": outcomes.count("ready"),
        "notices_failed": len(outcomes) - outcomes.count("ready"),
    }


def restore_from(source: Path) -> dict:
    manifest = json.loads((source / MANIFEST).read_text())
    _load_database(source, manifest)
    restored = _put_back(source, manifest)
    bad = verify_documents()
    if bad:
        raise BackupError(f"{len(bad)} stored document(s) missing or altered: {bad[:5]}")
    return {"files": restored, "verified": len(stored_documents()), **_finish_documents()}
