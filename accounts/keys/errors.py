"""Why a key ceremony was refused (the messages are shown as they are)."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, Forbidden

MSG_REFUSED = _("卡介质验证未通过，请重试。")
MSG_EXPIRED = _("卡介质验证已超时或已使用，请重新操作。")
MSG_UNKNOWN_KEY = _("该卡介质未绑定到任何账户。")
MSG_CONFIRM_REQUIRED = _(
    "此操作须用卡介质确认：请在网页上操作并插入已绑定的卡介质（API 令牌不能代替卡介质确认）。"
)
MSG_NO_KEY = _("此操作须用卡介质确认，请先在“个人设置”中绑定卡介质。")
MSG_CONTENT_CHANGED = _("申请单内容在确认后已变化，请核对后重新用卡介质确认。")
MSG_WRONG_HOST = _(
    "卡介质只能在 %(address)s 上使用（安全密钥不接受 IP 地址）：请改用该地址打开本系统。"
)


class KeyRefused(DomainError):
    """The assertion or attestation did not verify, or its challenge is gone."""

    status_code = 403


class KeyConfirmationRequired(Forbidden):
    """The action needs a fresh key confirmation and none came with it."""
