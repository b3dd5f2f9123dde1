"""Key confirmation of an action (e.g. 申报 or 审批通过): the challenge is 32 random bytes
followed by the SHA-256 of the content the action is taken on, so the signature binds the
user's key to exactly that content. The workflow recomputes the content under its row lock
and keeps the whole proof (KeyConfirmation) with the status change."""

import hashlib
from dataclasses import replace

from cryptography.exceptions import InvalidSignature
from django.utils import timezone
from webauthn.helpers import (
    decode_credential_public_key,
    decoded_public_key_to_cryptography,
    parse_client_data_json,
    verify_signature,
)
from webauthn.helpers.exceptions import WebAuthnException

from accounts.keys.assertions import (
    VerifiedAssertion,
    parse_credential,
    request_options,
    stored_key,
    verify,
)
from accounts.keys.challenges import RANDOM_BYTES, challenge_issue, challenge_take
from accounts.keys.errors import MSG_CONTENT_CHANGED, MSG_NO_KEY, MSG_REFUSED, KeyRefused
from accounts.keys.registration import descriptors
from accounts.models import KeyConfirmation, User
from accounts.models.keys import ChallengePurpose
from core.errors import Forbidden, NotAllowed


def confirmation_options(*, user: User, subject: str, content: bytes) -> dict:
    """Options for navigator.credentials.get() naming the user's keys, with the content's
    SHA-256 (shown to the user before the key is touched)."""
    keys = list(user.security_keys.all())
    if not keys:
        raise Forbidden(str(MSG_NO_KEY))
    digest = hashlib.sha256(content).digest()
    challenge = challenge_issue(
        purpose=ChallengePurpose.CONFIRM, user=user, subject=subject, bound=digest
    )
    return {**request_options(challenge, descriptors(keys)), "content_sha256": digest.hex()}


def confirmation_verify(*, user: User, subject: str, challenge_id, credential):
    """Check the assertion (before the action's transaction: the challenge stays spent);
    the key must be one of this user's."""
    parsed = parse_credential(credential)
    expected = challenge_take(
        challenge_id, purpose=ChallengePurpose.CONFIRM, user=user, subject=subject
    )
    key = stored_key(parsed)
    if key is None or key.user_id != user.pk:
        raise KeyRefused(str(MSG_REFUSED))
    return replace(verify(parsed, key, expected), subject=subject)


def confirmation_record(
    verified: VerifiedAssertion, *, user: User, subject: str, content: bytes
) -> KeyConfirmation:
    """Inside the action's transaction, with the content recomputed under the row lock: the
    proof is kept, or the action refused when the content is no longer what was confirmed."""
    if verified.key.user_id != user.pk or verified.subject != subject:
        raise KeyRefused(str(MSG_REFUSED))
    digest = hashlib.sha256(content).digest()
    if verified.challenge[RANDOM_BYTES:] != digest:
        raise NotAllowed(str(MSG_CONTENT_CHANGED))
    return KeyConfirmation.objects.create(
        user=user,
        key=verified.key,
        key_name=verified.key.name,
        credential_id=verified.key.credential_id,
        public_key=bytes(verified.key.public_key),
        subject=subject,
        content=content.decode(),
        content_sha256=digest.hex(),
        challenge=verified.challenge,
        client_data_json=verified.client_data_json,
        authenticator_data=verified.authenticator_data,
        signature=verified.signature,
        at=timezone.now(),
    )


def confirmation_holds(record: KeyConfirmation) -> bool:
    """Check a kept confirmation from its own bytes alone: the content's hash ends the
    challenge, the client data names that challenge and the signature verifies under the
    kept public key."""
    challenge = bytes(record.challenge)
    content_hash = hashlib.sha256(record.content.encode()).digest()
    if challenge[RANDOM_BYTES:] != content_hash or content_hash.hex() != record.content_sha256:
        return False
    client_data = bytes(record.client_data_json)
    try:
        if parse_client_data_json(client_data).challenge != challenge:
            return False
        decoded = decode_credential_public_key(bytes(record.public_key))
        verify_signature(
            public_key=decoded_public_key_to_cryptography(decoded),
            signature_alg=decoded.alg,
            signature=bytes(record.signature),
            data=bytes(record.authenticator_data) + hashlib.sha256(client_data).digest(),
        )
    except (WebAuthnException, InvalidSignature, ValueError, TypeError):
        return False
    return True
