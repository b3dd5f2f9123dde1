"""API tokens: made (shown once), revoked, checked on each request. Every token expires
(API_TOKEN_DAYS by default, at most API_TOKEN_MAX_DAYS); a user holds tokens only while the
policy lets them (accounts.keys.policy.may_hold_tokens), and an enterprise admin chooses
which of the enterprise's users may."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import user_rows
from accounts.keys.policy import may_hold_tokens
from accounts.models import ApiToken, Role, TokenPermission, User, token_digest
from config.speed import read_along
from config.speed.statements import Template
from core.errors import ErrorCollector, Forbidden, NotFound

TOKEN_PREFIX = "dp_"  # noqa: S105 - a public marker, not a secret
MAX_NAME = 100


def msg_not_allowed() -> str:
    return _("您的账户不能持有 API 令牌：须由管理员允许（企业用户请联系本企业的企业管理员）。")


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str


def default_days() -> int:
    return settings.API_TOKEN_DAYS


def max_days() -> int:
    return settings.API_TOKEN_MAX_DAYS


def _days(days) -> int:
    limit = settings.API_TOKEN_MAX_DAYS
    value = settings.API_TOKEN_DAYS if days in (None, "") else days
    errors = ErrorCollector()
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= limit:
        errors.add("days", _("有效期须为 1 至 %(max)s 天。") % {"max": limit})
    errors.raise_if_any(_("令牌有效期有误。"))
    return value


@transaction.atomic
def api_token_create(*, user: User, name: str = "", days=None) -> IssuedToken:
    """A new bearer token valid for `days`; the raw value exists only in the return value."""
    if not may_hold_tokens(user):
        raise Forbidden(msg_not_allowed())
    lifetime = _days(days)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=(name or "")[:MAX_NAME],
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        digest=token_digest(raw),
        expires_at=timezone.now() + timedelta(days=lifetime),
    )
    return IssuedToken(token=token, raw=raw)


@transaction.atomic
def api_token_revoke(*, user: User, token_id) -> None:
    """Revoke one of the user's own tokens (another user's token is never touched)."""
    ApiToken.objects.filter(user=user, id=token_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


_TOKEN = Template(
    lambda _shape, digest, now: (
        ApiToken.objects.filter(digest=digest, revoked_at__isnull=True, expires_at__gt=now)
        .order_by()
        .values_list("id", "last_used_at", *user_rows.columns("user__"))[:1]
    ),
    {"digest": ApiToken._meta.get_field("digest"), "now": ApiToken._meta.get_field("expires_at")},
)


def _live_token(raw: str, now, request=None):
    """(token id, last use, user) of a live token: one statement, the user with its enterprise
    and department as select_related would load them (for a request, with the statement its
    view runs first: config.speed.read_along)."""
    digest = token_digest(raw)
    call = (_TOKEN, None, {"digest": digest, "now": now})
    row = read_along.credential_rows(request, call, credential=digest)[0]
    if row is None:
        return None
    user = user_rows.user_from(row[2:])
    return row[0], row[1], user


def api_token_authenticate(raw: str, request=None) -> User | None:
    """The active user behind a live bearer token, or None. Records last use at most once a
    minute."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    now = timezone.now()
    token = _live_token(raw, now, request)
    if token is None:
        return None
    token_id, last_used_at, user = token
    if not user.is_active or not may_hold_tokens(user):
        return None
    if last_used_at is None or (now - last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    return user


def colleagues_of(admin: User):
    """The users whose token permission an enterprise admin sets: the enterprise's users."""
    if admin.role != Role.ENTERPRISE_ADMIN or admin.enterprise_id is None:
        return User.objects.none()
    return User.objects.filter(enterprise_id=admin.enterprise_id).order_by("username")


@transaction.atomic
def token_permission_set(*, actor: User, username: str, permission: str) -> User:
    """An enterprise admin allows or denies API tokens to a user of the enterprise; denying
    revokes the user's live tokens at once."""
    if permission not in TokenPermission.values:
        raise Forbidden(_("无效的设置。"))
    user = colleagues_of(actor).select_for_update().filter(username=username).first()
    if user is None:
        raise NotFound()
    user.token_permission = permission
    user.save(update_fields=["token_permission"])
    if not may_hold_tokens(user):
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    return user
