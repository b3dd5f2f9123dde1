"""Enterprises in the registry, identified by their USCC."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.uscc import is_valid_uscc, province_code


def validate_uscc(value: str) -> None:
    if not is_valid_uscc(value):
        raise ValidationError(_("统一社会信用代码无效（GB 32100 校验位不符）"), code="uscc")


class Enterprise(models.Model):
    """An enterprise in the registry, identified by its USCC (统一社会信用代码)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc]
    )
    name = models.CharField(_("企业名称"), max_length=200)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    name_en = models.CharField(_("企业名称（英文）"), max_length=300, blank=True)
    address_en = models.CharField(_("地址（英文）"), max_length=500, blank=True)
    region_code = models.CharField(_("行政区划代码"), max_length=6, blank=True)
    trade_record_no = models.CharField(_("对外贸易经营者备案登记编号"), max_length=40, blank=True)
    trade_record_date = models.DateField(_("备案日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.uscc})"

    def save(self, *args, **kwargs):
        if self.uscc and not self.region_code:
            self.region_code = self.uscc[2:8]
        super().save(*args, **kwargs)

    @property
    def province_code(self) -> str:
        """Code of the department that decides this enterprise's applications."""
        return province_code(self.uscc)

    @property
    def has_trade_qualification(self) -> bool:
        return bool(self.trade_record_no)
