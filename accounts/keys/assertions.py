"""The assertion ceremony's common part: read the browser's credential, check it against a
challenge and a stored key, and move the key's counter on (a counter that does not grow is a
replay or a cloned key; two requests with one assertion cannot both move it)."""

import json
from dataclasses import dataclass

from django.utils import timezone
from webauthn import (
    generate_authentication_options,
    options_to_json,
    verify_authentication_response,
)
from webauthn.helpers import bytes_to_base64url, parse_authentication_credential_json
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticationCredential,
    PublicKeyCredentialDescriptor,
    UserVerificationRequirement,
)

from accounts.keys.challenges import LIFETIME
from accounts.keys.errors import MSG_REFUSED, KeyRefused
from accounts.keys.relying_party import origin, rp_id
from accounts.models import SecurityKey

TIMEOUT_MS = int(LIFETIME.total_seconds() * 1000)
MAX_CREDENTIAL_CHARS = 20_000


@dataclass(frozen=True)
class VerifiedAssertion:
    """A checked assertion: which key (and so which user) signed which challenge, with the
    signed bytes kept for the record."""

    key: SecurityKey
    challenge: bytes
    client_data_json: bytes
    authenticator_data: bytes
    signature: bytes
    subject: str = ""  # what a confirmation's challenge was issued for


def request_options(challenge, allow: list[PublicKeyCredentialDescriptor]) -> dict:
    options = generate_authentication_options(
        rp_id=rp_id(),
        challenge=bytes(challenge.challenge),
        timeout=TIMEOUT_MS,
        allow_credentials=allow,
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    return {"challenge_id": str(challenge.id), "publicKey": json.loads(options_to_json(options))}


def parse_credential(raw) -> AuthenticationCredential:
    """The browser's credential (a JSON text or an object) read, or KeyRefused."""
    if isinstance(raw, str) and len(raw) > MAX_CREDENTIAL_CHARS:
        raise KeyRefused(str(MSG_REFUSED))
    try:
        return parse_authentication_credential_json(raw)
    except (WebAuthnException, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise KeyRefused(str(MSG_REFUSED)) from exc


def stored_key(credential: AuthenticationCredential) -> SecurityKey | None:
    return (
        SecurityKey.objects.select_related("user")
        .filter(credential_id=bytes_to_base64url(credential.raw_id))
        .first()
    )


def verify(credential: AuthenticationCredential, key: SecurityKey, expected: bytes):
    """Check signature, challenge, origin, relying party and counter; then record the use."""
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=expected,
            expected_rp_id=rp_id(),
            expected_origin=origin(),
            credential_public_key=bytes(key.public_key),
            credential_current_sign_count=key.sign_count,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
        raise KeyRefused(str(MSG_REFUSED)) from exc
    moved = SecurityKey.objects.filter(pk=key.pk, sign_count=key.sign_count).update(
        sign_count=verified.new_sign_count, last_used_at=timezone.now()
    )
    if moved != 1:  # another request used the key in between: this one may be a replay
        raise KeyRefused(str(MSG_REFUSED))
    key.sign_count = verified.new_sign_count
    response = credential.response
    return VerifiedAssertion(
        key=key,
        challenge=expected,
        client_data_json=bytes(response.client_data_json),
        authenticator_data=bytes(response.authenticator_data),
        signature=bytes(response.signature),
    )
