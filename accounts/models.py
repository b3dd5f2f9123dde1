"""Enterprises, users with roles, and API tokens."""

import hashlib
import uuid

from django.contrib.auth.models import AbstractUser
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


class Role(models.TextChoices):
    ENTERPRISE_ADMIN = "enterprise_admin", _("企业管理员")
    OPERATOR = "operator", _("操作员")
    LEGAL_REPRESENTATIVE = "legal_representative", _("法人")
    APPROVER = "approver", _("审批人员")
    CUSTOMS = "customs", _("海关关员")
    SYSADMIN = "sysadmin", _("系统管理员")


ENTERPRISE_ROLES = {Role.ENTERPRISE_ADMIN, Role.OPERATOR, Role.LEGAL_REPRESENTATIVE}


class User(AbstractUser):
    """A person who signs in: an enterprise user, an approver, a customs officer or an admin."""

    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("企业"),
    )
    department = models.ForeignKey(
        "reference.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approvers",
        verbose_name=_("审批部门"),
    )
    email_notifications = models.BooleanField(
        _("站内消息同时发送电子邮件"),
        default=False,
        help_text=_("有电子邮件地址时，每条站内消息也发到该地址。"),
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                name="enterprise_role_has_enterprise",
                condition=~models.Q(
                    role__in=["enterprise_admin", "operator", "legal_representative"]
                )
                | models.Q(enterprise__isnull=False),
            ),
            models.CheckConstraint(
                name="approver_has_department",
                condition=~models.Q(role="approver") | models.Q(department__isnull=False),
            ),
        ]

    @property
    def is_enterprise_user(self) -> bool:
        return self.role in ENTERPRISE_ROLES

    @property
    def is_approver(self) -> bool:
        return self.role == Role.APPROVER

    @property
    def is_customs(self) -> bool:
        return self.role == Role.CUSTOMS

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


def token_digest(raw: str) -> str:
    """Tokens are random and long, so one SHA-256 is enough to store them safely."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API; only its digest is stored, the token is shown once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


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
