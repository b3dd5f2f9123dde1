"""In-app messages (站内消息)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models.users import User


class Message(models.Model):
    """An in-app message (站内消息) to one user, e.g. that an application changed status; it
    names the application by id only (accounts knows no applications)."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="messages")
    at = models.DateTimeField(_("时间"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    application_id = models.UUIDField(null=True, blank=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["user", "-at", "-id"], name="message_user_at"),
            models.Index(
                fields=["user"], name="message_unread", condition=models.Q(read_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return self.title
