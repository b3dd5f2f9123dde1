"""Reads for accounts."""

import uuid

from accounts.models import ApiToken, User


def api_tokens_of(user: User):
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def uuid_or_none(post, name: str = "id") -> uuid.UUID | None:
    """A posted id, or None when it is no UUID (then it names nothing)."""
    try:
        return uuid.UUID(str(post.get(name, "")))
    except ValueError:
        return None
