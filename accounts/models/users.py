"""People who sign in, with their role."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models.enterprise import Enterprise


class Role(models.TextChoices):
    ENTERPRISE_ADMIN = "enterprise_admin", _("企业管理员")
    OPERATOR = "operator", _("操作员")
    LEGAL_REPRESENTATIVE = "legal_representative", _("法人")
    APPROVER = "approver", _("审批人员")
    CUSTOMS = "customs", _("海关关员")
    SYSADMIN = "sysadmin", _("系统管理员")


ENTERPRISE_ROLES = {Role.ENTERPRISE_ADMIN, Role.OPERATOR, Role.LEGAL_REPRESENTATIVE}


class TokenPermission(models.TextChoices):
    """Whether a user may hold API tokens: by default every user may, except one who must sign
    in with a security key (then only when an administrator allows it)."""

    DEFAULT = "", _("默认")
    ALLOW = "allow", _("允许")
    DENY = "deny", _("不允许")


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
    token_permission = models.CharField(
        _("API 令牌"),
        max_length=5,
        choices=TokenPermission.choices,
        default=TokenPermission.DEFAULT,
        blank=True,
        help_text=_("默认：可以持有令牌；须用卡介质登录的账户须经管理员允许。"),
    )
    # The WebAuthn user handle (user.id in the ceremonies): random, so a key's stored record
    # says nothing about the account; made when the first key is bound.
    webauthn_handle = models.CharField(max_length=64, blank=True, editable=False)

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
