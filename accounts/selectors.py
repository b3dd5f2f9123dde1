"""Reads for accounts."""

from accounts.models import ApiToken, User


def api_tokens_of(user: User):
    return ApiToken.objects.filter(user=user).order_by("-created_at")
