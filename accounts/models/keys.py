"""Security keys (卡介质: a FIDO2/WebAuthn authenticator standing in for the national smart
card), the single-use challenges of their ceremonies, and the confirmations they signed."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models.users import User


class SecurityKey(models.Model):
    """One key bound to one user: its credential id and public key (COSE), the signature
    counter last seen (a counter that does not grow means a cloned key or a replay)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="security_keys")
    name = models.CharField(_("名称"), max_length=100)
    credential_id = models.CharField(max_length=1400, unique=True)  # base64url, no padding
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    transports = models.JSONField(default=list, blank=True)
    aaguid = models.CharField(max_length=36, blank=True)
    created_at = models.DateTimeField(_("绑定时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("卡介质")
        verbose_name_plural = _("卡介质")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"


class ChallengePurpose(models.TextChoices):
    REGISTER = "register", _("绑定")
    SIGN_IN = "sign_in", _("登录")
    CONFIRM = "confirm", _("确认")


class KeyChallenge(models.Model):
    """A challenge handed to the browser for one ceremony: valid for a short time, taken once
    (a conditional update, so two requests can never both take it)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, null=True, related_name="+")
    purpose = models.CharField(max_length=10, choices=ChallengePurpose.choices)
    # What a confirmation is about (e.g. "approve:<application id>"); empty otherwise.
    subject = models.CharField(max_length=100, blank=True)
    challenge = models.BinaryField()
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("卡介质挑战")
        verbose_name_plural = _("卡介质挑战")

    def __str__(self) -> str:
        return f"{self.purpose} {self.subject}".strip()


class KeyConfirmation(models.Model):
    """A user's key signature over an action and the content it was taken on, kept whole so
    that anyone can check it later: the challenge is 32 random bytes followed by the SHA-256 of
    `content`; the signature covers authenticator data and the SHA-256 of the client data,
    which names the challenge and the origin; `public_key` is a copy, so the proof outlives
    the key's removal."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    key = models.ForeignKey(
        SecurityKey, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    key_name = models.CharField(max_length=100)
    credential_id = models.CharField(max_length=1400)
    public_key = models.BinaryField()
    subject = models.CharField(max_length=100)
    content = models.TextField()
    content_sha256 = models.CharField(max_length=64)
    challenge = models.BinaryField()
    client_data_json = models.BinaryField()
    authenticator_data = models.BinaryField()
    signature = models.BinaryField()
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("卡介质确认")
        verbose_name_plural = _("卡介质确认")
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.subject} · {self.key_name}"
