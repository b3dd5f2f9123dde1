"""Who must use a key, which actions need a key confirmation, who may hold API tokens: read
from settings (SECURITY_KEY_REQUIRED_ROLES, SECURITY_KEY_CONFIRM_ACTIONS), asked by the
sign-in, the middleware, the token service and the workflow alike."""

from django.conf import settings

from accounts.models import Role, TokenPermission

#: Actions a confirmation may be asked for (the workflow's names).
CONFIRMABLE = frozenset({"submit", "approve", "reject", "void"})
#: Where the session records how its user signed in.
SESSION_METHOD = "auth_method"
METHOD_KEY = "key"
METHOD_PASSWORD = "password"  # noqa: S105 - a label, not a secret


def required_roles() -> frozenset[str]:
    return frozenset(settings.SECURITY_KEY_REQUIRED_ROLES)


def confirmed_actions() -> frozenset[str]:
    return frozenset(settings.SECURITY_KEY_CONFIRM_ACTIONS) & CONFIRMABLE


def key_mandatory(user) -> bool:
    """This user must sign in with a security key (after binding one)."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in required_roles()


def confirmation_required(action) -> bool:
    return str(action) in confirmed_actions()


def may_hold_tokens(user) -> bool:
    """An explicit choice of an administrator wins; by default every user may, except one who
    must sign in with a key."""
    if user.token_permission == TokenPermission.DENY:
        return False
    if user.token_permission == TokenPermission.ALLOW:
        return True
    return not key_mandatory(user)


def signed_in_with_key(request) -> bool:
    return request.session.get(SESSION_METHOD) == METHOD_KEY


def restricted(request) -> bool:
    """A session that may only bind a key: its user must use a key and signed in without one."""
    return key_mandatory(request.user) and not signed_in_with_key(request)


def unknown_settings() -> list[str]:
    """Values in the policy settings that name no role or no confirmable action."""
    roles = [r for r in settings.SECURITY_KEY_REQUIRED_ROLES if r not in Role.values]
    actions = [a for a in settings.SECURITY_KEY_CONFIRM_ACTIONS if a not in CONFIRMABLE]
    return roles + actions
