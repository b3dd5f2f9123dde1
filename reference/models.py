"""Parameter tables (参数表) behind the pickers. Data, not code: loaded by seed_reference and
editable in the admin. Every row carries its pinyin so look-ups never convert per request."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from reference.pinyin import full_pinyin, pinyin_initials


class RefItem(models.Model):
    """Common shape of every parameter table: a code, a Chinese and an English name."""

    code = models.CharField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    pinyin = models.CharField(max_length=400, blank=True, editable=False)
    initials = models.CharField(max_length=100, blank=True, editable=False)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    sort_order = models.IntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.fill_pinyin()
        super().save(*args, **kwargs)

    def fill_pinyin(self) -> None:
        """Bulk paths skip save(): call this before bulk_create / bulk_update."""
        self.pinyin = full_pinyin(self.name)
        self.initials = pinyin_initials(self.name)


class Department(RefItem):
    """Provincial drug administration (省级药品监督管理局), keyed by GB/T 2260 province code
    (办法 第3条: the applicant's province decides)."""

    class Meta(RefItem.Meta):
        verbose_name = _("审批部门")
        verbose_name_plural = _("审批部门")


class CustomsDistrict(RefItem):
    """Customs district (直属海关关区), 4-digit code."""

    class Meta(RefItem.Meta):
        verbose_name = _("关区")
        verbose_name_plural = _("关区")


class ImportPort(RefItem):
    """Designated drug import port (药品进口口岸) and the district that clears it."""

    customs_district = models.ForeignKey(
        CustomsDistrict,
        on_delete=models.PROTECT,
        related_name="import_ports",
        verbose_name=_("关区"),
    )
    biological_allowed = models.BooleanField(
        _("可进口生物制品"),
        default=False,
        help_text=_("生物制品及首次在中国销售的药品只能从北京、上海、广州口岸进口"),
    )

    class Meta(RefItem.Meta):
        verbose_name = _("进口口岸")
        verbose_name_plural = _("进口口岸")


class ExportPort(RefItem):
    """Standard city name typed as an export port (出口口岸)."""

    class Meta(RefItem.Meta):
        verbose_name = _("出口口岸")
        verbose_name_plural = _("出口口岸")


class HSCode(RefItem):
    """Commodity code (商品编码, 10 digits). `note` flags codes awaiting confirmation."""

    class Meta(RefItem.Meta):
        verbose_name = _("商品编码")
        verbose_name_plural = _("商品编码")


class Drug(RefItem):
    """Doping-list drug (兴奋剂目录: 蛋白同化制剂 / 肽类激素); names are suggested, free text
    stays allowed."""

    class Category(models.TextChoices):
        ANABOLIC = "anabolic_agent", _("蛋白同化制剂")
        PEPTIDE = "peptide_hormone", _("肽类激素")

    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    biological = models.BooleanField(
        _("生物制品"), default=False, help_text=_("只能从北京、上海、广州口岸进口")
    )
    aliases = models.CharField(
        _("别名"),
        max_length=500,
        blank=True,
        help_text=_(
            "其他常用名称（中文或英文），用分号分隔；产品名称中含有任一名称即识别为本物质。"
        ),
    )

    class Meta(RefItem.Meta):
        verbose_name = _("药物")
        verbose_name_plural = _("药物")


class DosageForm(RefItem):
    """Dosage form (剂型)."""

    class Meta(RefItem.Meta):
        verbose_name = _("剂型")
        verbose_name_plural = _("剂型")


class Unit(RefItem):
    """Unit of quantity (单位)."""

    class Meta(RefItem.Meta):
        verbose_name = _("单位")
        verbose_name_plural = _("单位")


class Country(RefItem):
    """Country or region (国家/地区), ISO 3166 alpha-3 code, Chinese name."""

    alpha2 = models.CharField(max_length=2, blank=True)

    class Meta(RefItem.Meta):
        verbose_name = _("国家/地区")
        verbose_name_plural = _("国家/地区")


class ReferenceVersion(models.Model):
    """One row whose `version` takes a new random value on every change to a parameter
    table: each process's look-up index compares it (at most every few seconds) to know
    when to rebuild."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("参数表版本")
        verbose_name_plural = _("参数表版本")

    def __str__(self) -> str:
        return f"v{self.version}"


class CalendarDay(models.Model):
    """A day that breaks the weekday/weekend rule of the PRC working calendar: a statutory
    holiday on a weekday (休) or a make-up working day (调休上班) on a weekend; the State
    Council publishes them each year. A year counts as known once it has any row; for a year
    without rows the clock counts weekdays only and says it is provisional."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(
        _("上班"), default=False, help_text=_("勾选：周末调休上班；不勾选：法定节假日休息")
    )
    name = models.CharField(_("名称"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("工作日历（节假日与调休）")
        verbose_name_plural = _("工作日历（节假日与调休）")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'班' if self.is_working_day else '休'} {self.name}"
