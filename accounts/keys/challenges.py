"""Challenges of the key ceremonies: issued for one purpose (and one subject), valid for two
minutes, taken once. Taking is a conditional UPDATE, so two requests racing with one
challenge cannot both take it, on any database; callers take it before their own
transaction, so it stays spent even when what follows fails."""

import secrets
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.keys.errors import MSG_EXPIRED, KeyRefused
from accounts.models import KeyChallenge

LIFETIME = timedelta(minutes=2)
RANDOM_BYTES = 32


def challenge_issue(*, purpose: str, user=None, subject: str = "", bound: bytes = b""):
    """A new challenge: 32 random bytes, followed by `bound` (e.g. the SHA-256 of what a
    confirmation is about). Expired challenges are swept as new ones are made."""
    now = timezone.now()
    with transaction.atomic():
        KeyChallenge.objects.filter(expires_at__lt=now - LIFETIME).delete()
        return KeyChallenge.objects.create(
            user=user,
            purpose=purpose,
            subject=subject,
            challenge=secrets.token_bytes(RANDOM_BYTES) + bound,
            expires_at=now + LIFETIME,
        )


def challenge_take(challenge_id, *, purpose: str, user=None, subject: str = "") -> bytes:
    """Spend the challenge and return its bytes; KeyRefused when it is unknown, of another
    purpose, user or subject, expired, or already taken."""
    try:
        pk = uuid.UUID(str(challenge_id))
    except ValueError as exc:
        raise KeyRefused(str(MSG_EXPIRED)) from exc
    now = timezone.now()
    with transaction.atomic():
        taken = KeyChallenge.objects.filter(
            pk=pk,
            purpose=purpose,
            subject=subject,
            user=user,
            used_at__isnull=True,
            expires_at__gt=now,
        ).update(used_at=now)
        if taken != 1:
            raise KeyRefused(str(MSG_EXPIRED))
        return bytes(KeyChallenge.objects.values_list("challenge", flat=True).get(pk=pk))
