"""Writes for enterprises and users; keyword arguments, never a request."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Enterprise, Role, User
from accounts.uscc import is_valid_uscc
from core.errors import ErrorCollector, Forbidden

MSG_NO_QUALIFICATION = _(
    "您的企业尚未办理对外贸易经营者备案，不能申请药品进出口准许证。"
    "请先办理对外贸易经营者备案登记，再使用本系统。"
)
MSG_NOT_ENTERPRISE = _("只有企业用户可以申请准许证。")


@transaction.atomic
def enterprise_upsert(
    *,
    uscc: str,
    name: str,
    address: str = "",
    name_en: str = "",
    address_en: str = "",
    trade_record_no: str = "",
    trade_record_date=None,
) -> Enterprise:
    """Create or update an enterprise by USCC, after checking the GB 32100 check character."""
    errors = ErrorCollector()
    if not is_valid_uscc(uscc):
        errors.add("uscc", _("统一社会信用代码无效（GB 32100 校验位不符）"))
    if not name.strip():
        errors.add("name", _("企业名称为必填项"))
    errors.raise_if_any(str(_("企业信息有误")))
    enterprise, _created = Enterprise.objects.update_or_create(
        uscc=uscc,
        defaults={
            "name": name,
            "address": address,
            "name_en": name_en,
            "address_en": address_en,
            "region_code": uscc[2:8],
            "trade_record_no": trade_record_no,
            "trade_record_date": trade_record_date,
        },
    )
    return enterprise


@transaction.atomic
def user_upsert(
    *,
    username: str,
    password: str,
    role: str,
    enterprise: Enterprise | None = None,
    department=None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    reset_password: bool = True,
) -> User:
    """Create or update a user with a role; enterprise roles need an enterprise, approvers a
    department."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role}")
    user = User.objects.filter(username=username).first() or User(username=username)
    user.role = role
    user.enterprise = enterprise
    user.department = department
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.is_staff = user.is_superuser = role == Role.SYSADMIN
    if reset_password or not user.pk:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def qualification_problem(user: User) -> str | None:
    """Why this user may not apply for a permit, or None when they may.

    The manual checks the foreign-trade operator registration (对外贸易经营者备案) at sign-in;
    the 2022 amendment of the 对外贸易法 abolished the registration, hence the setting.
    """
    if not user.is_authenticated or not user.is_enterprise_user or user.enterprise is None:
        return str(MSG_NOT_ENTERPRISE)
    if settings.REQUIRE_FOREIGN_TRADE_QUALIFICATION and not user.enterprise.has_trade_qualification:
        return str(MSG_NO_QUALIFICATION)
    return None


def ensure_can_apply(user: User) -> None:
    """Raise Forbidden (403) unless the user's enterprise may create applications."""
    problem = qualification_problem(user)
    if problem:
        raise Forbidden(problem)


@transaction.atomic
def user_notifications_update(*, user: User, email: str, enabled: bool) -> User:
    """个人设置: the e-mail address and whether 站内消息 are also sent there."""
    email = (email or "").strip()
    errors = ErrorCollector()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            errors.add("email", _("请填写有效的电子邮件地址。"))
    if enabled and not email:
        errors.add("email", _("要接收电子邮件，请先填写电子邮件地址。"))
    errors.raise_if_any(str(_("设置有误")))
    user.email, user.email_notifications = email, bool(enabled)
    user.save(update_fields=["email", "email_notifications"])
    return user
