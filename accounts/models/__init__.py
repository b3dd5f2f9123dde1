"""Enterprises, users with roles, API tokens, messages and security keys (卡介质)."""

from accounts.models.enterprise import Enterprise, validate_uscc
from accounts.models.keys import KeyChallenge, KeyConfirmation, SecurityKey
from accounts.models.messages import Message
from accounts.models.tokens import ApiToken, token_digest
from accounts.models.users import ENTERPRISE_ROLES, Role, TokenPermission, User

__all__ = [
    "ENTERPRISE_ROLES",
    "ApiToken",
    "Enterprise",
    "KeyChallenge",
    "KeyConfirmation",
    "Message",
    "Role",
    "SecurityKey",
    "TokenPermission",
    "User",
    "token_digest",
    "validate_uscc",
]
