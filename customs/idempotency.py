"""Idempotent retries of a write (api.md, Customs: Idempotency-Key). The key is per user and
kept 30 days. The first request stores its key in the write's own transaction and its answer
at the end; a retry with the same key and the same request gets that answer, also while the
first is still running (its insert of the key waits for the first transaction); the same key
with another request is refused (422). A request that failed leaves no key behind: its retry
runs again."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import FieldError, ValidationFailed
from customs.models import IdempotentRequest

KEEP = timedelta(days=30)
MAX_KEY = 200


def fingerprint(path: str, body: dict) -> str:
    canonical = json.dumps({"path": path, "body": body}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def as_json(body) -> object:
    return json.loads(json.dumps(body, cls=DjangoJSONEncoder))


def _check_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY or not key.isprintable():
        raise ValidationFailed(
            _("Idempotency-Key 无效。"),
            [FieldError("Idempotency-Key", _("应为1至200个可打印字符。"))],
        )
    return key


def run_once(*, user, key: str, fingerprint: str, act) -> tuple[int, object]:
    """(status, body) of `act()` — run here, or the stored answer of an earlier request with
    this key. `act` returns (status, JSON-able body) and runs inside this transaction."""
    key = _check_key(key)
    with transaction.atomic():
        IdempotentRequest.objects.filter(user=user, created_at__lt=timezone.now() - KEEP).delete()
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(
                    user=user, key=key, fingerprint=fingerprint
                )
        except IntegrityError:
            record = IdempotentRequest.objects.get(user=user, key=key)
            if record.fingerprint != fingerprint:
                raise ValidationFailed(
                    _("同一 Idempotency-Key 已用于另一请求。"),
                    [FieldError("Idempotency-Key", _("请为不同的请求使用不同的键。"))],
                ) from None
            return record.status_code, record.body
        status, body = act()
        record.status_code, record.body = status, as_json(body)
        record.save(update_fields=["status_code", "body"])
        return status, record.body
