"""The one use of an issued permit at customs (一证一关)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from permits.models.application import Application


class WriteOff(models.Model):
    """A permit written off by customs: at most one per permit (the one-to-one key enforces it
    in the database too); Application.written_off_at mirrors its time for the queries."""

    id = models.BigAutoField(primary_key=True)
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="write_off"
    )
    customs_district = models.CharField(_("核销关区"), max_length=4)
    declaration_no = models.CharField(_("报关单号"), max_length=18)
    at = models.DateTimeField(_("核销时间"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    officer_name = models.CharField(_("核销人"), max_length=150)

    class Meta:
        verbose_name = _("核销记录")
        verbose_name_plural = _("核销记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["officer", "-at"], name="writeoff_officer_at")]

    def __str__(self) -> str:
        return f"{self.customs_district} {self.declaration_no}"
