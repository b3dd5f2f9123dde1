"""Small helpers that read settings from the environment (12-factor)."""

import os
import secrets
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in _TRUE


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def secret_key(var_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/.

    Keeping it in a file (not in code) gives every local process the same key, so sessions
    survive restarts and several processes on one machine agree.
    """
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_urlsafe(50))
        tmp.replace(path)
    return path.read_text().strip()


def default_storage_from_env() -> dict:
    """STORAGES["default"]: files under MEDIA_ROOT (FileSystemStorage), unless STORAGE_BACKEND
    names another. `s3` is django-storages' S3 backend (install the `s3` extra) on the bucket
    S3_BUCKET, with S3_ENDPOINT_URL (any S3-compatible service) and S3_REGION; the keys come
    from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY as boto3 reads them. Any other value is a
    dotted backend path used without options."""
    backend = env_str("STORAGE_BACKEND", "").strip()
    if not backend or backend == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if backend == "s3":
        options = {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "location": env_str("S3_PREFIX", ""),
            "file_overwrite": False,  # a second file under one name gets its own name
            "default_acl": None,  # the bucket stays private: downloads go through the app
            "querystring_auth": True,
        }
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    return {"BACKEND": backend}
