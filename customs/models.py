"""What customs does with permits: the record of every look-up and write-off, and the answers
kept for retried write-offs (Idempotency-Key)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CustomsEvent(models.Model):
    """Append-only: every permit look-up (unknown numbers too) and every write-off, with who,
    when and the client's address."""

    class Kind(models.TextChoices):
        LOOKUP = "lookup", _("查验")
        WRITE_OFF = "write_off", _("核销")

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    permit_no = models.CharField(_("证书编号"), max_length=40)
    found = models.BooleanField(_("找到"), default=False)
    outcome = models.CharField(_("结果"), max_length=40, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    user_name = models.CharField(_("操作人"), max_length=150)
    client_address = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("海关查验记录")
        verbose_name_plural = _("海关查验记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="customs_event_user_at")]

    def __str__(self) -> str:
        return f"{self.kind} {self.permit_no}"


class IdempotentRequest(models.Model):
    """The first answer to a write-off sent with an Idempotency-Key, per user, kept 30 days:
    a retry with the same key and body gets the same answer, also while the first request is
    still running (the second waits on this row's key)."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of the request's path and body
    status_code = models.PositiveSmallIntegerField(default=0)
    body = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")
        ]

    def __str__(self) -> str:
        return self.key
