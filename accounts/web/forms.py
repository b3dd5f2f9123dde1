"""Sign-in form: 用户名, 密码, 验证码 (captcha checked before any password is tried)."""

from captcha.fields import CaptchaField
from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from accounts.keys import policy

MSG_BAD_CREDENTIALS = _("用户名或密码错误。")
MSG_BAD_CAPTCHA = _("验证码错误，请重新输入。")
MSG_INACTIVE = _("该账户已停用。")
MSG_KEY_ONLY = _("该账户须使用卡介质登录：请插入已绑定的卡介质，点击“卡介质”按钮。")


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    captcha = CaptchaField(
        label=_("验证码"),
        error_messages={"invalid": MSG_BAD_CAPTCHA},
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)
        self.fields["captcha"].widget.attrs.update({"autocomplete": "off"})

    def clean(self):
        cleaned = super().clean()
        # A wrong captcha stops here: no password is tried, so nothing is learned or counted.
        if self.errors:
            return cleaned
        user = authenticate(
            self.request, username=cleaned["username"], password=cleaned["password"]
        )
        if user is None:
            raise forms.ValidationError(MSG_BAD_CREDENTIALS, code="invalid_login")
        if not user.is_active:
            raise forms.ValidationError(MSG_INACTIVE, code="inactive")
        if policy.key_mandatory(user) and user.security_keys.exists():
            raise forms.ValidationError(MSG_KEY_ONLY, code="key_only")
        self.user = user
        return cleaned
