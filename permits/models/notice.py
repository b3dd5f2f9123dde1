"""Notices (通知书) issued by status changes."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from permits.models.application import Application
from permits.models.records import StatusChange


class NoticeKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("受理通知书")
    NON_ACCEPTANCE = "non_acceptance", _("不予受理通知书")
    CORRECTION = "correction", _("补正材料通知书")
    APPROVAL = "approval", _("准予许可决定书")
    REJECTION = "rejection", _("不予许可决定书")
    VOIDING = "voiding", _("作废通知")


class NoticeState(models.TextChoices):
    PENDING = "pending", _("生成中")
    READY = "ready", _("已生成")
    FAILED = "failed", _("生成失败")


class Notice(models.Model):
    """A notice (通知书) issued by a status change (行政许可法: decisions are served in writing).

    The decision's transaction writes the row: its gapless number, state `pending` and a
    snapshot of everything the document shows. A task renders, signs and stores the PDF from
    the snapshot after the commit and marks the row `ready` (permits.notices.tasks); its
    content never changes after that."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notices")
    status_change = models.OneToOneField(
        StatusChange, on_delete=models.CASCADE, related_name="notice"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=NoticeKind.choices)
    number = models.CharField(_("文书编号"), max_length=40, unique=True)
    issued_at = models.DateTimeField(_("签发时间"))
    snapshot = models.JSONField(_("文书内容"), default=dict, editable=False)
    state = models.CharField(
        _("生成状态"), max_length=10, choices=NoticeState.choices, default=NoticeState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("生成次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    next_try_at = models.DateTimeField(_("下次重试"), null=True, blank=True)
    # The lease of the worker rendering it: another worker takes over only once it lapsed.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    # The task run holding the lease: the same run started again (its worker died and the run
    # was handed back to the queue) may take it at once.
    claimed_by = models.CharField(max_length=64, blank=True, editable=False)
    ready_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    storage_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("通知书")
        verbose_name_plural = _("通知书")
        ordering = ["issued_at", "id"]
        indexes = [models.Index(fields=["state", "issued_at"], name="notice_state")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_ready(self) -> bool:
        return self.state == NoticeState.READY
