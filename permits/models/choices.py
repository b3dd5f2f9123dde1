"""Choices of application fields (domain.md, The application)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    IMPORT = "import", _("进口")
    EXPORT = "export", _("出口")


class Purpose(models.TextChoices):
    MEDICAL = "medical", _("医疗")
    TEACHING_RESEARCH = "teaching_research", _("教学、科研")
    CONTRACT_MANUFACTURING = "contract_manufacturing", _("接受境外企业委托生产")


class CollectionMethod(models.TextChoices):
    MAIL = "mail", _("邮寄")
    ONSITE = "onsite", _("现场领取")
