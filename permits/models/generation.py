"""How many times the applications a list shows have changed, per scope of lists: an
enterprise's (its 查询) and a department's (its approvers' queues). Database triggers count
every change of an application, of a notice's state and of a write-off, in the writing
transaction itself, whatever wrote it (permits.migrations.0016_list_generation); a list kept
under its scope's count is current as long as the count is (permits.list_tags)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListGeneration(models.Model):
    #: "e:" and the enterprise's id (32 hex digits), or "d:" and the department's code.
    scope = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("列表版本")
        verbose_name_plural = _("列表版本")

    def __str__(self) -> str:
        return f"{self.scope}={self.value}"
