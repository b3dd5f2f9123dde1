"""What happens to an application, kept append-only: status changes, the attachments asked
to be corrected with them, audit events; the attachments themselves; the number counters."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.storage import pdf_download_name
from permits.models.application import Application

#: The key confirmation's bulky columns, left out where a history only names the key.
CONFIRMATION_BYTES = tuple(
    f"confirmation__{name}"
    for name in (
        "content",
        "public_key",
        "challenge",
        "client_data_json",
        "authenticator_data",
        "signature",
        "credential_id",
    )
)


class StatusChange(models.Model):
    """Append-only record of every status change: who, when, from, to, why."""

    id = models.BigAutoField(primary_key=True)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(db_index=True)
    # What the application held when this change was made, where a later comparison needs
    # it (a correction request: the diff shown after the resubmission). permits.corrections.
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    # The key confirmation the action was taken with, where the policy asked for one
    # (accounts.KeyConfirmation: the signed challenge, the content it binds, the public key).
    confirmation = models.OneToOneField(
        "accounts.KeyConfirmation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="status_change",
    )

    class Meta:
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class CorrectionItem(models.Model):
    """One thing the approver asked to correct (补正材料), with the opinion on it: an
    attachment slot (`attachment_type`) or a field (`field`: a header field, or
    goods.{seq}.{goods field}); tied to the request_correction status change."""

    id = models.BigAutoField(primary_key=True)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="correction_items"
    )
    status_change = models.ForeignKey(
        StatusChange, on_delete=models.CASCADE, related_name="correction_items"
    )
    attachment_type = models.CharField(max_length=40, blank=True)
    field = models.CharField(max_length=60, blank=True)
    opinion = models.TextField()

    class Meta:
        verbose_name = _("补正项")
        verbose_name_plural = _("补正项")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.attachment_type or self.field}: {self.opinion[:30]}"


class Attachment(models.Model):
    """The PDF in one attachment slot (附件) of an application; one file per slot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    type = models.CharField(_("附件类型"), max_length=40)
    original_name = models.CharField(_("文件名"), max_length=255)
    storage_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Set by `recheck_attachments --quarantine`: the file failed the upload checks of a later
    # version, was moved aside, and is no longer served (the applicant deletes and re-uploads).
    quarantined = models.CharField(_("隔离原因"), max_length=300, blank=True, default="")

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        constraints = [
            models.UniqueConstraint(fields=["application", "type"], name="one_file_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.type}: {self.original_name}"

    @property
    def download_name(self) -> str:
        """Downloads always end in `.pdf`; `original_name` is for display only."""
        return pdf_download_name(self.original_name)


class AuditEvent(models.Model):
    """Append-only record of what was done to an application besides status changes: saves,
    goods, uploads, deletions and every document download."""

    id = models.BigAutoField(primary_key=True)
    application_id = models.UUIDField(db_index=True)
    application_no = models.CharField(max_length=20)
    action = models.CharField(max_length=40)
    detail = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    client_address = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.application_no} {self.action}"


class Counter(models.Model):
    """Named sequences for numbers; incremented inside the caller's transaction, so a rolled
    back approval gives its permit number back (no gaps)."""

    key = models.CharField(max_length=60, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class ListRemoval(models.Model):
    """An application that left a scope's lists (deleted, or moved to another enterprise or
    department), written by the database (permits.tags.change_stamps) with the stamp of the
    writer: a scope's lists change when an application leaves as when one changes."""

    id = models.BigAutoField(primary_key=True)
    enterprise_id = models.UUIDField()
    department_id = models.CharField(max_length=20, null=True)  # noqa: DJ001 - NULL: no department
    stamp = models.BigIntegerField()

    class Meta:
        verbose_name = _("列表移出记录")
        verbose_name_plural = _("列表移出记录")
        indexes = [
            models.Index(fields=["enterprise_id", "-stamp"], name="removal_ent_stamp"),
            models.Index(fields=["department_id", "-stamp"], name="removal_dept_stamp"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.department_id} {self.stamp}"
