"""Settings read from the environment (12-factor). A value that cannot be read refuses to
start, naming the setting: a mistyped switch never quietly means something else."""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_BOOLEANS = {"1": True, "true": True, "0": False, "false": False}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def parse_bool(name: str, raw: str | None, default: bool) -> bool:
    """`1`/`true` or `0`/`false` (any case); unset or empty is the default; anything else
    (`yes`, `on`, `2` …) is refused."""
    value = (raw or "").strip()
    if not value:
        return default
    try:
        return _BOOLEANS[value.lower()]
    except KeyError:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a boolean: use 1 or 0 (true or false), or leave it empty "
            f"for the default ({int(default)})."
        ) from None


def env_bool(name: str, default: bool = False) -> bool:
    return parse_bool(name, os.environ.get(name), default)


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def secret_key(var_dir: Path, *, debug: bool) -> str:
    """SECRET_KEY from the environment; required with DEBUG=0.

    Every node of a deployment must sign with the same key (sessions, CSRF tokens, password
    reset links), so production never makes its own: a missing key refuses to start. With
    DEBUG=1 one is generated once and kept under var/, so the local processes agree and
    sessions survive restarts.
    """
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    if not debug:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG=0: the same secret on every node and task "
            "worker (sessions and CSRF tokens signed on one node are checked on another)."
        )
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
