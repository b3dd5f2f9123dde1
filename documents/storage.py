"""Files kept for applications: random names, SHA-256 kept.

A file is stored before the row that points to it is committed, and deleted only after the
row's deletion is committed: a crash in between leaves at worst an unreferenced file, never a
row without its file.

The user's file name never reaches the file system; it is only stored as text and echoed in
the download's Content-Disposition.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


@dataclass(frozen=True)
class StoredFile:
    name: str
    size: int
    sha256: str


def store_bytes(data: bytes, *, folder: str = "attachments", suffix: str = ".pdf") -> StoredFile:
    """Save under a random name (never the user's), spread by month."""
    today = date.today()  # noqa: DTZ011 - only a folder name for spreading files
    name = f"{folder}/{today:%Y/%m}/{secrets.token_hex(16)}{suffix}"
    saved = default_storage.save(name, ContentFile(data))
    return StoredFile(name=saved, size=len(data), sha256=hashlib.sha256(data).hexdigest())


def store_bytes_at(name: str, data: bytes) -> StoredFile:
    """Save under a name of the caller's choosing (e.g. a document's number), replacing what
    an earlier, interrupted attempt left there: one name, one file."""
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(data))
    return StoredFile(name=saved, size=len(data), sha256=hashlib.sha256(data).hexdigest())


def store_once(name: str, data: bytes) -> None:
    """Save content-addressed bytes under `name` unless they are there already; when two
    processes race, the second copy is dropped (same name, same bytes)."""
    if default_storage.exists(name):
        return
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:
        default_storage.delete(saved)


def read_stored(name: str) -> bytes | None:
    """The stored bytes, or None when there is no such file."""
    try:
        with default_storage.open(name, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        return None


def open_stored(name: str):
    return default_storage.open(name, "rb")


def delete_stored(name: str) -> None:
    """Delete a stored file; a missing one is not an error (the sweep may have taken it)."""
    if name and default_storage.exists(name):
        default_storage.delete(name)


def safe_download_name(original: str, fallback: str = "file.pdf") -> str:
    """A file name fit for Content-Disposition: no path parts, no control characters."""
    name = original.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>|:*?').strip(" .")
    return name[:150] or fallback


def pdf_download_name(original: str, fallback: str = "file.pdf") -> str:
    """The name a stored PDF is downloaded under: the display name with its extension replaced
    by `.pdf` (`report.exe` → `report.pdf`), so no client saves it as anything but a PDF."""
    name = safe_download_name(original, fallback)
    stem, dot, ext = name.rpartition(".")
    if dot and stem and ext.lower() != "pdf":
        name = stem
    elif ext.lower() == "pdf" and stem:
        return f"{stem}.pdf"
    return f"{name}.pdf"


def walk_stored(folder: str):
    """Every stored file name under `folder` (recursively), with its modification time."""
    try:
        dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        path = f"{folder}/{name}"
        yield path, default_storage.get_modified_time(path)
    for sub in dirs:
        yield from walk_stored(f"{folder}/{sub}")
