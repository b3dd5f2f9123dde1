"""Signing in with a key: no password, no captcha. With no user name the options name no
credential (discoverable keys answer); with one, they name that user's keys, or a made-up key
derived from the name, so the answer looks the same whether or not the account exists."""

import hashlib
import hmac

from django.conf import settings
from webauthn.helpers import base64url_to_bytes
from webauthn.helpers.structs import PublicKeyCredentialDescriptor

from accounts.keys.assertions import parse_credential, request_options, stored_key, verify
from accounts.keys.challenges import challenge_issue, challenge_take
from accounts.keys.errors import MSG_REFUSED, MSG_UNKNOWN_KEY, KeyRefused
from accounts.keys.registration import descriptors
from accounts.models import SecurityKey, User
from accounts.models.keys import ChallengePurpose


class SignInRefused(KeyRefused):
    """A refused key sign-in, naming the account the key belongs to when it was recognised
    (the lock-out counts failures per account and address)."""

    def __init__(self, detail: str, username: str = ""):
        super().__init__(detail)
        self.username = username


def _decoy(username: str) -> PublicKeyCredentialDescriptor:
    secret = settings.SECRET_KEY.encode()
    digest = hmac.new(secret, b"key-decoy:" + username.lower().encode(), hashlib.sha512)
    return PublicKeyCredentialDescriptor(id=digest.digest())


def sign_in_options(username: str = "") -> dict:
    challenge = challenge_issue(purpose=ChallengePurpose.SIGN_IN)
    name = (username or "").strip()[:150]
    if not name:
        return request_options(challenge, [])
    keys = list(SecurityKey.objects.filter(user__username=name, user__is_active=True))
    return request_options(challenge, descriptors(keys) if keys else [_decoy(name)])


def sign_in_verify(*, challenge_id, credential) -> User:
    """The user whose key signed the sign-in challenge, or SignInRefused."""
    parsed = parse_credential(credential)
    key = stored_key(parsed)
    username = key.user.username if key is not None else ""
    try:
        expected = challenge_take(challenge_id, purpose=ChallengePurpose.SIGN_IN)
    except KeyRefused as exc:
        raise SignInRefused(exc.detail, username) from exc
    if key is None:
        raise SignInRefused(str(MSG_UNKNOWN_KEY))
    user = key.user
    handle = parsed.response.user_handle
    if (
        handle is not None
        and user.webauthn_handle
        and (bytes(handle) != base64url_to_bytes(user.webauthn_handle))
    ):
        raise SignInRefused(str(MSG_REFUSED), username)
    try:
        verify(parsed, key, expected)
    except KeyRefused as exc:
        raise SignInRefused(exc.detail, username) from exc
    if not user.is_active:
        raise SignInRefused(str(MSG_REFUSED), username)
    return user
