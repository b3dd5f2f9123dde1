"""绑定卡介质: the registration ceremony (options out, attestation in) and removing a key."""

import json
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from webauthn import generate_registration_options, options_to_json, verify_registration_response
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AttestationConveyancePreference,
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from accounts.keys import policy
from accounts.keys.challenges import LIFETIME, challenge_issue, challenge_take
from accounts.keys.errors import MSG_REFUSED, KeyRefused
from accounts.keys.relying_party import RP_NAME, origin, rp_id
from accounts.models import SecurityKey, User
from accounts.models.keys import ChallengePurpose
from core.errors import ErrorCollector, NotAllowed, NotFound

MAX_NAME = 100
MAX_KEYS = 10
TIMEOUT_MS = int(LIFETIME.total_seconds() * 1000)
_TRANSPORTS = {t.value for t in AuthenticatorTransport}


def descriptors(keys) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(
            id=base64url_to_bytes(k.credential_id),
            transports=[AuthenticatorTransport(t) for t in k.transports if t in _TRANSPORTS],
        )
        for k in keys
    ]


def user_handle(user: User) -> bytes:
    """The user's WebAuthn handle, made (and saved) the first time it is needed."""
    if not user.webauthn_handle:
        user.webauthn_handle = bytes_to_base64url(secrets.token_bytes(32))
        User.objects.filter(pk=user.pk, webauthn_handle="").update(
            webauthn_handle=user.webauthn_handle
        )
        user.refresh_from_db(fields=["webauthn_handle"])
    return base64url_to_bytes(user.webauthn_handle)


def registration_options(user: User) -> dict:
    """What navigator.credentials.create() needs, as JSON, with the challenge's id."""
    keys = list(user.security_keys.all())
    if len(keys) >= MAX_KEYS:
        raise NotAllowed(_("每个账户最多绑定 %(n)s 个卡介质。") % {"n": MAX_KEYS})
    challenge = challenge_issue(purpose=ChallengePurpose.REGISTER, user=user)
    options = generate_registration_options(
        rp_id=rp_id(),
        rp_name=RP_NAME,
        user_id=user_handle(user),
        user_name=user.username,
        user_display_name=user.display_name,
        challenge=bytes(challenge.challenge),
        timeout=TIMEOUT_MS,
        attestation=AttestationConveyancePreference.NONE,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=descriptors(keys),
    )
    return {"challenge_id": str(challenge.id), "publicKey": json.loads(options_to_json(options))}


def _clean_name(name, user: User) -> str:
    text = " ".join(str(name or "").split())
    errors = ErrorCollector()
    if not text:
        errors.add("name", _("请为卡介质起一个名称，例如“办公室的安全密钥”。"))
    elif len(text) > MAX_NAME:
        errors.add("name", _("不能超过 %(n)s 个字符。") % {"n": MAX_NAME})
    elif user.security_keys.filter(name=text).exists():
        errors.add("name", _("已有同名的卡介质，请换一个名称。"))
    errors.raise_if_any(_("卡介质名称有误。"))
    return text


def key_register(*, user: User, challenge_id, credential, name) -> SecurityKey:
    """Check the attestation against the challenge, the origin and the relying party, then
    bind the key (attestation "none": any FIDO2 key or platform authenticator is accepted)."""
    text = _clean_name(name, user)
    expected = challenge_take(challenge_id, purpose=ChallengePurpose.REGISTER, user=user)
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=expected,
            expected_rp_id=rp_id(),
            expected_origin=origin(),
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
        raise KeyRefused(str(MSG_REFUSED)) from exc
    credential_id = bytes_to_base64url(verified.credential_id)
    transports = []
    if isinstance(credential, dict):
        raw = (credential.get("response") or {}).get("transports") or []
        transports = [t for t in raw if t in _TRANSPORTS] if isinstance(raw, list) else []
    with transaction.atomic():
        if SecurityKey.objects.filter(credential_id=credential_id).exists():
            raise KeyRefused(_("该卡介质已经绑定过。"))
        return SecurityKey.objects.create(
            user=user,
            name=text,
            credential_id=credential_id,
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            transports=transports,
            aaguid=str(verified.aaguid or ""),
            created_at=timezone.now(),
        )


@transaction.atomic
def key_remove(*, user: User, key_id) -> None:
    """Remove one of the user's own keys; the last key of an account that must sign in with a
    key stays (it would lock the account out)."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one removal at a time
    key = SecurityKey.objects.filter(user=user, pk=key_id).first()
    if key is None:
        raise NotFound()
    if policy.key_mandatory(user) and user.security_keys.count() == 1:
        raise NotAllowed(
            _("您的账户须使用卡介质登录，不能删除最后一个卡介质。请先绑定另一个，再删除此卡介质。")
        )
    key.delete()


@transaction.atomic
def keys_reset(*, user: User) -> int:
    """A system administrator's reset after a lost key: every key of the account goes (its
    confirmations keep their copy of the public key); the user binds a new one at the next
    password sign-in."""
    deleted, _detail = SecurityKey.objects.filter(user=user).delete()
    return deleted
