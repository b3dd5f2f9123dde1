from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.keys.registration import keys_reset
from accounts.models import ApiToken, Enterprise, SecurityKey, User


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("uscc", "name", "region_code", "trade_record_no")
    search_fields = ("uscc", "name", "name_en")


class SecurityKeyInline(admin.TabularInline):
    """The user's keys, for inspection; binding happens in the user's own 个人设置."""

    model = SecurityKey
    extra = 0
    fields = ("name", "created_at", "last_used_at", "sign_count", "aaguid")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "role", "enterprise", "department", "is_active")
    list_filter = ("role", "is_active", "token_permission")
    autocomplete_fields = ("enterprise",)
    inlines = [SecurityKeyInline]
    actions = ["reset_security_keys"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("角色", {"fields": ("role", "enterprise", "department", "token_permission")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("角色", {"fields": ("role", "enterprise", "department")}),
    )

    @admin.action(description=_("重置卡介质（卡介质丢失时：删除所选用户的全部卡介质）"))
    def reset_security_keys(self, request, queryset):
        removed = sum(keys_reset(user=user) for user in queryset)
        self.message_user(
            request,
            ngettext(
                "已删除 %(n)d 个卡介质；用户下次用密码登录后须重新绑定。",
                "已删除 %(n)d 个卡介质；用户下次用密码登录后须重新绑定。",
                removed,
            )
            % {"n": removed},
            messages.SUCCESS,
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be inspected and revoked here; the raw value is never stored."""

    list_display = (
        "prefix",
        "user",
        "name",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    readonly_fields = ("prefix", "digest", "user", "created_at", "last_used_at")
    search_fields = ("user__username", "prefix", "name")

    def has_add_permission(self, request):
        return False
