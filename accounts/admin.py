from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import ApiToken, Enterprise, User


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("uscc", "name", "region_code", "trade_record_no")
    search_fields = ("uscc", "name", "name_en")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "role", "enterprise", "department", "is_active")
    list_filter = ("role", "is_active")
    autocomplete_fields = ("enterprise",)
    fieldsets = BaseUserAdmin.fieldsets + (
        ("角色", {"fields": ("role", "enterprise", "department")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("角色", {"fields": ("role", "enterprise", "department")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be inspected and revoked here; the raw value is never stored."""

    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "digest", "user", "created_at", "last_used_at")
    search_fields = ("user__username", "prefix", "name")

    def has_add_permission(self, request):
        return False
